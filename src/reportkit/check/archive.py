"""The source archive: the cited texts, kept in a folder outside the repository.

`report.yaml` names the folder (`archive:`, relative to the folder holding
content/); each bibliography entry's `archive:` record names its file, the
file's sha256, the date it was archived and, for a paged source, where each
page begins. A text is searched in a normalized form: NFKC, no whitespace,
Traditional characters converted to Simplified, one form of dash and quotation
mark, and the pinyin readings some converted pages put after each character
dropped.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..text.dates import parse_partial_date
from ..errors import ContentError, Problem
from ..model import Reference, Report

FIELD = "archive"
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")
_FOLD = {**dict.fromkeys("‐‑‒–—―−", "-"), **dict.fromkeys("“”„‟〝〞「」『』", '"'),
         **dict.fromkeys("‘’‚‛", "'"), **dict.fromkeys("・•‧", "·")}
_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff")
_SENTENCE_ENDS = "。！？!?"
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class PageStart:
    """Where one page of a paged source begins: a phrase that opens it."""

    page: int
    starts: str
    inferred: bool
    line: int


@dataclass(frozen=True)
class ArchiveRecord:
    """A bibliography entry's `archive:` record."""

    key: str
    file: str
    sha256: str
    archived: str
    pages: tuple[PageStart, ...]
    path: str        # the bibliography file
    line: int        # of 'archive:'
    lines: dict      # field → line


@dataclass(frozen=True)
class Boundary:
    """A page start found in the text: offset in the normalized text."""

    offset: int
    page: int
    inferred: bool


def simplified(text: str) -> str:
    """Traditional characters as Simplified (OpenCC t2s), offsets kept line by line."""
    converter = _converter()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion that changes a line's length would move offsets: keep that line.
    lines = []
    for line in text.split("\n"):
        new = converter.convert(line)
        lines.append(new if len(new) == len(line) else line)
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def flatten(text: str) -> tuple[str, list[int]]:
    """The normalized text and, for each of its characters, the offset it came from."""
    text = simplified(text)
    dropped = {i for m in _PINYIN.finditer(text) for i in range(m.start(), m.end())}
    out, index = [], []
    for position, char in enumerate(text):
        if position in dropped or char in _INVISIBLE:
            continue
        forms = char if char.isascii() or "\u4e00" <= char <= "\u9fff" \
            else unicodedata.normalize("NFKC", char)
        for form in forms:
            if form.isspace():
                continue
            form = _FOLD.get(form, form).casefold()
            out.append(form)
            index.extend([position] * len(form))
    return "".join(out), index


def normalized(phrase: str) -> str:
    """A phrase in the form texts are searched in."""
    return flatten(phrase)[0]


