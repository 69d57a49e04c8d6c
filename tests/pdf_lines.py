"""Lines of body text in a PDF, measured with pdfplumber."""

from __future__ import annotations

from dataclasses import dataclass

from read_once import read_once

BODY_SIZE = 10.5  # pt, the body text size of templates/pdf/report.css
# The text block of its A4 page (34 ems of 10.5 pt, centred), in pt from the page's left edge.
PAGE_WIDTH, LEFT, RIGHT = 595.28, 119.14, 119.14
RIGHT_EDGE = PAGE_WIDTH - RIGHT
# Chinese punctuation no line may start with (closing) or end with (opening).
CLOSING = "，。、；：？！）」』》〉】”’"
OPENING = "（「『《〈【“‘"
HALF_WIDTH = "，。、；：）」』》〉】”’"   # closing marks set at half width beside another mark


@dataclass
class Line:
    page: int
    top: float
    x0: float
    x1: float
    text: str
    body: bool


@dataclass(frozen=True)
class Page:
    """One page of a PDF as pdfplumber reads it: its size and what is drawn on it."""

    number: int
    width: float
    height: float
    chars: tuple
    lines: tuple
    rects: tuple


def pdf_pages(path) -> tuple[Page, ...]:
    """Every page of a PDF with its characters, lines and rectangles (pdfplumber's dicts, not to be changed)."""
    return read_once(path, "pdfplumber", _pages)


def _pages(data: bytes) -> tuple[Page, ...]:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return tuple(Page(number, float(page.width), float(page.height), tuple(page.chars),
                          tuple(page.lines), tuple(page.rects))
                     for number, page in enumerate(pdf.pages, 1))


def flush(line) -> bool:
    """The line ends at the text block's right edge.

    A closing mark set at half width (`halt`) still reports its full em to the
    PDF reader, so it may seem to stand out by half an em.
    """
    overshoot = 0.5 * BODY_SIZE if line.text[-1] in HALF_WIDTH else 0.0
    return -1.0 - overshoot <= RIGHT_EDGE - line.x1 <= 1.0


def pdf_lines(path) -> list[Line]:
    """Every text line of every page, in reading order, with where it starts and ends."""
    lines = []
    for page in pdf_pages(path):
        chars = [c for c in page.chars if not c["text"].isspace() and c["text"] not in "\u2060\u200b"]
        rows: dict[int, list] = {}
        for char in chars:
            if char["size"] >= 9:
                rows.setdefault(round(char["bottom"]), []).append(char)
        for char in chars:
            if char["size"] < 9:
                # Superscripts sit above their line's baseline: attach them to it.
                below = [b for b in rows if -1 <= b - char["bottom"] <= 8]
                key = min(below, key=lambda b: b - char["bottom"]) if below else round(char["bottom"])
                rows.setdefault(key, []).append(char)
        for bottom in sorted(rows):
            chars = sorted(rows[bottom], key=lambda c: c["x0"])
            sizes = [round(c["size"], 1) for c in chars]
            body = sizes.count(BODY_SIZE) > len(sizes) / 2 and "Serif" in chars[0]["fontname"]
            lines.append(Line(page.number, chars[0]["top"], chars[0]["x0"], chars[-1]["x1"],
                              "".join(c["text"] for c in chars), body))
    return lines


def non_final_body_lines(lines: list[Line], left: float) -> list[Line]:
    """Body lines followed, on the same page, by a line of the same paragraph.

    The next line belongs to the same paragraph when it starts at the left edge
    (no first-line indent) and sits one line pitch below: paragraphs are
    separated by extra space.
    """
    from collections import Counter

    pairs = [(a, b) for a, b in zip(lines, lines[1:]) if a.body and b.body and a.page == b.page]
    pitches = Counter(round(b.top - a.top, 1) for a, b in pairs if b.top > a.top)
    if not pitches:
        return []
    pitch = pitches.most_common(1)[0][0]
    return [a for a, b in pairs
            if abs((b.top - a.top) - pitch) < 0.6 and abs(b.x0 - left) < 1.0 and abs(a.x0 - left) < 25]


@dataclass
class Row:
    """One printed line of a page: every character on the same baseline, any size."""

    page: int
    top: float
    bottom: float
    size: float
    text: str


def char_rows(path):
    """(page number, its lines) for every page; a line is its characters in x order, top to bottom.

    Superscripts are joined to their line: a superscript's bottom is a few points
    above its line's baseline.
    """
    for page in pdf_pages(path):
        chars = sorted((c for c in page.chars if not c["text"].isspace()
                        and c["text"] not in "\u2060\u200b"), key=lambda c: c["bottom"])
        rows: list[list] = []
        for char in chars:
            if rows and char["bottom"] - rows[-1][-1]["bottom"] <= 3.5:
                rows[-1].append(char)
            else:
                rows.append([char])
        yield page.number, [sorted(row, key=lambda c: c["x0"]) for row in rows]


def page_rows(path) -> list[list[Row]]:
    """The lines of text of every page, top to bottom (superscripts joined to their line)."""
    return [[_row(number, row) for row in rows] for number, rows in char_rows(path)]


def _row(number: int, chars: list) -> Row:
    from statistics import median

    chars = sorted(chars, key=lambda c: c["x0"])
    return Row(number, min(c["top"] for c in chars), max(c["bottom"] for c in chars),
               median(c["size"] for c in chars), "".join(c["text"] for c in chars))


def running_heads(path, band: float = 62.0) -> dict[int, str]:
    """The running head of each page: small text in the top band, above the text block."""
    heads = {}
    for rows in page_rows(path):
        for row in rows:
            if row.bottom < band and row.size <= 9.5:
                heads[row.page] = row.text
    return heads


def text_rows(path, band: float = 62.0) -> list[list[Row]]:
    """Each page's lines without its running head and folio (small text in the top and bottom bands)."""
    pages = page_rows(path)
    result = []
    for rows in pages:
        result.append([row for row in rows
                       if not (row.size <= 9.5 and (row.bottom < band or row.top > 842 - band))])
    return result


def han_gaps(row) -> list[float]:
    """The gaps between two Han characters side by side in a line (pdfplumber characters), in ems:
    0 where they are set edge to edge, more where the line is tracked out."""
    import re

    han = re.compile("[\u4e00-\u9fff]")
    return [(b["x0"] - a["x1"]) / a["size"] for a, b in zip(row, row[1:])
            if han.match(a["text"]) and han.match(b["text"])]
