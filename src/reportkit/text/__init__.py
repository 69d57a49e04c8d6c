"""The shared readers of the report's text: Markdown and its citations, bibliography forms, dates, languages and their wording, numbers, YAML with line numbers, fonts."""
