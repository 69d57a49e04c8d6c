"""The real report in content/, built as a user builds it, read as a reader reads it."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from pdf_lines import (BODY_SIZE, CLOSING, HALF_WIDTH, LEFT, OPENING, RIGHT_EDGE, char_rows, flush, han_gaps,
                       non_final_body_lines, pdf_lines)
from readers import (docx_paragraphs, html_facts, html_references_by_key, html_text, pdf_fonts, pdf_joined,
                     pdf_page_texts, pdf_text,
                     printed_and_popover_locators)
from reportkit.load.report import load_report

REFERENCES = {"zh": "参考文献", "en": "References"}


def _flat(text):
    """PDF text with the typesetting spaces between Han characters removed."""
    return re.sub(r"(?<=[\u4e00-\u9fff\d])[ \u00a0]+(?=[\u4e00-\u9fff\d])", "", text)


@pytest.fixture(scope="module")
def titles(real):
    report = load_report(real.project.content)
    return {lang: [report.sections[lang][sid].title for sid in report.config.sections] for lang in ("zh", "en")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_has_every_section_title_and_the_references(real, titles, lang):
    text = _flat(pdf_text(real.path(lang, "pdf"))).replace("\n", "")
    for title in titles[lang]:
        assert _flat(title).replace(" ", "") in text.replace(" ", "")
    assert REFERENCES[lang] in text and "\ufffd" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_fonts_embedded_and_chinese_pdf_small(real, lang):
    assert [name for name, embedded in pdf_fonts(real.path(lang, "pdf")) if not embedded] == []
    if lang == "zh":
        assert real.path("zh", "pdf").stat().st_size < 2 * 1024 * 1024


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_headings_in_order(real, titles, lang):
    headings = [t for style, t in docx_paragraphs(real.path(lang, "docx")) if style == "Heading 1"]
    # Chapters carry their number, as in the PDF; the colophon follows the references.
    numbered = [re.sub(r"^(第\d+章|\d+)\s+", "", h) for h in headings[:len(titles[lang])]]
    assert numbered == titles[lang]
    assert headings[-2] == REFERENCES[lang]
    bibliography = [t for style, t in docx_paragraphs(real.path(lang, "docx")) if style == "Bibliography"]
    assert len(bibliography) == 5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_links_all_resolve(real, lang):
    facts = html_facts(real.path(lang, "html"))
    internal = [h[1:] for h in facts.hrefs if h.startswith("#")]
    assert len([h for h in internal if h.startswith("ref-")]) > 50
    assert [h for h in internal if h not in facts.ids] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_body_lines_flush_right(real, lang):
    measured = non_final_body_lines(pdf_lines(real.path(lang, "pdf")), LEFT)
    assert len(measured) > 100
    ragged = [(l.page, l.text[-10:], round(RIGHT_EDGE - l.x1, 2)) for l in measured if not flush(l)]
    assert ragged == []


# A Han character advances one em; this much more between two of them reads as tracking
# (0.8 pt at 10.5 pt). A line with no mark left to compress before an unbreakable cluster
# may still open a little, under this.
TRACKING = 0.075


@pytest.mark.parametrize("product", ["report", "brief"])
def test_no_chinese_body_line_is_tracked_out(real, product):
    """Every justified line of Chinese running text (15 Han pairs or more in the body face) sets
    its characters close: the median gap between two Han characters stays under 0.075 em. A line
    that cannot end before a cluster (character, citation, full stop) pushes the cluster in by
    compressing its punctuation instead of spreading its characters."""
    import statistics

    lines, tracked = 0, []
    for page, rows in char_rows(real.path("zh", "pdf", product)):
        for row in rows:
            body = [c for c in row if 9 <= c["size"] <= 11 and "Serif" in c["fontname"]]
            gaps = han_gaps(body)
            if len(gaps) >= 15:
                lines += 1
                if statistics.median(gaps) > TRACKING:
                    tracked.append((page, round(statistics.median(gaps), 3), "".join(c["text"] for c in body)[:16]))
    assert lines > (300 if product == "report" else 25)
    assert tracked == []


def test_chinese_line_starts_and_ends(real):
    lines = pdf_lines(real.path("zh", "pdf"))
    assert [l.text[:12] for l in lines if l.text[0] in CLOSING] == []
    assert [l.text[-12:] for l in lines if l.text[-1] in OPENING] == []


def test_chinese_pdf_text_extracts_without_typesetting_spaces(real):
    text = pdf_text(real.path("zh", "pdf"))
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    spaced = len(re.findall(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", text))
    assert han > 9000 and spaced < han * 0.01, (spaced, han)
    assert "日本对这一地区的政策" in text.replace("\n", "")


# Entries whose facts are settled; each edition sets them in its own standard.
REFERENCE_ENTRIES = {
    "zh": {"gao2011": "[1] 高博杰. 日本的中亚政策及中国的应对策略[J]. 国际关系学院学报, 2011(1): 68-72.",
           "tang2025": "[2] 唐奇芳. [关于首届中亚—日本峰会的评论][EB/OL]. (2025-12)[2026-11-22]. "
                       "https://www.163.com/dy/article/KKVDMTIQ05566SD1.html.",
           "lian2025": "[3] 廉德瑰. [廉德瑰谈日本的中亚战略与中亚—日本峰会][Z]//观察者网. 2025.",
           # No date or address of its own: the platform, and no year taken from the day it was archived.
           "netease2025": "[5] [評首屆中亞—日本峰會合影][EB]. 网易号."},
    "en": {"gao2011": "Gao Bojie. 2011. “Riben de Zhongya zhengce ji Zhongguo de yingdui celüe” [Japan’s Central "
                      "Asia policy and China’s response strategies]. Guoji Guanxi Xueyuan Xuebao [Journal of "
                      "University of International Relations], no. 1: 68–72.",
           "lian2025": "Lian Degui. 2025. “[Interview on Japan’s Central Asia strategy and the Central Asia–Japan "
                       "summit].” Interview by Zheng Lehuan. Guancha, December.",
           "tang2025": "Tang Qifang. 2025. “[Commentary on the first Central Asia–Japan summit].” NetEase Hao, "
                       "December. https://www.163.com/dy/article/KKVDMTIQ05566SD1.html.",
           # Its title in translation, as the text cites it; the romanized original and its provenance last.
           "jiefang2025": "“[‘Diplomatic breakout’: Can Japan make it work?].” 2025. December. Original title: Riben "
                          "de “waijiao tuwei” neng zoutong ma? Compiled from Jiefang Daily and China News Service, "
                          "citing CCTV News; where it first appeared is not known."}}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reference_entries_in_each_edition(real, lang):
    entries = html_references_by_key(real.path(lang, "html"))
    assert {key: entries.get(key) for key in REFERENCE_ENTRIES[lang]} == REFERENCE_ENTRIES[lang]
    docx = [text.replace(" \t", " ") for style, text in docx_paragraphs(real.path(lang, "docx"))
            if style == "Bibliography"]
    assert [e for e in REFERENCE_ENTRIES[lang].values() if e not in docx] == []
    pdf = pdf_joined(real.path(lang, "pdf"))
    assert [e for e in REFERENCE_ENTRIES[lang].values() if e not in pdf] == []


# British forms an American edition spells otherwise (the Shanghai Cooperation Organisation keeps its own name).
_BRITISH = re.compile(r"\b(?:judgements?|organis(?:e|es|ed|ing)|(?<!Cooperation )organisations?|"
                      r"summaris\w*|periodis\w*|recognis\w*|emphasis(?:e|es|ed|ing)|colours?|favour\w*|"
                      r"behaviour\w*|labour\w*|neighbour\w*|centres?|programmes?|defence|analys(?:e|ed|ing)|"
                      r"travelled|modelling|whilst)\b", re.I)


def test_the_english_edition_spells_the_american_way_throughout(real):
    texts = {f"{product}.pdf": " ".join(pdf_text(real.path("en", "pdf", product)).split())
             for product in ("report", "brief")}
    texts["html"] = " ".join(re.sub(r"<[^>]+>", " ", real.path("en", "html").read_text(encoding="utf-8")).split())
    assert {name: sorted(set(_BRITISH.findall(text))) for name, text in texts.items()} == \
        {"report.pdf": [], "brief.pdf": [], "html": []}
    assert "Shanghai Cooperation Organisation" in texts["report.pdf"]


# An author-date citation by title: “[Short title]” 2025 or “[Short title],” n.d.
_CITED_BY_TITLE = re.compile(r"“([^“”]+?),?” (?:\d{4}|n\.d\.)")


def test_an_english_citation_by_title_reads_in_english_and_opens_its_entry(real):
    """A source without an author is cited by its short title: words an English reader can read,
    with which its entry in the reference list begins, so the reader finds it there."""
    entries = list(html_references_by_key(real.path("en", "html")).values())
    text = pdf_joined(real.path("en", "pdf"))
    body = text[:text.rindex("References")]
    cited = {" ".join(title.split()) for title in _CITED_BY_TITLE.findall(body)}
    assert "[‘Diplomatic breakout’]" in cited
    assert [title for title in cited if "Riben" in title or "waijiao" in title] == []
    opening = [entry[1:] for entry in entries if entry.startswith("“")]
    assert [title for title in cited if not any(entry.startswith(title.rstrip("]")) for entry in opening)] == []


def _rows(path):
    """Each printed line as its characters in x order (superscripts joined to their line)."""
    return (row for _, rows in char_rows(path) for row in rows)


JOINED = re.compile(r"[\d\u4e00-\u9fff]")


@pytest.mark.parametrize("lang,product", [(l, p) for l in ("zh", "en") for p in ("report", "brief")])
def test_no_line_breaks_beside_a_dash_that_joins_a_range(real, lang, product):
    starts, ends = [], []
    for row in _rows(real.path(lang, "pdf", product)):
        if re.fullmatch(r"—\d+—", "".join(c["text"] for c in row)):
            continue                      # a Chinese folio, — 3 —
        first, second = row[0], row[1] if len(row) > 1 else None
        # A dash that starts a line and runs straight into a digit or a character
        # (—2004年, —日本) is the second half of a range split at the line end.
        if first["text"] in "—–～" and second and JOINED.match(second["text"]) \
                and second["x0"] - first["x1"] < 1.5:
            starts.append("".join(c["text"] for c in row[:8]))
        last, before = row[-1], row[-2] if len(row) > 1 else None
        if last["text"] in "—–～" and before and JOINED.match(before["text"]) and \
                (lang == "zh" or before["text"].isdigit()):
            ends.append("".join(c["text"] for c in row[-8:]))
    assert starts == [] and ends == []


@pytest.mark.parametrize("lang,label", [("zh", "资料来源："), ("en", "Source:")])
def test_figure_sources_are_named_in_words(real, lang, label):
    text = pdf_text(real.path(lang, "pdf")).replace("\n", " ")
    notes = re.findall(re.escape(label) + r"(.{0,80})", text)
    assert notes
    for note in notes:
        # Author (or title) and year, not bare reference numbers.
        assert re.match(r"\s*[^\s\[\d][^\[]*?[（(](\d{4}|n\.d\.|无日期)[)）]", note), note


def test_adjacent_chinese_punctuation_takes_less_than_a_full_em_each(real):
    widths = []
    for _, rows in char_rows(real.path("zh", "pdf")):
        superscripts = [c for row in rows for c in row if c["size"] < 9]
        for row in rows:
            for a, b in zip(row, row[1:]):
                if a["text"] in "”）》" and b["text"] in "，。、；：" and a["size"] > 9 and not any(
                        a["x0"] < c["x0"] < b["x0"] and 0 <= a["bottom"] - c["bottom"] <= 8 for c in superscripts):
                    widths.append(round((b["x0"] - a["x0"]) / a["size"], 2))
    # A mark directly before another takes half an em, not a full one (a superscript
    # citation between them, read from the page, leaves the pair apart).
    assert widths and max(widths) < 0.75, sorted(widths)[-5:]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_key_facts_cite_as_the_text_does(real, lang):
    # The brief, key figures included, cites in numbered endnotes: no author-date citation, and
    # no GB/T bracketed number set small beside the text.
    path = real.path(lang, "pdf", "brief")
    assert not re.search(r"\(Tang\s2025\)", pdf_text(path))
    assert not [char["text"] for row in _rows(path) for char in row
                if char["text"] == "[" and char["size"] < max(c["size"] for c in row) - 1]


def test_a_source_without_author_is_cited_by_the_short_form_of_its_entry_title(real):
    html = real.path("en", "html").read_text(encoding="utf-8")
    entries = html_references_by_key(real.path("en", "html"))
    for key in ("jiefang2025", "netease2025"):
        cited = {" ".join(re.sub(r"<[^>]+>", "", text).split())
                 for text in re.findall(rf'<a href="#ref-{key}" role="doc-biblioref"[^>]*>(.*?)</a>', html)}
        assert cited, key
        for text in cited:
            # A translated title is in brackets; its short form is too: compare the words.
            short = re.sub(r",? (n\.d\.|\d{4})$", "", text).strip("“”,[]")
            # The words the text cites by open the entry, and they are a short form.
            assert entries[key].lstrip("“[").startswith(short), (text, entries[key])
            assert len(short) <= 32, text
    # A text no newspaper is known to hold is not set in italics like a book, in the list or in the text.
    entry = re.search(r'<div id="ref-jiefang2025".*?</div>', html, re.S).group(0)
    assert "<em>" not in entry and "<em>Riben" not in html


def test_chinese_table_cells_are_not_letter_spaced(real):
    """Characters in a table cell stand one em apart, as in the text, not spread by visible spaces."""
    rows = [row for row in _rows(real.path("zh", "pdf"))
            if "同年第二次外长会议召开" in "".join(c["text"] for c in row)]
    assert rows
    cell = rows[0][next(n for n, c in enumerate(rows[0]) if c["text"] == "同"):]      # the event column
    advances = [round((b["x0"] - a["x0"]) / a["size"], 2) for a, b in zip(cell, cell[1:])
                if all("\u4e00" <= c["text"] <= "\u9fff" for c in (a, b)) and b["x0"] > a["x0"]]
    assert advances and max(advances) <= 1.05, advances


@pytest.mark.parametrize("text", [
    "Japan establishes diplomatic relations with Kazakhstan, Uzbekistan, Kyrgyzstan and Tajikistan.",
    "Koizumi Jun’ichirō visits Kazakhstan and Uzbekistan, the first visit to Central Asia by a Japanese "
    "prime minister.",
    "The six leaders pose before the session, with Takaichi Sanae and Tokayev at the center.",
    "the source says only that the funds were provided, not whether as a loan or a grant",
])
def test_data_texts_with_commas_print_whole(real, text):
    assert text in html_text(real.path("en", "html"))
    assert text in " ".join(cell for _, cell in docx_paragraphs(real.path("en", "docx"), tables=True))


def test_a_data_text_no_table_prints_is_whole_too(real):
    from reportkit.check.validate import validate

    amounts = {a.id: a for a in validate(load_report(real.project.content)).amounts}
    assert amounts["export-kz-jp"].purpose["en"] == "Exports to Japan (oil, minerals and other resources)"


@pytest.mark.parametrize("lang,style", [("en", "author-date"), ("zh", "numeric")])
def test_every_popover_shows_the_page_its_citation_prints(real, lang, style):
    found = printed_and_popover_locators(real.path(lang, "html").read_text(encoding="utf-8"), style)
    assert [item for item in found if item[1] != item[2]] == []
    assert sum(1 for _, printed, _ in found if printed) >= 80   # most citations of Gao 2011 print a page


@pytest.fixture(scope="module")
def previous_edition(real, tmp_path_factory):
    """The real report's previous edition, written from its snapshot and built as DOCX only."""
    from helpers import previous_content
    from reportkit.pipeline.build import build
    from reportkit.load.report import load_config
    from reportkit.project import Project

    folder = tmp_path_factory.mktemp("previous-edition")
    content = previous_content(real.project.content, folder / "content")
    archive = real.project.root / load_config(real.project.content).archive
    project = Project.at(real.project.root, content=content, out=folder / "build", archive=archive)
    build(project, formats=["docx"])
    return project


