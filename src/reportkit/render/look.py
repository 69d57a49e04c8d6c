"""What the stylesheets and the code must agree on: the body size and text block, the faces,
and the class names one side writes and the other reads.

Defined here once and given to every template as `look` (`language.make_environment`),
so a stylesheet writes `{{ look.body_size }}pt` or `.{{ look.classes.figure_note }}`
where it used to repeat a value the code also holds. The faces themselves are
`text.fonts`' table (the checks read it too, below this layer), and so is the width
of their space, measured from the installed font (`Fonts.cjk_space_width`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text.fonts import CJK_FACES, QUOTED_CJK, SANS, SERIF, CjkFaces

BODY_SIZE = 10.5          # pt: the print body text, and the DOCX's
TEXT_BLOCK_EMS = 34       # the print text block in body ems: a line of Chinese holds whole characters
A4_WIDTH = 595.2756       # pt (210 mm)


@dataclass(frozen=True)
class Classes:
    """Class names the code writes or reads in the HTML the stylesheets style."""

    chapter: str = "level2"              # pandoc's section of a chapter (--section-divs); paginate reads it
    numbered: str = "numbered"           # a numbered chapter's heading: its number hangs in the margin-side column
    table: str = "report-table"          # the box of a numbered table, continued over pages by paginate
    figure_note: str = "figure-note"     # the note under a figure, which moves with it
    caption_row: str = "caption-row"     # the caption set as the first header row
    continued: str = "continued"         # the "Table 1 (continued)" row
    continued_head: str = "continued-head"  # the header of the pages a table continues onto
    hyphenated: str = "hyphenated"       # the page of an edition whose justified text is hyphenated
    latin: str = "latin"                 # a Latin run inside CJK text: its own spaces
    gap: str = "gap"                     # the space between CJK and Latin characters
    halt: str = "halt"                   # a punctuation mark set at half width
    nobreak: str = "nobreak"             # text kept on one line


CLASSES = Classes()


@dataclass(frozen=True)
class Look:
    """The values above, as the templates see them."""

    body_size: float = BODY_SIZE
    text_block_ems: int = TEXT_BLOCK_EMS
    serif: str = SERIF
    sans: str = SANS
    quoted_cjk: CjkFaces = CJK_FACES[QUOTED_CJK]
    classes: Classes = field(default=CLASSES)

    @property
    def text_block(self) -> float:
        """The print text block's width, in pt."""
        return self.text_block_ems * self.body_size

    @property
    def side_margin(self) -> float:
        """The left and right page margins of the A4 print page that centre the text block, in pt."""
        return round((A4_WIDTH - self.text_block) / 2, 2)


LOOK = Look()
