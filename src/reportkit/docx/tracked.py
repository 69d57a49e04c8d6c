"""Tracked changes between two finished DOCX documents: the previous edition's and the current one's.

Both are made by the same engine from their own content, so everything a reader
sees is compared: the cover's edition line, the contents, the text with its
printed citations, the tables, the "what is new" box, the revision history and
the references. The result is the current document's package whose body also
holds the previous edition's content: what only the previous edition has as
deletions (`w:del`), what only the current one has as insertions (`w:ins`).
Blocks are paired as editions pair their paragraphs (`editions.similarity`);
a changed paragraph is compared by word, or by character for Chinese; a table
row by row and cell by cell.

LibreOffice drops the text of a hyperlink that sits inside an insertion, so an
insertion is written inside its hyperlink instead, and deleted text without links.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import io
import itertools
import posixpath
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from ..editions.diff import similarity
from ..write import zip_bytes

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
W = f"{{{_W}}}"
_NS = {"w": _W}
_BLOCKS = (f"{W}p", f"{W}tbl", f"{W}sdt")
_WORD = re.compile(r"[A-Za-z0-9’'_-]+|\s+|.", re.S)
_PAIRED = 0.4          # a paragraph still resembling its counterpart this much is changed, not replaced
_DELETED_TEXT = {f"{W}t": f"{W}delText", f"{W}instrText": f"{W}delInstrText"}


def tracked_docx(previous: bytes, current: bytes, author: str, date: str, by_words: bool,
                 anchors: dict[str, str] | None = None) -> bytes:
    """The current DOCX with tracked changes against the previous one, each signed by `author`
    and dated `date` (ISO 8601); `by_words` compares changed paragraphs by word, else by character.

    `anchors`: bookmarks of the previous document the current one names otherwise (a renamed
    section's heading), old name → new name: a link to one is the same link as before.
    """
    old, new = _Package(previous), _Package(current)
    comparison = _Comparison(old, new, author, date, by_words, anchors or {})
    body = new.root.find(f"{W}body")
    section = body.find(f"{W}sectPr")
    merged = comparison.blocks(_children(old.root.find(f"{W}body")), _children(body))
    for child in list(body):
        body.remove(child)
    body.extend(merged + ([section] if section is not None else []))
    comparison.finish()
    return new.data()


def _children(container) -> list:
    """A container's content, without the properties that are not content (section, cell)."""
    return [child for child in container if child.tag not in (f"{W}sectPr", f"{W}tcPr")]


class _Package:
    """One DOCX: its parts, its document, and what its relationships point at."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])
        self.rels = etree.fromstring(self.parts["word/_rels/document.xml.rels"])
        self.by_id = {rel.get("Id"): rel for rel in self.rels}

    def target(self, rid: str) -> str:
        rel = self.by_id.get(rid)
        return rel.get("Target", "") if rel is not None else ""

    def part(self, rid: str) -> bytes:
        """The bytes of the part a relationship points at (an image), or b'' for an external target."""
        rel = self.by_id.get(rid)
        if rel is None or rel.get("TargetMode") == "External":
            return b""
        return self.parts.get(posixpath.normpath(posixpath.join("word", rel.get("Target", ""))), b"")

    def data(self) -> bytes:
        self.parts["word/document.xml"] = _xml(self.root)
        self.parts["word/_rels/document.xml.rels"] = _xml(self.rels)
        return zip_bytes(self.parts)


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass
class _Atom:
    """The smallest unit compared: a word or character of a run, an object in a run, or a marker."""

    key: tuple            # (text or object signature, run formatting, link target): what is compared
    text: str | None      # the text of a word or character; None for an object or a marker
    node: object          # the run's child for an object; the element itself for a marker
    props: object = None  # the run's w:rPr
    link: object = None   # the w:hyperlink the run is in

    @property
    def marker(self) -> bool:
        """Bookmarks and the like: kept where the current edition has them, never compared."""
        return self.key is None


class _Comparison:
    """One comparison of a previous (`old`) and a current (`new`) document, written into `new`."""

    def __init__(self, old: _Package, new: _Package, author: str, date: str, by_words: bool,
                 anchors: dict[str, str]):
        self.old, self.new = old, new
        self.author, self.date, self.by_words = author, date, by_words
        self.anchors = anchors
        self._previous = set(old.root.iter(f"{W}p"))
        self._atoms: dict = {}
        self._keys: dict = {}
        self.changes: list = []
        self.numbering: dict[str, str] = {}   # old numId → the new numId of its paired paragraphs
        self.removed_props: list = []         # pPr of removed paragraphs, renumbered at the end
        self._imported: dict[str, str] = {}
        self._numbering_root = None

    # --- Blocks: paragraphs, tables, content controls ---------------------------------------

    def blocks(self, old_children: list, new_children: list, threshold: float = _PAIRED) -> list:
        """A container's content: the current blocks, with removed ones where they stood.

        A block is changed, not replaced, when it resembles its counterpart at least `threshold`.
        """
        olds = [c for c in old_children if c.tag in _BLOCKS]
        news = [c for c in new_children if c.tag in _BLOCKS]
        pairs = list(_pairs(olds, news, self.key, self._block_score, threshold))
        out, position = [], 0
        for child in new_children:
            if child.tag not in _BLOCKS:
                out.append(child)   # bookmarks between blocks stay where the current edition has them
                continue
            while pairs[position][1] is None:
                out.append(self._paired(pairs, position))
                position += 1
            out.append(self._paired(pairs, position))
            position += 1
        out += [self._paired(pairs, index) for index in range(position, len(pairs))]
        return out

    def _paired(self, pairs: list, index: int):
        old, new, same = pairs[index]
        if same:
            self._note_numbering(old, new)
            return new
        if old is None or new is None or new.tag != f"{W}p":
            return self.block(old, new)
        self._note_numbering(old, new)
        # LibreOffice joins a change with a whole paragraph's change of the same kind next to
        # it, paragraph mark included: rejecting would then join this paragraph with the next.
        # So this paragraph neither ends nor starts with the kind of its neighbour's change.
        return self.paragraph(old, new, avoid=(_whole(pairs, index - 1), _whole(pairs, index + 1)))

    def block(self, old, new):
        """One block of either side, or both: removed (no `new`), added (no `old`) or changed."""
        tag = (new if new is not None else old).tag
        if tag == f"{W}p":
            return self.paragraph(old, new)
        if tag == f"{W}tbl":
            return self.table(old, new)
        return self.content_control(old, new)

    def key(self, element) -> str:
        """What must be equal for a block to be unchanged: its style, text, formatting and links."""
        if element not in self._keys:
            if element.tag == f"{W}p":
                style = element.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=_NS)
                units = [repr(a.key) for a in self.atoms(element) if not a.marker]
                self._keys[element] = "p\x1e" + style + "\x1e" + hashlib.sha1(
                    "\x1f".join(units).encode()).hexdigest()
            else:
                inner = element.xpath("w:tr | w:tc | w:sdtContent/* | w:p | w:tbl", namespaces=_NS)
                self._keys[element] = etree.QName(element).localname + "\x1e" + "\x1d".join(
                    self.key(child) for child in inner)
        return self._keys[element]

    def _block_score(self, old, new) -> float | None:
        """How much two blocks resemble each other; None when one cannot become the other."""
        if old.tag != new.tag:
            return None
        if old.tag != f"{W}p":
            return 1.0   # one table or content control for another: compared row by row
        if old.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=_NS) != \
                new.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=_NS):
            return None
        if old.find(f".//{W}drawing") is not None or new.find(f".//{W}drawing") is not None:
            # A figure redrawn is replaced whole: LibreOffice loses the paragraph of an image
            # deleted and another inserted in it when the changes are rejected.
            return None
        return similarity(_text(old), _text(new))

    def content_control(self, old, new):
        """A content control (pandoc's contents): its properties as they are, its content compared."""
        shell = _shell(new if new is not None else old, f"{W}sdtContent")
        content = etree.SubElement(shell, f"{W}sdtContent")
        content.extend(self.blocks(_content(old, f"{W}sdtContent"), _content(new, f"{W}sdtContent")))
        return shell

    def table(self, old, new):
        """A table compared row by row; a row added or removed is tracked as a row."""
        shell = _shell(new if new is not None else old, f"{W}tr")
        rows = list(_pairs(old.findall(f"{W}tr") if old is not None else [],
                           new.findall(f"{W}tr") if new is not None else [], self.key, self._row_score))
        shell.extend(n if same else self.row(o, n) for o, n, same in rows)
        return shell

    def _row_score(self, old, new) -> float | None:
        if len(old.findall(f"{W}tc")) != len(new.findall(f"{W}tc")):
            return None
        return similarity(_text(old), _text(new))

    def row(self, old, new):
        source = new if new is not None else old
        row = etree.Element(source.tag, source.attrib)
        properties = copy.deepcopy(source.find(f"{W}trPr"))
        if properties is None:
            properties = etree.Element(f"{W}trPr")
        if old is None or new is None:
            properties.append(self._change("ins" if old is None else "del"))
        row.append(properties)
        olds = old.findall(f"{W}tc") if old is not None else []
        news = new.findall(f"{W}tc") if new is not None else []
        for old_cell, new_cell in itertools.zip_longest(olds, news):
            row.append(self.cell(old_cell, new_cell))
        return row

    def cell(self, old, new):
        source = new if new is not None else old
        cell = etree.Element(source.tag, source.attrib)
        properties = source.find(f"{W}tcPr")
        if properties is not None:
            cell.append(copy.deepcopy(properties))
        # A cell's paragraph is changed whatever its new text: a removed paragraph
        # closing a cell would leave an empty one behind when the changes are accepted.
        cell.extend(self.blocks(_children(old) if old is not None else [],
                                _children(new) if new is not None else [], threshold=0.0))
        return cell

    # --- Paragraphs -------------------------------------------------------------------------

    def paragraph(self, old, new, avoid: tuple = (None, None)):
        """A paragraph removed, added or changed; a whole one has its paragraph mark tracked too.

        `avoid`: the kind of change ('ins', 'del' or None) a changed paragraph must not start
        with, and must not end with.
        """
        if old is not None and new is not None:
            pieces = self._diff(self.atoms(old), self.atoms(new))
            pieces, whole, source = _away_from_edges(pieces, *avoid), None, new
        elif new is not None:
            pieces, whole, source = [("ins", a) if not a.marker else ("marker", a) for a in self.atoms(new)], "ins", new
        else:
            pieces, whole, source = [("del", a) for a in self.atoms(old) if not a.marker], "del", old
        paragraph = etree.Element(source.tag, source.attrib)
        properties = copy.deepcopy(source.find(f"{W}pPr"))
        if whole:
            if properties is None:
                properties = etree.Element(f"{W}pPr")
            marks = properties.find(f"{W}rPr")
            if marks is None:
                marks = etree.SubElement(properties, f"{W}rPr")
            marks.insert(0, self._change(whole))
        if properties is not None:
            paragraph.append(properties)
            if new is None:
                self.removed_props.append(properties)
        for (status, link, _), group in itertools.groupby(pieces, key=_group):
            self._emit(paragraph, status, link, [atom for _, atom in group])
        return paragraph

    def atoms(self, paragraph) -> list[_Atom]:
        if paragraph not in self._atoms:
            side = self.old if paragraph in self._previous else self.new
            atoms = []
            for child in paragraph:
                if child.tag == f"{W}r":
                    atoms += self._run_atoms(child, None, side)
                elif child.tag == f"{W}hyperlink":
                    for run in child:
                        atoms += self._run_atoms(run, child, side) if run.tag == f"{W}r" else [_Atom(None, None, run)]
                elif child.tag != f"{W}pPr":
                    atoms.append(_Atom(None, None, child))
            self._atoms[paragraph] = atoms
        return self._atoms[paragraph]

    def _run_atoms(self, run, link, side: _Package) -> list[_Atom]:
        props = run.find(f"{W}rPr")
        formatting = etree.tostring(props) if props is not None else b""
        target = ""
        if link is not None and link.get(f"{W}anchor"):
            anchor = link.get(f"{W}anchor")
            target = "#" + (self.anchors.get(anchor, anchor) if side is self.old else anchor)
        elif link is not None:
            target = side.target(link.get(f"{{{_R}}}id"))
        atoms = []
        for node in run:
            if node.tag == f"{W}rPr":
                continue
            if node.tag == f"{W}t":
                units = _WORD.findall(node.text or "") if self.by_words else list(node.text or "")
                atoms += [_Atom((unit, formatting, target), unit, None, props, link) for unit in units]
            else:
                atoms.append(_Atom((_signature(node, side), formatting, target), None, node, props, link))
        return atoms

    def _diff(self, old: list[_Atom], new: list[_Atom]) -> list[tuple[str, _Atom]]:
        """The pieces of a changed paragraph, in order: ('same'|'del'|'ins'|'marker', atom)."""
        olds = [a for a in old if not a.marker]
        news, before = [], []   # before[j]: the markers just before the j-th compared atom
        waiting = []
        for atom in new:
            if atom.marker:
                waiting.append(atom)
            else:
                news.append(atom)
                before.append(waiting)
                waiting = []
        matcher = difflib.SequenceMatcher(a=[a.key for a in olds], b=[a.key for a in news], autojunk=False)
        pieces = []
        for tag, i1, i2, j1, j2 in _readable(matcher.get_opcodes(), news):
            if tag != "equal":
                pieces += [("del", olds[i]) for i in range(i1, i2)]
            for j in range(j1, j2):
                pieces += [("marker", m) for m in before[j]]
                pieces.append(("same" if tag == "equal" else "ins", news[j]))
        return pieces + [("marker", m) for m in waiting]

    def _emit(self, paragraph, status: str, link, atoms: list[_Atom]) -> None:
        """Write one group of pieces: a run, in its hyperlink (current text) or tracked change."""
        if status == "marker":
            paragraph.extend(copy.deepcopy(atom.node) for atom in atoms)
            return
        run = etree.Element(f"{W}r")
        if atoms[0].props is not None:
            run.append(copy.deepcopy(atoms[0].props))
        for is_text, group in itertools.groupby(atoms, key=lambda a: a.text is not None):
            if is_text:
                text = etree.SubElement(run, f"{W}delText" if status == "del" else f"{W}t")
                text.text = "".join(a.text for a in group)
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            else:
                run.extend(copy.deepcopy(a.node) for a in group)
        if status == "del":
            self._from_previous(run)
            wrapper = self._change("del")
            wrapper.append(run)
            paragraph.append(wrapper)
            return
        inner = run
        if status == "ins":
            inner = self._change("ins")
            inner.append(run)
        if link is not None:
            outer = etree.Element(link.tag, link.attrib)
            outer.append(inner)
            inner = outer
        paragraph.append(inner)

    def _change(self, kind: str):
        change = etree.Element(f"{W}{kind}", {f"{W}id": "0", f"{W}author": self.author, f"{W}date": self.date})
        self.changes.append(change)
        return change

    # --- What deleted content brings from the previous package -----------------------------------

    def _from_previous(self, run) -> None:
        """Deleted text and field codes as deletions; images with their parts copied over."""
        for node in run.iter():
            if node.tag in _DELETED_TEXT:
                node.tag = _DELETED_TEXT[node.tag]
            for name, value in node.attrib.items():
                if name.startswith(f"{{{_R}}}"):
                    node.set(name, self._import_relationship(value))
            if node.tag == f"{{{_WP}}}docPr":
                node.set("id", str(self._next_drawing_id()))

    def _import_relationship(self, rid: str) -> str:
        if rid not in self._imported:
            rel = self.old.by_id[rid]
            target = rel.get("Target")
            if rel.get("TargetMode") != "External":
                target = posixpath.join(posixpath.dirname(target), "previous-" + posixpath.basename(target))
                self.new.parts[posixpath.normpath(posixpath.join("word", target))] = self.old.part(rid)
                self._content_type(target)
            new_id = f"rIdPrevious{len(self._imported) + 1}"
            etree.SubElement(self.new.rels, rel.tag, {**rel.attrib, "Id": new_id, "Target": target})
            self._imported[rid] = new_id
        return self._imported[rid]

    def _content_type(self, target: str) -> None:
        extension = posixpath.splitext(target)[1].lstrip(".").lower()
        types = etree.fromstring(self.new.parts["[Content_Types].xml"])
        if any(d.get("Extension", "").lower() == extension for d in types.iter(f"{{{_TYPES}}}Default")):
            return
        old_types = etree.fromstring(self.old.parts["[Content_Types].xml"])
        for default in old_types.iter(f"{{{_TYPES}}}Default"):
            if default.get("Extension", "").lower() == extension:
                types.insert(0, copy.deepcopy(default))
        self.new.parts["[Content_Types].xml"] = _xml(types)

    def _next_drawing_id(self) -> int:
        if not hasattr(self, "_drawing_id"):
            ids = [int(v) for v in self.new.root.xpath("//wp:docPr/@id", namespaces={"wp": _WP}) if v.isdigit()]
            self._drawing_id = max(ids, default=0)
        self._drawing_id += 1
        return self._drawing_id

    def _note_numbering(self, old, new) -> None:
        """A list paragraph of both editions: the previous list's number is the current one's."""
        if old is None:
            return
        before = old.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=_NS)
        after = new.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=_NS)
        if before and after:
            self.numbering.setdefault(before, after)

    def finish(self) -> None:
        """Removed list paragraphs numbered in the current lists (or in copies of their own);
        every change given its own id."""
        for properties in self.removed_props:
            for number in properties.xpath("w:numPr/w:numId", namespaces=_NS):
                value = number.get(f"{W}val")
                if value not in self.numbering:
                    self.numbering[value] = self._import_list(value)
                number.set(f"{W}val", self.numbering[value])
        if self._numbering_root is not None:
            self.new.parts["word/numbering.xml"] = _xml(self._numbering_root)
        taken = [int(v) for e in self.new.root.iter() if e.tag not in (f"{W}ins", f"{W}del")
                 for v in [e.get(f"{W}id")] if v and v.lstrip("-").isdigit()]
        for number, change in enumerate(self.changes, start=max(taken, default=0) + 1):
            change.set(f"{W}id", str(number))

    def _import_list(self, number: str) -> str:
        """A list only the previous edition has: its definition copied under new numbers."""
        if "word/numbering.xml" not in self.old.parts or "word/numbering.xml" not in self.new.parts:
            return number
        if self._numbering_root is None:
            self._numbering_root = etree.fromstring(self.new.parts["word/numbering.xml"])
        target = self._numbering_root
        source = etree.fromstring(self.old.parts["word/numbering.xml"])
        found = source.xpath(f"w:num[@w:numId='{number}']", namespaces=_NS)
        if not found:
            return number
        abstract_id = found[0].xpath("string(w:abstractNumId/@w:val)", namespaces=_NS)
        abstract = source.xpath(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", namespaces=_NS)
        new_abstract = str(1 + max((int(v) for v in target.xpath("w:abstractNum/@w:abstractNumId",
                                                                    namespaces=_NS)), default=0))
        new_number = str(1 + max((int(v) for v in target.xpath("w:num/@w:numId", namespaces=_NS)), default=0))
        if abstract:
            definition = copy.deepcopy(abstract[0])
            definition.set(f"{W}abstractNumId", new_abstract)
            existing = target.findall(f"{W}abstractNum")
            (existing[-1].addnext if existing else lambda e: target.insert(0, e))(definition)
        instance = copy.deepcopy(found[0])
        instance.set(f"{W}numId", new_number)
        instance.find(f"{W}abstractNumId").set(f"{W}val", new_abstract)
        target.append(instance)
        return new_number


def _pairs(olds: list, news: list, key, score, threshold: float = _PAIRED):
    """Old and new items in the new order: (old, new, True) unchanged, (old, new, False) changed,
    (None, new, False) added, (old, None, False) removed."""
    matcher = difflib.SequenceMatcher(a=[key(o) for o in olds], b=[key(n) for n in news], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from ((o, n, True) for o, n in zip(olds[i1:i2], news[j1:j2]))
            continue
        pending = list(olds[i1:i2])
        for new in news[j1:j2]:
            scores = [score(o, new) for o in pending]
            best = max((i for i, value in enumerate(scores) if value is not None),
                       key=scores.__getitem__, default=None)
            if best is not None and scores[best] >= threshold:
                yield from ((o, None, False) for o in pending[:best])
                yield pending[best], new, False
                pending = pending[best + 1:]
            else:
                yield None, new, False
        yield from ((o, None, False) for o in pending)


def _readable(opcodes, news: list[_Atom]):
    """The diff with a lone space or character left between two changes taken into them:
    'slow to' → 'late for' reads as one change, not two around an unchanged space."""
    merged = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < index < len(opcodes) - 1
        texts = [a.text for a in news[j1:j2]]
        if tag == "equal" and between and None not in texts and (
                len("".join(texts)) == 1 or "".join(texts).isspace()):
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            previous = merged.pop()
            merged.append(("replace", previous[1], i2, previous[3], j2))
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def _whole(pairs: list, index: int) -> str | None:
    """'ins' when the block at `index` is added whole, 'del' when removed whole, else None."""
    if not 0 <= index < len(pairs):
        return None
    old, new, _ = pairs[index]
    return "ins" if old is None else "del" if new is None else None


def _away_from_edges(pieces: list, start: str | None, end: str | None) -> list:
    """The pieces with the change at each edge reordered (deletion and insertion of the same
    text in the other order) so that it does not start with `start` nor end with `end`."""
    if end:
        pieces = _edge_last(pieces, end)
    if start:
        pieces = [(s, a) for s, a in reversed(_edge_last(list(reversed(pieces)), start))]
    return pieces


def _edge_last(pieces: list, kind: str) -> list:
    """Reorder the trailing change so that its last piece is not `kind`."""
    compared = [i for i, (status, _) in enumerate(pieces) if status != "marker"]
    if not compared or pieces[compared[-1]][0] != kind:
        return pieces
    first = len(compared)
    while first > 0 and pieces[compared[first - 1]][0] != "same":
        first -= 1
    cut = compared[first]
    head = pieces[:cut]
    markers = [p for p in pieces[cut:] if p[0] == "marker"]
    tail = [p for p in pieces[cut:] if p[0] != "marker"]
    other = "del" if kind == "ins" else "ins"
    if all(status == kind for status, _ in tail):
        # A change of one kind only: the unchanged unit before it joins it, as deleted and inserted.
        if first == 0 or pieces[compared[first - 1]][1].text is None:
            return pieces
        unit = pieces[compared[first - 1]][1]
        head = pieces[:compared[first - 1]] + pieces[compared[first - 1] + 1:cut]
        tail = [(kind, unit)] + tail + [(other, unit)]
    return head + markers + [p for p in tail if p[0] == kind] + [p for p in tail if p[0] != kind]


def _group(piece):
    """Pieces written as one run: same status, same formatting, same link (deleted text has none)."""
    status, atom = piece
    if status == "marker":
        return status, None, None
    return status, atom.link if status != "del" else None, atom.key[1]


def _signature(node, side: _Package) -> str:
    """What an object in a run is, for comparison: its XML, an image by the bytes it shows."""
    images = [side.part(rid) for rid in node.xpath(".//@r:embed", namespaces={"r": _R})]
    if images:
        return "\x00image:" + "".join(hashlib.sha1(image).hexdigest() for image in images)
    return "\x00" + etree.tostring(node, encoding="unicode")


def _text(element) -> str:
    return "".join(element.xpath(".//w:t/text()", namespaces=_NS))


def _shell(source, content_tag: str):
    """A copy of a block without its content (`content_tag` children): properties only."""
    shell = etree.Element(source.tag, source.attrib)
    shell.extend(copy.deepcopy(child) for child in source if child.tag != content_tag)
    return shell


def _content(element, tag: str) -> list:
    if element is None:
        return []
    content = element.find(tag)
    return list(content) if content is not None else []
