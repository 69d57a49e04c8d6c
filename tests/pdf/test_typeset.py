"""Print typesetting: flush justification, line-start rules, CJK–Latin spacing, in Chinese and Japanese."""

from __future__ import annotations

import re

import pytest

from pdf_lines import CLOSING, LEFT, OPENING, RIGHT_EDGE, flush, non_final_body_lines, pdf_lines, pdf_pages
from readers import pdf_text
from reportkit.pdf.typeset import move_spaces_into_inline_elements, typeset_cjk_tree, typeset_text
from reportkit.text import htmltree


def _through_tree(edit, html: str) -> str:
    """The HTML as the print page holds it after `edit` changed its tree."""
    tree = htmltree.parse(html)
    edit(tree)
    return htmltree.serialize(tree)


def test_stretch_points_respect_punctuation():
    assert typeset_text("中亚“丝路”。") == '中 亚 “\u00a0丝 路\u00a0<span class="halt">”</span>\u2060。'


def test_a_connecting_dash_stays_with_what_it_joins():
    assert typeset_text("1997—2004年") == '1997\u2060—\u20602004<span class="gap"> </span>年'
    assert typeset_text("中亚—日本") == "中 亚\u2060—\u2060日 本"
    # The Chinese dash —— may break before or after, never between its halves.
    assert "—\u2060—" in typeset_text("他说——不")


def test_adjacent_punctuation_is_compressed():
    # ”，“ takes two ems, not three: the closing marks lose their trailing blank.
    assert typeset_text("安全”，“政治") == (
        '安 全\u00a0<span class="halt">”</span>\u2060<span class="halt">， </span>“\u00a0政 治')
    # An opening mark after another loses its leading blank.
    assert '<span class="halt">“</span>' in typeset_text("（“丝路”）")


def test_a_paragraph_never_ends_with_a_line_of_one_character():
    assert _through_tree(typeset_cjk_tree, "<p>但基础依旧薄弱。</p>") == "<p>但 基 础 依 旧 薄&nbsp;弱&nbsp;。</p>"


def test_headings_captions_and_cells_get_the_han_latin_gap_but_no_stretch_points():
    html = _through_tree(typeset_cjk_tree, '<h3>“欧亚外交”（1997年）</h3><table><tr><td>日本提出（1997年）政策。</td></tr></table>')
    assert '<h3 data-bookmark="“欧亚外交”（1997年）">' in html
    assert '（1997<span class="gap"> </span>年）' in html
    # In a cell a short parenthesis and the last two characters stay on one line.
    assert '<span class="nobreak">（1997<span class="gap"> </span>年）</span>' in html
    assert '<span class="nobreak">政策。</span>' in html
    assert "日 本" not in html


def test_quarter_em_between_han_and_latin():
    assert typeset_text("于1991年") == '于<span class="gap"> </span>1991<span class="gap"> </span>年'


def test_latin_runs_keep_their_apostrophe_and_spaces():
    assert typeset_text("见Japan’s policy") == (
        '见<span class="gap"> </span><span class="latin">Japan’s policy</span>')


