"""What the breakers remember between builds: an edit measures the paragraphs it touched, and only those."""

from __future__ import annotations

import pickle

import pytest
import weasyprint
from pypdf import PdfReader

from reportkit.pdf import linebreak
from reportkit.pdf.breakers import BreakMemory
from reportkit.pdf.paginate import PagePlans, paginate

_PARAGRAPHS = [
    "Japan recognized the independence of the five republics within days of the Soviet collapse, and its "
    "diplomats opened embassies across the region over the following years, one capital after another.",
    "Loans for railways, power stations and water supply followed, most of them on concessional terms, "
    "and by the end of the decade the region counted among the larger recipients of its official aid.",
    "The dialogue that brought the foreign ministers of all five states to one table began later, and for "
    "a long time it met without a standing secretariat or a programme of its own to carry forward.",
]


def _page(paragraphs: list[str], size: str = "10.5pt") -> str:
    text = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return ("<html lang=\"en-US\"><head><style>@page { size: 120mm 160mm; margin: 12mm }\n"
            f"p {{ text-align: justify; hyphens: auto; font-size: {size}; margin: 0 0 2mm }}</style></head>"
            f"<body lang=\"en-US\">{text}</body></html>")


@pytest.fixture
def measured(monkeypatch) -> list[str]:
    """The text of each paragraph the English breaker measures."""
    seen = []
    build_items = linebreak.build_items

    def counting(paragraph, measure, hyphenator):
        seen.append("".join(getattr(slot.element, slot.attribute) or "" for slot in paragraph.slots)[:30])
        return build_items(paragraph, measure, hyphenator)

    monkeypatch.setattr(linebreak, "build_items", counting)
    return seen


def _lay_out(html: str, tmp_path, name: str, memory: bytes | None = None) -> tuple[list[str], bytes]:
    """(each page's text, the memory kept) for a page laid out with a memory read back from bytes."""
    plans = PagePlans(memory=BreakMemory(pickle.loads(memory) if memory else None))
    path = tmp_path / f"{name}.pdf"
    paginate(lambda text: weasyprint.HTML(string=text), html, {}, justify=True, hyphenation_language="en-US",
             plans=plans).write_pdf(path)
    return [page.extract_text() for page in PdfReader(str(path)).pages], plans.memory.dump()


def test_an_edit_measures_only_the_paragraph_it_touched_and_sets_every_line_as_a_fresh_build(tmp_path, measured):
    _, memory = _lay_out(_page(_PARAGRAPHS), tmp_path, "first")
    assert len(measured) == 3
    edited = [_PARAGRAPHS[0], _PARAGRAPHS[1].replace("Loans for railways", "Loans for roads, railways"),
              _PARAGRAPHS[2]]
    measured.clear()
    again, _ = _lay_out(_page(edited), tmp_path, "again", memory)
    assert measured == ["Loans for roads, railways, pow"]
    fresh, _ = _lay_out(_page(edited), tmp_path, "fresh")
    assert again == fresh


def test_a_paragraph_added_before_the_others_leaves_their_breaks_remembered(tmp_path, measured):
    """Blocks are named by their place (p1, p2…): the memory is not, so the names moving costs nothing."""
    _, memory = _lay_out(_page(_PARAGRAPHS), tmp_path, "first")
    measured.clear()
    added = ["A short opening paragraph, added by the edit, that the three others now follow on the page."]
    again, _ = _lay_out(_page(added + _PARAGRAPHS), tmp_path, "again", memory)
    assert measured == [added[0][:30]]
    fresh, _ = _lay_out(_page(added + _PARAGRAPHS), tmp_path, "fresh")
    assert again == fresh


def test_a_changed_stylesheet_measures_every_paragraph_again(tmp_path, measured):
    _, memory = _lay_out(_page(_PARAGRAPHS), tmp_path, "first")
    measured.clear()
    _lay_out(_page(_PARAGRAPHS, size="11pt"), tmp_path, "larger", memory)
    assert len(measured) == 3


def test_a_memory_that_cannot_be_read_is_no_memory(tmp_path):
    broken = tmp_path / "report-breaks.pickle"
    broken.write_bytes(b"not a pickle")
    assert BreakMemory.read(broken) is None
    assert BreakMemory.read(tmp_path / "missing.pickle") is None
    assert BreakMemory({"form": -1, "choices": {"key": ("edits",)}}).recall("key") is None
