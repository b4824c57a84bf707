"""The partners' languages (th, vi, id, ms, km, ru, ar) as data: formatting, amounts in words,
word segmentation, fonts, and how a language that is not yet an agreement language is reported.

Expected values are written from the languages' conventions (Thai baht text, Russian and
Indonesian number words, Arabic-Indic digits of ar-EG), not copied from the libraries' output.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
import zipfile
from decimal import Decimal

import pytest

from agreements.clauses import translated_languages
from agreements.compose import compose
from agreements.docx_writer import render_docx
from agreements.fonts import doctor, find_face, font_stack
from agreements.formatting import Formatter
from agreements.integrity import numbers_in
from agreements.languages import LANGUAGES, agreement_languages, tag_problem
from agreements.model import Money
from agreements.templates import BUILTIN
from agreements.validate import read_spec_bytes
from agreements.words import ZWSP, break_words, for_layout, for_word_processors, tokens
from tests.outputs import REPO, run_cli

NEW = ("th", "vi", "id", "ms", "km", "ru", "ar")


def money(amount: str, currency: str) -> Money:
    return Money(amount=Decimal(amount), currency=currency)


def test_every_new_language_is_data_with_installed_fonts():
    rows = {row.language: row for row in doctor()}
    for tag in NEW:
        assert tag in LANGUAGES, tag
        assert rows[tag].ok, rows[tag].describe()  # `agreements doctor` knows its fonts
        for family in (LANGUAGES[tag].serif, LANGUAGES[tag].sans):
            assert find_face(family).family == family
    assert LANGUAGES["ar"].direction == "rtl"
    assert {LANGUAGES[tag].direction for tag in NEW if tag != "ar"} == {"ltr"}


def test_install_script_derives_the_font_packages_from_the_data():
    script = (REPO / "scripts" / "install-system-deps").read_text(encoding="utf-8")
    line = next(line for line in script.splitlines() if line.startswith("fonts=$("))
    command = line.removeprefix("fonts=$(").removesuffix(")")
    found = subprocess.run(["bash", "-c", command], cwd=REPO, capture_output=True, text=True, check=True)
    assert set(found.stdout.split()) == {info.font_package for info in LANGUAGES.values()}


@pytest.mark.parametrize(
    "tag, amount, currency, expected",
    [
        # Thai contracts: baht in words ending in ถ้วน (even), satang named; 21 is ยี่สิบเอ็ด
        ("th", "100000.00", "THB", "THB\u00a0100,000.00 (หนึ่งแสนบาทถ้วน)"),
        ("th", "21.25", "THB", "THB\u00a021.25 (ยี่สิบเอ็ดบาทยี่สิบห้าสตางค์)"),
        ("th", "5000", "USD", "USD\u00a05,000.00 (ห้าพันดอลลาร์สหรัฐ)"),
        # Russian сумма прописью, with the genitive plural of the currency after 1 234 567
        (
            "ru",
            "1234567",
            "USD",
            "USD\u00a01\u00a0234\u00a0567,00 (один миллион двести тридцать четыре тысячи "
            "пятьсот шестьдесят семь долларов США)",
        ),
        ("ru", "21", "RUB", "RUB\u00a021,00 (двадцать один российский рубль)"),
        # Vietnamese "bằng chữ"
        ("vi", "1500000", "VND", "VND\u00a01.500.000 (bằng chữ: một triệu năm trăm nghìn đồng Việt Nam)"),
        # Indonesian terbilang: seribu, sebelas (one thousand, eleven: se- forms)
        ("id", "1011000", "IDR", "IDR\u00a01.011.000 (satu juta sebelas ribu Rupiah Indonesia)"),
        # ar-EG: Arabic-Indic digits and separators; فقط ... لا غير around the words
        ("ar", "100000", "USD", "USD\u00a0١٠٠٬٠٠٠٫٠٠ (فقط مائة ألف دولار أمريكي لا غير)"),
        ("ar", "2500", "EGP", "EGP\u00a0٢٬٥٠٠٫٠٠ (فقط ألفان وخمسمائة جنيه مصري لا غير)"),  # و joined
        # Malay and Khmer: figures only (no maintained number-words library); Khmer digits
        ("ms", "100000", "MYR", "MYR\u00a0100,000.00"),
        ("km", "100000", "USD", "USD\u00a0១០០.០០០,០០"),
    ],
)
def test_amounts_in_figures_and_words(tag, amount, currency, expected):
    assert Formatter(tag).money(money(amount, currency)) == expected


def test_arabic_words_never_take_another_currency_name():
    # num2words' own currency mode calls US dollars and yuan "riyal" (ريال) in Arabic
    for currency in ("USD", "CNY", "THB"):
        assert "ريال" not in Formatter("ar").money(money("2500", currency))


def test_dates_and_article_numbers_in_each_language():
    day = dt.date(2027, 3, 9)
    expected = {
        "th": "9 มีนาคม ค.ศ. 2027",
        "vi": "ngày 09 tháng 3 năm 2027",
        "id": "9 Maret 2027",
        "ms": "9 Mac 2027",
        "km": "ថ្ងៃទី ៩ ខែមីនា ឆ្នាំ២០២៧",
        "ru": "9 марта 2027\u202fг.",  # CLDR: a narrow no-break space before г.
        "ar": "٩ مارس ٢٠٢٧",
    }
    assert {tag: Formatter(tag).date(day) for tag in NEW} == expected
    assert Formatter("km").ordinal_article(12) == "១២"
    assert Formatter("ar").ordinal_article(12) == "١٢"
    assert Formatter("th").ordinal_article(12) == "12"


def test_the_number_check_reads_arabic_indic_and_khmer_digits():
    assert numbers_in(Formatter("ar").money(money("100000", "USD")), "ar") == numbers_in("100000", "en")
    assert numbers_in(Formatter("km").duration(5, "year"), "km") == numbers_in("5", "en")


KHMER = [  # word boundaries marked by hand
    "ភាគី|ទាំង|ពីរ|យល់ព្រម|សហការ|គ្នា|ក្នុង|ការ|បណ្តុះបណ្តាល|សិស្ស|និង|ការ|ផ្លាស់ប្តូរ|បុគ្គលិក",
    "កិច្ចព្រមព្រៀង|នេះ|មាន|សុពលភាព|រយៈពេល|ប្រាំ|ឆ្នាំ|ចាប់ពី|ថ្ងៃ|ចុះ|ហត្ថលេខា",
    "សាកលវិទ្យាល័យ|ទាំង|ពីរ|នឹង|ផ្លាស់ប្តូរ|និស្សិត|ចំនួន|ដប់|នាក់|ក្នុង|មួយ|ឆ្នាំ",
]


@pytest.mark.parametrize("marked", KHMER)
def test_khmer_breaks_only_between_words(marked):
    words = marked.split("|")
    text = "".join(words)
    broken = for_layout(text, "km")
    assert broken.replace(ZWSP, "") == text
    boundaries, position = set(), 0
    for word in words[:-1]:
        position += len(word)
        boundaries.add(position)
    found, position = set(), 0
    for piece in broken.split(ZWSP)[:-1]:
        position += len(piece)
        found.add(position)
    assert found <= boundaries, broken.replace(ZWSP, "|")  # never inside a word
    assert len(found) >= len(boundaries) * 0.8, broken.replace(ZWSP, "|")
    assert not any(unicodedata.category(text[i]) in ("Mn", "Mc") or text[i - 1] == "\u17d2" for i in found)


def test_thai_words_for_the_redline_but_no_breaks_in_the_pdf_text():
    text = "ทั้งสองฝ่ายตกลงร่วมมือกันในการฝึกอบรม"
    assert for_layout(text, "th") == text  # Pango breaks Thai lines itself (libthai)
    assert break_words(text, "th").split(ZWSP)[:3] == ["ทั้งสองฝ่าย", "ตกลง", "ร่วมมือ"]
    assert tokens(text + " Article 3")[:3] == ["ทั้งสองฝ่าย", "ตกลง", "ร่วมมือ"]


def test_thai_docx_leaves_line_breaks_to_the_word_processor_lao_docx_does_not(tmp_path):
    """LibreOffice (ICU) and Word break Thai lines by dictionary (LibreOffice's PDF of the Thai
    sample breaks as many lines between words without U+200B as with it); Lao they break inside
    words, so Lao gets U+200B between words in the DOCX and a word joiner between the clusters
    of each word (test_layout.py: LibreOffice's Lao lines)."""
    assert for_word_processors("ทั้งสองฝ่ายตกลงร่วมมือ", "th") == "ทั้งสองฝ่ายตกลงร่วมมือ"
    assert for_word_processors("ມະຫາວິທະຍາໄລວິທະຍາສາດ", "lo").count(ZWSP) >= 1
    for sample, script in (
        ("huanan-huaxin-rayong-ev-order", "[\\u0e01-\\u0e4e]"),
        ("lingnan-vientiane-pharmacy", "[\\u0e81-\\u0edf]"),
    ):
        path = REPO / "specs" / f"{sample}.yaml"
        document = compose(read_spec_bytes(path.read_bytes(), str(path)), BUILTIN)
        out = tmp_path / f"{sample}.docx"
        out.write_bytes(render_docx(document, created=dt.datetime(2027, 1, 1)))
        body = zipfile.ZipFile(out).read("word/document.xml").decode()
        joined = len(re.findall(f"{script}\u2060{script}", body))
        body = body.replace("\u2060", "")
        words = re.findall(f"{script}+(?:{ZWSP}{script}+)*", body)
        assert words, sample
        broken = sum(ZWSP in w for w in words)
        if sample.startswith("huanan"):
            assert broken == 0, broken
        else:
            assert broken >= len(words) // 4 and joined > len(words), (broken, joined, len(words))


def test_names_in_other_scripts_have_a_font_in_every_stack():
    from agreements.fonts import _uncovered

    names = set("บริษัท ระยอง จำกัด" + "សាកលវិទ្យាល័យ" + "Сторона Ивановна" + "جامعة القاهرة")
    for tag in ("en", "zh-Hans"):
        for style in ("serif", "sans"):
            assert not _uncovered(names - {" "}, font_stack(tag, style)), (tag, style)


# --- availability: the clause library decides --------------------------------------------------


def test_agreement_languages_are_those_every_clause_has():
    expected = ("zh-Hans", "en", "lo", "ar", "id", "km", "ms", "ru", "th", "vi")
    assert agreement_languages() == translated_languages() == expected
    # every partner language has every clause text now
    assert set(NEW) <= set(agreement_languages())


UNAVAILABLE = REPO / "tests" / "fixtures" / "unavailable-language" / "templates"


def _workspace_with_unavailable_language(tmp_path):
    """A workspace that registers Filipino (fil): language data, no clause texts."""
    shutil.copytree(UNAVAILABLE, tmp_path / "templates")


def _available_tags(message: str) -> set[str]:
    return set(re.findall(r"\(([^()]+)\)", message.split("available: ", 1)[1]))


SKELETON = (REPO / "templates" / "skeletons" / "order-based-training.yaml").read_text(encoding="utf-8")


def test_an_unavailable_language_is_one_message_at_languages_before_any_todo(tmp_path):
    _workspace_with_unavailable_language(tmp_path)
    spec = tmp_path / "rayong.yaml"
    spec.write_text(
        SKELETON.replace("languages: [zh-Hans, en]", "languages: [zh-Hans, fil]"), encoding="utf-8"
    )
    result = run_cli("check", str(spec), cwd=tmp_path)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() + result.stdout.splitlines() if ": error: " in line]
    line_no = SKELETON.splitlines().index("languages: [zh-Hans, en]") + 1
    assert len(lines) == 1, lines
    assert lines[0].startswith(
        f"rayong.yaml:{line_no}:22: error: Filipino (fil) is not yet available as an agreement language: "
        "its clause texts are not translated yet; available: "
    )
    assert _available_tags(lines[0]) == set(agreement_languages())


