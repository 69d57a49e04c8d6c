"""One language edition's context: its language, its templates and strings, its script's rules.

Made once per language where a build starts an output (a worker's group, the
index page, the reviewer's page) and passed down as plain data: every stage
asks it, rather than deciding again, whether the edition is set in Chinese
characters, which fonts it names and how it punctuates quotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from .languages import is_cjk
from .localize import format_iso_date, load_translations
from .markdown import markdown_cell
from .model import Language
from .structure import american_quote_punctuation

# The faces the outputs name: Latin body and headings, and their CJK companions.
SERIF, SANS = "Noto Serif", "Noto Sans"
CJK_SERIF, CJK_SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
# The figures' SVG text: a CJK edition draws its labels in the CJK face first.
FIGURE_FONTS = {True: f"'{CJK_SANS}', '{SANS}', sans-serif", False: f"'{SANS}', 'DejaVu Sans', sans-serif"}


@dataclass(frozen=True)
class Fonts:
    """The faces an edition's outputs name (the PDF's are in its stylesheet)."""

    figure: str                    # CSS font stack of the SVG figures
    body: str = SERIF              # DOCX: Latin body face
    heading: str = SANS            # DOCX: Latin heading face
    east_asia_body: str = CJK_SERIF
    east_asia_heading: str = CJK_SANS


@dataclass(frozen=True)
class EditionContext:
    """One language edition: its `Language`, Jinja environment, strings module and script properties."""

    language: Language
    env: jinja2.Environment
    strings: object     # markdown/strings.j2 as a module: the edition's labels and phrases
    cjk: bool           # set in Chinese, Japanese or Korean characters
    english: bool       # American quotation punctuation, a space before author-date citations
    fonts: Fonts

    @classmethod
    def of(cls, language: Language, templates: Path, catalogs: Path) -> "EditionContext":
        env = make_environment(templates, catalogs, language.locale)
        primary = language.locale.split("_")[0]
        cjk = is_cjk(primary)
        return cls(language=language, env=env, strings=env.get_template("markdown/strings.j2").module,
                   cjk=cjk, english=primary == "en", fonts=Fonts(figure=FIGURE_FONTS[cjk]))

    @property
    def lang(self) -> str:
        return self.language.code

    def quoted(self, text: str) -> str:
        """Text with the edition's quotation rule: in English, full stops and commas inside the quotes."""
        return american_quote_punctuation(text) if self.english else text

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)


def page_context(report, context: EditionContext) -> dict:
    """What every page template shows of the edition: its language, name, date, series and publisher."""
    language, strings = context.language, context.strings
    edition = report.config.edition
    edition_date = format_iso_date(edition.date, language.locale)
    edition_name = str(strings.edition_name(len(report.config.editions), edition.version))
    return {"language": language, "edition": edition, "edition_date": edition_date,
            "edition_name": edition_name,
            "edition_line": str(strings.edition_line(edition_name, edition_date)),
            "publisher": language.publisher or language.author,
            "series": str(strings.series_line(language.series, report.config.series_number))
            if language.series else ""}


def make_environment(template_dir: Path, catalog_dir: Path, locale: str) -> jinja2.Environment:
    """A Jinja environment with the locale's catalog; StrictUndefined, so a missing variable fails.

    Page templates (`*.html.j2`) escape what they insert; the Markdown, SVG and
    strings templates insert text as given.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=_escapes,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(load_translations(str(catalog_dir), locale), newstyle=True)
    env.filters["cell"] = markdown_cell
    return env


def _escapes(name: str | None) -> bool:
    return bool(name) and name.endswith(".html.j2")
