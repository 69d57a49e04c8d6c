"""The widths justified paragraphs are broken for before layout are the widths WeasyPrint sets them in."""

from __future__ import annotations

import weasyprint

from reportkit.pdf import linebreak, paginate, predict, weasy

# Every way the print stylesheets size a block: page margins in mm, a named page with other margins,
# padding in mm and %, negative margins (a panel reaching into the margin), a border, a list,
# two columns with a gap, a heading across both, and a flex row whose width only layout knows.
_STYLE = """
@page { size: 150mm 120mm; margin: 12mm 17mm 12mm 13mm }
@page wide { margin: 10mm 6mm }
p, li { text-align: justify; hyphens: auto; font-size: 10pt; margin: 0 0 2mm }
.inset { padding: 0 4mm 0 6%; border-left: 1.5pt solid black }
.panel { margin: 2mm -5mm; padding: 2mm 5mm 1mm 3mm }
ol { padding-left: 1.8em }
.columns { columns: 2; column-gap: 7mm }
.columns h2 { column-span: all }
.on-wide { page: wide }
.row { display: flex } .row p { flex: 1 1 0 }
"""
_TEXT = "The commitments were read against what each partner government reported, year by year. "


def _page(flex: bool = True) -> str:
    blocks = [
        f'<p>{_TEXT}</p>',
        f'<div class="inset"><p>{_TEXT}</p><div class="panel"><p>{_TEXT}</p></div></div>',
        f'<ol><li>{_TEXT}</li><li><p>{_TEXT}</p></li></ol>',
        f'<div class="columns"><h2>Both columns</h2><p>{_TEXT * 3}</p><p>{_TEXT * 2}</p></div>',
        f'<section class="on-wide"><p>{_TEXT}</p></section>',
    ] + ([f'<div class="row"><p>{_TEXT}</p><p>{_TEXT}</p></div>'] if flex else [])
    return (f'<html lang="en-US"><head><style>{_STYLE}</style></head>'
            f'<body lang="en-US">{"".join(blocks)}</body></html>')


def _predicted(html: str) -> dict[str, float]:
    source = weasyprint.HTML(string=html)
    root = weasy.source_tree(source)
    paginate.mark_blocks(root)
    root_box = weasy.formatting_structure(source)
    probe = predict.probe_page(html, predict.page_names(root_box))
    areas = predict.page_areas(weasyprint.HTML(string=probe).render())
    reading = predict.reading_before_layout(root_box, areas)
    return {element.get(linebreak.BLOCK): width for element, (_, width) in reading.blocks.items()}


def _laid_out(html: str) -> dict[str, float]:
    source = weasyprint.HTML(string=html)
    paginate.mark_blocks(weasy.source_tree(source))
    reading = linebreak.reading_of_layout(source.render())
    return {element.get(linebreak.BLOCK): width for element, (_, width) in reading.blocks.items()}


def test_each_predicted_width_is_the_width_weasyprint_lays_the_paragraph_out_in():
    predicted, laid_out = _predicted(_page()), _laid_out(_page())
    flexed = {"p8", "p9"}
    assert set(laid_out) - set(predicted) == flexed, "only the flex row's paragraphs wait for the layout"
    assert set(predicted) == set(laid_out) - flexed
    for block, width in predicted.items():
        assert abs(width - laid_out[block]) < 0.01, (block, width, laid_out[block])
    # Six different widths (full, inset, panel, list, column, wide page): every rule above is exercised.
    assert len({round(width, 2) for width in predicted.values()}) == 6


def test_a_paragraph_set_in_another_width_than_predicted_is_broken_again_for_the_width_it_got(monkeypatch):
    """A wrong prediction costs one more layout, never a line past the measure."""
    real = predict.reading_before_layout

    def narrower(*args, **kwargs):
        reading = real(*args, **kwargs)
        reading.blocks = {element: (style, width - 40) for element, (style, width) in reading.blocks.items()}
        return reading

    monkeypatch.setattr(predict, "reading_before_layout", narrower)
    layouts = []
    html = _page()

    def source(text: str):
        if text == html:
            layouts.append(text)
        return weasyprint.HTML(string=text)

    document = paginate.paginate(source, html, {}, justify=True, hyphenation_language="en-US")
    # Read before layout, laid out, broken again for the widths the layout gave, laid out again.
    assert len(layouts) == 3
    lines = paginate.paragraph_lines(document, {block: None for block in _laid_out(html)})
    full = [line for paragraph in lines.values() for line in paragraph[:-1]]
    assert full and all(line.overflow <= 0.5 for line in full)
    # Each paragraph's lines fill its measure: none was left broken for the narrower width.
    assert all(line.overflow > -8 for line in full), [line.text for line in full if line.overflow <= -8]


def test_a_page_without_tables_or_figures_is_laid_out_once():
    layouts = []
    html = _page(flex=False)

    def source(text: str):
        if text == html:
            layouts.append(text)
        return weasyprint.HTML(string=text)

    paginate.paginate(source, html, {}, justify=True, hyphenation_language="en-US")
    assert len(layouts) == 2, "the page read once before layout, and laid out once"
