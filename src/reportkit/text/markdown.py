"""Reading pandoc Markdown the way pandoc does, where the engine must act before pandoc runs.

Section text reaches pandoc only after the engine has checked and rewritten its
image links and its headings; these functions find them, skipping code, and
say where they are (character offsets and file lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
# An HTML comment, or a code span: backticks, then text within one paragraph, then as many backticks.
_INLINE_CODE = re.compile(r"<!--.*?-->|(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
_BLANK_LINES = re.compile(r"(\n[ \t]*\n)")
# The start of a line that begins a list item, or a list item or a heading.
_LIST_MARKER = r"[-*+]|\d+[.)]"
LIST_ITEM = re.compile(rf"[ \t]*(?:{_LIST_MARKER})[ \t]")
BLOCK_START = re.compile(rf"[ \t]*(?:{_LIST_MARKER}|#{{1,6}})[ \t]")

# Cross-references: `@fig:name`, `@tbl:name` and `@amt:name` name a figure, a table or an
# amount of the report. Pandoc would read them as citations; the engine replaces them first.
CROSSREF_KINDS = ("fig", "tbl", "amt", "report")
CROSSREF_PREFIXES = tuple(f"{kind}:" for kind in CROSSREF_KINDS)
CROSSREF = re.compile(rf"@({'|'.join(CROSSREF_KINDS)}):([A-Za-z0-9_-]*[A-Za-z0-9_])")

# ![alt](destination "title"): pandoc's own rules. The destination is either
# <between angle brackets> or a run of characters with balanced parentheses,
# where inner spaces are allowed as long as no title follows them.
_ALT = r"(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*"
_BARE_CHUNK = r"(?:\((?:[^()\\\s]|\\.)*\)|\\.|[^\s()\\])"
_DESTINATION = (rf"(?P<angle><[^<>\n]*>)|(?P<bare>{_BARE_CHUNK}+(?:[ \t]+(?![ \t\"')]){_BARE_CHUNK}+)*)")
_TITLE = r"(?:\s+(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'))?"
_INLINE_IMAGE = re.compile(rf"(?<!\\)!\[{_ALT}\]\(\s*(?:{_DESTINATION}){_TITLE}\s*\)")
_REFERENCE_IMAGE = re.compile(rf"(?<!\\)!\[(?P<alt>{_ALT})\](?:\[(?P<label>{_ALT})\])?(?![(\[:])")
_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<label>(?:[^\[\]\\]|\\.)+)\]:[ \t]*\n?[ \t]*"
                         r"(?:(?P<angle><[^<>\n]*>)|(?P<bare>\S+))", re.M)
_HTML_MEDIA = re.compile(r"<(?:img|image|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*"
                         r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<uq>[^\s>]+))", re.I)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ATX = re.compile(r"^(?P<mark>[ ]{0,3}#{1,6}[ \t]+)(?P<text>.*?)(?P<attrs>[ \t]+\{[^{}]*\})?[ \t]*#*[ \t]*$",
                  re.M)


@dataclass(frozen=True)
class Link:
    """A place in Markdown text that names a file: the path as written and where it stands."""

    target: str     # the path or URL, angle brackets and backslash escapes removed
    start: int      # offsets of the destination in the text, brackets included
    end: int
    line: int       # 0-based line of the text the destination is on
    raw_html: bool = False


def mask_code(text: str) -> str:
    """The text with code blocks (fenced or indented), code spans and HTML comments blanked out.

    Every character of them but a newline becomes a space: offsets and lines stay.
    """
    return _INLINE_CODE.sub(lambda m: _blank(m.group(0)), _indented_code(_fenced_code(text)))


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _fenced_code(text: str) -> str:
    """Blank fenced code blocks: from a fence to one as long or longer, or to the end."""
    lines, fence = text.split("\n"), None
    for number, line in enumerate(lines):
        if fence is None:
            match = _FENCE.match(line)
            if match:
                fence = match.group(1)
                lines[number] = _blank(line)
        else:
            if re.fullmatch(rf"[ ]{{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*", line):
                fence = None
            lines[number] = _blank(line)
    return "\n".join(lines)


def _indented_code(text: str) -> str:
    """Blank blocks indented four spaces (code), unless they continue a list item."""
    out, in_list = [], False
    for block in _BLANK_LINES.split(text):
        if not block.strip():
            out.append(block)
            continue
        indented = all(line.startswith(("    ", "\t")) for line in block.split("\n") if line.strip())
        if indented and not in_list:
            out.append(_blank(block))
            continue
        out.append(block)
        in_list = indented or bool(LIST_ITEM.match(block.lstrip("\n")))
    return "".join(out)


def paragraph_spans(masked: str) -> list[tuple[int, int]]:
    """(start, end) of each block between blank lines of a text whose code is masked (`mask_code`):
    a code block is no paragraph of its own."""
    spans, position = [], 0
    for block in _BLANK_LINES.split(masked):
        if block.strip():
            lead = len(block) - len(block.lstrip("\n"))
            spans.append((position + lead, position + len(block.rstrip())))
        position += len(block)
    return spans


def image_links(text: str) -> list[Link]:
    """Every image a Markdown text shows: inline, by reference, or as raw HTML."""
    masked = mask_code(text)
    links = []
    for match in _INLINE_IMAGE.finditer(masked):
        group = "angle" if match.group("angle") else "bare"
        links.append(_link(text, match.group(group), match.start(group)))
    links += _reference_images(text, masked)
    for match in _HTML_MEDIA.finditer(masked):
        group = next(g for g in ("dq", "sq", "uq") if match.group(g) is not None)
        links.append(Link(match.group(group), match.start(group), match.end(group),
                          text.count("\n", 0, match.start(group)), raw_html=True))
    return sorted(links, key=lambda link: link.start)


def _link(text: str, written: str, start: int) -> Link:
    if written.startswith("<") and written.endswith(">"):
        target = written[1:-1]
    else:
        # Pandoc reads inner runs of spaces as one space.
        target = " ".join(written.split())
    return Link(_ESCAPE.sub(r"\1", target), start, start + len(written), text.count("\n", 0, start))


def _normal_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _reference_images(text: str, masked: str) -> list[Link]:
    """`![alt][label]`, `![alt][]` and `![alt]` take their path from a `[label]: path` line."""
    labels = {_normal_label(m.group("label") or m.group("alt")) for m in _REFERENCE_IMAGE.finditer(masked)}
    links = []
    for match in _DEFINITION.finditer(masked):
        if _normal_label(match.group("label")) in labels:
            group = "angle" if match.group("angle") else "bare"
            links.append(_link(text, match.group(group), match.start(group)))
    return links


def replace_links(text: str, links: list[Link], replacement) -> str:
    """The text with each link's destination replaced by `replacement(link)` (None keeps it)."""
    pieces, last = [], 0
    for link in sorted(links, key=lambda l: l.start):
        new = replacement(link)
        if new is None:
            continue
        pieces += [text[last:link.start], new]
        last = link.end
    return "".join(pieces) + text[last:]


