"""PDF output: the print HTML typeset and laid out by WeasyPrint in passes (line breaking, pagination)."""
