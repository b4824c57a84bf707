"""The comparison for people (report_lines: a change list and [-deleted-]{+inserted+} text) and for
machines (as_json)."""

from __future__ import annotations

from .compare import Comparison
from .template_changes import builtin_note, english


def report_lines(comparison: Comparison, say=english) -> list[str]:
    """The change list, then each changed or renumbered article with [-deleted-]{+inserted+} marks;
    one line when nothing differs. `say(message, **values)` gives the report's own words in the
    interface language (the agreement's texts are shown as they are)."""
    languages = comparison.languages
    heading = f"{comparison.old.name} → {comparison.new.name}"
    if not comparison.differs:
        return [say("{old} → {new}: no differences", old=comparison.old.name, new=comparison.new.name)]
    lines = [heading, ""]
    lines.append(say("Changed terms ({count}):", count=len(comparison.changes)))
    lines += [f"  {change.line(languages, comparison.templates)}" for change in comparison.changes]
    if comparison.template_changes:
        lines += ["", say("Changed templates ({count}):", count=len(comparison.template_changes))]
        lines += [f"  {change.line(say)}" for change in comparison.template_changes]
    for section in comparison.sections:
        if section.status == "same" and not section.renumbered:
            continue
        shown = section.new or section.old
        titles = [" ".join(x for x in (shown.label[lang], shown.heading[lang]) if x) for lang in languages]
        title = " / ".join(t for t in titles if t) or section.clause_id
        status = "renumbered" if section.status == "same" else section.status
        note = ""
        if section.renumbered:
            was = " / ".join(section.old.label[lang] for lang in languages if section.old.label[lang])
            note = say(" (renumbered from {was})", was=was)
        lines += ["", f"[{say(status)}] {title}{note}"]
        for lang in languages:
            for segments in section.paragraphs[lang]:
                if any(op != "=" for op, _ in segments) or section.status not in ("changed", "same"):
                    lines.append(
                        f"  {lang}: "
                        + "".join(
                            text if op == "=" else (f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
                            for op, text in segments
                        )
                    )
    lines += ["", builtin_note(say)]
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
        "templates": [
            {"path": t.path, "kind": t.kind, "where": t.where, "languages": list(t.languages)}
            for t in comparison.template_changes
        ],
        "builtin_templates": builtin_note(),
        "warnings": comparison.warnings,
    }
