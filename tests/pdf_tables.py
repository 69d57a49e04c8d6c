"""Tables in a PDF as a reader finds them: the header row, each printed line under it cut into its
cells' pieces, and the rules drawn across it, measured with pdfplumber."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

CELL_GAP = 4.0     # pt: wider than any space inside a cell's line, narrower than the padding between cells


@dataclass
class Piece:
    """The text one cell sets on one printed line."""

    x0: float
    x1: float
    text: str
    sizes: tuple[float, ...]


@dataclass
class PrintedTable:
    """One page's share of a table: where each header sits, the lines below it, the rules across it."""

    page: int
    headers: dict[str, tuple[float, float]]     # header text → its left and right edge
    size: float                                 # the table's type size, its header's
    lines: list[list[Piece]] = field(default_factory=list)
    rules: list[tuple[float, float]] = field(default_factory=list)   # each horizontal rule's left and right end

    def column(self, header: str) -> list[Piece]:
        """The pieces printed under a left-aligned header: those that start where it starts."""
        x0 = self.headers[header][0]
        return [piece for line in self.lines for piece in line if abs(piece.x0 - x0) <= 1.0]

    def between(self, left: str, right: str) -> list[Piece]:
        """The pieces set between two left-aligned columns without starting at either: a right-aligned column's."""
        start, end = self.headers[left][0], self.headers[right][0]
        return [piece for line in self.lines for piece in line
                if start + 1.0 < piece.x0 and piece.x1 < end - 1.0]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _rows(chars: list) -> list[list]:
    """The page's characters as printed lines, top to bottom.

    A superscript joins the line it stands over: smaller type whose foot is
    below the top of the next line's letters.
    """
    rows: list[list] = []
    for char in sorted(chars, key=lambda c: c["bottom"]):
        if rows and char["bottom"] - rows[-1][-1]["bottom"] <= 3.5:
            rows[-1].append(char)
        else:
            rows.append([char])
    joined: list[list] = []
    for row in reversed(rows):
        below = joined[-1] if joined else None
        if below and max(c["size"] for c in row) < median(c["size"] for c in below) \
                and max(c["bottom"] for c in row) > min(c["top"] for c in below):
            below.extend(row)
        else:
            joined.append(row)
    return [sorted(row, key=lambda c: c["x0"]) for row in reversed(joined)]


def _pieces(row: list) -> list[Piece]:
    groups: list[list] = []
    for char in row:
        if groups and char["x0"] - groups[-1][-1]["x1"] <= CELL_GAP:
            groups[-1].append(char)
        else:
            groups.append([char])
    return [Piece(g[0]["x0"], g[-1]["x1"], "".join(c["text"] for c in g), tuple(round(c["size"], 2) for c in g))
            for g in groups]


def _header(row: list, labels: list[str]) -> dict[str, tuple[float, float]] | None:
    if _flat("".join(c["text"] for c in row)) != "".join(labels):
        return None
    found, chars = {}, iter(row)
    for label in labels:
        taken = [next(chars) for _ in label]
        found[label] = (taken[0]["x0"], taken[-1]["x1"])
    return found


def printed_tables(path, labels: list[str]) -> list[PrintedTable]:
    """Every page's share of the tables whose header row reads `labels`, in page order."""
    from pdf_lines import pdf_pages

    tables = []
    for page in pdf_pages(path):
        chars = [c for c in page.chars if c["text"].strip() and c["text"] not in "\u2060\u200b"]
        rows = _rows(chars)
        for index, row in enumerate(rows):
            headers = _header(row, labels)
            if headers is None:
                continue
            size = median(c["size"] for c in row)
            table = PrintedTable(page.number, headers, round(size, 2))
            bottom = row[-1]["bottom"]
            for below in rows[index + 1:]:
                if abs(median(c["size"] for c in below) - size) > 0.3:
                    break
                table.lines.append(_pieces(below))
                bottom = max(c["bottom"] for c in below)
            top = min(c["top"] for c in row)
            table.rules = [(edge["x0"], edge["x1"]) for edge in page.lines + page.rects
                           if edge["height"] <= 2 and edge["width"] > 10
                           and top - 12 <= edge["top"] <= bottom + 8]
            tables.append(table)
    return tables


def text_block_edges(lines) -> tuple[float, float]:
    """The body text's left and right edges: where most body lines start and end (`pdf_lines.pdf_lines`)."""
    body = [line for line in lines if line.body]
    left = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    right = Counter(round(line.x1) for line in body).most_common(1)[0][0]
    lefts = [line.x0 for line in body if round(line.x0) == left]
    rights = [line.x1 for line in body if round(line.x1) == right]
    return min(lefts), max(rights)
