"""Fonts: which families each language needs, whether they are installed, and glyph coverage.

The PDF must never fall back silently to a font we did not choose: Chinese text set in a Japanese
CJK face has the wrong glyph forms, and a character no font has becomes tofu. So before rendering,
`require_fonts` asks fontconfig for every family the document needs (and checks that the match
really is that family, not a substitute) and for its character set (fontconfig's, read from its
cache: the same set Pango chooses fonts by, equal to the font's cmap apart from U+0000 and U+000D),
then checks that every character of the document is covered by the font stack its language uses.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .document import Document, Paragraph
from .errors import FontError, Problem
from .languages import LANGUAGES, SCRIPTS, Language

# Characters that are never drawn with a glyph: controls, format characters (U+200B ZERO WIDTH
# SPACE, which the PDF writer inserts between Lao words, ZWJ/ZWNJ, soft hyphen), line separators.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


@dataclass(frozen=True)
class FontFace:
    family: str  # the family fontconfig reports for the match
    file: Path
    index: int  # face index inside a .ttc collection
    charset: str = field(default="", compare=False, repr=False)  # fontconfig's: "20-7e a0 ..."


@dataclass(frozen=True)
class FontStatus:
    """One row of `agreements doctor`: the fonts one language needs and whether they are found."""

    language: str
    serif: str  # family wanted for body text
    sans: str  # family wanted for headings and labels
    serif_file: Path | None  # the installed file, or None when fontconfig has no such family
    sans_file: Path | None
    hint: str  # how to install the fonts, e.g. "apt-get install fonts-noto-cjk"

    @property
    def ok(self) -> bool:
        return self.serif_file is not None and self.sans_file is not None

    def describe(self, say=None) -> str:
        """One line for `agreements doctor`; `say(message, **values)` translates its words."""
        say = say or (lambda message, **values: message.format(**values))
        parts = [
            f"{family}: {found if found else say('not installed')}"
            for family, found in ((self.serif, self.serif_file), (self.sans, self.sans_file))
        ]
        return say("; ").join(parts) + ("" if self.ok else say(" (install: {hint})", hint=self.hint))


def install_hint(language: Language) -> str:
    return f"apt-get install {language.font_package}"


def font_stack(language: str, style: str = "serif") -> tuple[str, ...]:
    """The families text in `language` is set in, first choice first.

    The language's own family comes first; the other supported languages' families follow, so
    that e.g. the digits and Latin letters in Lao text (Noto Serif Lao has none) or a Chinese name
    quoted in English text are set in a font we chose and checked, never in a fontconfig fallback.
    """
    attribute = "serif" if style == "serif" else "sans"
    own = getattr(LANGUAGES[language], attribute)
    order = [own] + [getattr(other, attribute) for tag, other in _fallback_order(language)]
    return tuple(dict.fromkeys(order))


def _fallback_order(language: str):
    # Latin first (it covers digits and punctuation best), then east-asian, then complex scripts.
    others = sorted(
        (tag for tag in LANGUAGES if tag != language), key=lambda tag: SCRIPTS.index(LANGUAGES[tag].script)
    )
    return [(tag, LANGUAGES[tag]) for tag in others]


def _fc_match_pattern(family: str) -> str:
    # The CJK families exist for several regions in one .ttc; ask for the region's language too,
    # so that fontconfig returns the right face index.
    for suffix, lang in ((" SC", "zh-cn"), (" TC", "zh-tw"), (" HK", "zh-hk"), (" JP", "ja"), (" KR", "ko")):
        if "CJK" in family and family.endswith(suffix):
            return f"{family}:style=Regular:lang={lang}"
    return f"{family}:style=Regular"


@cache
def find_face(family: str) -> FontFace | None:
    """The installed Regular face of `family`, or None when fontconfig would substitute another."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise FontError(
            "fc-match (fontconfig) is not installed; it is needed to find fonts: apt-get install fontconfig"
        )
    result = subprocess.run(
        [fc_match, "-f", "%{family}|%{file}|%{index}|%{charset}", _fc_match_pattern(family)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or result.stdout.count("|") < 3:
        return None
    families, file, index, charset = result.stdout.rsplit("|", 3)
    names = [name.strip() for name in families.split(",")]
    if family not in names:
        return None  # fontconfig offered a substitute: the family is not installed
    path = Path(file)
    if not path.is_file():
        return None
    return FontFace(family, path, int(index or 0), charset)


@cache
def coverage(face: FontFace) -> frozenset[int]:
    """The code points the face has glyphs for, from fontconfig's character set."""
    covered: set[int] = set()
    try:
        for part in face.charset.split():
            first, _, last = part.partition("-")
            covered.update(range(int(first, 16), int(last or first, 16) + 1))
    except ValueError:
        raise FontError(
            f"fontconfig gave an unreadable character set for {face.file}: {face.charset[:60]!r}"
        ) from None
    return frozenset(covered)


def doctor() -> list[FontStatus]:
    """One row per supported language: the families it needs and the files found for them."""
    rows = []
    for tag, language in LANGUAGES.items():
        serif, sans = find_face(language.serif), find_face(language.sans)
        rows.append(
            FontStatus(
                tag,
                language.serif,
                language.sans,
                serif.file if serif else None,
                sans.file if sans else None,
                install_hint(language),
            )
        )
    return rows


def _visible(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) not in _INVISIBLE_CATEGORIES}


def _texts(document: Document, language: str) -> tuple[set[str], set[str]]:
    """Characters set in the serif (body) and the sans (headings, labels) stack."""
    body: set[str] = set()
    heads: set[str] = set(_visible(document.title[language]))
    for section in document.sections:
        heads |= _visible(section.label[language]) | _visible(section.heading[language])
        for block in section.body[language]:
            if isinstance(block, Paragraph):
                body |= _visible(block.text)
            else:
                for row_number, row in enumerate(block.rows):
                    for cell in row:
                        (heads if row_number == 0 else body).update(_visible(cell))
    body |= _visible(document.signing_line[language])
    for signatory in document.signatories:
        for line in signatory.lines:
            body |= _visible(line.text[language])
    for value in document.labels[language].values():  # header, footer, watermark
        heads |= _visible(value.replace("{page}", "").replace("{pages}", ""))
    heads |= _visible(document.id + "0123456789")
    return body, heads


def require_fonts(document: Document) -> None:
    """Raise FontError unless every font the document needs is installed and has every glyph."""
    problems: list[str] = []
    for language in document.languages:
        if language not in LANGUAGES:
            problems.append(f"{language}: no fonts are configured for this language")
            continue
        info = LANGUAGES[language]
        for family in (info.serif, info.sans):
            if find_face(family) is None:
                problems.append(
                    f"{language}: font {family!r} is not installed "
                    f"(fontconfig would substitute another font); "
                    f"install it: {install_hint(info)}"
                )
        if problems:
            continue
        body, heads = _texts(document, language)
        reported: set[str] = set()
        for style, chars in (("serif", body | heads), ("sans", heads)):
            missing = _uncovered(chars, font_stack(language, style)) - reported
            reported |= missing
            if missing:
                listed = ", ".join(_describe(c) for c in sorted(missing)[:20])
                more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
                wanted = getattr(info, style)
                problems.append(
                    f"{language}: font {wanted!r} (and its fallbacks "
                    f"{', '.join(font_stack(language, style)[1:])}) has no glyph for "
                    f"{listed}{more}; no installed font can set them: replace or remove them "
                    f"in the spec, "
                    f"or install a font that has them (the {language} fonts come from: "
                    f"{install_hint(info)})"
                )
    if problems:
        raise FontError(
            "; ".join(problems) if len(problems) == 1 else "fonts are missing:\n  " + "\n  ".join(problems)
        )


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} “{char}”" + (f" {name}" if name else "")


