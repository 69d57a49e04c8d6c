"""Untrusted content: never evaluated, never active, never fetched."""

from __future__ import annotations

import http.server
import threading

import pytest

from helpers import FIXTURE, ROOT, append_to_section, copy_fixture
from readers import docx_paragraphs, pdf_text
from reportkit.pipeline.build import build
from reportkit.project import Project
from reportkit.errors import ContentError, ValidationFailed
from reportkit.render.sanitize import clean_html
from reportkit.pdf.fetcher import ProjectFetcher

HOSTILE = """
Template syntax stays text: {{ 7*7 }} and {% include "x" %}.

Harmless <sub>markup</sub> passes.

<script>alert("x")</script>
<iframe src="https://example.org/"></iframe>
<p onclick="steal()">handler</p>
[a link](javascript:alert(1)) [shouting](JAVASCRIPT:alert(2)) [spaced](<java script:alert(3)>)
[data](data:text/html;base64,PHNjcmlwdD4=) [escaped](java%73cript:alert(4)) [web](https://example.org/)
"""


def test_clean_html_removes_active_content():
    cleaned = clean_html('<p onclick="x()">a<script>bad()</script><iframe></iframe>'
                         '<a href="javascript:alert(1)">j</a><a href="#ref-a">r</a><sub>s</sub></p>')
    assert cleaned == '<p>a<a>j</a><a href="#ref-a">r</a><sub>s</sub></p>'


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    content = copy_fixture(tmp_path_factory.mktemp("hostile") / "content")
    for lang in ("zh", "en"):
        append_to_section(content, lang, "intro", HOSTILE)
    project = Project.at(ROOT, content=content, out=content.parent / "out")
    build(project, formats=["html", "pdf", "docx"])
    return project


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_syntax_in_content_appears_literally(hostile_build, lang):
    out = hostile_build.out / lang
    html = (out / "mini-report.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in html and "{% include" in html
    assert "{{ 7*7 }}" in pdf_text(out / "mini-report.pdf")
    assert any("{{ 7*7 }}" in text for _, text in docx_paragraphs(out / "mini-report.docx"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_active_html_never_reaches_the_output(hostile_build, lang):
    html = (hostile_build.out / lang / "mini-report.html").read_text(encoding="utf-8")
    body = html.split("<main", 1)[1]
    assert "<sub>markup</sub>" in body
    for active in ("<script>alert", "<iframe", "onclick", "javascript:"):
        assert active not in body


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_links_go_only_to_the_web_and_the_text_stays(hostile_build, lang):
    import re
    import zipfile

    path = hostile_build.out / lang / "mini-report.docx"
    with zipfile.ZipFile(path) as docx:
        relationships = docx.read("word/_rels/document.xml.rels").decode("utf-8")
    external = re.findall(r'<Relationship [^>]*Target="([^"]*)"[^>]*TargetMode="External"', relationships)
    assert "https://example.org/" in external
    assert [target for target in external if not target.startswith(("https://", "http://"))] == []
    text = "\n".join(text for _, text in docx_paragraphs(path))
    assert "a link shouting spaced" in text and "data escaped web" in text


class _Listener(http.server.HTTPServer):
    """A live web server on 127.0.0.1 that answers every GET with the fixture's PNG and counts the
    connections it accepts."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _PngHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"
        self.accepted = []
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.start()

    def verify_request(self, request, client_address):
        self.accepted.append(client_address)
        return True

    def connections(self) -> list:
        """Every connection made so far, those still waiting to be accepted included; stops serving."""
        self.shutdown()
        self._thread.join()
        self.socket.setblocking(False)
        while True:
            try:
                connection, address = self.socket.accept()
            except BlockingIOError:
                return self.accepted
            connection.close()
            self.accepted.append(address)


class _PngHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = (FIXTURE / "images" / "map.png").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    server = _Listener()
    yield server
    server.connections()
    server.server_close()


def test_remote_image_is_refused_by_the_checks_before_the_build(tmp_path, mini_copy, listener):
    url = f"{listener.url}x.png"
    append_to_section(mini_copy, "en", "intro", f"\n![remote]({url})\n")
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    with pytest.raises(ValidationFailed) as failure:
        build(project)
    assert f"image '{url}' refused: the build never fetches URLs" in str(failure.value)
    assert listener.connections() == []


def test_pdf_fetcher_refuses_a_live_web_address_without_connecting(listener):
    url = f"{listener.url}x.png"
    with pytest.raises(ContentError) as error:
        ProjectFetcher(ROOT).fetch(url)
    assert str(error.value) == (f"refused to fetch '{url}': the build never uses the network — "
                                "use a file inside the project")
    assert listener.connections() == []


@pytest.mark.parametrize("element", ['<img src="{url}x.png" alt="y">',
                                     '<link rel="stylesheet" href="{url}x.css">'])
def test_web_address_in_the_print_html_stops_the_pdf_without_connecting(listener, element):
    """What the PDF writer does with an address the checks did not see (one a template or
    stylesheet names): WeasyPrint hands it to the fetcher, which refuses it."""
    from reportkit.pdf.engine import render_pdf

    html = "<p>x</p>" + element.format(url=listener.url)
    with pytest.raises(ContentError, match=f"^refused to fetch '{listener.url}x\\.(png|css)': "
                                           "the build never uses the network"):
        render_pdf(html, ROOT, ProjectFetcher(ROOT))
    assert listener.connections() == []


def test_image_outside_the_project_is_refused(tmp_path, mini_copy):
    append_to_section(mini_copy, "zh", "intro", "\n![x](../../../../etc/passwd)\n")
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    with pytest.raises(ValidationFailed, match="outside the project"):
        build(project)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x.css", "ftp://example.org/x", "file:///etc/passwd"])
def test_pdf_fetcher_serves_only_project_files(url):
    fetcher = ProjectFetcher(ROOT)
    with pytest.raises(ContentError):
        fetcher.fetch(url)
    assert fetcher.fetch((ROOT / "README.md").as_uri()).read().startswith(b"#")
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_pdf_fetcher_serves_the_installed_fonts_of_local_font_faces():
    from reportkit.text.fonts import installed_font_files

    font = min(installed_font_files())
    assert ProjectFetcher(ROOT).fetch(font.as_uri()).read() == font.read_bytes()


def test_pdf_fetcher_refusal_is_the_error_the_build_reports():
    from reportkit.pdf.engine import render_pdf

    html = '<p>x</p><img src="file:///etc/hostname" alt="y">'
    with pytest.raises(ContentError, match="refused to read '/etc/hostname': outside the project"):
        render_pdf(html, ROOT, ProjectFetcher(ROOT))


def test_a_figure_fills_its_slot_whatever_the_attribute_order():
    from reportkit.render.sanitize import fill_slots
    from reportkit.text import htmltree

    tree = htmltree.parse('<p>a</p>\n<div data-slot="fig:b" class="figure-slot"></div>\n<p>c</p>')
    fill_slots(tree, {"fig:b": '<figure id="fig:b"><svg viewBox="0 0 1 1"><rect x="0"/></svg></figure>'})
    assert htmltree.serialize(tree) == ('<p>a</p>\n<figure id="fig:b"><svg viewBox="0 0 1 1"><rect x="0"/></svg>'
                                        '</figure>\n<p>c</p>')