class SourceText:
    """One archived text: as written, normalized for search, and its page map."""

    def __init__(self, record: ArchiveRecord, text: str):
        self.record, self.text = record, text
        self.flat, self.index = flatten(text)
        self.boundaries: list[Boundary] = []
        self._numbers = None
        self.dated: set = set()   # numbers of the entry's own date and pages
        self._stops: list[int] | None = None

    @property
    def key(self) -> str:
        return self.record.key

    @property
    def name(self) -> str:
        return self.record.file

    def find(self, phrase: str) -> list[tuple[int, int]]:
        """(start, end) in the normalized text of every occurrence of a normalized phrase."""
        found, start = [], self.flat.find(phrase) if phrase else -1
        while start >= 0:
            found.append((start, start + len(phrase)))
            start = self.flat.find(phrase, start + 1)
        return found

    def page_at(self, offset: int) -> int | None:
        """The page an offset of the normalized text is on; None for an unpaged source."""
        if not self.boundaries:
            return None
        position = bisect.bisect_right([b.offset for b in self.boundaries], offset) - 1
        return self.boundaries[max(position, 0)].page

    @property
    def pages(self) -> list[int]:
        return [b.page for b in self.boundaries]

    def inferred_between(self, first: int, last: int) -> bool:
        """Whether the start of any page after `first` up to `last` is inferred."""
        low, high = sorted((first, last))
        return any(b.inferred for b in self.boundaries if low < b.page <= high)

    def line_at(self, offset: int) -> int:
        """The file line of an offset of the normalized text."""
        return self.text.count("\n", 0, self.index[min(offset, len(self.index) - 1)]) + 1

    def passage(self, start: int, end: int) -> tuple[str, str, str]:
        """The sentence around a match, as (before, match, after), in the archived wording."""
        first, last = self.index[start], self.index[end - 1] + 1
        stops = self._breaks()
        left = max([self.text.rfind(c, max(0, first - 160), first) for c in _SENTENCE_ENDS]
                   + [p for p in stops if p < first][-1:] + [first - 161, -1])
        right = [p for p in (self.text.find(c, last, last + 160) for c in _SENTENCE_ENDS) if p >= 0]
        right += [p - 1 for p in stops if p >= last][:1]
        stop = min(right) + 1 if right else min(len(self.text), last + 160)
        return (_tidy(self.text[left + 1:first]), _tidy(self.text[first:last]), _tidy(self.text[last:stop]))

    def _breaks(self) -> list[int]:
        """Offsets of the line breaks that end a heading or paragraph rather than wrap a line.

        A text laid out in lines (a scanned page) wraps sentences at every line;
        a line much shorter than most ends something (a title, a name).
        """
        if self._stops is None:
            lengths = sorted(len(l.strip()) for l in self.text.split("\n") if l.strip())
            median = lengths[len(lengths) // 2] if lengths else 0
            self._stops, offset = [], 0
            for line in self.text.split("\n"):
                offset += len(line) + 1
                if line.strip() and len(line.strip()) < 0.6 * median:
                    self._stops.append(offset - 1)
        return self._stops

    @property
    def numbers(self) -> set:
        """Every value the text states (see numbers.py), and those of its date and pages."""
        if self._numbers is None:
            from ..text.numbers import source_numbers

            text = unicodedata.normalize("NFKC", simplified(_PINYIN.sub("", self.text)))
            self._numbers = source_numbers(text)
        return self._numbers | self.dated


def _tidy(text: str) -> str:
    """Layout line breaks removed: none between Chinese characters, one space between words."""
    def join(match: re.Match) -> str:
        before, after = match.string[match.start() - 1:match.start()], match.string[match.end():match.end() + 1]
        return " " if before.isascii() and after.isascii() and before and after else ""
    return re.sub(r"\s*\n\s*", join, text)


def folder(report: Report, override: Path | None = None) -> Path | None:
    """The archive folder: the override, or `archive:` of report.yaml (relative to the folder
    holding content/); None when neither is given."""
    if override:
        return Path(override).resolve()
    if not report.config.archive:
        return None
    return (Path(report.root).resolve().parent / report.config.archive).resolve()


def read_records(references: list[Reference]) -> tuple[dict[str, ArchiveRecord], list[Problem]]:
    """Each entry's archive record, checked; every problem names its line."""
    records, problems = {}, []
    for ref in references:
        raw = ref.data.get(FIELD)
        if raw is None or not ref.id:
            continue
        record, found = _record(ref, raw)
        problems += found
        if record:
            records[ref.id] = record
    return records, problems


def _record(ref: Reference, raw) -> tuple[ArchiveRecord | None, list[Problem]]:
    line = ref.data.line_of(FIELD)
    hint = "write archive: {file: NAME, sha256: HASH, archived: YYYY-MM-DD}"
    if not isinstance(raw, dict):
        return None, [Problem(ref.path, line, f"'{ref.id}': the archive record must be a mapping", hint)]
    lines = {k: raw.line_of(k) for k in raw} if hasattr(raw, "line_of") else {}
    problems = [Problem(ref.path, line, f"'{ref.id}': archive record without '{k}'", hint)
                for k in ("file", "sha256", "archived") if not raw.get(k)]
    if problems:
        return None, problems
    name, digest, archived = str(raw["file"]), str(raw["sha256"]).lower(), str(raw["archived"])
    if Path(name).is_absolute() or ".." in Path(name).parts:
        problems.append(Problem(ref.path, lines.get("file", line), f"'{ref.id}': archive file '{name}' "
                                "is outside the archive folder", "name a file inside the archive folder"))
    if not _HEX64.fullmatch(digest):
        problems.append(Problem(ref.path, lines.get("sha256", line), f"'{ref.id}': '{digest}' is not a sha256",
                                "record the file's sha256 (64 hexadecimal digits; sha256sum prints it)"))
    try:
        if parse_partial_date(archived).precision != "day":
            raise ValueError("a day is needed")
    except ValueError as exc:
        problems.append(Problem(ref.path, lines.get("archived", line), f"'{ref.id}': archived date "
                                f"'{archived}' is not a day ({exc})", "write archived: YYYY-MM-DD"))
    pages, page_problems = _pages(ref, raw.get("pages"), lines.get("pages", line))
    problems += page_problems
    if problems:
        return None, problems
    return ArchiveRecord(ref.id, name, digest, archived, pages, ref.path, line, lines), []


def _pages(ref: Reference, raw, line: int) -> tuple[tuple[PageStart, ...], list[Problem]]:
    if raw is None:
        return (), []
    hint = 'list the pages as {page: N, starts: "phrase that opens the page", inferred: true|false}'
    if not isinstance(raw, list):
        return (), [Problem(ref.path, line, f"'{ref.id}': archive 'pages' must be a list", hint)]
    pages, problems = [], []
    for number, item in enumerate(raw):
        item_line = raw.line_of_item(number) if hasattr(raw, "line_of_item") else line
        page = item.get("page") if isinstance(item, dict) else None
        if not isinstance(page, int) or isinstance(page, bool) or not str(item.get("starts") or "").strip() \
                or not isinstance(item.get("inferred"), bool):
            problems.append(Problem(ref.path, item_line, f"'{ref.id}': page start needs 'page' (a number), "
                                    "'starts' and 'inferred'", hint))
            continue
        pages.append(PageStart(page, str(item["starts"]), item["inferred"], item_line))
    if [p.page for p in pages] != sorted({p.page for p in pages}):
        problems.append(Problem(ref.path, line, f"'{ref.id}': pages are not in increasing order",
                                "list each page once, first to last"))
    return tuple(pages), problems


def open_sources(records: dict[str, ArchiveRecord], root: Path) -> tuple[dict[str, SourceText], list[Problem]]:
    """Read each archived file, refusing a changed one (sha256) and locating its pages."""
    sources, problems = {}, []
    for key, record in records.items():
        path = root / record.file
        if not path.is_file():
            problems.append(Problem(record.path, record.lines.get("file", record.line),
                                    f"archive file '{record.file}' of '{key}' is not in {root}",
                                    "restore the file to the archive, or correct 'file:'"))
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != record.sha256:
            problems.append(Problem(record.path, record.lines.get("sha256", record.line),
                                    f"archive file '{record.file}' of '{key}' has changed: its sha256 is "
                                    f"{digest[:12]}…, the record says {record.sha256[:12]}…",
                                    "restore the archived text; if the source was archived anew, record "
                                    "the new sha256 and date and check every citation of it"))
            continue
        source = SourceText(record, data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n"))
        found = _locate_pages(source)
        problems += found
        if not found:
            sources[key] = source
    return sources, problems


def _locate_pages(source: SourceText) -> list[Problem]:
    record, problems, previous = source.record, [], -1
    for start in record.pages:
        places = source.find(normalized(start.starts))
        if len(places) != 1:
            how = "is not in the text" if not places else f"occurs {len(places)} times in the text"
            problems.append(Problem(record.path, start.line, f"'{record.key}': the phrase opening p. {start.page} "
                                    f"('{start.starts}') {how}",
                                    "copy the first words of that page from the archived file, enough "
                                    "to occur once"))
            continue
        if places[0][0] <= previous:
            problems.append(Problem(record.path, start.line, f"'{record.key}': p. {start.page} starts before "
                                    "the page listed above it", "check the page starts against the text"))
        previous = places[0][0]
        source.boundaries.append(Boundary(places[0][0], start.page, start.inferred))
    return problems


def archive_entry(text_file: Path, archive_root: Path, archived: str = "") -> dict:
    """The archive record of a file in the archive folder: name, sha256, date archived."""
    path, root = Path(text_file).resolve(), Path(archive_root).resolve()
    if not path.is_file():
        raise ContentError("no such file", str(text_file), None, "give a file of the archive folder")
    if not path.is_relative_to(root):
        raise ContentError(f"the text is not in the archive folder {root}", str(text_file), None,
                           "copy it into the archive folder first, then name it there")
    day = archived or dt.date.today().isoformat()
    try:
        if parse_partial_date(day).precision != "day":
            raise ValueError("a day is needed")
    except ValueError as exc:
        raise ContentError(f"'{day}' is not a date ({exc})", hint="give --archived YYYY-MM-DD") from exc
    return {"file": path.relative_to(root).as_posix(),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "archived": day}
