"""The fonts each edition is set in, and whether the machine provides them.

One table says which faces set which CJK writing: Japanese in the JP faces,
Simplified Chinese in SC, Traditional in TC, Korean in KR (the same characters
take the forms each writing uses). The stylesheets, the figures and the DOCX
ask `faces_for` rather than naming a face themselves.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import EnvironmentProblem, Problem
from .languages import written_form

# The Latin faces of every edition: body and headings.
SERIF, SANS = "Noto Serif", "Noto Sans"
CJK_PACKAGE = "fonts-noto-cjk"


@dataclass(frozen=True)
class CjkFaces:
    """The serif (body) and sans (headings) faces of one CJK writing, and the Debian package with them."""

    serif: str
    sans: str
    lang: str                 # the language tag of that writing where a format asks for one (DOCX)
    # What a reader's browser uses for the HTML edition when it lacks the Noto faces.
    web_serif: tuple[str, ...] = ()
    web_sans: tuple[str, ...] = ()
    package: str = CJK_PACKAGE

    @property
    def families(self) -> tuple[str, str]:
        return self.serif, self.sans


# By written form (`languages.written_form`). An edition in another script draws
# the CJK text it quotes (a source's title) in the Simplified Chinese faces.
CJK_FACES = {
    "zh-Hans": CjkFaces("Noto Serif CJK SC", "Noto Sans CJK SC", "zh-CN",
                        ("Source Han Serif SC", "Songti SC"), ("Source Han Sans SC", "PingFang SC")),
    "zh-Hant": CjkFaces("Noto Serif CJK TC", "Noto Sans CJK TC", "zh-TW",
                        ("Source Han Serif TC", "Songti TC"), ("Source Han Sans TC", "PingFang TC")),
    "ja": CjkFaces("Noto Serif CJK JP", "Noto Sans CJK JP", "ja-JP",
                   ("Source Han Serif", "Hiragino Mincho ProN", "Yu Mincho"),
                   ("Source Han Sans", "Hiragino Sans", "Yu Gothic")),
    "ko": CjkFaces("Noto Serif CJK KR", "Noto Sans CJK KR", "ko-KR",
                   ("Source Han Serif K", "AppleMyungjo"), ("Source Han Sans K", "Apple SD Gothic Neo")),
}
QUOTED_CJK = "zh-Hans"


def _install_hint(family: str) -> str:
    if any(family in faces.families for faces in CJK_FACES.values()):
        package = CJK_PACKAGE
    elif family in (SERIF, SANS):
        package = "fonts-noto-core"
    else:
        return "install it, or name an installed face (fc-list lists them)"
    return f"install Debian's {package}: sudo apt-get install {package}"


@lru_cache(maxsize=None)
def space_width(family: str) -> float:
    """The advance of the space in an installed face, in ems, as its font file gives it
    (about a quarter em in the CJK faces); EnvironmentProblem when the face is not installed."""
    from fontTools.ttLib import TTFont

    path, index = _font_file(family)
    with TTFont(path, fontNumber=index, lazy=True) as font:
        advance, _ = font["hmtx"][font.getBestCmap()[ord(" ")]]
        return round(advance / font["head"].unitsPerEm, 4)


def _font_file(family: str) -> tuple[str, int]:
    """The file (and face in a collection) fontconfig sets `family` from, when it is that family."""
    hint = _install_hint(family)
    if shutil.which("fc-match") is None:
        raise EnvironmentProblem(f"cannot find the font '{family}': fontconfig's fc-match is missing", hint=hint)
    out = subprocess.run(["fc-match", "--format", "%{file}\n%{index}\n%{family}", family],
                         capture_output=True, text=True, check=False).stdout.split("\n")
    if len(out) < 3 or family not in out[2].split(","):
        raise EnvironmentProblem(f"the font '{family}' is not installed", hint=hint)
    return out[0], int(out[1])


def faces_for(locale: str) -> CjkFaces:
    """The CJK faces of an edition in this locale."""
    return CJK_FACES[written_form(locale) or QUOTED_CJK]


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Font family names fontconfig knows (asked once per process, as for the font files)."""
    if shutil.which("fc-list") is None:
        return frozenset()
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


@lru_cache(maxsize=1)
def installed_font_files() -> frozenset[Path]:
    """The font files fontconfig knows: the stylesheets' local() fonts are read from them."""
    if shutil.which("fc-list") is None:
        return frozenset()
    out = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True,
                         check=False).stdout
    return frozenset(Path(line).resolve() for line in out.splitlines() if line)


def _missing(locale: str, families) -> tuple[list[str], CjkFaces | None]:
    """The CJK faces an edition in this locale is set in that are not installed (none for a
    Latin-script edition: its CJK quotations fall back to any installed font)."""
    if written_form(locale) is None:
        return [], None
    faces = faces_for(locale)
    return [face for face in faces.families if face not in families], faces


def check_fonts(languages, families: set[str] | None = None) -> None:
    """Stop with one line naming the package when an edition's script has no font."""
    families = installed_families() if families is None else families
    for locale in languages:
        missing, faces = _missing(locale, families)
        if missing:
            raise EnvironmentProblem(
                f"no CJK font found (missing {', '.join(missing)})",
                hint=f"install Debian's {faces.package}: sudo apt-get install {faces.package}")


def missing_fonts(report, families: set[str] | None = None) -> list[Problem]:
    """An error at each language of report.yaml whose faces are not installed, naming them and their package."""
    families = installed_families() if families is None else families
    problems = []
    for code, language in report.config.languages.items():
        missing, faces = _missing(language.locale, families)
        if missing:
            problems.append(Problem(
                report.config.path, language.line,
                f"no font for the '{code}' edition ({language.locale}): {', '.join(missing)} not installed",
                f"install Debian's {faces.package}: sudo apt-get install {faces.package}"))
    return problems
