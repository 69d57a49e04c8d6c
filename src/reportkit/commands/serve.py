"""Live preview: rebuild a language's HTML on every save and reload the browser.

The built HTML stays self-contained: the reload script is added only to the
pages this server sends, never written to build/.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..pipeline.build import build
from ..project import Project
from ..errors import ReportError, ValidationFailed

RELOAD_SCRIPT = b"""<script>
(function () {
  var seen = null;
  setInterval(function () {
    fetch("/__version").then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) { location.reload(); }
      seen = v;
    }).catch(function () {});
  }, 700);
})();
</script>
"""


class Preview:
    """Builds, counts successful builds (the version the pages poll) and keeps the last error."""

    def __init__(self, project: Project, lang: str):
        self.project, self.lang = project, lang
        self.version = 0
        self.lock = threading.Lock()

    def rebuild(self) -> bool:
        """Build the language's HTML; on bad input print the errors and keep the last good page."""
        with self.lock:
            try:
                result = build(self.project, langs=[self.lang], formats=["html"])
            except ValidationFailed as exc:
                for problem in exc.problems:
                    print(problem, file=sys.stderr)
                return False
            except ReportError as exc:
                print(exc, file=sys.stderr)
                return False
            for warning in result.warnings:
                print(warning, file=sys.stderr)
            if result.outputs:
                self.version += 1
                print(f"rebuilt {self.lang} HTML in {result.seconds:.2f} s", flush=True)
            return True


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def do_GET(self):  # noqa: N802 - the http.server name
        if self.path == "/__version":
            body = str(self.preview.version).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = Path(self.translate_path(self.path))
        if path.suffix == ".html" and path.is_file():
            body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format, *args):  # noqa: A002 - keep the terminal for build messages
        pass


def make_server(preview: Preview, port: int) -> ThreadingHTTPServer:
    """An HTTP server on localhost serving the output folder with the reload hook."""
    handler = functools.partial(type("Handler", (_Handler,), {"preview": preview}),
                                directory=str(preview.project.out))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def watch(project: Project, lang: str, port: int = 8000, stop: threading.Event | None = None,
          on_ready=None) -> None:
    """Build, serve build/ on localhost and rebuild on every change until Ctrl-C (or `stop`)."""
    from watchfiles import watch as watch_files

    preview = Preview(project, lang)
    preview.rebuild()
    server = make_server(preview, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, bound = server.server_address[:2]
    if on_ready:
        on_ready(server, preview)
    print(f"serving http://{host}:{bound}/{lang}/ — edit content/ or templates/; Ctrl-C stops", flush=True)
    try:
        for _changes in watch_files(project.content, project.templates, stop_event=stop,
                                    debounce=200, raise_interrupt=True):
            preview.rebuild()
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.shutdown()
        server.server_close()
