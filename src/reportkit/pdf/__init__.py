"""The PDF editions: the print page, WeasyPrint's layout of it, and the one door WeasyPrint reads through."""
