"""Characters and fonts: emoji are drawn, a character no font has is a warning at its line."""

from __future__ import annotations

import pytest

from helpers import edit
from readers import docx_paragraphs, pdf_fonts, pdf_text
from reportkit.load.report import load_report
from reportkit.check.validate import validate

HINT = ("the PDF would show an empty box: install a font that has it (emoji: Debian's "
        "fonts-noto-color-emoji) or write another character")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_emoji_is_drawn_from_the_emoji_font(mini, lang):
    path = mini.path(lang, "pdf")
    fonts = [name.replace("-", "") for name, _ in pdf_fonts(path)]
    assert any("NotoColorEmoji" in name for name in fonts), fonts
    assert "🗾" in pdf_text(path)   # mapped to its character, so a real glyph and not a box
    assert any("🗾" in text for _, text in docx_paragraphs(mini.path(lang, "docx")))


# Characters of the supplementary private use areas: the basic one (U+E000…) has glyphs in some
# installed fonts (TeX Gyre, which Debian's TeX brings).
def test_private_use_character_is_a_warning_at_its_line(mini_copy):
    path = mini_copy / "en" / "intro.md"
    edit(path, "(see @tbl:chronology).", "(see @tbl:chronology) \U0010FFFD.")
    assert [str(p) for p in validate(load_report(mini_copy)).problems] == [
        f"{path}:5: warning: no font has '\U0010FFFD' (U+10FFFD) — {HINT}"]


def test_many_uncommon_characters_are_looked_up_at_once(mini_copy):
    path = mini_copy / "en" / "intro.md"
    emoji = "".join(chr(code) for code in range(0x1F600, 0x1F610))
    edit(path, "(see @tbl:chronology).", f"(see @tbl:chronology). {emoji} \U000F0000 \U0010FFFD")
    assert [str(p) for p in validate(load_report(mini_copy)).problems] == [
        f"{path}:5: warning: no font has '\U000F0000' (U+F0000) — {HINT}",
        f"{path}:5: warning: no font has '\U0010FFFD' (U+10FFFD) — {HINT}"]


def test_a_title_in_the_bibliography_is_checked_too(mini_copy):
    path = mini_copy / "references.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.split("\n"), 1) if "title:" in row)
    lines = text.split("\n")
    lines[line - 1] = lines[line - 1].rstrip() + " \U0010FFFD"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert f"{path}:{line}: warning: no font has '\U0010FFFD' (U+10FFFD) — {HINT}" in [
        str(p) for p in validate(load_report(mini_copy)).problems]
