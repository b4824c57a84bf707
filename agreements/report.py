"""The comparison for people (report_lines: a change list and [-deleted-]{+inserted+} text) and for
machines (as_json)."""

from __future__ import annotations

from .compare import Comparison


def report_lines(comparison: Comparison) -> list[str]:
    """The change list, then each changed article with [-deleted-]{+inserted+} marks."""
    languages = comparison.languages
    lines = [f"{comparison.old.name} → {comparison.new.name}"]
    if not comparison.differs:
        return lines + ["no differences"]
    lines.append("")
    lines.append(f"Changed terms ({len(comparison.changes)}):")
    lines += [f"  {change.line(languages, comparison.templates)}" for change in comparison.changes]
    for section in comparison.sections:
        if section.status == "same":
            continue
        title = (
            " / ".join(
                " ".join(
                    x
                    for x in (
                        (section.new or section.old).label[lang],
                        (section.new or section.old).heading[lang],
                    )
                    if x
                )
                for lang in languages
            )
            or section.clause_id
        )
        note = f" (renumbered from {section.old.number})" if section.renumbered else ""
        lines += ["", f"[{section.status}] {title}{note}"]
        for lang in languages:
            for segments in section.paragraphs[lang]:
                if any(op != "=" for op, _ in segments) or section.status != "changed":
                    lines.append(
                        f"  {lang}: "
                        + "".join(
                            text if op == "=" else (f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
                            for op, text in segments
                        )
                    )
    if comparison.warnings:
        lines += [""] + [f"warning: {w}" for w in comparison.warnings]
    return lines


def as_json(comparison: Comparison) -> dict:
    return {
        "old": comparison.old.name,
        "new": comparison.new.name,
        "differs": comparison.differs,
        "languages": comparison.languages,
        "changes": [
            {"path": [str(p) for p in c.path], "kind": c.kind, "label": c.label, "old": c.old, "new": c.new}
            for c in comparison.changes
        ],
        "sections": [
            {
                "clause_id": s.clause_id,
                "status": s.status,
                "old_number": s.old.number if s.old else None,
                "new_number": s.new.number if s.new else None,
                "changed_languages": s.changed_languages,
                "paragraphs": {
                    lang: [[list(seg) for seg in p] for p in s.paragraphs[lang]]
                    for lang in comparison.languages
                },
            }
            for s in comparison.sections
            if s.status != "same"
        ],
        "warnings": comparison.warnings,
    }