def test_libreoffice_settles_the_tracked_changes_into_either_edition(real, previous_edition, tmp_path):
    from office import settled_texts

    changes = [real.path(lang, "docx", "changes") for lang in ("zh", "en")]
    jobs = [(choice, path) for lang, tracked in zip(("zh", "en"), changes)
            for choice, path in (("accept", tracked), ("keep", real.path(lang, "docx")), ("reject", tracked),
                                 ("keep", previous_edition.out / lang / f"{real.slug}.docx"))]
    texts = iter(settled_texts(jobs, tmp_path))
    for lang in ("zh", "en"):
        accepted, current, rejected, previous = next(texts), next(texts), next(texts), next(texts)
        assert accepted == current, lang
        assert rejected == previous, lang
        assert rejected != current, lang


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_body_line_runs_past_the_right_margin(real, lang):
    # A closing mark's ink fills the left half of its em: set at half width at the line's end,
    # it reaches the edge; set full width past it, its ink stands out.
    def ink_end(line):
        return line.x1 - (0.5 * BODY_SIZE if line.text[-1] in HALF_WIDTH else 0.0)

    lines = [l for l in pdf_lines(real.path(lang, "pdf")) if l.body and abs(l.x0 - LEFT) < 30]
    assert len(lines) > 300
    assert [(l.page, l.text[-20:], round(ink_end(l) - RIGHT_EDGE, 1)) for l in lines
            if ink_end(l) - RIGHT_EDGE > 1.0] == []


