"""`agreements new`: a commented skeleton spec with a TODO for every value the clerk must give.

The skeleton texts are templates (templates/skeletons/<kind>.yaml), so an office can adapt the
hints and defaults without editing Python. Only the `id:` line is filled in here, and, when other
languages are asked for, the `languages:` line and one line per language in every text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import SkeletonError, TemplateError
from .files import write_atomic
from .kinds import KINDS
from .languages import MAX_PER_AGREEMENT, english_name, unavailable
from .model import check_slug
from .safe_io import read_template
from .templates import BUILTIN, Templates

_ID_LINE = re.compile(r"^id:[^\n]*$", re.MULTILINE)
_LANGUAGES_LINE = re.compile(r"^languages: \[([^\]\n]*)\]$", re.MULTILINE)
_SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=[^\n]*$", re.MULTILINE)


def write_skeleton(
    kind: str,
    spec_id: str | None,
    folder: Path,
    templates: Templates = BUILTIN,
    languages: list[str] | None = None,
    schema: Path | None = None,
) -> Path:
    """Write a skeleton spec of `kind` into `folder` and return its path; never overwrite a file.

    `languages`: the agreement's languages (only agreement languages); default: the skeleton's.
    With `schema`, the editor's `$schema` line points at that file, relative to the skeleton.
    """
    if kind not in KINDS:
        raise SkeletonError(f"unknown kind '{kind}'; use one of {', '.join(KINDS)}")
    text = read_template(templates.find(KINDS[kind].skeleton)).decode("utf-8")  # file policy
    if len(_ID_LINE.findall(text)) != 1:
        raise TemplateError(f"skeleton for {kind} needs exactly one `id:` line")
    if languages:
        text = with_languages(text, languages, kind)
    if spec_id is None:
        spec_id = _free_id(f"new-{kind}-agreement", folder)
    else:
        try:
            check_slug(spec_id)
        except ValueError as exc:
            raise SkeletonError(f"--id '{spec_id}': {exc}") from None
        taken = _existing(folder, spec_id)
        if taken:
            raise SkeletonError(f"{taken} already exists; choose another --id or edit that file")
    path = folder / f"{spec_id}.yaml"
    text = _ID_LINE.sub(lambda _: f"id: {spec_id}", text)
    if schema is not None:
        link = Path(os.path.relpath(os.path.abspath(schema), os.path.abspath(folder))).as_posix()
        text = _SCHEMA_LINE.sub(lambda _: f"# yaml-language-server: $schema={link}", text, count=1)
    write_atomic(path, text.encode("utf-8"))
    return path


def _existing(folder: Path, spec_id: str) -> Path | None:
    for suffix in (".yaml", ".yml"):
        candidate = folder / f"{spec_id}{suffix}"
        if candidate.exists():
            return candidate
    return None


def _free_id(base: str, folder: Path) -> str:
    """`base`, or `base-2`, `base-3` ... whichever names no file yet."""
    spec_id, number = base, 1
    while _existing(folder, spec_id):
        number += 1
        spec_id = f"{base}-{number}"
    return spec_id


def with_languages(text: str, languages: list[str], kind: str = "") -> str:
    """The skeleton with `languages` instead of its own: its `languages:` line, and in every text
    one line per language (a language the skeleton lacks gets the hint of its last language)."""
    problems = [problem for tag in languages if (problem := unavailable(tag))]
    if len(set(languages)) != len(languages):
        problems.append("a language is listed twice")
    if len(languages) > MAX_PER_AGREEMENT:
        problems.append(f"an agreement has at most {MAX_PER_AGREEMENT} languages")
    if problems:
        raise SkeletonError("--languages: " + "; ".join(problems))
    found = _LANGUAGES_LINE.findall(text)
    if len(found) != 1:
        raise TemplateError(f"skeleton for {kind} needs exactly one `languages: [...]` line")
    own = [tag.strip() for tag in found[0].split(",")]
    text = _LANGUAGES_LINE.sub(lambda _: f"languages: [{', '.join(languages)}]", text)

    def hints(given: list[str]) -> list[tuple[str, str]]:
        by_tag = dict(zip(own, given))
        return [
            (tag, by_tag[tag] if tag in by_tag else f"{given[-1]} (in {english_name(tag)})")
            for tag in languages
        ]

    entry = r"(.*)"
    block = re.compile(
        r"^(?P<indent>[ \t]+)" + r"\n(?P=indent)".join(f"{re.escape(tag)}: {entry}" for tag in own) + "$",
        re.MULTILINE,
    )
    flow = re.compile(r"\{" + ", ".join(f"{re.escape(tag)}: ([^,{{}}\n]*)" for tag in own) + r"\}")
    text = block.sub(
        lambda m: "\n".join(f"{m['indent']}{tag}: {hint}" for tag, hint in hints(list(m.groups()[1:]))), text
    )
    return flow.sub(
        lambda m: "{" + ", ".join(f"{tag}: {hint}" for tag, hint in hints(list(m.groups()))) + "}", text
    )
