"""Laying out the print edition in passes: each pass reads the last layout and corrects the next.

1. WeasyPrint lays the document out as written.
2. Justified paragraphs are broken as a whole (`reportkit.linebreak`) and laid
   out again with those breaks.
3. Where a hyphenated line ends a page or column, or a table runs onto the next
   page, the paragraph is broken again without that hyphen (same number of
   lines, so nothing moves) and the table gets its caption repeated as
   "Table 1 (continued)"; then the last layout is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import linebreak


@dataclass
class Plan:
    """What the passes decided: break edits by paragraph number, table rows that start a page."""

    edits: dict[int, dict] = field(default_factory=dict)
    paragraphs: dict[int, linebreak.Paragraph] = field(default_factory=dict)
    breaks: dict[int, linebreak.Breaking] = field(default_factory=dict)
    table_breaks: dict[str, list[int]] = field(default_factory=dict)


def paginate(make_source, html: str, options: dict, justify: bool = False,
             hyphenation_language: str | None = None, typeset_line=str):
    """The final WeasyPrint document of the print HTML, after the passes described above.

    `make_source` turns HTML text into a `weasyprint.HTML`; `typeset_line` sets
    the text of a repeated table caption as the edition sets captions.
    """
    html = number_table_rows(html)
    plan = Plan()
    document = _render(make_source, html, plan, options, typeset_line)
    if justify:
        _break_paragraphs(document, plan, hyphenation_language)
        document = _render(make_source, html, plan, options, typeset_line)
    for _ in range(2):
        tables = _find_table_breaks(document, plan)
        page_ends = justify and _fix_page_ends(document, plan)
        if not (tables or page_ends):
            break
        document = _render(make_source, html, plan, options, typeset_line)
    return document


def _render(make_source, html: str, plan: Plan, options: dict, typeset_line):
    source = make_source(split_tables(html, plan.table_breaks, typeset_line))
    elements = linebreak.candidate_elements(source.etree_element)
    for index, edits in plan.edits.items():
        linebreak.apply_edits(elements[index], edits)
    return source.render(**options)


# Paragraphs --------------------------------------------------------------------

def _break_paragraphs(document, plan: Plan, language: str | None) -> None:
    hyphenator = _hyphenator(language)
    measure = linebreak.Measure()
    settings = linebreak.Settings()
    for paragraph in linebreak.read_paragraphs(document, document._html.etree_element):
        paragraph.items = linebreak.build_items(paragraph, measure, hyphenator)
        breaking = linebreak.break_paragraph(paragraph, settings)
        if breaking is None:
            continue
        plan.paragraphs[paragraph.index] = paragraph
        plan.breaks[paragraph.index] = breaking
        plan.edits[paragraph.index] = linebreak.break_edits(paragraph, breaking)


class _Hyphenator:
    """Pyphen's patterns for a language, two letters before a break and three after, as American usage allows."""

    def __init__(self, language: str):
        import pyphen

        self.dictionary = pyphen.Pyphen(lang=language, left=2, right=3)

    def positions(self, word: str) -> list[int]:
        return self.dictionary.positions(word)

    def __hash__(self):
        return id(self.dictionary)


def _hyphenator(language: str | None):
    import pyphen

    if not language or not pyphen.language_fallback(language.replace("-", "_")):
        return None
    return _Hyphenator(pyphen.language_fallback(language.replace("-", "_")))


def _fix_page_ends(document, plan: Plan) -> bool:
    """Re-break paragraphs whose hyphenated line ends a page or column; True if any changed."""
    if not plan.paragraphs:
        return False
    lines = paragraph_lines(document, plan.paragraphs)
    changed = False
    settings = linebreak.Settings()
    for index, paragraph_lines_ in lines.items():
        ends = {number for number, line in enumerate(paragraph_lines_[:-1])
                if line.hyphenated and _ends_column(line, paragraph_lines_[number + 1])}
        if not ends:
            continue
        constraints = linebreak.Constraints(frozenset(ends), len(paragraph_lines_))
        paragraph = plan.paragraphs[index]
        breaking = linebreak.break_paragraph(paragraph, settings, constraints)
        if breaking is None or breaking == plan.breaks[index]:
            continue
        plan.breaks[index] = breaking
        plan.edits[index] = linebreak.break_edits(paragraph, breaking)
        changed = True
    return changed


@dataclass
class Line:
    """Where a line of a paragraph was set and how it ends."""

    page: int
    x: float
    y: float
    hyphenated: bool
    text: str


