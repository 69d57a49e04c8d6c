"""Where a report's things are: its root, content, templates, catalogs, output and cache."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """Where things are: the project root, its content, templates and output."""

    root: Path
    content: Path
    out: Path
    archive: Path | None = None   # replaces the source archive report.yaml names

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def catalogs(self) -> Path:
        return self.templates / "locales"

    @property
    def cache(self) -> Path:
        return self.out / ".cache"

    @classmethod
    def at(cls, root: Path, content: Path | None = None, out: Path | None = None,
           archive: Path | None = None) -> "Project":
        root = Path(root).resolve()
        return cls(root, Path(content or root / "content").resolve(), Path(out or root / "build").resolve(),
                   Path(archive).resolve() if archive else None)
