"""Untrusted content: never evaluated, never active, never fetched."""

from __future__ import annotations

import socket
import threading

import pytest

from helpers import ROOT, copy_fixture
from readers import docx_paragraphs, pdf_text
from reportkit.build import Project, build
from reportkit.errors import ContentError, ValidationFailed
from reportkit.sanitize import clean_html
from reportkit.fetcher import ProjectFetcher

HOSTILE = """
Template syntax stays text: {{ 7*7 }} and {% include "x" %}.

Harmless <sub>markup</sub> passes.

<script>alert("x")</script>
<iframe src="https://example.org/"></iframe>
<p onclick="steal()">handler</p>
[a link](javascript:alert(1)) [shouting](JAVASCRIPT:alert(2)) [spaced](<java script:alert(3)>)
[data](data:text/html;base64,PHNjcmlwdD4=) [escaped](java%73cript:alert(4)) [web](https://example.org/)
"""


def _append(content, lang, section, text):
    path = content / lang / f"{section}.md"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_clean_html_removes_active_content():
    cleaned = clean_html('<p onclick="x()">a<script>bad()</script><iframe></iframe>'
                         '<a href="javascript:alert(1)">j</a><a href="#ref-a">r</a><sub>s</sub></p>')
    assert cleaned == '<p>a<a>j</a><a href="#ref-a">r</a><sub>s</sub></p>'


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    content = copy_fixture(tmp_path_factory.mktemp("hostile") / "content")
    for lang in ("zh", "en"):
        _append(content, lang, "intro", HOSTILE)
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


def test_remote_image_is_refused_without_any_connection(tmp_path, mini_copy):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    connections = []

    def accept():
        try:
            connections.append(server.accept())
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    _append(mini_copy, "en", "intro", f"\n![remote](http://127.0.0.1:{port}/x.png)\n")
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    with pytest.raises(ValidationFailed) as failure:
        build(project)
    thread.join()
    server.close()
    assert connections == []
    assert f"image 'http://127.0.0.1:{port}/x.png' refused: the build never fetches URLs" in str(failure.value)


def test_image_outside_the_project_is_refused(tmp_path, mini_copy):
    _append(mini_copy, "zh", "intro", "\n![x](../../../../etc/passwd)\n")
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
    from reportkit.environment import installed_font_files

    font = min(installed_font_files())
    assert ProjectFetcher(ROOT).fetch(font.as_uri()).read() == font.read_bytes()


def test_pdf_fetcher_refusal_is_the_error_the_build_reports():
    from reportkit.write import render_pdf

    html = '<p>x</p><img src="file:///etc/hostname" alt="y">'
    with pytest.raises(ContentError, match="refused to read '/etc/hostname': outside the project"):
        render_pdf(html, ROOT, ProjectFetcher(ROOT))
