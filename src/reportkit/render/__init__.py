"""Render: the checked report and a language edition merged through the Jinja templates into Markdown for pandoc, with its figures."""
