"""What the machine must provide: fonts for each script of the report."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from .edition import CJK_SANS, CJK_SERIF
from .errors import EnvironmentProblem
from .languages import is_cjk

# Faces the stylesheets name for CJK text, and the Debian package that ships them.
CJK_FACES = (CJK_SERIF, CJK_SANS)
CJK_PACKAGE = "fonts-noto-cjk"


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


def check_fonts(languages, families: set[str] | None = None) -> None:
    """Stop with one line naming the package when an edition's script has no font."""
    if not any(is_cjk(locale.split("_")[0]) for locale in languages):
        return
    families = installed_families() if families is None else families
    missing = [face for face in CJK_FACES if face not in families]
    if missing:
        raise EnvironmentProblem(
            f"no CJK font found (missing {', '.join(missing)})",
            hint=f"install Debian's {CJK_PACKAGE}: sudo apt-get install {CJK_PACKAGE}")
