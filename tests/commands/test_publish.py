"""`invoke publish`: the release folder as a recipient gets it, checked with the readers they have."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from helpers import FIXTURE, edit, invoke
from reportkit.errors import ConfigError, PublishRefused, ValidationFailed
from reportkit.load.report import config_from_tree
from reportkit.project import Project
from reportkit.commands.publish import page_text, publish
from reportkit.text.yamlio import parse_yaml

NAMES = {"mini-report-0.1-zh.pdf", "mini-report-0.1-zh.docx", "mini-report-0.1-zh.html",
         "mini-report-0.1-en.pdf", "mini-report-0.1-en.docx", "mini-report-0.1-en.html",
         "mini-report-brief-0.1-zh.pdf", "mini-report-brief-0.1-en.pdf",
         "mini-report-brief-0.1-zh.png", "mini-report-brief-0.1-en.png",
         "announcement-zh.txt", "announcement-en.txt", "index.html", "index-en.html",
         "release.json", "SHA256SUMS"}
TITLES = {"zh": "小型测试报告", "en": "A Small Test Report"}


def _built_copy(mini, target: Path) -> Project:
    """The session's fixture build, copied with its dates (the build's cache compares them)."""
    shutil.copytree(mini.project.out, target)
    return Project.at(mini.project.root, content=FIXTURE, out=target)


@pytest.fixture(scope="module")
def released(mini, tmp_path_factory):
    """The fixture report published from a copy of its build: (the build's project, the release folder)."""
    base = tmp_path_factory.mktemp("release")
    project = _built_copy(mini, base / "build")
    release = publish(project, dest=base / "dist")
    return project, release.folder


def test_release_folder_holds_exactly_the_expected_files(released):
    _, folder = released
    assert folder.name == "mini-report-0.1"
    assert {p.name for p in folder.iterdir()} == NAMES


def test_sha256sum_checks_every_file(released):
    _, folder = released
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(line.split(": ")[0] for line in result.stdout.splitlines()) == sorted(NAMES - {"SHA256SUMS"})
    assert all(line.endswith(": OK") for line in result.stdout.splitlines())


def test_release_json_matches_the_files(released):
    _, folder = released
    data = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    assert (data["edition"], data["date"], data["languages"]) == ("0.1", "2025-12-31", ["zh", "en"])
    assert data["summary"] == {"zh": "测试版。", "en": "Test edition."}
    assert data["sources"] == 2
    assert data["evidence"]["citations"] == 3 and data["evidence"]["summary"].startswith("evidence: ")
    listed = {entry["name"]: entry for entry in data["files"]}
    assert set(listed) == NAMES - {"release.json", "SHA256SUMS"}
    for name, entry in listed.items():
        content = (folder / name).read_bytes()
        assert entry["size"] == len(content) and entry["sha256"] == hashlib.sha256(content).hexdigest()
        if name.endswith(".pdf"):
            assert entry["pages"] == len(PdfReader(str(folder / name)).pages)
        else:
            assert "pages" not in entry


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdfs_state_their_edition(released, lang):
    _, folder = released
    for name in (f"mini-report-0.1-{lang}.pdf", f"mini-report-brief-0.1-{lang}.pdf"):
        reader = PdfReader(str(folder / name))
        assert reader.metadata["/Edition"] == "0.1" and reader.metadata["/CreationDate"] == "D:20251231"
        assert reader.metadata.title.startswith(TITLES[lang])
        xmp = reader.xmp_metadata
        assert xmp.dc_language == [{"zh": "zh-Hans", "en": "en"}[lang]]
        assert [d.date().isoformat() for d in xmp.dc_date] == ["2025-12-31"]
        assert b"<xmpMM:VersionID>0.1</xmpMM:VersionID>" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cover_pictures_have_the_brief_page_proportions(released, lang):
    _, folder = released
    box = PdfReader(str(folder / f"mini-report-brief-0.1-{lang}.pdf")).pages[0].mediabox
    with Image.open(folder / f"mini-report-brief-0.1-{lang}.png") as image:
        assert image.format == "PNG" and image.width == 1000
        assert abs(image.height - image.width * float(box.height) / float(box.width)) < 1


def test_announcement_quotes_the_report(released):
    _, folder = released
    assert (folder / "announcement-en.txt").read_text(encoding="utf-8") == (
        "A Small Test Report\n"
        "Two chapters to exercise the compiler\n"
        "Test Group · Edition 0.1 · December 31, 2025\n"
        "\n"
        "What is new in edition 0.1 (December 31, 2025)\n"
        "Test edition.\n"
        "\n"
        "The summit\n"
        "1. The first Central Asia–Japan summit met in Tokyo on December 19–20, 2025, and the two sides "
        "planned investment of ¥3 trillion over five years (see Figure 1).\n"
        "\n"
        "Suggested citation\n"
        "Test Group. 2025. A Small Test Report: Two Chapters to Exercise the Compiler. Test Group.\n"
        "\n"
        "Attached: mini-report-brief-0.1-en.pdf\n")
    chinese = (folder / "announcement-zh.txt").read_text(encoding="utf-8")
    assert chinese.startswith("小型测试报告\n用于检验编译器的两章报告\n测试组 · 第0.1版")
    assert "测试组. 小型测试报告：用于检验编译器的两章报告[R]. 测试组, 2025." in chinese
    assert chinese.endswith("附件：mini-report-brief-0.1-zh.pdf\n")


def test_key_findings_are_the_bold_openings_of_a_list_without_citations():
    html = """<main><section id="sec-summary"><p>Intro.</p>
    <section id="key-findings" class="level3"><h3>Key findings</h3><ol>
    <li><strong>Central Asia is at the margin.</strong> Far away <span class="citation">(Gao 2011, 68)</span>.</li>
    <li><p><strong>Three stages.</strong> Then more.</p></li>
    <li>No bold here <span class="citation"><sup>[1]</sup></span>, a plain finding.</li></ol></section>
    </section><section id="colophon"><div class="suggested-citation"><p>Group. 2026. <em>Title</em>.</p></div>
    </section></main>"""
    text = page_text(html, "summary", 1)
    assert text.findings_heading == "Key findings"
    assert text.findings == ("Central Asia is at the margin.", "Three stages.", "No bold here, a plain finding.")
    assert (text.citation_html, text.citation) == ("Group. 2026. <em>Title</em>.", "Group. 2026. Title.")


def test_build_index_links_the_latest_release(released):
    project, folder = released
    index = (project.out / "index.html").read_text(encoding="utf-8")
    for page in ("index.html", "index-en.html"):
        href = Path("..", "dist", folder.name, page).as_posix()
        assert f'href="{href}"' in index and (project.out / href).is_file()


def test_publishing_the_same_version_again_refuses_in_one_line(released, mini):
    project, folder = released
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    result = invoke("publish", "--content", str(FIXTURE), "--build-out", str(project.out),
                    "--out", str(folder.parent))
    assert result.returncode == 1
    assert result.stderr == (f"edition 0.1 is published already in {folder}/: a release is never overwritten"
                             " — --replace makes it again\n")
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_replace_makes_the_release_again(released, tmp_path, mini):
    project = _built_copy(mini, tmp_path / "build")
    first = publish(project, dest=tmp_path / "dist").folder
    (first / "stray.txt").write_text("not part of a release", encoding="utf-8")
    again = publish(project, dest=tmp_path / "dist", replace=True).folder
    assert again == first and {p.name for p in again.iterdir()} == NAMES
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == ["mini-report-0.1"]


def test_an_address_makes_the_preview_image_absolute(mini, tmp_path):
    project = _built_copy(mini, tmp_path / "build")
    folder = publish(project, dest=tmp_path / "dist", url="https://example.org/reports/").folder
    page = (folder / "index-en.html").read_text(encoding="utf-8")
    assert ('<meta property="og:image" content="https://example.org/reports/mini-report-0.1/'
            'mini-report-brief-0.1-en.png">') in page
    assert '<meta property="og:url" content="https://example.org/reports/mini-report-0.1/index-en.html">' in page


def test_a_stale_build_refuses(mini, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / "en" / "intro.md", "The archipelago", "The island chain")
    project = _built_copy(mini, tmp_path / "build")
    project = Project.at(project.root, content=content, out=project.out)
    with pytest.raises(PublishRefused) as refused:
        publish(project, dest=tmp_path / "dist")
    assert re.fullmatch(r"\d output\(s\) missing or older than their inputs \(.*/mini-report\..*\) "
                        r"— run 'invoke build' first, then publish", str(refused.value))
    assert not (tmp_path / "dist").exists()


def test_an_output_changed_by_hand_refuses(mini, tmp_path):
    project = _built_copy(mini, tmp_path / "build")
    brief = project.out / "en" / "mini-report-brief.pdf"
    os.utime(brief, ns=(brief.stat().st_atime_ns, brief.stat().st_mtime_ns + 10**9))
    with pytest.raises(PublishRefused) as refused:
        publish(project, dest=tmp_path / "dist")
    assert str(refused.value) == (f"1 output(s) missing or older than their inputs ({brief}) "
                                  "— run 'invoke build' first, then publish")


def test_content_with_errors_refuses(mini, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / "en" / "intro.md", "[@gao2011, p. 69]. In", "[@gao2012, p. 69]. In")
    project = Project.at(mini.project.root, content=content, out=tmp_path / "build")
    with pytest.raises(ValidationFailed):
        publish(project, dest=tmp_path / "dist")
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("pattern,message", [
    ("{slug}-{version}-{lang}.{ext}", "'publish.names' lacks '{product}': two files would get one name"),
    ("{slug}{product}-{edition}-{lang}.{ext}", "'publish.names' has an unknown field '{edition}'"),
    ("{lang}/{slug}{product}.{ext}", "'publish.names' names a file, not a folder"),
])
def test_a_name_pattern_that_cannot_work_is_refused(pattern, message):
    text = (FIXTURE / "report.yaml").read_text(encoding="utf-8").replace(
        '"{slug}{product}-{version}-{lang}.{ext}"', f'"{pattern}"')
    with pytest.raises(ConfigError) as refused:
        config_from_tree(parse_yaml(text, "report.yaml"), "report.yaml")
    assert refused.value.message == message


# The landing pages in Chromium, as test_browser opens the HTML edition.
@pytest.fixture(scope="module")
def browser():
    from test_browser import CHROMIUM, ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.mark.parametrize("page_name,lang", [("index.html", "zh"), ("index-en.html", "en")])
def test_landing_page_opens_cleanly_and_previews_in_its_language(browser, released, page_name, lang):
    from axe_playwright_python.sync_playwright import Axe
    from test_browser import _open

    _, folder = released
    page, errors, requests = _open(browser, folder / page_name, 1280)
    assert errors == [] and requests == []
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["help"], len(v["nodes"])) for v in violations] == []
    meta = page.evaluate("() => Object.fromEntries([...document.querySelectorAll('meta[property], meta[name]')]"
                         ".map(m => [m.getAttribute('property') || m.getAttribute('name'), m.content]))")
    assert meta["og:title"] == TITLES[lang] == meta["twitter:title"]
    assert meta["og:description"] == {"zh": "编译器测试", "en": "Compiler test"}[lang]
    assert meta["og:image"] == f"mini-report-brief-0.1-{lang}.png" == meta["twitter:image"]
    assert meta["twitter:card"] == "summary_large_image"
    assert page.evaluate("document.documentElement.lang") == {"zh": "zh-Hans", "en": "en"}[lang]
    # Both languages, the lead one first; every picture shown and every link leads to a file of the release.
    titles = page.eval_on_selector_all("article h1, article h2[id^='title-']", "hs => hs.map(h => h.textContent)")
    assert titles == [TITLES[lang], TITLES["en" if lang == "zh" else "zh"]]
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert all((folder / href).is_file() for href in hrefs)
    assert "mini-report-brief-0.1-zh.pdf" in hrefs and "SHA256SUMS" in hrefs
    page.close()