def _uncovered(chars: set[str], stack: tuple[str, ...]) -> set[str]:
    missing = set(chars)
    for family in stack:
        face = find_face(family)
        if face is None:
            continue
        covered = coverage(face)
        missing = {c for c in missing if ord(c) not in covered}
        if not missing:
            break
    return missing


def spec_glyph_problems(loaded, languages: list[str]) -> list[Problem]:
    """Characters of a spec's values that no installed font of their language can set, each at
    its file:line:col (for `agreements check`; the build checks the composed document).

    A text under a language key is set in that language's font stacks; any other value (an
    e-mail address, a phone number) in the stacks of every language of the agreement. Without
    fontconfig nothing is checked here (the build says what is missing).
    """
    if shutil.which("fc-match") is None:
        return []
    problems = []
    for path, value in _strings(loaded.data, ()):
        chars = _visible(value)
        for tag in [path[-1]] if path and path[-1] in languages else languages:
            missing = _uncovered(chars, font_stack(tag, "serif")) | _uncovered(chars, font_stack(tag, "sans"))
            if missing:
                first = min(missing, key=value.index)
                problems.append(
                    _at_character(
                        loaded,
                        path,
                        value,
                        first,
                        f"no installed font has {_describe(first)} (the {tag} text is set in "
                        f"{', '.join(font_stack(tag, 'serif'))}); replace it, or install a font that has it",
                    )
                )
                break
    return problems


def _strings(node, path: tuple):
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, path + (index,))


def _at_character(loaded, path: tuple, value: str, char: str, message: str) -> Problem:
    line, column = loaded.position(path)
    source = loaded.source.line(line)[column - 1 :]
    offset = value.index(char)
    if "\n" not in value[:offset]:
        if source.startswith(value[:offset]):
            column += offset
        elif source[1:].startswith(value[:offset]):  # quoted
            column += 1 + offset
    return loaded.source.problem(line, column, message)
