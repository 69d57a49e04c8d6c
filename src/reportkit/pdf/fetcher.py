"""The one door through which WeasyPrint reads files: project files and data: URIs only."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..text.fonts import installed_font_files
from ..errors import ContentError


class ProjectFetcher(URLFetcher):
    """WeasyPrint URL fetcher that serves files under the given folders and data: URIs,
    and the installed fonts the stylesheets name with local().

    It extends WeasyPrint's own fetcher, the documented way to replace it, and
    makes every failure fatal: an image that cannot be read stops the build
    instead of leaving a hole in the PDF.
    """

    def __init__(self, *roots: Path):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False,
                         fail_on_errors=True)
        self.roots = tuple(Path(root).resolve() for root in roots)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        """The file or data: URI `url` names; ContentError for anything else."""
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        if parsed.scheme != "file":
            raise ContentError(f"refused to fetch '{url}': the build never uses the network",
                               hint="use a file inside the project")
        path = Path(unquote(parsed.path)).resolve()
        inside = any(path.is_relative_to(root) for root in self.roots)
        if not inside and path not in installed_font_files():
            raise ContentError(f"refused to read '{path}': outside the project",
                               hint="use a file inside the project")
        mime, _ = mimetypes.guess_type(str(path))
        return URLFetcherResponse(url, path.read_bytes(),
                                  {"Content-Type": mime or "application/octet-stream"})
