"""SVG → PNG for the DOCX edition (Word needs a bitmap fallback)."""

from __future__ import annotations


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """Rasterise a figure at twice its size so it prints sharply."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, unsafe=False)
