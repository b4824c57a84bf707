"""Where words are, per language data: break opportunities for layout, and tokens for redlines.

A language with a `segmenter` (Lao: laonlp, Khmer: khmercut, Thai: pythainlp) is written without
spaces between words; its runs of letters are segmented here. A language whose `diff_unit` is
`character` (Chinese) is compared character by character. Every other text is split into words
at spaces and punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from .languages import LANGUAGES

ZWSP = "\u200b"
# a number is one token in every language: 20, 4,500.00, 2027-01-01 (digits of any script)
NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")


@cache
def _tokenizer(name: str):
    """A function from a run of letters to its words."""
    if name == "khmercut":
        from khmercut import tokenize

        return tokenize
    if name == "pythainlp":
        from pythainlp.tokenize import word_tokenize

        return lambda run: word_tokenize(run, engine="newmm", keep_whitespace=True)
    raise ValueError(f"unknown segmenter {name!r}")


def _segmenter(name: str, letters: str = ""):
    if name == "laonlp":
        from .lao import break_words

        return break_words
    tokenize, run = _tokenizer(name), re.compile(f"[{letters}]+")
    return lambda text: run.sub(lambda match: ZWSP.join(w for w in tokenize(match.group()) if w), text)


def title_segments(text: str, language: str) -> list[str]:
    """A title in a language with a title_segmenter as its words (and the characters between
    them); [text] in any other language."""
    info = LANGUAGES.get(language)
    if info is None or not info.title_segmenter:
        return [text]
    import rjieba  # the only title segmenter (languages.TITLE_SEGMENTERS)

    return _with_asides(rjieba.cut(text))


def _with_asides(segments: list[str]) -> list[str]:
    """A short aside in brackets joined to the word before it: "补充协议（一）", never
    "（一）" alone on a title's last line."""
    joined: list[str] = []
    index = 0
    while index < len(segments):
        aside = _SHORT_ASIDE.match("".join(segments[index : index + 8]))
        if joined and segments[index] in ("（", "(") and aside:
            count = _segments_in(segments, index, aside.group())
            joined[-1] += "".join(segments[index : index + count])
            index += count
        else:
            joined.append(segments[index])
            index += 1
    return joined


def _segments_in(segments: list[str], start: int, text: str) -> int:
    """How many segments from `start` on make up `text`."""
    count, length = 0, 0
    while length < len(text):
        length += len(segments[start + count])
        count += 1
    return count


_SHORT_ASIDE = re.compile(r"[（(][^（）()]{1,6}[）)]")


def title_words(text: str, language: str) -> list[str]:
    """The words of more than one character of a title in a language with a title_segmenter:
    kept on one line."""
    if not LANGUAGES[language].title_segmenter:
        return []
    return [word for word in title_segments(text, language) if len(word.strip()) > 1]


def break_words(text: str, language: str) -> str:
    """`text` with U+200B between the words of a language written without spaces."""
    info = LANGUAGES.get(language)
    if info is None or not info.segmenter:
        return text
    return _segmenter(info.segmenter, info.letters)(text)


def for_word_processors(text: str, language: str) -> str:
    """Text as it goes into the DOCX: word breaks inserted unless LibreOffice and Word find them
    (segmenting Thai costs a 62,000-word dictionary per process for breaks they make anyway), and
    where inserted, each word's clusters joined: LibreOffice also broke Lao inside words by its
    own dictionary ("ເມືອງໄຊເສດ / ຖາ", 14 to 40 times a sample)."""
    info = LANGUAGES.get(language)
    text = bound(text, language)
    if info is None or info.word_processors_break_lines or not info.segmenter:
        return text
    letters = re.compile(f"[{info.letters}]")
    pieces = _BETWEEN_WORDS.split(break_words(text, language))
    return "".join(unbreakable(piece) if letters.search(piece) else piece for piece in pieces)


_BETWEEN_WORDS = re.compile("([\\s\u200b]+)")


# an item number and the word after it: "(3) when", "2. The"
ITEM_NUMBER = re.compile(r"(?<!\S)(\(\d+\)|\d+\.) (?=\S)")