def _ends_column(line: Line, following: Line) -> bool:
    return following.page != line.page or abs(following.x - line.x) > 1 or following.y < line.y


def paragraph_lines(document, paragraphs) -> dict[int, list[Line]]:
    """The lines of the listed paragraphs, by paragraph number, in reading order."""
    from weasyprint.formatting_structure import boxes

    root = document._html.etree_element
    numbers = {id(el): n for n, el in enumerate(linebreak.candidate_elements(root)) if n in paragraphs}
    found: dict[int, list[Line]] = {}
    for page_number, page in enumerate(document.pages):
        for box in linebreak._descendants(page._page_box):
            if not isinstance(box, boxes.BlockContainerBox) or id(box.element) not in numbers:
                continue
            for child in box.children:
                if isinstance(child, boxes.LineBox):
                    text = _line_text(child)
                    found.setdefault(numbers[id(box.element)], []).append(
                        Line(page_number, child.position_x, child.position_y,
                             text.endswith(("\u2010", "-")), text))
    return found


def _line_text(line) -> str:
    from weasyprint.formatting_structure import boxes

    return "".join(box.text for box in linebreak._descendants(line) if isinstance(box, boxes.TextBox))


# Tables --------------------------------------------------------------------------

_TABLE_DIV = re.compile(r'<div id="(?P<id>[^"]+)" class="report-table"(?P<attrs>[^>]*)>(?P<body>.*?)</table>', re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_HEAD_ROW = re.compile(r"<thead>\s*(<tr\b.*?</tr>)\s*</thead>", re.S)
_CONTINUED = re.compile(r'data-continued="([^"]*)"')


def _find_table_breaks(document, plan: Plan) -> bool:
    """Record, for each table that runs onto another page, the body rows that start a page."""
    from weasyprint.formatting_structure import boxes

    holders = {id(table): div for div in document._html.etree_element.iter()
               if "report-table" in (div.get("class") or "").split()
               for table in div.iter() if linebreak._tag(table) == "table"}
    found: dict[str, list[int]] = {}
    for page in document.pages:
        for box in linebreak._descendants(page._page_box):
            if isinstance(box, boxes.TableBox) and id(box.element) in holders:
                rows = _body_rows(box)
                if rows:
                    found.setdefault(holders[id(box.element)].get("id"), []).append(rows[0])
    changed = False
    for key, starts in found.items():
        known = set(plan.table_breaks.get(key, []))
        new = known | set(starts[1:])
        if new != known:
            plan.table_breaks[key] = sorted(new)
            changed = True
    return changed


def _body_rows(table_box) -> list[int]:
    """The body row numbers set in this fragment of a table (repeated rows carry none)."""
    from weasyprint.formatting_structure import boxes

    numbers = []
    for group in table_box.children:
        if not isinstance(group, boxes.TableRowGroupBox) or group.is_header or group.is_footer:
            continue
        for row in group.children:
            number = row.element.get("data-row") if row.element is not None else None
            if number is not None:
                numbers.append(int(number))
    return numbers


def number_table_rows(html: str) -> str:
    """Number the body rows of the report's tables, so a layout can say which row begins a page."""
    def number(match: re.Match) -> str:
        body = match.group("body")
        head, separator, rows = body.partition("<tbody>")
        counter = iter(range(1_000_000))
        rows = re.sub(r"<tr\b", lambda m: f'<tr data-row="{next(counter)}"', rows)
        return match.group(0).replace(body, head + separator + rows)
    return _TABLE_DIV.sub(number, html)


def split_tables(html: str, table_breaks: dict[str, list[int]], typeset_line=str) -> str:
    """Before each body row that starts a page, repeat the caption as "(continued)" and the header row."""
    if not table_breaks:
        return html

    def split(match: re.Match) -> str:
        starts = table_breaks.get(match.group("id"))
        continued = _CONTINUED.search(match.group("attrs"))
        head = _HEAD_ROW.search(match.group("body"))
        if not starts or not continued or not head:
            return match.group(0)
        columns = head.group(1).count("<th")
        heading = head.group(1).replace("<tr", '<tr class="repeated-head"', 1)
        label = typeset_line(continued.group(1))
        body = match.group("body").replace("<table>", '<table class="split">', 1)
        for start in starts:
            marker = f'<tr data-row="{start}"'
            repeated = f'<tr class="continued"><td colspan="{columns}">{label}</td></tr>{heading}'
            body = body.replace(marker, repeated + marker, 1)
        return match.group(0).replace(match.group("body"), body)

    return _TABLE_DIV.sub(split, html)
