"""A new kind of section is a template and one line in load.sections.SECTION_KINDS."""

import re
import shutil

import pytest

from helpers import ROOT
from reportkit.errors import ConfigError
from reportkit.load import sections
from reportkit.load.report import load_config
from reportkit.pipeline.build import build
from reportkit.project import Project


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def _headings(page: str) -> list[str]:
    return [_text(h) for h in re.findall(r"<h2[^>]*>.*?</h2>", page, re.S)]


def _list_intro_as(mini_copy, kind: str) -> None:
    config = mini_copy / "report.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("sections: [intro, findings]", f"sections: [{{id: intro, kind: {kind}}}, findings]"),
                      encoding="utf-8")


def test_a_section_kind_added_to_the_registry_sets_its_sections(tmp_path, mini_copy, monkeypatch):
    monkeypatch.setitem(sections.SECTION_KINDS, "boxed",
                        sections.SectionKind("boxed", False, "markdown/sections/boxed.md.j2"))
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "templates" / "markdown" / "sections" / "boxed.md.j2").write_text(
        '::: {.boxed-section}\n# {{ section.title }} {{ "{#" ~ section.anchor ~ "}" }}\n\n{{ section.body }}\n:::\n',
        encoding="utf-8")
    _list_intro_as(mini_copy, "boxed")

    build(Project.at(tmp_path, content=mini_copy, out=tmp_path / "out"), langs=["en"], formats=["html"], jobs=1)

    page = (tmp_path / "out" / "en" / "mini-report.html").read_text(encoding="utf-8")
    # Pandoc gives the kind's class to the section it wraps the heading in.
    boxed = re.search(r'<section id="sec-intro" class="[^"]*\bboxed-section\b[^"]*">(.*?)</section>', page, re.S)
    assert boxed and "Japan formally recognized the independence" in _text(boxed.group(1))
    # Not numbered: the next section is chapter 1.
    assert _headings(page)[:2] == ["Introduction", "1 Findings"]


def test_an_unnumbered_section_leaves_the_numbers_to_the_chapters(tmp_path, mini_copy):
    _list_intro_as(mini_copy, "unnumbered")

    build(Project.at(ROOT, content=mini_copy, out=tmp_path / "out"), langs=["en"], formats=["html"], jobs=1)

    page = (tmp_path / "out" / "en" / "mini-report.html").read_text(encoding="utf-8")
    assert _headings(page)[:2] == ["Introduction", "1 Findings"]


def test_an_unknown_kind_names_its_line(mini_copy):
    _list_intro_as(mini_copy, "sidebar")
    with pytest.raises(ConfigError) as error:
        load_config(mini_copy)
    assert str(error.value).endswith("section 'intro' has an unknown kind 'sidebar' — use one of: chapter, unnumbered")
    assert error.value.line == 23


def test_the_former_unnumbered_list_says_how_to_write_it_now(mini_copy):
    config = mini_copy / "report.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "unnumbered: [intro]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"'unnumbered' is a kind of section now — write each such section under "
                                          r"sections: as \{id: <id>, kind: unnumbered\}"):
        load_config(mini_copy)
