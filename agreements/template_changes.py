"""What changed in the templates between two revisions (each composed with its own), and the
language drift: a clause whose wording changed in some languages but not in the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .clauses import load_clause
from .document import Document
from .safe_io import MAX_DOCX_BYTES, sha256_input
from .templates import Templates, builtin_dir

# the template folders a composed agreement reads
_FOLDERS = ("clauses", "outlines", "languages", "locale", "docx", "html")


@dataclass
class TemplateChange:
    """One template file that differs between the two revisions."""

    path: str  # relative to templates/, e.g. clauses/confidentiality.yaml
    kind: str  # changed, added or removed
    where: str = ""  # for a clause: where the agreement uses it ("article 11"), else ""
    languages: tuple[str, ...] = ()  # for a clause: the languages whose wording changed

    def line(self, say=None) -> str:
        """One line of the change list; `say` translates its words (see report.english)."""
        say = say or english
        role, _, number = self.where.partition(" ")
        where = [say(role + " {number}", number=number) if number else say(role)] if self.where else []
        details = ", ".join([self.path] + where + list(self.languages))
        if self.kind == "changed":
            return say("template changed: {details}", details=details)
        return say("template changed ({kind}): {details}", kind=say(self.kind), details=details)


def english(message: str, /, **values) -> str:
    """The library's words as they are (the CLI passes its interface instead)."""
    return message.format(**values) if values else message


def template_changes(
    old: Templates, new: Templates, old_doc: Document, new_doc: Document, languages: list[str]
) -> list[TemplateChange]:
    """Every template file found along either search path whose content differs."""
    before, after = _files(old), _files(new)
    changes = []
    for relative in sorted({*before, *after}):
        a, b = before.get(relative), after.get(relative)
        if a == b or (a and b and _digest(a) == _digest(b)):
            continue
        kind = "added" if a is None else "removed" if b is None else "changed"
        change = TemplateChange(relative, kind)
        folder, stem = relative.split("/", 1)[0], Path(relative).stem
        if folder == "clauses":
            change.where = _where(stem, new_doc) or _where(stem, old_doc)
            if not change.where:
                continue  # a clause this agreement does not use
            if a and b:
                change.languages = _clause_languages(a, b, languages)
                if not change.languages:
                    continue  # only bookkeeping changed (a stamp), not the wording
        elif not _read_by(folder, relative, {new_doc.kind, old_doc.kind}, languages):
            continue
        changes.append(change)
    return changes


def _read_by(folder: str, relative: str, kinds: set[str], languages: list[str]) -> bool:
    """Whether an agreement of these kinds and languages reads this template file."""
    if folder == "outlines":
        return Path(relative).stem in kinds
    if folder == "languages":
        return Path(relative).stem in languages
    if folder == "locale":
        return relative.split("/")[1].replace("_", "-") in languages
    return True


def drift_warnings(changes: list[TemplateChange], languages: list[str]) -> list[str]:
    """A clause reworded in some of the agreement's languages and not in the others."""
    warnings = []
    for change in changes:
        if change.languages and len(change.languages) < len(languages):
            unchanged = [lang for lang in languages if lang not in change.languages]
            where = f" ({change.where})" if change.where else ""
            warnings.append(
                f"{change.path}{where} changed in {', '.join(change.languages)} but not in "
                f"{', '.join(unchanged)}: the language versions may have drifted apart"
            )
    return warnings


def builtin_note(say=english) -> str:
    """Which built-in templates both revisions were composed with."""
    from . import __version__

    return say(
        "built-in templates of agreements {version} ({folder}) used for both revisions",
        version=__version__,
        folder=builtin_dir(),
    )


def _files(templates: Templates) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in templates.folders:
        for folder in _FOLDERS:
            for path in sorted((root / folder).rglob("*")):
                if path.is_file():
                    found.setdefault(path.relative_to(root).as_posix(), path)
    return found


def _digest(path: Path) -> str:
    return sha256_input(path, limit=MAX_DOCX_BYTES, what="a template")


def _clause_languages(a: Path, b: Path, languages: list[str]) -> tuple[str, ...]:
    old, new = load_clause(a), load_clause(b)
    changed = []
    for lang in languages:
        x, y = old.texts.get(lang), new.texts.get(lang)
        if (x and (x.title, x.text)) != (y and (y.title, y.text)):
            changed.append(lang)
    return tuple(changed)


def _where(clause_id: str, document: Document) -> str:
    section = next((s for s in document.sections if s.clause_id == clause_id), None)
    if section is None:
        return ""
    return f"{section.role} {section.number}" if section.number is not None else section.role
