"""Reading content/: encodings, front matter, metadata errors with file and line."""

from __future__ import annotations

import pytest

from helpers import ROOT
from reportkit.errors import ConfigError, ContentError
from reportkit.load.report import load_report, split_front_matter


def test_front_matter_and_body_line():
    meta, body, line = split_front_matter("---\ntitle: T\n---\nBody\n", "x.md")
    assert meta["title"] == "T" and body == "Body\n" and line == 4


def test_malformed_front_matter_names_file_and_line(mini_copy):
    (mini_copy / "zh" / "intro.md").write_text("---\ntitle: [broken\n---\ntext\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_report(mini_copy)
    assert str(error.value).startswith(f"{mini_copy / 'zh' / 'intro.md'}:")
    assert "malformed YAML" in str(error.value)
    assert error.value.line in (2, 3)


def test_malformed_metadata(mini_copy):
    path = mini_copy / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("slug: mini-report", "slug: [mini"),
                    encoding="utf-8")
    with pytest.raises(ContentError, match="malformed YAML"):
        load_report(mini_copy)


def test_invalid_utf8_names_the_line(mini_copy):
    (mini_copy / "en" / "intro.md").write_bytes(b"---\ntitle: T\n---\nline\n\xff\xfe bad\n")
    with pytest.raises(ContentError) as error:
        load_report(mini_copy)
    assert error.value.line == 5 and "invalid UTF-8" in error.value.message
    assert "save the file as UTF-8" in str(error.value)


def test_nul_byte_names_the_line(mini_copy):
    (mini_copy / "en" / "intro.md").write_text("---\ntitle: T\n---\nok\nbad\x00\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_report(mini_copy)
    assert error.value.line == 5 and "NUL byte" in error.value.message


def test_crlf_and_bom_files_just_work(mini_copy):
    path = mini_copy / "en" / "intro.md"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    report = load_report(mini_copy)
    section = report.sections["en"]["intro"]
    assert section.title == "Introduction" and "\r" not in section.body


def test_metadata_without_sections(mini_copy):
    path = mini_copy / "report.yaml"
    text = path.read_text(encoding="utf-8").replace("sections: [intro, findings]\n", "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="missing key 'sections'"):
        load_report(mini_copy)


def test_five_megabyte_section_just_works(tmp_path, mini_copy):
    from reportkit.pipeline.build import build
    from reportkit.project import Project

    section = mini_copy / "en" / "intro.md"
    # Plain paragraphs with a citation in every two-hundredth: the size is the engine's to handle
    # (line and paragraph bookkeeping), not thousands of citations for citeproc.
    plain = "Japan recognized the Central Asian states early. " * 10 + "\n\n"
    cited = "Japan recognized the Central Asian states [@gao2011, p. 69]. " * 10 + "\n\n"
    block = plain * 199 + cited
    text = section.read_text(encoding="utf-8") + block * (5_000_000 // len(block) + 1) + "The very end.\n"
    section.write_text(text, encoding="utf-8")
    assert section.stat().st_size >= 5_000_000
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["html"])
    assert "The very end." in (project.out / "en" / "mini-report.html").read_text(encoding="utf-8")


def test_section_listed_twice_names_both_lines(mini_copy):
    path = mini_copy / "report.yaml"
    text = path.read_text(encoding="utf-8").replace("sections: [intro, findings]\n",
                                                    "sections:\n  - intro\n  - findings\n  - intro\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_report(mini_copy)
    assert str(error.value) == f"{path}:26: section 'intro' is listed twice (first on line 24) — list each section once"


def test_brief_section_listed_twice(mini_copy):
    path = mini_copy / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("sections: [findings]", "sections: [findings, findings]"),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="section 'findings' is listed twice") as error:
        load_report(mini_copy)
    assert error.value.line == 25


@pytest.mark.parametrize("file,old,new,line,first", [
    ("report.yaml", "slug: mini-report\n", "slug: mini-report\nslug: other-name\n", 3, 2),
    ("references.yaml", "  - id: gao2011\n", "  - id: gao2011\n    id: gao2012\n", 3, 2),
    ("data/figures.yaml", "    currency: JPY\n", "    currency: JPY\n    currency: USD\n", 7, 6),
    ("en/intro.md", "title: Introduction\n", "title: Introduction\ntitle: Intro\n", 3, 2),
])
def test_duplicate_key_in_any_yaml_names_both_lines(mini_copy, file, old, new, line, first):
    path = mini_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_report(mini_copy)
    key = new.split(":")[0].split()[-1]
    assert str(error.value) == (f"{path}:{line}: duplicate key '{key}' (first on line {first}) — "
                                "keep one of them: YAML would silently use the last")


@pytest.mark.parametrize("name", ["report.yaml", "zh/intro.md", "references.yaml", "data/figures.yaml"])
def test_content_file_linking_out_of_the_project_is_refused(tmp_path_factory, mini_copy, name):
    path = mini_copy / name
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.md"
    secret.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(secret)
    with pytest.raises(ContentError) as error:
        load_report(mini_copy)
    assert str(error.value) == (f"{path}: refused: it leads to {secret.resolve()}, outside the project — "
                                f"keep content files inside {mini_copy.parent.resolve()}; copy the file "
                                "in instead of linking to it")


def test_data_file_named_outside_the_project_is_refused(tmp_path_factory, mini_copy):
    outside = tmp_path_factory.mktemp("elsewhere") / "figures.yaml"
    outside.write_bytes((mini_copy / "data" / "figures.yaml").read_bytes())
    path = mini_copy / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("data/figures.yaml", str(outside)),
                    encoding="utf-8")
    with pytest.raises(ContentError, match="refused: it leads to .* outside the project"):
        load_report(mini_copy)


def test_folder_in_place_of_a_section_is_refused(mini_copy):
    path = mini_copy / "en" / "intro.md"
    path.unlink()
    path.mkdir()
    with pytest.raises(ContentError) as error:
        load_report(mini_copy)
    assert str(error.value) == f"{path}: refused: a folder, not a regular file — replace it with a text file"


def test_link_inside_the_project_is_read(mini_copy):
    draft = mini_copy.parent / "drafts" / "intro.md"
    draft.parent.mkdir()
    path = mini_copy / "en" / "intro.md"
    draft.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(draft)
    assert load_report(mini_copy).sections["en"]["intro"].title == "Introduction"


@pytest.mark.parametrize("old,new,message", [
    ("two: {label: {zh: 发展阶段, en: Stage two}", "two: {label: {zh: 发展阶段}",
     "stage 'two' has no label in 'en' — name the stage in every language: zh, en"),
    ('colour: "#4f86c6"', 'colour: "blue"',
     "stage 'two' has no 'colour' as # and six hex digits — write it in quotes, e.g. colour: \"#336699\""),
    ('colour: "#4f86c6"', 'color: "#4f86c6"', "stage 'two' has an unknown field 'color' — use: label, colour, text_colour"),
])
def test_a_mistake_in_a_stage_declaration_names_report_yaml_and_its_line(mini_copy, old, new, message):
    path = mini_copy / "report.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), 1) if old in row)
    with pytest.raises(ConfigError) as error:
        load_report(mini_copy)
    assert str(error.value) == f"{path}:{line}: {message}"