def bound(text: str, language: str) -> str:
    """Item numbers bound to their word, and a space before a character that never starts a line
    (language data `no_break_before`: Thai ๆ, written "ใด ๆ") made a no-break space."""
    info = LANGUAGES.get(language)
    for char in info.no_break_before if info else ():
        text = text.replace(f" {char}", f"\u00a0{char}")
    return bound_item_numbers(text)


def bound_item_numbers(text: str) -> str:
    """An item number never ends a line: a no-break space joins it to the word after it."""
    return ITEM_NUMBER.sub("\\1\u00a0", text)


def for_layout(text: str, language: str) -> str:
    """Text as it goes into the PDF's HTML: item numbers bound to their word, word breaks
    inserted (unless the engine finds them), layout replacements made."""
    info = LANGUAGES.get(language)
    text = bound(text, language)
    if info is not None and not info.engine_breaks_lines:
        text = break_words(text, language)
    for old, new in info.layout_replacements.items() if info else ():
        text = text.replace(old, new)
    return _long_run(info.letters if info and info.engine_breaks_lines else "").sub(_chunked, text)


# A long run without a break opportunity (an e-mail address, a URL, a part number) makes WeasyPrint
# lay out the rest of the paragraph again for every line it breaks out of the run, so time grows
# with the square of the run's length. A U+200B every CHUNK characters gives it places to break,
# one line at a time. CJK text (which breaks anywhere, with its own rules for punctuation), text
# with spaces and the letters of a script the engine breaks into words itself (Thai: a U+200B
# there broke "ประเทศ" as "ปร / ะเทศ") are left alone; a mark is never parted from its letter.
_NOT_IN_A_RUN = r"\s\u200b\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
CHUNK = 20


@lru_cache(maxsize=16)
def _long_run(letters: str) -> re.Pattern:
    return re.compile(f"[^{_NOT_IN_A_RUN}{letters}]{{40,}}")


def _chunked(match: re.Match) -> str:
    out, count = [], 0
    for char in match.group():
        if count >= CHUNK and _starts_a_cluster(char):
            out.append(ZWSP)
            count = 0
        out.append(char)
        count += 1
    return "".join(out)


def _starts_a_cluster(char: str) -> bool:
    return (
        not unicodedata.category(char).startswith("M")
        and char not in "\u200c\u200d"
        and not ("\ufe00" <= char <= "\ufe0f")
    )


@lru_cache(maxsize=4)
def _patterns(tags: tuple[str, ...]):
    segmented = [
        (LANGUAGES[tag], re.compile(f"[{LANGUAGES[tag].letters}]+"))
        for tag in tags
        if LANGUAGES[tag].segmenter and LANGUAGES[tag].letters
    ]
    by_character = "".join(LANGUAGES[tag].letters for tag in tags if LANGUAGES[tag].diff_unit == "character")
    tokens = re.compile(
        "|".join([NUMBER.pattern] + [p.pattern for _, p in segmented] + [r"\s+", r"\w+", r"[^\w\s]"])
    )
    return tokens, re.compile(f"[{by_character}]" if by_character else "(?!)"), segmented


def tokens(text: str) -> list[str]:
    """Numbers, words (segmented where the script needs it) and, for character languages,
    characters: `20名` is ["20", "名"], `CNY 4,500.00` is ["CNY", " ", "4,500.00"]."""
    pattern, character, segmented = _patterns(tuple(LANGUAGES))
    result = []
    for token in pattern.findall(text):
        if character.search(token):  # characters, but a number inside stays one token
            result += re.findall(rf"{NUMBER.pattern}|.", token, re.DOTALL)
            continue
        language = next((info for info, letters in segmented if letters.fullmatch(token)), None)
        if language is not None:
            result += _segmenter(language.segmenter, language.letters)(token).split(ZWSP)
        else:
            result.append(token)
    return result


NO_BREAK_SPACE = "\u00a0"
WORD_JOINER = "\u2060"
NARROW_NO_BREAK_SPACE = "\u202f"


