"""Babel: dates and amounts per locale, catalogs complete, no label of one language in the other."""

from __future__ import annotations

import re

import pytest

from helpers import ROOT
from readers import docx_paragraphs, pdf_text
from reportkit.text.dates import parse_partial_date
from reportkit.commands.i18n import missing_translations
from reportkit.render.language import make_environment
from reportkit.text.localize import catalog_path, format_amount, format_partial_date

ENGLISH_LABELS = ["Figure", "Table", "Contents", "References", "Page", "Source", "Edition",
                  "Revision history", "p. ", "Date", "Event"]
CHINESE_LABELS = ["图", "表", "目录", "参考文献", "第", "页", "资料来源", "修订记录", "日期", "事件"]
CATALOGS = ROOT / "templates" / "locales"
CATALOG_HEADER = """msgid ""
msgstr "Content-Type: text/plain; charset=utf-8\\n"
"""
# All a new language needs for its amounts: the catalog entries of the words around them.
TRADITIONAL_CHINESE = CATALOG_HEADER + """
msgid "about %(amount)s"
msgstr "約%(amount)s"

msgid "over %(amount)s"
msgstr "%(amount)s以上"

msgid "over about %(amount)s"
msgstr "約%(amount)s以上"
"""


def _words(locale: str, catalogs=CATALOGS):
    """The edition strings of a locale, which give the words of its catalog around an amount."""
    return make_environment(ROOT / "templates", catalogs, locale).get_template("markdown/strings.j2").module


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory):
    """The project's catalogs; a Traditional Chinese one holding only the words around an amount, and an
    Aragonese one translating nothing yet."""
    import shutil

    folder = tmp_path_factory.mktemp("catalogs")
    shutil.copytree(CATALOGS, folder, dirs_exist_ok=True)
    for locale, text in (("zh_Hant_TW", TRADITIONAL_CHINESE), ("an_ES", CATALOG_HEADER)):
        path = catalog_path(folder, locale)
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("value,zh,en", [
    ("1991-12-28", "1991年12月28日", "December 28, 1991"),
    ("1992-01", "1992年1月", "January 1992"),
    ("1997", "1997年", "1997")])
def test_dates_keep_their_precision(value, zh, en):
    date = parse_partial_date(value)
    assert format_partial_date(date, "zh_Hans_CN") == zh
    assert format_partial_date(date, "en") == en


@pytest.mark.parametrize("amount,currency,zh,en", [
    (6_600_000_000, "JPY", "66亿日元", "¥6.6 billion"),
    (3_000_000_000_000, "JPY", "3万亿日元", "¥3 trillion"),
    (90_000_000, "USD", "9000万美元", "$90 million"),
    (21_530_000_000, "JPY", "215.3亿日元", "¥21.53 billion"),
    (1_000_000, "JPY", "100万日元", "¥1 million")])
def test_amounts_in_compact_local_form(amount, currency, zh, en):
    assert format_amount(amount, currency, "zh_Hans_CN", _words("zh_Hans_CN")) == zh
    assert format_amount(amount, currency, "en", _words("en")) == en


def test_approximate_and_lower_bound_amounts_in_the_words_of_the_catalogs():
    chinese, english = _words("zh_Hans_CN"), _words("en")
    assert format_amount(2e9, "USD", "zh_Hans_CN", chinese, approx=True) == "约20亿美元"
    assert format_amount(6e11, "USD", "zh_Hans_CN", chinese, qualifier="over") == "6000亿美元以上"
    assert format_amount(6e11, "USD", "zh_Hans_CN", chinese, approx=True, qualifier="over") == "约6000亿美元以上"
    assert format_amount(2e9, "USD", "en", english, approx=True) == "about $2 billion"
    assert format_amount(6e11, "USD", "en", english, qualifier="over") == "over $600 billion"
    # A lower bound says enough in English: "over about" is not written.
    assert format_amount(6e11, "USD", "en", english, approx=True, qualifier="over") == "over $600 billion"


@pytest.mark.parametrize("locale,amount,currency,options,expected", [
    # Babel has no long compact form for these locales: their short one reads as their readers write.
    ("ja_JP", 6_600_000_000, "JPY", {}, "66億日本円"),
    ("ja_JP", 2e9, "USD", {"approx": True}, "約20億米ドル"),
    ("ja_JP", 6e11, "USD", {"qualifier": "over"}, "6000億米ドル以上"),
    ("zh_Hant_TW", 21_530_000_000, "JPY", {}, "215.3億日圓"),
    ("zh_Hant_TW", 2e9, "USD", {"approx": True}, "約20億美元"),
    # A Latin-script locale without the long form the English edition uses gets its short one.
    ("an_ES", 90_000_000, "USD", {}, "US$90M")])
def test_a_locale_without_the_long_compact_form_gets_the_short_one(catalogs, locale, amount, currency, options,
                                                                   expected):
    assert format_amount(amount, currency, locale, _words(locale, catalogs), **options) == expected


def test_a_locale_without_compact_or_long_date_patterns_gets_plain_ones(monkeypatch):
    """Whatever pattern a locale's data lacks, the amount and date are still written, in plain form."""
    from babel import Locale

    monkeypatch.setattr(Locale, "compact_decimal_formats", property(lambda self: {}))
    monkeypatch.setattr(Locale, "date_formats", property(lambda self: {}))
    assert format_amount(6_600_000_000, "JPY", "ja_JP", _words("ja_JP")) == "6,600,000,000日本円"
    assert format_amount(90_000_000, "USD", "en", _words("en")) == "$90,000,000"
    assert format_partial_date(parse_partial_date("1991-12-28"), "ja_JP") == "1991-12-28"


def test_every_template_string_is_translated():
    assert missing_translations(ROOT, ["zh_Hans_CN", "en"]) == []


def test_a_missing_translation_names_string_and_catalog(tmp_path):
    import shutil

    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    po = tmp_path / "templates" / "locales" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "参考文献"', 'msgstr ""'), encoding="utf-8")
    problems = [str(p) for p in missing_translations(tmp_path, ["zh_Hans_CN", "en"])]
    assert len(problems) == 1
    assert problems[0].startswith("templates/locales/zh_Hans_CN/LC_MESSAGES/messages.po:")
    assert "no translation for 'References'" in problems[0]


def _visible_html_text(path):
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _texts(built, lang):
    docx = "\n".join(text for _, text in docx_paragraphs(built.path(lang, "docx")))
    return {"pdf": pdf_text(built.path(lang, "pdf")), "html": _visible_html_text(built.path(lang, "html")),
            "docx": docx, "brief": pdf_text(built.path(lang, "pdf", "brief"))}


def test_no_english_label_in_the_chinese_edition(mini):
    for name, text in _texts(mini, "zh").items():
        found = [label for label in ENGLISH_LABELS if label in text]
        assert found == [], name


def test_no_chinese_label_in_the_english_edition(mini):
    for name, text in _texts(mini, "en").items():
        found = [label for label in CHINESE_LABELS if label in text]
        assert found == [], name


@pytest.mark.parametrize("lang,figure,table,amount,date", [
    ("zh", "图1", "表1", "66亿日元", "1991年12月28日"),
    ("en", "Figure 1", "Table 1", "¥6.6 billion", "December 28, 1991")])
def test_labels_amounts_and_dates_in_every_format(mini, lang, figure, table, amount, date):
    for name, text in _texts(mini, lang).items():
        if name == "brief":
            continue
        flat = re.sub(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])", "", text)
        for expected in (figure, table, amount, date):
            assert expected in flat or expected in text, (name, expected)