@pytest.mark.parametrize("lang,zero", [("zh", "表0"), ("en", "Table 0")])
def test_every_table_is_numbered_once(real, lang, zero):
    page = html_text(real.path(lang, "html"))
    assert zero not in page and zero not in pdf_text(real.path(lang, "pdf"))


@pytest.mark.parametrize("product,lines", [
    ("report", ["From “Silk Road Diplomacy” to the 2025", "Central Asia–Japan Summit"]),
    ("brief", ["From “Silk Road Diplomacy” to the 2025 Central Asia–Japan Summit"])])   # one line across the page
def test_the_english_subtitle_breaks_between_its_phrases(real, product, lines):
    cover = pdf_page_texts(real.path("en", "pdf", product))[0]
    found = [line.strip() for line in cover.splitlines()]
    start = next(i for i, line in enumerate(found) if line.startswith("From “Silk Road"))
    assert found[start:start + len(lines)] == lines


# Chinese details: one face for the dash and for the digits of a heading, no space after a
# full-width mark, list numbers apart from their text, and the Han–Latin gap everywhere.

_HAN = re.compile("[\u3400-\u9fff]")
_LATIN_OR_DIGIT = re.compile("[A-Za-z0-9]")
_MARKER_BLUE = (0.121569, 0.305882, 0.54902)     # list numbers: templates/pdf/report.css li::marker


