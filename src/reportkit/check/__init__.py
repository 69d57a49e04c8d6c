"""Check: the loaded report validated (sections, citations, data, translations) and its citations checked against the source archive."""
