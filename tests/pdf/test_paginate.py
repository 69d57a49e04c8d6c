"""Pages as a reader turns them: full pages, running heads, folios, contents, continued tables."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from pdf_lines import pdf_pages, running_heads, text_rows
from readers import pdf_page_texts, pdf_text

PRODUCTS = [(lang, product) for lang in ("zh", "en") for product in ("report", "brief")]


def _flat(text: str) -> str:
    return re.sub(r"[\s\u2060]+", "", text)


@pytest.mark.parametrize("lang,product", PRODUCTS)
def test_no_page_but_the_last_holds_fewer_than_six_lines(real, lang, product):
    pages = text_rows(real.path(lang, "pdf", product))
    short = [(number, len(rows)) for number, rows in enumerate(pages[:-1], 1) if len(rows) < 6]
    assert short == []


def _outline(reader, items=None, depth=0):
    items = reader.outline if items is None else items
    found = []
    for item in items:
        if isinstance(item, list):
            found += _outline(reader, item, depth + 1)
        else:
            found.append((depth, _flat(item.title), reader.get_destination_page_number(item) + 1))
    return found


def _headings_in_force(path) -> dict[int, str]:
    """Page number → the chapter (or, in the brief, section) heading in force at the top of that page:
    the last that started on an earlier page, or at the very top of this one, before any line of text."""
    from pdf_lines import page_rows

    reader = PdfReader(str(path))
    height = float(reader.pages[0].mediabox.height)
    starts = [(reader.get_destination_page_number(item) + 1, height - float(item.top), _flat(item.title))
              for item in reader.outline if not isinstance(item, list)]
    pages = page_rows(path)
    in_force, current = {}, None
    for number, rows in enumerate(pages, 1):
        text_tops = [row.top for row in rows if not (row.size <= 9.5 and (row.bottom < 62 or row.top > height - 62))]
        for page, top, title in starts:
            if page == number and text_tops and top <= min(text_tops) + 1:
                current = title                  # nothing printed above it: it heads the page
        in_force[number] = current
        current = next((title for page, _, title in reversed(starts) if page == number), current)
    return in_force


@pytest.mark.parametrize("lang,product", PRODUCTS)
def test_running_heads_name_the_heading_in_force_at_the_top_of_the_page(real, lang, product):
    from reportkit.load.report import load_config

    path = real.path(lang, "pdf", product)
    short_title = _flat(load_config(real.project.content).languages[lang].short_title)
    heads = {page: _flat(head) for page, head in running_heads(path).items() if _flat(head) != short_title}
    in_force = _headings_in_force(path)
    assert len(heads) >= (1 if product == "brief" else 8)
    assert [(page, head, in_force[page]) for page, head in heads.items() if head != in_force[page]] == []


@pytest.mark.parametrize("lang,folio", [("zh", r"—\d+—"), ("en", r"\d+")])
def test_folios_are_bare_numbers(real, lang, folio):
    for number, page in enumerate(pdf_page_texts(real.path(lang, "pdf"))[1:-1], 2):
        last_line = _flat(page.strip().splitlines()[-1])
        assert re.fullmatch(folio, last_line) or re.search(folio + "$", last_line), (number, last_line)
    text = pdf_text(real.path(lang, "pdf"))
    # No "Page 3" or "第 3 页" anywhere: the folio is the number alone.
    assert not re.search(r"^\s*(Page\s*\d+|第\s*\d+\s*页)\s*$", text, re.M)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_contents_have_dot_leaders_to_bare_page_numbers(real, lang):
    contents = pdf_page_texts(real.path(lang, "pdf"))[1].splitlines()
    entries = [line for line in contents if re.search(r"(\. ?){5,}\s*\d+$", line)]
    assert len(entries) >= 20


@pytest.mark.parametrize("lang,continued,header", [("zh", "表1（续）", "日期事件来源"),
                                                    ("en", "Table1(continued)", "DateEventSource")])
def test_a_table_continued_on_a_new_page_repeats_its_caption_and_header(real, lang, continued, header):
    pages = [_flat(page) for page in pdf_page_texts(real.path(lang, "pdf"))]
    first = next(n for n, text in enumerate(pages) if continued.replace("（续）", "").replace("(continued)", "") in text
                 and continued not in text)
    later = [n for n, text in enumerate(pages) if continued in text]
    assert later and all(n > first for n in later)
    for n in later:
        assert pages[n].index(continued) < pages[n].index(header)


@pytest.mark.parametrize("lang,continued", [("zh", "（续）"), ("en", "(continued)")])
def test_a_continued_table_opens_its_page_with_the_caption_as_on_its_first(real, lang, continued):
    """On each page a table continues onto, the first thing drawn under the running head is the
    continued caption: no rule of the row set last on the page before."""
    checked = 0
    for page in pdf_pages(real.path(lang, "pdf")):
        text = "".join(char["text"] for char in page.chars)
        if continued not in text:
            continue
        caption_top = min(char["top"] for char in page.chars if char["top"] > 62 and char["text"].strip())
        rules = [rule for rule in (*page.lines, *page.rects)
                 if rule["bottom"] - rule["top"] < 2 and rule["x1"] - rule["x0"] > 100 and 62 < rule["top"] < caption_top]
        assert not rules, (page.number, caption_top, rules[0]["top"])
        checked += 1
    assert checked >= 2


def _table_page(filler_lines: int,
                holder: str = 'id="tbl:t" class="report-table" data-continued="Table 9 (continued)"') -> str:
    """A small page: filler lines, then a report table of 30 rows with the print stylesheet's rules for a
    caption row and a continued one."""
    import jinja2
    from helpers import ROOT

    from reportkit.render.look import LOOK

    css = (ROOT / "templates" / "pdf" / "report.css").read_text(encoding="utf-8")
    rules = "\n".join(line for line in css.splitlines()
                      if line.startswith(("th {", "td {", "tr.{{ look.classes.caption_row }} td")))
    table_rules = jinja2.Template(rules).render(look=LOOK, fonts={"heading": "sans-serif"})
    rows = "".join(f"<tr><td>row-{n:02d}</td><td>value</td></tr>" for n in range(30))
    filler = "".join(f"<p>Filler line {n}.</p>" for n in range(filler_lines))
    return (f"<html><head><style>@page {{ size: 100mm 80mm; margin: 10mm }} p {{ margin: 0 }}\n"
            f"table {{ width: 100%; border-collapse: collapse }}\n{table_rules}</style></head>"
            f"<body>{filler}<div {holder}>"
            f"<table><caption>Table 9: Long</caption><thead><tr><th>Row</th><th>Value</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div></body></html>")


def test_a_table_never_leaves_its_caption_and_header_with_one_row_at_a_page_foot(tmp_path):
    import weasyprint

    from reportkit.pdf.paginate import paginate

    pages_with_caption = set()
    for filler in range(0, 14):
        document = paginate(lambda html: weasyprint.HTML(string=html), _table_page(filler), {})
        path = tmp_path / f"t{filler}.pdf"
        document.write_pdf(path)
        for number, page in enumerate(PdfReader(str(path)).pages):
            text = page.extract_text()
            if "Table 9: Long" in text:
                rows = re.findall(r"row-\d\d", text)
                assert len(rows) >= 2, (filler, number, text)
                pages_with_caption.add(number)
            elif "row-" in text:
                assert "Table 9 (continued)" in text, (filler, number)
    assert pages_with_caption == {0, 1}   # some fillers leave room for the table on the first page, some not


def _laid_out_pages(html: str, tmp_path, name: str, last: dict | None = None, **options):
    """(each page's text, how many layouts it took, the plan it made) for a page laid out by the passes."""
    import json

    import weasyprint

    from reportkit.pdf.paginate import PagePlans, paginate

    # The plan goes through JSON, as it does between two builds.
    plans = PagePlans(last=json.loads(json.dumps(last)) if last is not None else None)
    path = tmp_path / f"{name}.pdf"
    paginate(lambda text: weasyprint.HTML(string=text), html, {}, plans=plans, **options).write_pdf(path)
    return [page.extract_text() for page in PdfReader(str(path)).pages], plans.layouts, plans.made


def test_a_table_running_over_pages_is_laid_out_once_with_its_caption_continued(tmp_path):
    pages, layouts, _ = _laid_out_pages(_table_page(3), tmp_path, "table")
    assert layouts == 1
    assert len(pages) > 2
    assert pages[0].startswith("Filler line 0") and "Table 9: Long\nRow Value\nrow-00" in pages[0]
    for text in pages[1:]:
        assert text.startswith("Table 9 (continued)\nRow Value\nrow-"), text[:60]
        assert "Table 9: Long" not in text
    assert [row for text in pages for row in re.findall(r"row-\d\d", text)] == [f"row-{n:02d}" for n in range(30)]


def _page_ends_page(height: int) -> str:
    """`_justified_page` on pages `height` mm tall: at 70 mm a hyphenated line ends the first page."""
    return _justified_page().replace("size: 110mm 80mm", f"size: 110mm {height}mm")


def test_a_page_built_again_with_its_last_plan_is_laid_out_once_into_the_same_pages(tmp_path):
    html = _page_ends_page(70)
    options = {"justify": True, "hyphenation_language": "en-US"}
    first, layouts, plan = _laid_out_pages(html, tmp_path, "first", **options)
    assert layouts == 2 and plan["page_ends"], "a hyphen ending a page: found on one layout, mended on the next"
    again, layouts_again, plan_again = _laid_out_pages(html, tmp_path, "again", last=plan, **options)
    assert layouts_again == 1
    assert again == first and plan_again == plan


@pytest.mark.parametrize("shorter", [" in two thousand and four,", None])
def test_a_last_plan_the_edited_page_no_longer_bears_out_is_set_aside(tmp_path, shorter):
    """The first paragraph shortened: no hyphen ends a page now, or another paragraph's does (the
    paragraph cut to one word). The page made with the old plan tried first is the page made from scratch."""
    options = {"justify": True, "hyphenation_language": "en-US"}
    html = _page_ends_page(70)
    _, _, plan = _laid_out_pages(html, tmp_path, "before", **options)
    first = _PARAGRAPHS[0]
    edited = html.replace(first, first.replace(shorter, ",") if shorter else "Short.")
    tried, layouts, _ = _laid_out_pages(edited, tmp_path, "tried", last=plan, **options)
    fresh, fresh_layouts, _ = _laid_out_pages(edited, tmp_path, "fresh", **options)
    assert tried == fresh
    assert layouts == fresh_layouts + 1, "one layout tried the old plan and was set aside"


def test_a_table_is_continued_whatever_the_order_and_quoting_of_its_attributes(tmp_path):
    import weasyprint

    from reportkit.pdf.paginate import paginate

    html = _table_page(0, holder="data-continued='Table 9 (continued)' lang=en class='x report-table' id=tbl:t")
    path = tmp_path / "t.pdf"
    paginate(lambda text: weasyprint.HTML(string=text), html, {}).write_pdf(path)
    pages = [page.extract_text() for page in PdfReader(str(path)).pages]
    assert len(pages) > 1
    for text in pages[1:]:
        assert text.startswith("Table 9 (continued)\nRow Value"), text[:60]


def test_chinese_contents_indent_sections_right_of_their_chapter_title(real):
    rows: dict[int, list] = {}
    for char in pdf_pages(real.path("zh", "pdf"))[1].chars:
        if char["text"].strip():
            rows.setdefault(round(char["top"]), []).append(char)
    title_start, checked = None, 0
    for top in sorted(rows):
        chars = sorted(rows[top], key=lambda c: c["x0"])
        text = "".join(c["text"] for c in chars)
        if round(chars[0]["size"], 1) == 9.5:       # a chapter or an unnumbered entry: where its title starts
            after_label = text.index("章") + 1 if re.match(r"第\d+章", text) else 0
            title_start = chars[after_label]["x0"]
        elif round(chars[0]["size"], 1) == 8.8 and title_start is not None:   # one of its sections
            assert chars[0]["x0"] > title_start + 2, (text[:12], chars[0]["x0"], title_start)
            checked += 1
    assert checked > 20


_PARAGRAPHS = [
    "Tokyo opened the dialogue in two thousand and four, when regional cooperation in transport, energy "
    "and trade was still an ambition written into communiqués rather than a programme with budgets.",
    "Successive governments then widened it: ministers met every other year, officials more often, and "
    "the agenda grew from infrastructure financing to customs procedures, border management and training.",
    "By the time leaders met at the first summit, observers described the relationship as mature, though "
    "several of them warned that declarations had often outrun the resources committed to carrying them out.",
    "The chapters that follow read those commitments against what was disbursed and against what each "
    "partner government reported, year by year, in its own published statistics and parliamentary answers.",
]


def _justified_page() -> str:
    """English paragraphs, justified and hyphenated, on small pages."""
    text = "".join(f'<p class="body">{paragraph}</p>' for paragraph in _PARAGRAPHS)
    return ("<html lang=\"en-US\"><head><style>@page { size: 110mm 80mm; margin: 10mm } p { margin: 0 }\n"
            "p.body { text-align: justify; hyphens: auto; font-size: 11pt }</style></head>"
            f"<body lang=\"en-US\">{text}</body></html>")


def test_line_breaks_stay_with_their_paragraph_when_a_pass_adds_one_before_it(monkeypatch, tmp_path):
    """The line breaks planned for a paragraph before layout reach that paragraph in the layout, whatever a
    pass added to the page before it: every word of the text reads as written."""
    import weasyprint

    from reportkit.pdf import linebreak, tables
    from reportkit.pdf import paginate as passes

    layouts = []
    prepare_tables = tables.prepare_tables

    def prepare_and_add_a_paragraph(root, *args):
        # A pass that puts a paragraph at the top of each page laid out, after the breaks were planned.
        prepare_tables(root, *args)
        layouts.append(root)
        body = next(element for element in root.iter() if linebreak._tag(element) == "body")
        added = ElementTree.Element("p")
        added.text = "A line a pass added."
        body.insert(0, added)

    monkeypatch.setattr(tables, "prepare_tables", prepare_and_add_a_paragraph)
    document = passes.paginate(lambda html: weasyprint.HTML(string=html), _justified_page(), {},
                               justify=True, hyphenation_language="en-US")
    path = tmp_path / "added.pdf"
    document.write_pdf(path)
    assert layouts
    text = re.sub(r"[\u2010-]\n", "", "\n".join(page.extract_text() for page in PdfReader(str(path)).pages))
    read = " ".join(text.replace("\xa0", " ").split())
    assert read.startswith("A line a pass added. ")
    for paragraph in _PARAGRAPHS:
        assert paragraph in read, paragraph[:40]


def _caption_and_citation_pages(path, titles: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Each exhibit's title → (page of its first citation in the text, page of its caption).

    The caption is the line that holds the title; its label (表2, Table 2) is what
    precedes the title there; a citation is any other line of body text naming the label.
    """
    from pdf_lines import page_rows

    pages = page_rows(path)
    rows = [row for page in pages for row in page]
    # The body text of each page as one string: a label may be broken over two lines (Table / 2).
    body = [_flat("".join(row.text for row in page if row.size > 9.5)) for page in pages]
    found = {}
    for key, title in titles.items():
        caption = next(row for row in rows if _flat(title) in _flat(row.text))
        before = _flat(caption.text)[:_flat(caption.text).index(_flat(title))]
        label = re.match(r"表\d+|图\d+|Table\d+|Figure\d+", before).group(0)
        citing = re.compile(re.escape(label) + r"(?!\d)")
        cited = next(number for number, text in enumerate(body, 1)
                     if citing.search(text.replace(_flat(title), "")))
        found[key] = (cited, caption.page)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_and_figures_print_within_a_page_turn_of_their_first_citation(real, lang):
    # On the citing page or the next two: in a two-sided print, at most one page turn away.
    from reportkit.load.report import load_config

    config = load_config(real.project.content)
    titles = {f"{kind}:{name}": re.sub(r"\s+", "", exhibit.spec["title"][lang])
              for kind, exhibits in (("tbl", config.tables), ("fig", config.figures))
              for name, exhibit in exhibits.items()}
    pages = _caption_and_citation_pages(real.path(lang, "pdf"), titles)
    assert len(pages) == 4
    assert {key: (cited, printed) for key, (cited, printed) in pages.items()
            if not 0 <= printed - cited <= 2} == {}


def _figure_page(lines_before: int) -> str:
    """A chapter of one-line paragraphs on small pages with a figure 45 mm tall after `lines_before`
    of them: after 2 or 4 lines it does not fit below them and leaves half the page empty."""
    before = "".join(f"<p>Line {n} of the text.</p>" for n in range(lines_before))
    after = "".join(f"<p>Line {n} after the figure.</p>" for n in range(60))
    return ("<html><head><style>@page { size: 100mm 100mm; margin: 10mm } "
            "p { margin: 0; font-size: 11pt; line-height: 6mm } figure { margin: 0; break-inside: avoid } "
            "figure div { height: 45mm; background: #ccc }</style></head>"
            f"<body><section class='level2'><h2>Chapter</h2>{before}<figure><div></div>"
            f"<figcaption>Figure 1</figcaption></figure>{after}</section></body></html>")


def _pages_and_plans(html: str, tmp_path, name: str):
    import weasyprint

    from reportkit.pdf.paginate import PagePlans, paginate

    plans = PagePlans()
    path = tmp_path / f"{name}.pdf"
    paginate(lambda text: weasyprint.HTML(string=text), html, {}, plans=plans).write_pdf(path)
    return [page.extract_text() for page in PdfReader(str(path)).pages], plans


def test_a_first_layout_stops_once_a_figure_move_is_decided_and_the_pages_are_the_same(tmp_path, monkeypatch):
    """The figure cannot fit under two lines: the text after it moves up. The first layout, made to
    decide that, stops two pages after the figure's; the pages are those of a first layout made whole."""
    from reportkit.pdf import figures

    pages, plans = _pages_and_plans(_figure_page(2), tmp_path, "stopped")
    assert plans.made["moves"] == {"figure1": 9} and plans.layouts == 2
    assert 0 < plans.first_stopped_after < len(pages)
    assert pages[0].split("\n")[-1] != "Line 1 of the text." and "Figure 1" in pages[1]

    monkeypatch.setattr(figures.MoveWatch, "__call__", lambda watch, page_box: False)
    whole, whole_plans = _pages_and_plans(_figure_page(2), tmp_path, "whole")
    assert whole_plans.first_stopped_after == 0 and whole_plans.made == plans.made
    assert whole == pages


def test_a_page_whose_figure_stays_put_is_laid_out_once_and_whole(tmp_path):
    """Under six lines the figure starts the next page, leaving less than a sixth of this one empty."""
    pages, plans = _pages_and_plans(_figure_page(6), tmp_path, "put")
    assert plans.made["moves"] == {} and plans.layouts == 1 and plans.first_stopped_after == 0
    assert pages[0].endswith("Line 5 of the text.") and "Figure 1" in pages[1]


def _pdf_without_dates(document, path) -> bytes:
    document.metadata.created = document.metadata.modified = None
    document.write_pdf(path)
    return path.read_bytes()


@pytest.mark.parametrize("before,after,layouts,outcome", [
    ("<p>Line 58 after the figure.</p>", "<p>Line 58, edited, after the figure.</p>", 1, "kept"),
    ("<p>Line 1 of the text.</p>", "<p>Line 1 of the text.</p><p>A line added.</p><p>Another.</p>", 2,
     "set aside: the figures move so: {'figure1': 7}, not {'figure1': 9}")])
def test_an_edit_after_the_pages_a_figure_move_was_decided_on_keeps_the_move_in_one_layout(tmp_path, before, after,
                                                                                           layouts, outcome):
    """The last build's first layout stopped at page 4, its figure moving. An edit on the last page
    leaves those pages as they were: the page is laid out once with the move. Lines added above the
    figure move fewer lines up: decided again on a first layout. Either way the PDF is the one a
    fresh build makes."""
    import json

    import weasyprint

    from reportkit.pdf.paginate import PagePlans, paginate

    def laid_out(html: str, name: str, last: dict | None = None):
        plans = PagePlans(last=json.loads(json.dumps(last)) if last is not None else None)
        document = paginate(lambda text: weasyprint.HTML(string=text), html, {}, plans=plans,
                            justify=True, hyphenation_language="en-US")
        return _pdf_without_dates(document, tmp_path / f"{name}.pdf"), plans

    html = _figure_page(2)
    _, first = laid_out(html, "first")
    assert first.first_stopped_after == 4 and first.made["moves"] == {"figure1": 9}
    changed = html.replace(before, after)
    assert changed != html
    again, plans = laid_out(changed, "again", last=first.made)
    fresh, _ = laid_out(changed, "fresh")
    assert (plans.layouts, plans.outcome) == (layouts, outcome)
    assert again == fresh