def _body_chars(path, band: float = 62.0):
    """Each page's characters in rows, without the running head and folio bands."""
    height = float(PdfReader(str(path)).pages[0].mediabox.height)
    for page, rows in char_rows(path):
        for row in rows:
            if band < row[0]["bottom"] < height - band:
                yield page, row


@pytest.mark.parametrize("product", ["report", "brief"])
def test_chinese_dashes_are_drawn_by_the_chinese_face(real, product):
    latin = [(page, "".join(c["text"] for c in row)[:30]) for page, row in _body_chars(real.path("zh", "pdf", product))
             for c in row if c["text"] == "—" and "CJK" not in c["fontname"]]
    assert latin == []


@pytest.mark.parametrize("product", ["report", "brief"])
def test_no_space_after_a_chinese_full_stop_or_comma(real, product):
    text = pdf_text(real.path("zh", "pdf", product))
    assert re.findall(r".{6}[。，；：] [0-9A-Za-z].{4}", text) == []


def _serif_beside_sans(path):
    """Characters of a serif face set directly beside a sans one of the same size (list numbers aside)."""
    found = []
    for page, rows in char_rows(path):
        for row in rows:
            for a, b in zip(row, row[1:]):
                faces = {"Sans" in a["fontname"], "Sans" in b["fontname"]}
                if (faces == {True, False} and b["x0"] - a["x1"] < 4 and abs(a["size"] - b["size"]) < 0.5
                        and _MARKER_BLUE not in (a["non_stroking_color"], b["non_stroking_color"])):
                    found.append((page, a["text"] + b["text"]))
    return found


