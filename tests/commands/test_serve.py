"""Live preview: a save rebuilds the HTML and the served page learns of it."""

from __future__ import annotations

import threading
import time
import urllib.request

from helpers import ROOT
from reportkit.project import Project
from reportkit.commands.serve import watch


def _get(url):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - localhost only
        return response.read().decode("utf-8")


def test_save_rebuilds_and_bumps_the_version(tmp_path, mini_copy):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    stop, ready = threading.Event(), {}
    thread = threading.Thread(target=watch, args=(project, "en"),
                              kwargs={"port": 0, "stop": stop,
                                      "on_ready": lambda server, preview: ready.update(
                                          port=server.server_address[1], preview=preview)})
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while "port" not in ready and time.monotonic() < deadline:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{ready['port']}"
        page = _get(f"{base}/en/mini-report.html")
        assert "Introduction" in page and "/__version" in page
        before = _get(f"{base}/__version")

        section = mini_copy / "en" / "intro.md"
        time.sleep(0.3)
        section.write_text(section.read_text(encoding="utf-8") + "\nA sentence added while watching.\n",
                           encoding="utf-8")
        while _get(f"{base}/__version") == before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "A sentence added while watching." in _get(f"{base}/en/mini-report.html")
        built = (project.out / "en" / "mini-report.html").read_text(encoding="utf-8")
        assert "/__version" not in built   # the reload hook is never written to build/
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
