"""Chinese paragraphs broken as a whole: lines that push a cluster in rather than spread out."""

from __future__ import annotations

import re
import statistics

import pytest

from pdf_lines import char_rows, han_gaps
from reportkit.pdf import cjkbreak
from reportkit.pdf.paginate import paginate
from reportkit.pdf.typeset import typeset_cjk_tree
from reportkit.text import htmltree
from reportkit.text.fonts import space_width

FACE = "Noto Serif CJK SC"

# In a measure of 20 ems: seventeen characters and marks, then "character + citation + full stop",
# which does not fit in the three ems left (first-fit ends the line before it and spreads it);
# and nineteen, then a paragraph's last two characters and its full stop, which stay together.
TEXTS = [
    "日本建交，提供援助，局势稳定，经济回<sup>[1]69</sup>。此后各方继续推进合作，扩大投资，加强协调。",
    "能源，交通，人才，安全，投资，五个领域重要。",
]


def _page(texts: list[str]) -> str:
    body = htmltree.parse("".join(f"<p>{text}</p>" for text in texts))
    typeset_cjk_tree(body)
    return f"""<html class="cjk" lang="zh-CN"><head><style>
      @page {{ size: 160mm 200mm; margin: 10mm; }}
      p {{ width: 20em; margin: 0 0 1em; font: 14px/1.8 "{FACE}"; text-align: justify;
          word-spacing: -{space_width(FACE)}em; }}
      sup {{ font-size: 0.7em; line-height: 0; }}
      .halt {{ font-feature-settings: "halt"; }}
      .gap {{ word-spacing: normal; }}
    </style></head><body>{htmltree.serialize(body)}</body></html>"""


def _han_gaps(path) -> list[float]:
    """The median gap between two Han characters of each line holding ten pairs or more, in ems."""
    medians = []
    for _, rows in char_rows(path):
        for row in rows:
            gaps = han_gaps(row)
            if len(gaps) >= 10:
                medians.append(statistics.median(gaps))
    return medians


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    import weasyprint

    folder = tmp_path_factory.mktemp("cjk")
    paths = {}
    for name, cjk in (("first-fit", False), ("whole", True)):
        paths[name] = folder / f"{name}.pdf"
        paginate(lambda html: weasyprint.HTML(string=html), _page(TEXTS), {}, cjk=cjk).write_pdf(paths[name])
    return paths


def test_first_fit_spreads_the_line_before_an_unbreakable_cluster(laid_out):
    """The case the breaker is for exists: WeasyPrint alone tracks these lines out."""
    assert max(_han_gaps(laid_out["first-fit"])) > 0.05


def test_whole_paragraph_breaks_push_the_cluster_in_instead(laid_out):
    gaps = _han_gaps(laid_out["whole"])
    assert gaps and max(gaps) <= 0.03, gaps   # what half-width steps leave over, spread: far below 0.05


def test_the_text_is_the_same_either_way(laid_out):
    from readers import pdf_text

    def text(path):
        return re.sub(r"\s+", "", pdf_text(path)).replace("\u2060", "").replace("\u200b", "")

    assert text(laid_out["whole"]) == text(laid_out["first-fit"])
    assert "经济回[1]69。此后" in text(laid_out["whole"]) and text(laid_out["whole"]).endswith("五个领域重要。")


def test_a_break_may_come_after_a_citation_or_a_closing_mark_and_around_the_chinese_dash():
    assert cjkbreak._may_break_before("]", True, "（", False)
    assert cjkbreak._may_break_before("]", True, "见", False)
    assert not cjkbreak._may_break_before("]", True, "。", False)
    assert cjkbreak._may_break_before("。", False, "1", False)
    assert cjkbreak._may_break_before("标", False, "—", False)
    assert cjkbreak._may_break_before("—", False, "逐", False)
    assert not cjkbreak._may_break_before("“", False, "中", False)   # never after an opening mark
    assert not cjkbreak._may_break_before("中", False, "，", False)  # never before a closing one
    assert not cjkbreak._may_break_before("7", False, "月", False)   # Han–Latin: only at the gap's space
