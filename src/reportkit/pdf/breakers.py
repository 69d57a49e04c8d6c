"""The two paragraph breakers as the layout passes use them, and the memory of their choices between builds.

A breaker reads the justified paragraphs of a page, measures them and writes
its choice into the passes' plan (`reportkit.pdf.paginate.Plan`): English
paragraphs by `linebreak` (Knuth–Plass, hyphenated), CJK ones by `cjkbreak`.

What a breaker chooses for a paragraph depends on nothing but the paragraph —
its text and markup, the fonts of its text, its width — the stylesheet, the
installed fonts and this engine. `BreakMemory` keeps each choice under a digest
of all of those, so a build after an edit measures and breaks only the
paragraphs the edit touched, and chooses for the others exactly what it would
have chosen again.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

from . import cjkbreak, linebreak, predict

FORM = 1   # the form of the memory's entries; another form is not read
# The computed properties that decide how a text measures, the fonts first.
TEXT_STYLE_KEYS = ("font_family", "font_size", "font_style", "font_weight", "font_stretch", "font_variant_caps",
                   "font_variant_numeric", "font_variant_east_asian", "font_variant_ligatures",
                   "font_feature_settings", "font_kerning", "letter_spacing", "word_spacing", "text_transform",
                   "hyphenate_character", "hyphens", "lang", "white_space")
class EnglishBreaker:
    """Knuth–Plass with hyphenation (`linebreak`), for paragraphs set justified and hyphenated."""

    hyphenating = True

    def __init__(self, language: str | None):
        self.language = language
        self.hyphenator = _hyphenator(language)
        self.settings = linebreak.Settings()

    def name(self) -> tuple:
        return ("linebreak", self.language, self.settings)

    def read(self, reading: linebreak.Reading, root) -> list[linebreak.Paragraph]:
        return linebreak.read_paragraphs(reading, root)

    def set_width(self, paragraph: linebreak.Paragraph, width: float) -> None:
        paragraph.width = width

    def measure(self, paragraph: linebreak.Paragraph, measure: linebreak.Measure | None = None) -> None:
        """The paragraph's items, measured in its fonts (once: a paragraph remembered is measured only
        if a pass needs its items)."""
        if not paragraph.items:
            paragraph.items = linebreak.build_items(paragraph, measure or linebreak.Measure(), self.hyphenator)

    def plan(self, paragraph: linebreak.Paragraph, plan) -> None:
        """The paragraph's edits; a paragraph no pass can break is left to WeasyPrint, hyphens marked."""
        self.measure(paragraph)
        breaking = linebreak.break_paragraph(paragraph, self.settings)
        edits = linebreak.fallback_edits(paragraph) if breaking is None \
            else linebreak.break_edits(paragraph, breaking)
        self.restore(paragraph, (breaking, edits), plan)

    def chosen(self, paragraph: linebreak.Paragraph, plan):
        return plan.breaks.get(paragraph.block), plan.edits.get(paragraph.block)

    def restore(self, paragraph: linebreak.Paragraph, chosen, plan) -> None:
        breaking, edits = chosen
        plan.edits[paragraph.block] = edits
        plan.paragraphs.pop(paragraph.block, None)
        plan.breaks.pop(paragraph.block, None)
        if breaking is not None:
            plan.paragraphs[paragraph.block] = paragraph
            plan.breaks[paragraph.block] = breaking


class CjkBreaker:
    """Whole-paragraph breaking with push-in (`cjkbreak`), for every justified CJK paragraph;
    one that WeasyPrint's own lines set as well is left to it."""

    hyphenating = False

    def name(self) -> tuple:
        return ("cjkbreak", cjkbreak.SETTINGS, cjkbreak.MARGIN, cjkbreak.SPREAD)

    def read(self, reading: linebreak.Reading, root) -> list[linebreak.Paragraph]:
        return cjkbreak.read_paragraphs(reading, root)

    def set_width(self, paragraph: linebreak.Paragraph, width: float) -> None:
        paragraph.width = width - cjkbreak.MARGIN * paragraph.slots[0].style["font_size"]

    def measure(self, paragraph: linebreak.Paragraph, measure: linebreak.Measure | None = None) -> None:
        if not paragraph.items:
            paragraph.items = cjkbreak.build_items(paragraph, measure or linebreak.Measure())

    def plan(self, paragraph: linebreak.Paragraph, plan) -> None:
        self.measure(paragraph)
        breaking = cjkbreak.break_paragraph(paragraph)
        self.restore(paragraph, None if breaking is None else cjkbreak.break_edits(paragraph, breaking), plan)

    def chosen(self, paragraph: linebreak.Paragraph, plan):
        return plan.edits.get(paragraph.block)

    def restore(self, paragraph: linebreak.Paragraph, chosen, plan) -> None:
        if chosen is None:
            plan.edits.pop(paragraph.block, None)
        else:
            plan.edits[paragraph.block] = chosen


