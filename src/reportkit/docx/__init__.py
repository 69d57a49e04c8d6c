"""DOCX output: pandoc's Word file finished (styles, title page, contents) and the tracked-changes edition."""
