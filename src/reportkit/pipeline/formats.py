"""The registries of what a build can make: output formats and products.

A format names the function that makes its file (imported only when a file of
that format is made, so a build with nothing to do stays fast) and says whether
it is made from pandoc's HTML body, which the formats of one language and product
share. A product says which formats it comes in and when a report has it.
Adding a format is a maker function in its own module and one line in FORMATS.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Format:
    """An output format: its file extension is its name."""

    name: str
    maker: str | Callable          # "package.module:function" under reportkit, or the function itself
    from_html: bool                # made from pandoc's HTML body, shared with the other such formats
    slow: bool = False             # laid out page by page: its groups start first so the workers end together
    preload: tuple[str, ...] = ()  # heavy modules imported once before the workers fork
    preload_calls: tuple[str, ...] = ()   # "module:function" run once before the fork (cached)

    def make(self, making) -> bytes:
        return _resolve(self.maker)(making)


@dataclass(frozen=True)
class Product:
    """Something a build makes in one or more formats: the report, the brief, the tracked changes."""

    name: str
    formats: tuple[str, ...] | None      # None: every format
    made_for: Callable[[object], bool]   # given the report's config: does this report have it?


FORMATS: dict[str, Format] = {f.name: f for f in (
    # The check of WeasyPrint's private parts runs once, not in each worker.
    Format("pdf", "pipeline.produce:make_pdf", from_html=True, slow=True, preload=("weasyprint",),
           preload_calls=("pdf.weasy:check",)),
    Format("docx", "pipeline.produce:make_docx", from_html=False,
           preload_calls=("docx.document:pandoc_default_reference",)),
    Format("html", "pipeline.produce:make_html", from_html=True),
)}

PRODUCTS: dict[str, Product] = {p.name: p for p in (
    Product("report", None, lambda config: True),
    Product("brief", ("pdf",), lambda config: bool(config.brief_sections)),
    Product("changes", ("docx", "html"), lambda config: len(config.editions) > 1),   # from the second edition on
)}


def _resolve(target: str | Callable) -> Callable:
    if callable(target):
        return target
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(f"reportkit.{module}"), name)


def preload(formats) -> None:
    """Import the heavy engines of these formats once, before the workers fork, instead of once per worker."""
    for fmt in (FORMATS[name] for name in dict.fromkeys(formats)):
        for module in fmt.preload:
            importlib.import_module(module)
        for call in fmt.preload_calls:
            _resolve(call)()
