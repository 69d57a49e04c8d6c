"""The print engine as a caller sees it: what it leaves behind in the process."""

from __future__ import annotations

import gc

import pytest

from helpers import ROOT
from reportkit.errors import ContentError
from reportkit.pdf.engine import render_pdf
from reportkit.pdf.fetcher import ProjectFetcher


@pytest.mark.parametrize("html, refused", [("<p>Text</p>", False),
                                           ('<p>Text</p><img src="file:///etc/passwd">', True)])
def test_a_pdf_leaves_the_garbage_collector_as_it_found_it(html, refused):
    """The engine collects less often while it lays out; a caller (a test run, a server) keeps its
    own settings, whether the PDF is made or refused."""
    before = gc.get_threshold()
    gc.set_threshold(1234, 5, 6)
    try:
        if refused:
            with pytest.raises(ContentError, match="^refused to read '/etc/passwd'"):
                render_pdf(html, ROOT, ProjectFetcher(ROOT))
        else:
            assert render_pdf(html, ROOT, ProjectFetcher(ROOT)).startswith(b"%PDF")
        assert gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*before)
