"""How wide a text is drawn, in em, in the fonts a language is set in (HarfBuzz, as both the PDF
engine and LibreOffice shape it): table columns get room for what they hold in every script,
where counting characters took a Thai or Khmer letter for a Latin one."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from .errors import FontError
from .fonts import FontFace, coverage, find_face, font_stack


@lru_cache(maxsize=4096)
def text_width(text: str, language: str, style: str = "serif") -> float | None:
    """The advance of `text` in em, each character in the first family of the language's stack
    that has it; None when the language's own family is not installed (an estimate then)."""
    faces = _faces(language, style)
    if not faces:
        return None
    width, run, run_face = 0.0, "", None
    for char in text:
        face = run_face if _rides_along(char) and run_face else _face_for(char, faces)
        if face is not run_face and run:
            width += _advance(run, run_face)
            run = ""
        run, run_face = run + char, face
    return width + (_advance(run, run_face) if run else 0.0)


def _rides_along(char: str) -> bool:
    """A mark or invisible character: drawn with the character before it."""
    return unicodedata.category(char) in ("Mn", "Me", "Cf")


def _face_for(char: str, faces: tuple[FontFace, ...]) -> FontFace:
    return next((face for face in faces if ord(char) in coverage(face)), faces[0])


@cache
def _faces(language: str, style: str) -> tuple[FontFace, ...]:
    """The installed faces of the language's stack; none without its own family or without
    fontconfig (a DOCX is written without fonts)."""
    stack = font_stack(language, style)
    try:
        if find_face(stack[0]) is None:
            return ()
        faces = tuple(face for face in map(find_face, stack) if face is not None)
        for face in faces:
            coverage(face)  # an unreadable character set raises here, not halfway through a text
    except FontError:
        return ()
    return faces


def _advance(text: str, face: FontFace) -> float:
    import uharfbuzz as hb

    font, units = _font(face)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer)
    return sum(position.x_advance for position in buffer.glyph_positions) / units


@cache
def _font(face: FontFace):
    import uharfbuzz as hb

    shape = hb.Face(hb.Blob.from_file_path(str(face.file)), face.index)
    return hb.Font(shape), shape.upem
