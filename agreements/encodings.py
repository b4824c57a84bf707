"""The text of a spec file: UTF-8 (with or without a byte order mark), or an error that names the
encoding it was saved in (UTF-16 or UTF-32 from Notepad, GBK from Chinese Windows, Windows-1252)."""

from __future__ import annotations

from .errors import Problem, SpecError


def decode(raw: bytes, shown: str) -> str:
    wide = _wide_encoding(raw)
    if wide:
        raise SpecError(
            [
                Problem(
                    shown, 1, 1, f"file is {wide}; save it as UTF-8 (in Notepad: Save as > Encoding > UTF-8)"
                )
            ]
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex().upper()
        text_line = raw.splitlines()[line - 1].decode("utf-8", "replace") if raw else ""
        if _looks_chinese(raw):
            reason = (
                f"file is not UTF-8 (byte 0x{bad}); it looks like GBK/GB18030 (Chinese "
                "Windows); save it as UTF-8"
            )
        else:
            guess = raw[exc.start : exc.start + 1].decode("cp1252", "replace")
            reason = (
                f"file is not UTF-8 (byte 0x{bad}, probably '{guess}' in Latin-1 or "
                f"Windows-1252); save it as UTF-8"
            )
        raise SpecError([Problem(shown, line, column, reason, text_line)]) from None


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16 or UTF-32, with or without a byte order mark, else None."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if b"\x00" not in raw[:4096]:
        return None
    sample = raw[: 4096 - 4096 % 4]
    for encoding, name in (
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
    ):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and (":" in text or "\n" in text):
            return name
    return None


def _looks_chinese(raw: bytes) -> bool:
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return sum("\u4e00" <= char <= "\u9fff" for char in text) >= 2