@pytest.mark.parametrize("product", ["report", "brief"])
def test_digits_in_chinese_sans_text_are_set_in_its_face(real, product):
    assert _serif_beside_sans(real.path("zh", "pdf", product)) == []


def _marker_gaps(path):
    """The space between each list number ("1.") and its item's first character, in ems."""
    gaps = []
    for _, rows in char_rows(path):
        for row in rows:
            for a, b in zip(row, row[1:]):
                if a["text"] == "." and a["non_stroking_color"] == _MARKER_BLUE != b["non_stroking_color"]:
                    gaps.append(round((b["x0"] - a["x1"]) / b["size"], 2))
    return gaps


@pytest.mark.parametrize("product", ["report", "brief"])
def test_chinese_list_numbers_stand_apart_from_their_text(real, product):
    gaps = _marker_gaps(real.path("zh", "pdf", product))
    assert gaps and min(gaps) >= 0.2, sorted(gaps)[:5]


def _han_latin_without_gap(path):
    found = []
    for page, rows in char_rows(path):
        for row in rows:
            for a, b in zip(row, row[1:]):
                if abs(a["size"] - b["size"]) > 0.5 or min(a["size"], b["size"]) < 6.5:
                    continue       # a superscript citation beside its text
                if ((_HAN.match(a["text"]) and _LATIN_OR_DIGIT.match(b["text"]))
                        or (_LATIN_OR_DIGIT.match(a["text"]) and _HAN.match(b["text"]))):
                    if b["x0"] - a["x1"] < 0.1 * a["size"]:
                        found.append((page, a["text"] + b["text"]))
    return found