def _report_lines(built, lang):
    return pdf_lines(built.path(lang, "pdf"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_body_lines_end_flush_with_the_text_block(mini, lang):
    measured = non_final_body_lines(_report_lines(mini, lang), LEFT)
    assert measured, "no non-final body line found to measure"
    ragged = [(l.page, l.text[-12:], round(RIGHT_EDGE - l.x1, 2)) for l in measured if not flush(l)]
    assert ragged == []


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(mini):
    lines = _report_lines(mini, "zh")
    assert [l.text for l in lines if l.text[0] in CLOSING] == []
    assert [l.text for l in lines if l.text[-1] in OPENING] == []


def test_space_before_an_inline_element_moves_inside_it():
    html = '1991 <span class="citation">(<a href="#r">Gao</a>)</span> and'
    assert _through_tree(move_spaces_into_inline_elements, html) == (
        '1991<span class="citation"> (<a href="#r">Gao</a>)</span> and')


def test_reference_entries_keep_their_spaces_as_text():
    html = ('<div class="csl-entry"><div class="csl-right-inline">王一, 李二. 标题[EB/OL]. (2025-12).'
            '<a href="https://x.org/"> https://x.org/</a></div></div>')
    assert _through_tree(typeset_cjk_tree, html) == (
        '<div class="csl-entry"><div class="csl-right-inline">王 一<span class="latin">, </span>李&nbsp;二'
        '<span class="latin">. </span>标&nbsp;题<span class="latin">[EB/OL]. (2025-12).</span>'
        '<a href="https://x.org/"><span class="latin"> https://x.org/</span></a></div></div>')
def test_a_space_moves_into_the_innermost_inline_element():
    html = 'remain; <a href="#r"><em>Jiefang Ribao</em> 2025</a>'
    assert _through_tree(move_spaces_into_inline_elements, html) == 'remain;<a href="#r"><em> Jiefang Ribao</em> 2025</a>'


def test_table_cells_inside_a_div_are_set_line_by_line_without_stretch_points():
    html = ('<div class="report-table"><table><tr><td>同年第二次外长会议召开，日本同样突出安全议题。</td></tr>'
            '</table></div><p>中亚</p>')
    assert _through_tree(typeset_cjk_tree, html) == (
        '<div class="report-table"><table><tr><td>同年第二次外长会议召开，日本同样突出安全'
        '<span class="nobreak">议题。</span></td></tr></table></div><p>中&nbsp;亚</p>')


def test_kana_take_stretch_points_and_gaps_as_han_characters():
    assert typeset_text("中央アジアとJapan") == '中 央 ア ジ ア と<span class="gap"> </span>Japan'
    # No line starts with a small kana, the long-vowel mark or an iteration mark.
    assert typeset_text("キャッシュ・フロー人々") == "キ\u00a0ャ\u00a0ッ シ\u00a0ュ\u00a0・ フ ロ\u00a0ー 人\u00a0々"


def _cjk_rows(path):
    """The justified body lines of a PDF as (text, chars) rows, in reading order."""
    rows = {}
    for page in pdf_pages(path):
        for char in page.chars:
            # The stretch points are spaces that carry no text: only the characters count.
            if (char["text"].strip() and round(char["size"], 1) == 10.5
                    and "SerifCJK" in char["fontname"].replace("-", "")):
                rows.setdefault((page.number, round(char["bottom"])), []).append(char)
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(rows.items())]


def test_a_japanese_line_spaces_kana_and_kanji_alike(trilingual):
    """Justification widens every gap of a line of kanji and kana by the same amount, so a
    word such as 中央アジア reads as one: no wider gap between its kanji than between its kana."""
    from reportkit.pdf.typeset import LETTERS

    path = trilingual.path("ja", "pdf")
    lines = non_final_body_lines(_report_lines(trilingual, "ja"), LEFT)
    assert lines and [l.text for l in lines if not flush(l)] == []
    letter = re.compile(f"[{LETTERS}]")
    measured = 0
    for chars in _cjk_rows(path):
        text = "".join(c["text"] for c in chars)
        if not any(text in line.text for line in lines) or len(chars) < 20:
            continue
        gaps = [round(b["x0"] - a["x1"], 2) for a, b in zip(chars, chars[1:])
                if letter.match(a["text"]) and letter.match(b["text"])]
        assert max(gaps) - min(gaps) < 0.2, (text, sorted(set(gaps)))
        measured += 1
    assert measured >= 2
    text = pdf_text(path)
    assert "中央アジア諸国の独立を正式に承認し" in text
    assert "キルギスやカザフスタンなどとの外交関係" in text


def test_no_japanese_line_starts_with_closing_or_ends_with_opening_punctuation(trilingual):
    lines = _report_lines(trilingual, "ja")
    assert [l.text for l in lines if l.text[0] in CLOSING] == []
    assert [l.text for l in lines if l.text[-1] in OPENING] == []


def test_a_chapter_label_never_breaks_in_the_contents(trilingual):
    import pdfplumber

    with pdfplumber.open(str(trilingual.path("ja", "pdf"))) as pdf:
        contents = next(page.extract_text() for page in pdf.pages if "目次" in (page.extract_text() or ""))
    lines = [line.replace(" ", "") for line in contents.splitlines()]
    assert any(line.startswith("第1章はじめに") for line in lines), lines
    assert any(line.startswith("第2章主な知見") for line in lines), lines


def test_no_space_is_set_after_a_full_width_mark():
    html = _through_tree(typeset_cjk_tree, "<p><strong>提速。</strong> 1992年起步。 2000年</p>")
    assert "。</strong>1992" in html
    assert "。2000" in html


def test_gap_and_compression_reach_across_inline_elements():
    html = _through_tree(typeset_cjk_tree, '<p>见<a href="#t">表2</a>所列；<a href="#r">高博杰（2011）</a>；唐</p>')
    assert '2</a><span class="gap"> </span>所' in html
    assert '（2011<span class="halt">）</span></a>；' in html
    # Nor does a break opportunity between two kept runs ("1994年" / "4月") stand between them.
    html = _through_tree(typeset_cjk_tree, '<td><span class="nobreak">1994年</span>\u200b<span class="nobreak">4月</span></td>')
    assert '年<span class="gap"> </span></span>\u200b<span class="nobreak">4' in html
    # Not across paragraphs: each begins anew.
    assert _through_tree(typeset_cjk_tree, "<p>A2</p><p>中</p>") == "<p>A2</p><p>中</p>"