def test_a_language_without_data_and_a_malformed_tag(tmp_path):
    for tag, message in (
        ("my", "Burmese (my) is not yet available as an agreement language: there is no language data"),
        ("TH", "'TH' is not a language tag (BCP 47: write it as th)"),
    ):
        text = SKELETON.replace("languages: [zh-Hans, en]", f"languages: [zh-Hans, {tag}]")
        with pytest.raises(Exception) as caught:
            read_spec_bytes(text.encode(), "spec.yaml")
        problems = caught.value.problems
        assert len(problems) == 1 and message in problems[0].message, problems


# --- language fields accept any language --------------------------------------------------------

ORDER = (REPO / "specs" / "lancang-nanyue-railway-order.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("tags", ["[zh-Hans, th]", "[ms, my, uz]", "[zh-Hant, km-KH, ar]"])
def test_instruction_languages_take_any_language_tag(tags):
    text = ORDER.replace("instruction_languages: [zh-Hans, lo]", f"instruction_languages: {tags}")
    spec = read_spec_bytes(text.encode(), "spec.yaml")
    assert spec.order_based_training.cohort.instruction_languages == re.findall(r"[\w-]+", tags)


@pytest.mark.parametrize("bad", ["TH", "zh_Hant", "xx", "english"])
def test_instruction_languages_refuse_what_is_no_language_tag(bad):
    text = ORDER.replace("instruction_languages: [zh-Hans, lo]", f"instruction_languages: [zh-Hans, {bad}]")
    with pytest.raises(Exception) as caught:
        read_spec_bytes(text.encode(), "spec.yaml")
    (problem,) = caught.value.problems
    assert bad in problem.message and tag_problem(bad) in problem.message
    assert problem.line == ORDER.splitlines().index("    instruction_languages: [zh-Hans, lo]") + 1


def test_any_language_is_named_by_cldr_in_every_agreement_language():
    from agreements.compose import compose

    text = ORDER.replace("instruction_languages: [zh-Hans, lo]", "instruction_languages: [th, ms]")
    document = compose(read_spec_bytes(text.encode(), "spec.yaml"))
    texts = {
        language: " ".join(
            block.text
            for section in document.sections
            for block in section.body[language]
            if hasattr(block, "text")
        )
        for language in document.languages
    }
    assert "泰语" in texts["zh-Hans"] and "马来语" in texts["zh-Hans"]
    assert "ໄທ" in texts["lo"] and "ມາເລ" in texts["lo"]
    assert {Formatter(tag).language_name("th") for tag in NEW} == {
        "ไทย",
        "tiếng Thái",  # in a sentence (CLDR: Tiếng Thái)
        "Thai",
        "ថៃ",
        "тайский",
        "التايلاندية",
    }


# --- names in any script in any column ----------------------------------------------------------

NANSHAN = (REPO / "specs" / "nanshan-xinchuang-battery.yaml").read_text(encoding="utf-8")
FOREIGN = "บริษัท ระยอง จำกัด, សាកលវិទ្យាល័យ, Сторона, جامعة القاهرة"


def named(workspace, extra: str) -> str:
    old = "  en: Shenzhen Nanshan Polytechnic\n"
    assert old in NANSHAN
    (workspace / "specs").mkdir(exist_ok=True)
    text = NANSHAN.replace(old, f"  en: Shenzhen Nanshan Polytechnic{extra}\n", 1)
    (workspace / "specs" / "n.yaml").write_text(text, encoding="utf-8")
    return text


def test_check_reports_a_character_no_font_has_at_its_column(tmp_path):
    text = named(tmp_path, " 𓀀")  # U+13000: no installed font has Egyptian hieroglyphs
    result = run_cli("check", "specs", cwd=tmp_path)
    assert result.returncode == 2
    line, column = next(
        (number, source.index("𓀀") + 1)
        for number, source in enumerate(text.splitlines(), 1)
        if source.endswith("en: Shenzhen Nanshan Polytechnic 𓀀")
    )
    assert f"specs/n.yaml:{line}:{column}: error: no installed font has U+13000" in result.stderr


@pytest.mark.render
def test_names_in_thai_khmer_cyrillic_and_arabic_in_the_english_column_build(tmp_path):
    from tests.outputs import docx_text, pdf_fonts, pdf_text, squash

    named(tmp_path, f" ({FOREIGN})")
    assert run_cli("check", "specs", cwd=tmp_path).returncode == 0
    result = run_cli("build", "specs", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "nanshan-xinchuang-battery"
    for text in (pdf_text(folder / f"{folder.name}.pdf"), docx_text(folder / f"{folder.name}.docx")):
        for name in FOREIGN.split(", ")[:3]:  # pdftotext gives Arabic in visual order
            assert squash(name) in squash(text), name
    families = {font["name"].split("+")[-1] for font in pdf_fonts(folder / f"{folder.name}.pdf")}
    assert {"Noto-Serif-Thai", "Noto-Serif-Khmer", "Noto-Naskh-Arabic"} <= families, families


# --- agreements new KIND --languages -----------------------------------------------------------


@pytest.mark.parametrize("languages", ["zh-Hans,lo", "zh-Hans,en,lo"])
def test_new_writes_a_skeleton_in_the_languages_asked_for(tmp_path, languages):
    tags = languages.split(",")
    result = run_cli("new", "order-based-training", "--id", "x", "--languages", languages, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "specs" / "x.yaml").read_text(encoding="utf-8")
    assert f"languages: [{', '.join(tags)}]" in text
    counts = {
        tag: len(re.findall(rf"(?:^\s+|[{{,] ?){re.escape(tag)}: ", text, re.M))
        for tag in ("zh-Hans", "en", "lo")
    }
    assert counts["zh-Hans"] > 15 and all(counts[tag] == counts["zh-Hans"] for tag in tags), counts
    assert all(counts[tag] == 0 for tag in ("zh-Hans", "en", "lo") if tag not in tags), counts
    check = run_cli("check", "specs", cwd=tmp_path)
    errors = [line for line in check.stderr.splitlines() if ": error: " in line]
    assert errors and all("fill in this placeholder" in line for line in errors), errors[:3]


def test_new_refuses_a_language_that_is_not_yet_an_agreement_language(tmp_path):
    _workspace_with_unavailable_language(tmp_path)
    result = run_cli("new", "order-based-training", "--languages", "zh-Hans,fil", cwd=tmp_path)
    assert result.returncode == 2
    assert "Filipino (fil) is not yet available as an agreement language" in result.stderr
    assert not (tmp_path / "specs").exists() or not list((tmp_path / "specs").iterdir())


# --- catalog labels -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag, article, party_a, party_b",
    [
        ("th", "ข้อ 3", "ฝ่าย ก", "ฝ่าย ข"),
        ("vi", "Điều 3", "Bên A", "Bên B"),
        ("id", "Pasal 3", "Pihak Pertama", "Pihak Kedua"),
        ("ms", "Perkara 3", "Pihak Pertama", "Pihak Kedua"),
        ("km", "មាត្រា ៣", "ភាគី ក", "ភាគី ខ"),
        ("ru", "Статья 3", "Сторона А", "Сторона Б"),
        ("ar", "المادة ٣", "الطرف الأول", "الطرف الثاني"),
    ],
)
def test_article_and_party_labels_in_the_language_of_its_contracts(tag, article, party_a, party_b):
    from agreements.labels import Labels, all_messages, placeholders

    labels = Labels(tag)
    assert labels.get("Article {number}", number=Formatter(tag).ordinal_article(3)) == article
    assert (labels.get("Party A"), labels.get("Party B")) == (party_a, party_b)
    for message in all_messages():  # every label, with the source's placeholders
        text = labels.get(message)
        assert text.strip() and placeholders(text) == placeholders(message), (message, text)
        words = re.sub(r"\{\w+\}", "", message)  # untranslated English would stay as it is
        assert text != message or not re.search("[a-z]{4}", words) or tag in ("id", "ms"), message