@pytest.mark.parametrize("product", ["report", "brief"])
def test_han_and_latin_are_spaced_everywhere_in_print(real, product):
    """Text, headings, cells, links, cover and figures alike ("表 2 所列", "第 1.2 版", "1 亿美元")."""
    assert _han_latin_without_gap(real.path("zh", "pdf", product)) == []


@pytest.mark.parametrize("product", ["report", "brief"])
def test_chinese_headings_and_labels_are_not_letter_spaced(real, product):
    """Text in the sans face (headings, labels, the cover's series line) is never justified:
    its Han characters stand at their own advance. Letter-spacing shows as three gaps or more
    in a row between Han characters; a word space ("第3章 起步") is one gap."""
    spaced = []
    for page, rows in char_rows(real.path("zh", "pdf", product)):
        for row in rows:
            run = 0
            for a, b in zip(row, row[1:]):
                gap = b["x0"] - a["x1"]
                if ("Sans" in a["fontname"] and "Sans" in b["fontname"] and _HAN.match(a["text"])
                        and _HAN.match(b["text"]) and abs(a["size"] - b["size"]) < 0.1
                        and 0.03 * a["size"] < gap < a["size"]):
                    run += 1
                    if run == 3:
                        spaced.append((page, "".join(c["text"] for c in row)[:12]))
                else:
                    run = 0
    assert spaced == []


# The printed tables ---------------------------------------------------------------------------

AMOUNT_HEADERS = {"zh": ["日期", "对象国", "类型", "金额", "用途", "来源"],
                  "en": ["Date", "Recipient", "Type", "Amount", "Purpose", "Source"]}
EVENT_HEADERS = {"zh": ["日期", "事件", "来源"], "en": ["Date", "Event", "Source"]}


