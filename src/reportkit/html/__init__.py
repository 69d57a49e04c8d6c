"""HTML output: pandoc's HTML made into the web page (popovers, back-links, sanitised, images embedded)."""
