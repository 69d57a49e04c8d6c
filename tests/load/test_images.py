"""Images in sections: checked with file and line, then shown in every format."""

from __future__ import annotations

import base64
import io
import re
import shutil

import pytest
from PIL import Image

from helpers import FIXTURE, ROOT, append_to_section, copy_fixture
from readers import docx_images, pdf_pixels_of_colour
from reportkit.pipeline.build import build
from reportkit.project import Project
from reportkit.load.report import load_report
from reportkit.check.validate import validate

IMAGES = FIXTURE / "images"
MAGENTA = (228, 0, 127)   # images/map.png, 96 × 48 px
GREEN = (0, 166, 81)      # images/chart.svg, 96 × 48 px
SHOWN = 2000              # pixels of a 72 × 36 pt image at 72 dpi, with room for its edges


def _problems(content):
    return [str(p) for p in validate(load_report(content)).problems if p.message.startswith("image ")]


def _sources(html: str) -> list[str]:
    return re.findall(r'<img [^>]*src="([^"]*)"', html)


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@pytest.mark.parametrize("product", ["report", "brief"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_shows_the_png_and_the_svg(mini, lang, product):
    path = mini.path(lang, "pdf", product)
    assert max(pdf_pixels_of_colour(path, MAGENTA)) > SHOWN
    assert max(pdf_pixels_of_colour(path, GREEN)) > SHOWN


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_holds_both_images_inside_the_page(mini, lang):
    html = mini.path(lang, "html").read_text(encoding="utf-8")
    assert _sources(html) == [_data_uri("image/png", (IMAGES / "map.png").read_bytes()),
                              _data_uri("image/svg+xml", (IMAGES / "chart.svg").read_bytes())]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_shows_the_png_and_the_svg_as_a_bitmap(mini, lang):
    pictures = docx_images(mini.path(lang, "docx"))
    assert len(pictures) == 3   # the engine's figure, then the two images
    assert pictures[1] == (IMAGES / "map.png").read_bytes()
    with Image.open(io.BytesIO(pictures[2])) as drawn:
        assert drawn.format == "PNG"
        assert drawn.convert("RGB").getpixel((drawn.width // 2, drawn.height // 2)) == GREEN


def test_image_beside_the_section_with_a_space_in_its_name(tmp_path, mini_copy):
    shutil.copy(IMAGES / "map.png", mini_copy / "zh" / "my map.png")
    append_to_section(mini_copy, "zh", "intro", "\n![地图](<my map.png>)\n")
    append_to_section(mini_copy, "en", "intro", "\n![Map](<../zh/my map.png>)\n")
    assert _problems(mini_copy) == []
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["zh"], formats=["html", "pdf", "docx"])
    out = project.out / "zh"
    png = (IMAGES / "map.png").read_bytes()
    assert _sources((out / "mini-report.html").read_text(encoding="utf-8"))[0] == _data_uri("image/png", png)
    assert sum(pdf_pixels_of_colour(out / "mini-report.pdf", MAGENTA)) > 2 * SHOWN   # here and in findings
    assert docx_images(out / "mini-report.docx").count(png) == 2


def test_corrupt_image_is_an_error_naming_file_and_line(mini_copy):
    (mini_copy / "images" / "map.png").write_bytes((IMAGES / "map.png").read_bytes()[:60])
    path = mini_copy / "zh" / "findings.md"
    problems = _problems(mini_copy)
    assert len(problems) == 2   # both languages show it
    assert problems[1].startswith(f"{path}:11: image '../images/map.png' cannot be used: not a readable "
                                  "image (")
    assert problems[1].endswith(" — export it again as PNG, JPEG or GIF")


@pytest.mark.parametrize("svg,reason", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "the SVG holds a <script> element"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
     "the SVG holds an event handler (onload=)"),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     '<image x:href="https://example.org/a.png"/></svg>',
     "the SVG refers to another file or URL ('https://example.org/a.png')"),
])
def test_svg_with_active_content_is_refused(mini_copy, svg, reason):
    (mini_copy / "images" / "chart.svg").write_text(svg, encoding="utf-8")
    path = mini_copy / "zh" / "findings.md"
    assert f"{path}:13: image '../images/chart.svg' cannot be used: {reason} — save it as a plain " \
           "SVG: no script, event handler or link to another file" in _problems(mini_copy)


@pytest.mark.parametrize("written", [r"C:\maps\a.png", r"maps\a.png", "/srv/maps/a.png"])
def test_absolute_or_windows_path_is_refused_for_what_it_is(mini_copy, written):
    path = append_to_section(mini_copy, "zh", "intro", f"\n![x]({written})\n")
    line = path.read_text(encoding="utf-8").count("\n")
    assert _problems(mini_copy) == [
        f"{path}:{line}: image '{written}' refused: it is an absolute or Windows path — write a path "
        "relative to the section file, with forward slashes (maps/a.png)"]


def test_raw_html_image_is_refused_because_word_drops_it(mini_copy):
    path = append_to_section(mini_copy, "zh", "intro", '\n<img src="../images/map.png" alt="x">\n')
    line = path.read_text(encoding="utf-8").count("\n")
    assert _problems(mini_copy) == [
        f"{path}:{line}: image '../images/map.png' in raw HTML: the Word edition drops raw HTML — "
        "write it as ![description](path)"]


def test_image_in_code_is_text_not_an_image(mini_copy):
    append_to_section(mini_copy, "zh", "intro", "\n`![x](missing.png)`\n\n```\n![y](missing.png)\n```\n")
    assert _problems(mini_copy) == []


def test_changing_an_image_remakes_the_outputs_that_show_it(tmp_path, mini_copy):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["html"])
    Image.new("RGB", (96, 48), (10, 20, 30)).save(mini_copy / "images" / "map.png")
    again = build(project, langs=["en"], formats=["html"])
    assert [str(path.relative_to(project.out)) for _, path, _, _ in again.outputs] == ["en/mini-report.html"]
    html = (project.out / "en" / "mini-report.html").read_text(encoding="utf-8")
    assert _data_uri("image/png", (mini_copy / "images" / "map.png").read_bytes()) in html


def test_pdf_with_images_does_not_depend_on_where_the_project_is(tmp_path):
    made = []
    for place in ("one", "two"):
        content = copy_fixture(tmp_path / place / "content")
        project = Project.at(ROOT, content=content, out=tmp_path / place / "out")
        build(project, langs=["en"], formats=["pdf"])
        made.append((project.out / "en" / "mini-report-brief.pdf").read_bytes())
    assert made[0] == made[1]