# Headings ---------------------------------------------------------------

_INLINE_MARKS = {"em": "*", "i": "*", "strong": "**", "b": "**", "sub": "~", "sup": "^", "code": "`"}


class _InlineMarkdown(HTMLParser):
    """HTML inside a heading → Markdown: emphasis, strong, sub/superscript and code stay
    formatting; every other tag is dropped and its text kept (a script's or style's
    text too is dropped)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.open: list[tuple[str, int]] = []   # formatting tags not yet closed, where they began
        self.hidden = 0                          # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in _INLINE_MARKS:
            self.open.append((tag, len(self.out)))
        elif tag == "br":
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        if not any(name == tag for name, _ in self.open):
            return
        while self.open:
            name, start = self.open.pop()
            if name == tag:
                self._wrap(start, _INLINE_MARKS[tag])
                return

    def _wrap(self, start: int, mark: str) -> None:
        inner = "".join(self.out[start:])
        core = inner.strip()
        if not core:
            return
        # Markdown emphasis may not begin or end with a space: the spaces go outside.
        before, after = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
        self.out[start:] = [before, mark, core, mark, after]

    def handle_data(self, data):
        if not self.hidden:
            self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")


def heading_markdown(text: str) -> str:
    """A heading's text with any raw HTML turned into Markdown (pandoc breaks a heading at a
    block tag such as <div> or <p>, and the Word edition drops inline tags)."""
    if "<" not in text:
        return text
    parser = _InlineMarkdown()
    parser.feed(text)
    parser.close()
    return " ".join("".join(parser.out).split())


def headings_without_html(text: str) -> str:
    """Every ATX heading (`# …`) of a Markdown text, outside code, with its HTML made Markdown."""
    masked = mask_code(text)
    pieces, last = [], 0
    for match in _ATX.finditer(masked):
        if "<" not in match.group("text"):
            continue
        start, end = match.span("text")
        pieces += [text[last:start], heading_markdown(text[start:end])]
        last = end
    return "".join(pieces) + text[last:]


def markdown_cell(text) -> str:
    """Text safe inside a pipe-table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