def _amount_tables(path, lang):
    from pdf_tables import printed_tables

    tables = printed_tables(path, AMOUNT_HEADERS[lang])
    assert tables, "no table of amounts found"
    return tables


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_sources_are_set_in_the_tables_type_on_one_line(real, lang):
    from pdf_tables import printed_tables

    tables = [t for headers in (AMOUNT_HEADERS, EVENT_HEADERS) for t in printed_tables(real.path(lang, "pdf"),
                                                                                       headers[lang])]
    sources = [(t.size, piece) for t in tables for piece in t.column(headers_last(t))]
    assert len(sources) > 20
    assert [(piece.text, piece.sizes) for size, piece in sources if set(piece.sizes) != {size}] == []
    # A source cited by its author's name ([1]，第69页, "(Gao 2011, 69)") is whole on its line.
    whole = r"\[\d+\](，第[\d-]+页)?" if lang == "zh" else r"\([A-Z][a-z]+\d{4}(,[\d–]+)?\)"
    cited = [piece.text for _, piece in sources if piece.text.startswith(("[", "(G", "(T", "(L"))]
    assert cited and [text for text in cited if not re.fullmatch(whole, text)] == []


def headers_last(table) -> str:
    return list(table.headers)[-1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_amounts_stand_right_aligned_with_their_unit_on_their_line(real, lang):
    type_, amount, purpose = AMOUNT_HEADERS[lang][2:5]
    for table in _amount_tables(real.path(lang, "pdf"), lang):
        pieces = table.between(type_, purpose)
        assert pieces, table.page
        # Each line of the column holds a figure: no unit went to a line of its own.
        assert [p.text for p in pieces if not re.search(r"\d", p.text)] == []
        edges = [p.x1 for p in pieces] + [table.headers[amount][1]]
        assert max(edges) - min(edges) <= 1.0, sorted({(p.text, round(p.x1, 1)) for p in pieces})


def _name_runs(name: str) -> list[str]:
    """A name's words as a reader may see them broken: at spaces, after a dash, before a parenthesis."""
    return [run for run in re.split(r"\s+|(?<=[–—-])|(?=[(（])", name) if run]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_place_name_is_broken_inside_a_word(real, lang):
    import yaml

    names = set()
    for path in (real.project.content / "data").glob("*.yaml"):
        for amount in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("amounts", []):
            names |= {amount[field][lang] for field in ("recipient", "funder") if lang in amount.get(field, {})}
    runs = [_name_runs(name) for name in names]
    whole = {"".join(words[i:j]) for words in runs for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    recipient = AMOUNT_HEADERS[lang][1]
    printed = [p.text for t in _amount_tables(real.path(lang, "pdf"), lang) for p in t.column(recipient)]
    assert len(printed) > 10
    assert [text for text in printed if text not in whole] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_keeps_to_the_text_block(real, lang):
    from pdf_tables import printed_tables, text_block_edges

    left, right = text_block_edges(pdf_lines(real.path(lang, "pdf")))
    found = [printed_tables(real.path(lang, "pdf"), headers[lang]) for headers in (AMOUNT_HEADERS, EVENT_HEADERS)]
    tables = [table for pages in found for table in pages]
    assert all(found) and all(table.rules for table in tables)
    outside = [(t.page, round(x0, 1), round(x1, 1)) for t in tables for x0, x1 in t.rules
               if x0 < left - 0.5 or x1 > right + 0.5]
    assert outside == [], (round(left, 1), round(right, 1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wrapped_chapter_title_hangs_under_its_first_letter(real, lang):
    path = real.path(lang, "pdf")
    reader = PdfReader(str(path))
    height = float(reader.pages[0].mediabox.height)
    chapters = [(reader.get_destination_page_number(item) + 1, height - float(item.top)) for item in reader.outline
                if not isinstance(item, list) and re.match(r"(第\d+章|\d+)\s", item.title)]
    assert len(chapters) == 8
    pages = dict(char_rows(path))
    wrapped = []
    for number, top in chapters:
        heading = []
        for row in (row for row in pages[number] if row[0]["top"] >= top - 2):
            if round(max(c["size"] for c in row)) != 16:      # the heading's lines: its size, one after another
                break
            heading.append(row)
        label = re.match(r"第\d+章|\d+", "".join(c["text"] for c in heading[0])).group(0)
        title_left = heading[0][len(label)]["x0"]
        if len(heading) > 1:
            wrapped.append((number, [round(row[0]["x0"] - title_left, 1) for row in heading[1:]]))
    assert wrapped, "no chapter title wraps"
    assert [(page, offsets) for page, offsets in wrapped if any(abs(o) > 1.0 for o in offsets)] == [], wrapped
