"""Citation records and anchors: what the evidence check reads, what pandoc never sees."""

from __future__ import annotations

from helpers import EVIDENCE, ROOT
from reportkit.text.anchors import strip_anchors
from reportkit.check.archive import normalized
from reportkit.text.citations import section_citations
from reportkit.render.language import EditionContext
from reportkit.load.report import load_report
from reportkit.model import Section
from reportkit.text.numbers import chinese_value, report_numbers, source_numbers
from reportkit.check.records import citation_records, inherit
from reportkit.render.report import EditionRenderer
from reportkit.check.validate import validate

BODY = """日本于1997年提出“丝绸之路外交”[@gao2011, p. 69 <<丝绸之路外交>>]。峰会确立了三个领域
[@tang2025 <<三大优先领域>>; @lian2025 <<政治上>>]：

1. 绿色经济[@tang2025]；
2. 示例写作 `[@code2020 <<不是引文>>]`，见 @lian2025。

```
[@fenced2020 <<也不是>>]
```
"""


def _section(body=BODY, lang="zh"):
    return Section("s", lang, "s.md", "S", body, 4)


def test_records_carry_key_locator_anchor_line_and_sentence():
    records = citation_records(_section())
    assert [(r.key, r.locator, r.anchor, r.line, r.paragraph_index) for r in records] == [
        ("gao2011", "p. 69", "丝绸之路外交", 4, 0), ("tang2025", "", "三大优先领域", 5, 0),
        ("lian2025", "", "政治上", 5, 0), ("tang2025", "", None, 7, 1), ("lian2025", "", None, 8, 1)]
    assert records[0].sentence == "日本于1997年提出“丝绸之路外交”[@gao2011, p. 69 <<丝绸之路外交>>]。"
    assert records[3].sentence == "1. 绿色经济[@tang2025]；"
    second = records[1]
    assert second.sentence[second.cite_start:second.cite_end] == \
        "[@tang2025 <<三大优先领域>>; @lian2025 <<政治上>>]"


def test_code_spans_and_blocks_hold_no_citation():
    keys = {r.key for r in citation_records(_section())}
    assert "code2020" not in keys and "fenced2020" not in keys


def test_records_are_the_citations_pandoc_finds():
    body = BODY + ("\n写信给 me@example.org，见[链接](https://medium.com/@gao2011/post)，"
                   "转义的 \\@tang2025 不是引文[@lian2025, p. 3 <<一; 二>>]。\n")
    section = _section(body)
    records = citation_records(section)
    assert [(r.key, r.locator, r.line) for r in records] == \
        [(c.key, c.locator, c.line) for c in section_citations(section)]
    # An anchor may hold a ';': it stays one item's anchor, and pandoc reads the locator.
    last = records[-1]
    assert (last.key, last.locator, last.anchor, last.line) == ("lian2025", "p. 3", "一; 二", 14)
    assert len(records) == 6


def test_a_key_in_a_link_address_before_its_citation_leaves_the_citation_its_anchor():
    records = citation_records(_section("见[链接](https://medium.com/@gao2011/post)\n与<https://x.org/@gao2011>，"
                                        "以及[@gao2011, p. 69 <<丝绸之路外交>>]。"))
    assert [(r.key, r.locator, r.anchor, r.line) for r in records] == [("gao2011", "p. 69", "丝绸之路外交", 5)]


def test_anchors_are_stripped_and_leave_keys_and_locators_alone():
    stripped = strip_anchors(BODY)
    assert "<<丝绸之路外交>>" not in stripped and "<<政治上>>" not in stripped
    assert "[@gao2011, p. 69]" in stripped and "[@tang2025; @lian2025]" in stripped
    assert "`[@code2020 <<不是引文>>]`" in stripped  # code is shown as written
    assert [(c.key, c.locator) for c in section_citations(_section(stripped))] == \
        [(c.key, c.locator) for c in section_citations(_section())]


def test_no_anchor_reaches_the_rendered_markdown():
    report = load_report(EVIDENCE / "content")
    edition = EditionContext.of(report.config.languages["zh"], ROOT / "templates",
                                ROOT / "templates" / "locales")
    renderer = EditionRenderer(report, validate(report), edition, "html")
    markdown = renderer.render()
    assert "<<" not in markdown and "最初只是一个渔港" not in markdown
    assert "[@lin2019, {11}]^11^" in markdown           # the page stays, after the bracket as GB/T 7714 sets it


def test_translation_inherits_anchors_in_order():
    zh = citation_records(_section("甲[@a <<一>>]，乙[@b <<二>>]，丙[@a <<三>>]。\n\n丁[@b <<四>>]。"))
    en = citation_records(_section("B [@b], A [@a], A again [@a].\n\nD [@b].", "en"))
    inherited = inherit(zh, en)
    assert [inherited[i].anchor for i in range(len(en))] == ["二", "一", "三", "四"]


def test_normalization_folds_width_space_script_dashes_and_readings():
    assert normalized("Ｃ５＋１ 峰會(huì) —— “中亚” ") == normalized('c5+1峰会--"中亚"')


def test_numbers_as_values():
    assert [chinese_value(r) for r in ("二〇二五", "二百四十", "三万亿", "十五", "一千零五")] == [
        2025, 240, 3 * 10 ** 12, 15, 1005]
    assert [(shown, int(value)) for shown, value, _ in report_numbers("签署了150多份，3万亿日元，占30%")] == [
        ("150", 150), ("3万亿", 3 * 10 ** 12), ("30%", 30)]
    stated = source_numbers("金额在5到6亿美元左右，20世纪90年代，3兆日圓，二〇〇四年，30000亿")
    assert {5 * 10 ** 8, 6 * 10 ** 8, 1990, 3 * 10 ** 12, 2004} <= {int(v) for v in stated}