def kept_pieces(text: str, keep: tuple[str, ...]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, must stay on one line): every occurrence of a `keep` text (the
    document's amounts, dates, phone numbers ...; the longest wins) is a piece of its own."""
    if not keep or not text:
        return [(text, False)]
    pattern = _alternation(keep)
    pieces, start = [], 0
    for match in pattern.finditer(text):
        if match.start() > start:
            pieces.append((text[start : match.start()], False))
        pieces.append((match.group(0), True))
        start = match.end()
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces


@lru_cache(maxsize=16)
def _alternation(keep: tuple[str, ...]) -> re.Pattern:
    # each space (or no-break space) of a kept text may be either in the text
    alternatives = (
        "[ \u00a0]".join(map(re.escape, re.split("[ \u00a0]", text)))
        for text in sorted(keep, key=len, reverse=True)
    )
    return re.compile("|".join(alternatives))


def unbreakable(text: str) -> str:
    """`text` with no break opportunity left, for the DOCX: word joiners between the characters
    and narrow no-break spaces for spaces. LibreOffice breaks Chinese-tagged text at a plain
    no-break space (U+00A0) and between a digit and 月 despite a word joiner; U+202F and a run
    not tagged East Asian (docx_xml.runs, kept=True) it keeps. Letters of a script written
    without spaces (a language with a segmenter: Khmer, Lao, Thai) get joiners only between their
    clusters: a joiner before a mark or after a coeng (ភ⁠ា⁠គ⁠ី) cuts a syllable into runs that
    LibreOffice and Word cannot shape, and none at all lets LibreOffice break the value by its
    dictionary (a Thai amount in words)."""
    letters = _syllable_letters(
        tuple(info.letters for info in LANGUAGES.values() if info.segmenter and info.letters)
    )
    out = []
    for index, char in enumerate(text):
        if index and not (
            letters
            and letters.match(text[index - 1])
            and letters.match(char)
            and (not _starts_a_cluster(char) or unicodedata.combining(text[index - 1]) == 9)
        ):
            out.append(WORD_JOINER)  # between clusters; never after a coeng or virama
        out.append(NARROW_NO_BREAK_SPACE if char in " \u00a0" else char)
    return "".join(out)


@lru_cache(maxsize=8)
def _syllable_letters(ranges: tuple[str, ...]) -> re.Pattern | None:
    return re.compile(f"[{''.join(ranges)}]") if ranges else None


# A Latin (Cyrillic ...) word of 8 letters or more may be hyphenated (hyphenate-limit-chars in
# agreement.css); CJK characters are not such letters.
_HYPHENATABLE = re.compile(r"(?:(?![\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef])[^\W\d_]){8,}")


def joined_for_layout(text: str, language: str) -> str | None:
    """A kept text for the PDF with no break opportunity left (no-break spaces, a word joiner
    between clusters), or None where only a no-wrap span keeps it whole: a word the engine may
    hyphenate, or a language whose words are segmented. WeasyPrint lays out a joined text in
    about 15 % less time than the same text in a span of its own (the samples have ~2,300)."""
    info = LANGUAGES.get(language)
    if info is None or info.segmenter or _HYPHENATABLE.search(text):
        return None
    laid_out = for_layout(text.replace(" ", NO_BREAK_SPACE), language)
    if ZWSP in laid_out:
        return None
    inside_short_words = {i for m in _SHORT_WORD.finditer(laid_out) for i in range(m.start() + 1, m.end())}
    out = []
    for index, char in enumerate(laid_out):
        between = index and index not in inside_short_words and _starts_a_cluster(char)
        if between and NO_BREAK_SPACE not in (char, laid_out[index - 1]):
            out.append(WORD_JOINER)
        out.append(char)
    return "".join(out)


# a word of fewer than 8 letters and digits (Latin, Cyrillic, Arabic ...): too short to be
# hyphenated, and no line breaks inside it, so no joiner between its characters; between the f's
# of "affairs" one kept HarfBuzz's ligature but lost its text ("foreign.a airs" in the PDF).
# A longer one ("12441700MB2D40618J") keeps its joiners: the engine would hyphenate it.
_SHORT_WORD = re.compile(
    r"(?<![^\W_])(?:(?![\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef])[^\W_]){2,7}(?![^\W_])"
)