class BreakMemory:
    """The breakers' choices by paragraph digest (`digest`): those of the last build, and those this
    build chose, which are all the next one keeps."""

    def __init__(self, last: dict | None = None):
        self.last = last if isinstance(last, dict) and last.get("form") == FORM else {}
        self.made: dict = {}

    def recall(self, key: str):
        """What was chosen for the paragraph with this digest, or None if it was not seen."""
        found = self.last.get("choices", {}).get(key) or self.made.get(key)
        if found is not None:
            self.made[key] = found
        return found

    def keep(self, key: str, chosen) -> None:
        self.made[key] = (chosen,)

    def page_areas(self, key: str, measure) -> dict[str, float]:
        """The page areas (`predict.page_areas`) a page setting and its page names give, measured by
        `measure()` only if not remembered."""
        found = self.recall(f"areas {key}")
        if found is None:
            found = (measure(),)
            self.made[f"areas {key}"] = found
        return found[0]

    def kept(self) -> dict:
        return {"form": FORM, "choices": self.made}

    @staticmethod
    def read(path: Path) -> dict | None:
        """The memory kept at `path`, or None (none kept, or unreadable: every paragraph is broken)."""
        try:
            with open(path, "rb") as file:
                return pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None

    def dump(self) -> bytes:
        return pickle.dumps(self.kept(), protocol=pickle.HIGHEST_PROTOCOL)


def break_paragraph(paragraph: linebreak.Paragraph, breaker, plan, memory: BreakMemory | None,
                    setting: str, measure: linebreak.Measure) -> None:
    """Write the breaker's choice for the paragraph into the plan: remembered, or measured and chosen now."""
    key = digest(paragraph, breaker, setting) if memory is not None else None
    found = memory.recall(key) if key is not None else None
    if found is not None:
        breaker.restore(paragraph, found[0], plan)
        return
    breaker.measure(paragraph, measure)
    breaker.plan(paragraph, plan)
    if memory is not None:
        memory.keep(key, breaker.chosen(paragraph, plan))


def digest(paragraph: linebreak.Paragraph, breaker, setting: str) -> str:
    """A digest of all a breaker's choice for a paragraph depends on. `setting`: `page_setting` of its page."""
    slots = [(slot.attribute, tuple(repr(slot.style[key]) for key in TEXT_STYLE_KEYS)) for slot in paragraph.slots]
    shape = (FORM, breaker.name(), setting, round(paragraph.width, 3), round(paragraph.indent, 3),
             _shape(paragraph.element), slots)
    return hashlib.sha256(repr(shape).encode("utf-8")).hexdigest()


def page_setting(html: str) -> str:
    """A digest of what sets every paragraph of a print page alike: its head and body tag
    (`predict.page_head`: the stylesheet, the fonts, the body's classes), the installed font files
    and this engine's code."""
    head = predict.page_head(html) or html
    return hashlib.sha256("\0".join((head, _fonts_and_engine())).encode("utf-8")).hexdigest()


@functools.cache
def _fonts_and_engine() -> str:
    import weasyprint

    from ..text.fonts import installed_font_files

    digest_ = hashlib.sha256(weasyprint.__version__.encode())
    for path in sorted(installed_font_files()):
        try:
            status = os.stat(path)
        except OSError:
            continue
        digest_.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest_.update(source.read_bytes())
    return digest_.hexdigest()


def _shape(element) -> tuple:
    """An element's tag, attributes (but its block name, which moves when a block is added before it),
    text and children, with their tails."""
    attributes = tuple(sorted((name, value) for name, value in element.attrib.items() if name != linebreak.BLOCK))
    return (element.tag, attributes, element.text,
            tuple((_shape(child), child.tail) for child in element))


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
