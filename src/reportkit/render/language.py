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

from ..text.fonts import SANS, SERIF, faces_for, space_width
from ..text.languages import is_cjk
from ..text.localize import format_iso_date, load_translations
from ..text.markdown import markdown_cell
from ..model import Language
from ..text.structure import american_quote_punctuation
from .look import LOOK



@dataclass(frozen=True)
class Fonts:
    """The faces an edition's outputs name: Latin body and headings, and their CJK companions
    in the forms of the edition's writing (`fonts.CJK_FACES`)."""

    east_asia_body: str            # CJK body face: stylesheets and DOCX
    east_asia_heading: str         # CJK heading face
    east_asia_lang: str            # DOCX: the language of East Asian text
    cjk: bool                      # the edition is set in CJK characters
    web_body: str = ""             # HTML: CSS list of the CJK body face and a browser's alternatives
    web_heading: str = ""
    body: str = SERIF              # Latin body face
    heading: str = SANS            # Latin heading face

    @classmethod
    def of(cls, language: Language, cjk: bool) -> "Fonts":
        faces = faces_for(language.locale)
        return cls(east_asia_body=faces.serif, east_asia_heading=faces.sans,
                   east_asia_lang=language.bcp47 if cjk else faces.lang, cjk=cjk,
                   web_body=_css_list(faces.serif, *faces.web_serif),
                   web_heading=_css_list(faces.sans, *faces.web_sans))

    @property
    def cjk_space_width(self) -> float:
        """The space of the CJK body face, in ems: the word-spacing that makes the print page's
        spaces between CJK characters (`pdf.typeset`) zero-width. Measured from the installed face."""
        return space_width(self.east_asia_body)

    @property
    def cjk_heading_space_width(self) -> float:
        """The same for the CJK sans face (headings, labels, key facts, the colophon)."""
        return space_width(self.east_asia_heading)

    @property
    def figure(self) -> str:
        """CSS font stack of the SVG figures: a CJK edition draws its labels in its CJK face first."""
        if self.cjk:
            return f"'{self.east_asia_heading}', '{self.heading}', sans-serif"
        return f"'{self.heading}', 'DejaVu Sans', sans-serif"


def _css_list(*families: str) -> str:
    return ", ".join(f'"{family}"' for family in families)


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
                   cjk=cjk, english=primary == "en", fonts=Fonts.of(language, cjk))

    @property
    def lang(self) -> str:
        return self.language.code

    @property
    def hyphenation(self) -> str | None:
        """The language the print edition's justified text is hyphenated in; None for CJK text,
        which breaks between characters. The print page carries `look.classes.hyphenated` then."""
        return None if self.cjk else self.language.bcp47

    def quoted(self, text: str) -> str:
        """Text with the edition's quotation rule: in English, full stops and commas inside the quotes."""
        return american_quote_punctuation(text) if self.english else text

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    def stylesheet(self, template: str, **values) -> str:
        """A stylesheet with the edition's faces filled in (`fonts.CJK_FACES`), and any `values`."""
        return self.render(template, fonts=self.fonts, cjk=self.cjk, **values)


def page_context(report, context: EditionContext) -> dict:
    """What every page template shows of the edition: its language, name, date, series and publisher."""
    language, strings = context.language, context.strings
    edition = report.config.edition
    edition_date = format_iso_date(edition.date, language.locale)
    edition_name = str(strings.edition_name(edition.version))
    return {"language": language, "cjk": context.cjk, "edition": edition, "edition_date": edition_date,
            "edition_name": edition_name,
            "edition_line": str(strings.edition_line(edition_name, edition_date)),
            "publisher": language.publisher or language.author,
            "series": str(strings.series_line(language.series, report.config.series_number))
            if language.series else ""}


def make_environment(template_dir: Path, catalog_dir: Path, locale: str) -> jinja2.Environment:
    """A Jinja environment with the locale's catalog; StrictUndefined, so a missing variable fails.

    Page templates (`*.html.j2`) escape what they insert; the Markdown, SVG and
    strings templates insert text as given. Compiled templates are kept in Jinja's
    bytecode cache (a folder of the user's own in the temporary directory, each
    entry checked against its template's source): a build with nothing to make
    still renders the index page, and compiling its templates anew each time
    would be most of its time.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        bytecode_cache=_BYTECODE,
        undefined=jinja2.StrictUndefined,
        autoescape=_escapes,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(load_translations(str(catalog_dir), locale), newstyle=True)
    env.filters["cell"] = markdown_cell
    env.globals["look"] = LOOK
    return env


_BYTECODE = jinja2.FileSystemBytecodeCache()


def _escapes(name: str | None) -> bool:
    return bool(name) and name.endswith(".html.j2")
