"""Editions: cutting one, tracked changes for editors, 'what is new' for readers."""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import FIXTURE, ROOT, copy_fixture, edit
from office import settled_texts
from readers import html_text
from reportkit.commands import cli
from reportkit.pipeline.build import build
from reportkit.project import Project
from reportkit.editions.redline import Mark, redline_paragraph
from reportkit.editions.record import snapshot, write_snapshot
from reportkit.errors import ConfigError
from reportkit.load.report import load_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARK = Mark("测试组", "2026-01-15")
ADDED_ZH = "廉德瑰认为日本希望借中亚提升影响力"
ADDED_EN = "Lian Degui holds that Japan hopes to raise its influence through Central Asia"
# Inserted right after a citation, where the changes page once printed "[…][" and lost the insertion.
AFTER_CITATION = {"zh": "，此后未变", "en": ", a step never undone"}
LIAN = """  - id: lian2025
    type: interview
    language: zh-CN
    author:
      - {family: 廉, given: 德瑰}
    title: "[访谈]"
    container-title: 观察者网
    issued: {date-parts: [[2025, 12]]}
    forms:
      en:
        author:
          - {family: Lian, given: Degui}
        title: "[Interview]"
        container-title: "Guancha"
"""


def _revise(content: Path) -> None:
    """What an analyst does for a second edition: revise a sentence, add a source and cite it."""
    intro_zh, intro_en = content / "zh" / "intro.md", content / "en" / "intro.md"
    intro_zh.write_text(intro_zh.read_text(encoding="utf-8").replace("正式承认中亚国家独立", "承认了中亚五国的独立")
                        .replace("p. 69]。1993年", f"p. 69]{AFTER_CITATION['zh']}。1993年"), encoding="utf-8")
    intro_en.write_text(intro_en.read_text(encoding="utf-8").replace(
        "formally recognized the independence of the Central Asian states",
        "recognized the independence of the five Central Asian states").replace(
        "p. 69]. In 1993", f"p. 69]{AFTER_CITATION['en']}. In 1993"), encoding="utf-8")
    with open(content / "zh" / "findings.md", "a", encoding="utf-8") as f:
        f.write(f"\n{ADDED_ZH}[@lian2025]。\n")
    with open(content / "en" / "findings.md", "a", encoding="utf-8") as f:
        f.write(f"\n{ADDED_EN} [@lian2025].\n")
    with open(content / "references.yaml", "a", encoding="utf-8") as f:
        f.write(LIAN)


@pytest.fixture(scope="module")
def revised(tmp_path_factory):
    """The fixture report in its first edition (recorded), revised, cut as 0.2 and built."""
    content = copy_fixture(tmp_path_factory.mktemp("revised") / "content")
    write_snapshot(content, "0.1", snapshot(load_report(content)))
    _revise(content)
    cli.edition_command(ROOT, version="0.2", summaries={"zh": "补充廉德瑰的观点。", "en": "Adds Lian Degui’s view."},
                        date="2026-01-15", content=content)
    project = Project.at(ROOT, content=content, out=tmp_path_factory.mktemp("revised-build"))
    build(project, formats=["docx", "html"])
    return project


def _out(project, lang, product, fmt):
    suffix = "" if product == "report" else f"-{product}"
    return project.out / lang / f"mini-report{suffix}.{fmt}"


def _paragraphs(path: Path, keep: str) -> list[str]:
    """Body paragraph texts with tracked changes settled: keep='ins' accepts all, 'del' rejects all."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    drop = "del" if keep == "ins" else "ins"
    texts = []
    for paragraph in root.iter(f"{W}p"):
        if paragraph.find(f"{W}pPr/{W}rPr/{W}{drop}") is not None:
            continue   # the whole paragraph is what this choice drops
        parts = []
        for node in paragraph.iter(f"{W}t", f"{W}delText"):
            inside = {a.tag for a in node.iterancestors(f"{W}ins", f"{W}del")}
            if f"{W}{drop}" not in inside:
                parts.append(node.text or "")
        texts.append("".join(parts))
    return texts


# --- The diff itself -------------------------------------------------------------------------

def test_chinese_changes_are_marked_by_character():
    marked = redline_paragraph("日本正式承认中亚国家独立[@gao2011, p. 69]。",
                               "日本承认了中亚国家独立[@gao2011, p. 69]。", by_words=False, mark=MARK)
    assert marked.startswith("日本[正式]{.deletion")
    assert "承认[了]{.insertion" in marked
    assert marked.endswith("中亚国家独立[@gao2011, p. 69]。")


def test_english_changes_are_marked_by_word_and_citations_stay_whole():
    marked = redline_paragraph("Japan was slow to engage [@gao2011].",
                               "Japan was late to engage [@gao2011; @tang2025].", by_words=True, mark=MARK)
    assert "[slow]{.deletion" in marked and "[late]{.insertion" in marked
    assert "[\\[gao2011\\]]{.deletion" in marked          # a changed citation, as text
    assert "[[@gao2011; @tang2025]]{.insertion" in marked


def test_a_removed_paragraph_leaves_no_anchor_in_the_tracked_changes():
    from reportkit.text.anchors import strip_anchors
    from reportkit.editions.redline import redline

    old = "第一段[@gao2011, p. 69 <<丝绸之路外交>>]。\n\n另一件完全不同的事情[@tang2025 <<三大优先领域>>]。\n"
    marked = strip_anchors(redline(old, "第一段[@gao2011, p. 69 <<丝绸之路外交>>]。\n", by_words=False, mark=MARK))
    assert "<<" not in marked and "三大优先领域" not in marked
    assert "[另一件完全不同的事情\\[tang2025\\]。]{.deletion" in marked


# --- Cutting an edition ------------------------------------------------------------------

def _cut(content, version, date="2026-02-01", **kwargs):
    summaries = {"zh": "修订。", "en": "Revised."}
    return cli.edition_command(ROOT, version=version, summaries=summaries, date=date, content=content,
                               **kwargs)


def test_cutting_records_the_edition_and_its_content(mini_copy):
    write_snapshot(mini_copy, "0.1", snapshot(load_report(mini_copy)))
    path = _cut(mini_copy, "0.2")
    assert path == mini_copy / "editions" / "0.2.json"
    config = load_report(mini_copy).config
    assert [(e.version, e.date, e.summary["en"]) for e in config.editions][-1] == ("0.2", "2026-02-01", "Revised.")


def test_a_version_that_is_not_newer_is_refused(mini_copy):
    with pytest.raises(ConfigError, match=r"edition 0\.1 is not newer than the last edition, 0\.1"):
        _cut(mini_copy, "0.1")


def test_a_date_before_the_last_edition_is_refused(mini_copy):
    with pytest.raises(ConfigError, match="edition date 2025-01-01 is earlier than edition 0.1's"):
        _cut(mini_copy, "0.2", date="2025-01-01")


def test_an_edition_is_not_cut_from_content_with_errors(mini_copy, capsys):
    intro = mini_copy / "zh" / "intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\n未知来源[@nobody2020]。\n", encoding="utf-8")
    with pytest.raises(cli.CommandFailed, match="fix them before cutting an edition"):
        _cut(mini_copy, "0.2")
    assert "unknown citation key 'nobody2020'" in capsys.readouterr().err
    assert not (mini_copy / "editions" / "0.2.json").exists()


def test_the_previous_edition_needs_its_content(mini_copy):
    with pytest.raises(ConfigError, match="edition 0.1 has no snapshot to compare with") as error:
        _cut(mini_copy, "0.2")
    assert "--previous-from" in error.value.hint


def test_a_listed_edition_without_recorded_content_is_an_error(mini_copy):
    metadata = mini_copy / "report.yaml"
    metadata.write_text(metadata.read_text(encoding="utf-8")
                        + '  - version: "0.2"\n    date: 2026-02-01\n    summary: {zh: 修订。, en: Revised.}\n',
                        encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_report(mini_copy)
    assert "edition 0.1 has no recorded content" in str(error.value)
    assert error.value.line == metadata.read_text(encoding="utf-8").split("\n").index(
        '  - version: "0.1"') + 1


# --- For editors: tracked changes ------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_accepting_every_change_gives_the_current_edition(revised, lang):
    accepted = _paragraphs(_out(revised, lang, "changes", "docx"), keep="ins")
    current = _paragraphs(_out(revised, lang, "report", "docx"), keep="ins")
    assert accepted == current


@pytest.mark.parametrize("lang, old, new", [
    ("zh", "日本于1991年12月28日正式承认中亚国家独立", ADDED_ZH),
    ("en", "Japan formally recognized the independence of the Central Asian states", ADDED_EN)])
def test_rejecting_every_change_gives_the_previous_text(revised, mini, lang, old, new):
    rejected = _paragraphs(_out(revised, lang, "changes", "docx"), keep="del")
    previous = _paragraphs(mini.path(lang, "docx"), keep="ins")
    old_paragraph = next(p for p in previous if p.startswith(old))
    assert old_paragraph in rejected
    assert not any(new in p for p in rejected)


def test_changes_are_signed_and_dated(revised):
    with zipfile.ZipFile(_out(revised, "zh", "changes", "docx")) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    changes = list(root.iter(f"{W}ins", f"{W}del"))
    assert len(changes) >= 5
    assert {(c.get(f"{W}author"), c.get(f"{W}date")) for c in changes} == {("测试组", "2026-01-15T00:00:00Z")}
    assert len({c.get(f"{W}id") for c in changes}) == len(changes)


@pytest.fixture(scope="module")
def settled(revised, mini, tmp_path_factory):
    """What LibreOffice shows, paragraph by paragraph: the changes DOCX with every change accepted
    and rejected, the current edition's DOCX and the previous edition's (the fixture as first cut)."""
    jobs = [(choice, path) for lang in ("zh", "en")
            for choice, path in (("accept", _out(revised, lang, "changes", "docx")),
                                 ("keep", _out(revised, lang, "report", "docx")),
                                 ("reject", _out(revised, lang, "changes", "docx")),
                                 ("keep", mini.path(lang, "docx")))]
    texts = iter(settled_texts(jobs, tmp_path_factory.mktemp("libreoffice")))
    return {lang: dict(zip(("accepted", "current", "rejected", "previous"), texts)) for lang in ("zh", "en")}


@pytest.mark.parametrize("lang, added", [("zh", ADDED_ZH), ("en", ADDED_EN)])
def test_libreoffice_accepting_every_change_gives_the_current_edition(settled, lang, added):
    texts = settled[lang]
    assert texts["accepted"] == texts["current"]
    assert any(added in paragraph for paragraph in texts["accepted"])


@pytest.mark.parametrize("lang, cover", [("zh", "第0.1版　2025年12月31日"), ("en", "Edition 0.1 · December 31, 2025")])
def test_libreoffice_rejecting_every_change_gives_the_previous_edition(settled, lang, cover):
    texts = settled[lang]
    assert texts["rejected"] == texts["previous"]
    assert texts["rejected"] != texts["current"]
    assert cover in texts["rejected"]


def test_the_redline_page_shows_deleted_and_inserted_text_with_a_summary(revised):
    page = _out(revised, "zh", "changes", "html").read_text(encoding="utf-8")
    assert '<del datetime="2026-01-15T00:00:00Z" title="测试组">正式</del>' in page
    assert "承认<ins" in page and ">了</ins>" in page
    assert "修订章节：引言、主要发现" in page
    assert "段落：新增1段，修改1段，删除0段" in page
    assert "新增来源：廉德瑰（2025）" in html_text(_out(revised, "zh", "changes", "html"))
    english = _out(revised, "en", "changes", "html").read_text(encoding="utf-8")
    assert "<del" in english and "> formally</del>" in english
    assert "Sections revised: Introduction, Findings" in english
    assert "Sources added: Lian (2025)" in html_text(_out(revised, "en", "changes", "html"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_change_right_after_a_citation_is_shown_inserted_and_the_citation_printed_as_one(revised, lang):
    page = _out(revised, lang, "changes", "html").read_text(encoding="utf-8")
    assert f">{AFTER_CITATION[lang]}</ins>" in page
    text = html_text(_out(revised, lang, "changes", "html"))
    assert "@gao2011" not in text and "p. 69]" not in text
    assert f"][{AFTER_CITATION[lang]}" not in text and f"{AFTER_CITATION[lang]}]" not in text


# --- For readers: what is new ------------------------------------------------------------------

def test_the_revision_history_names_the_changed_sections_and_the_added_source(revised):
    page = _out(revised, "zh", "report", "html").read_text(encoding="utf-8")
    history = page[page.index('id="revision-history"'):page.index('id="references"')]
    # Named as readers know the source, linked to its entry: a link, not a citation.
    assert "补充廉德瑰的观点。变动：修订章节：引言、主要发现；新增来源：" in history
    assert '<a href="#ref-lian2025">廉德瑰（2025）</a>' in history and "data-cites" not in history
    english = _out(revised, "en", "report", "html").read_text(encoding="utf-8")
    history = english[english.index('id="revision-history"'):english.index('id="references"')]
    assert 'Changes: sections revised: Introduction, Findings; sources added: <a href="#ref-lian2025">Lian (2025)</a>' \
        in history and "data-cites" not in history


def test_a_revised_edition_carries_a_what_is_new_box(revised, mini):
    page = _out(revised, "zh", "report", "html").read_text(encoding="utf-8")
    assert "本版更新（第0.2版，2026年1月15日）" in page
    assert "本版更新" not in mini.path("zh", "html").read_text(encoding="utf-8")
    # A line or two and a pointer to the history, not the history's list again.
    box = html_text(_out(revised, "en", "report", "html")).split("What is new in edition 0.2", 1)[1].split("Contents")[0]
    assert box.strip().startswith("(January 15, 2026) Adds Lian Degui’s view. The revision history lists")
    assert "sections revised" not in box.split("each edition changed.")[0]
    english = _out(revised, "en", "report", "html").read_text(encoding="utf-8")
    assert '<a href="#revision-history">revision history</a>' in english


def test_the_index_offers_editors_the_tracked_changes(revised):
    index = (revised.out / "index.html").read_text(encoding="utf-8")
    assert 'href="zh/mini-report-changes.docx">与上一版的修订对照，供编辑审阅（Word，修订模式）</a>' in index
    assert 'href="en/mini-report-changes.html"' in index


def test_a_first_edition_has_no_tracked_changes(mini):
    assert not (mini.project.out / "zh" / "mini-report-changes.docx").exists()


def test_an_edition_is_not_cut_while_a_quotation_is_not_the_sources_words(evidence_copy, capsys):
    section = evidence_copy / "zh" / "port.md"
    section.write_text(section.read_text(encoding="utf-8").replace("“北方最大的转运枢纽”", "“全国最大的转运枢纽”"),
                       encoding="utf-8")
    with pytest.raises(cli.CommandFailed, match="1 error"):
        _cut(evidence_copy, "0.2", date="2026-12-01")
    assert "quotation “全国最大的转运枢纽” is not in qcnews2024" in capsys.readouterr().err


# --- A renamed section ---------------------------------------------------------------------

EDITED_ZH = ("在东京举行", "在日本东京举行")
EDITED_EN = ("met in Tokyo on", "met in Tokyo, Japan, on")


def _rename_findings(content: Path, new_id: str = "results", was: str = "") -> None:
    """Rename the findings section: its files, its id, its title, and one sentence edited."""
    for lang in ("zh", "en"):
        (content / lang / "findings.md").rename(content / lang / f"{new_id}.md")
    entry = f"{{id: {new_id}, was: {was}}}" if was else new_id
    edit(content / "report.yaml", "sections: [intro, findings]", f"sections: [intro, {entry}]")
    edit(content / "report.yaml", "sections: [findings]", f"sections: [{new_id}]")
    edit(content / "report.yaml", "findings: {section: findings,", f"findings: {{section: {new_id},")
    edit(content / "zh" / f"{new_id}.md", "title: 主要发现", "title: 研究结果")
    edit(content / "en" / f"{new_id}.md", "title: Findings", "title: Results")
    edit(content / "zh" / f"{new_id}.md", *EDITED_ZH)
    edit(content / "en" / f"{new_id}.md", *EDITED_EN)


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """The fixture report with its findings renamed `results` (nothing declared), cut as 0.2 and built."""
    content = copy_fixture(tmp_path_factory.mktemp("renamed") / "content")
    write_snapshot(content, "0.1", snapshot(load_report(content)))
    _rename_findings(content)
    with contextlib.redirect_stdout(io.StringIO()) as said:
        _cut(content, "0.2")
    assert said.getvalue().startswith("section 'findings' is now 'results' (recognised from its text; if it is "
                                      "another section, write its entry as {id: results, was: []})\n")
    project = Project.at(ROOT, content=content, out=tmp_path_factory.mktemp("renamed-build"))
    build(project, formats=["docx", "html"])
    return project


def _chapters(path: Path) -> list[list[tuple[str, str]]]:
    """The body's paragraphs, chapter by chapter (a new one at each first-level heading), as
    (kind, text): kind 'ins'/'del' for a paragraph tracked whole, 'changed' for one with tracked
    changes in it, 'same' for one without; text with the deleted text before the inserted."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    chapters = [[]]
    for paragraph in root.find(f"{W}body").iter(f"{W}p"):
        if paragraph.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces={"w": W[1:-1]}) == "Heading1":
            chapters.append([])
        whole = paragraph.find(f"{W}pPr/{W}rPr/{W}ins")
        whole = whole if whole is not None else paragraph.find(f"{W}pPr/{W}rPr/{W}del")
        if whole is not None:
            kind = etree.QName(whole).localname
        elif paragraph.find(f".//{W}ins") is not None or paragraph.find(f".//{W}del") is not None:
            kind = "changed"
        else:
            kind = "same"
        chapters[-1].append((kind, "".join(t.text or "" for t in paragraph.iter(f"{W}t", f"{W}delText"))))
    return chapters


def test_a_renamed_section_is_one_section_renamed_on_the_changes_page(renamed):
    page = _out(renamed, "zh", "changes", "html").read_text(encoding="utf-8")
    assert "<li>重命名章节：主要发现 → 研究结果</li>" in page
    assert "<li>修订章节：研究结果</li>" in page
    assert "新增章节" not in page and "删除章节" not in page
    assert "段落：新增0段，修改1段，删除0段" in page
    assert "峰会在<ins" in page and ">日本</ins>东京举行" in page   # its text compared with the former text
    english = _out(renamed, "en", "changes", "html").read_text(encoding="utf-8")
    assert "<li>Sections renamed: Findings → Results</li>" in english
    assert "New sections" not in english and "Sections removed" not in english


def test_the_revision_history_says_a_section_was_renamed(renamed):
    page = _out(renamed, "zh", "report", "html").read_text(encoding="utf-8")
    history = page[page.index('id="revision-history"'):page.index('id="references"')]
    assert "修订。变动：重命名章节：主要发现 → 研究结果；修订章节：研究结果。" in history
    english = _out(renamed, "en", "report", "html").read_text(encoding="utf-8")
    history = english[english.index('id="revision-history"'):english.index('id="references"')]
    assert "Revised. Changes: sections renamed: Findings → Results; sections revised: Results." in history


@pytest.mark.parametrize("lang, heading, edited", [
    ("zh", "第2章 主要发现研究结果", "2025年12月19日至20日，首届中亚—日本峰会在日本东京举行"),
    ("en", "2 FindingsResults", "The first Central Asia–Japan summit met in Tokyo, Japan, on")])
def test_tracked_changes_of_a_renamed_section_mark_its_title_and_its_edited_paragraph(renamed, lang, heading,
                                                                                      edited):
    chapters = _chapters(_out(renamed, lang, "changes", "docx"))
    chapter = next(c for c in chapters if c[0][1] == heading)
    assert [(kind, text[:len(edited)]) for kind, text in chapter if kind != "same"] == \
        [("changed", heading), ("changed", edited)]   # the title and the edited sentence, nothing else
    assert len(chapter) > 2
    contents = [text for chapter in chapters for kind, text in chapter if kind == "changed" and text == heading]
    assert len(contents) == 2   # the contents entry too: only the title, not the whole entry


def test_libreoffice_settles_the_tracked_changes_of_a_renamed_section(renamed, mini, tmp_path_factory):
    jobs = [(choice, path) for lang in ("zh", "en")
            for choice, path in (("accept", _out(renamed, lang, "changes", "docx")),
                                 ("keep", _out(renamed, lang, "report", "docx")),
                                 ("reject", _out(renamed, lang, "changes", "docx")),
                                 ("keep", mini.path(lang, "docx")))]
    texts = iter(settled_texts(jobs, tmp_path_factory.mktemp("libreoffice-renamed")))
    for _lang, (_old, new) in (("zh", EDITED_ZH), ("en", EDITED_EN)):
        accepted, current, rejected, previous = next(texts), next(texts), next(texts), next(texts)
        assert accepted == current and rejected == previous
        assert any(new in p for p in accepted) and not any(new in p for p in rejected)


def _changes_after(content: Path):
    """What edition 0.2 changes against 0.1 (recorded from the fixture as it is) once `content` is edited."""
    from reportkit.editions.diff import compare

    return compare(snapshot(load_report(FIXTURE)), snapshot(load_report(content)), "zh")


def test_unrelated_sections_are_not_taken_for_a_renamed_one(mini_copy):
    for lang, text in (("zh", "---\ntitle: 峰会\n---\n2025年12月，首届中亚—日本峰会在东京召开，"
                              "日本承诺扩大对中亚的投资[@tang2025]。\n"),
                       ("en", "---\ntitle: The summit\n---\nIn December 2025 the first Central Asia–Japan "
                              "summit met in Tokyo, and Japan pledged more investment [@tang2025].\n")):
        (mini_copy / lang / "findings.md").unlink()
        (mini_copy / lang / "summit.md").write_text(text, encoding="utf-8")
    edit(mini_copy / "report.yaml", "sections: [intro, findings]", "sections: [intro, summit]")
    edit(mini_copy / "report.yaml", "sections: [findings]", "sections: [summit]")
    edit(mini_copy / "report.yaml", "findings: {section: findings,", "findings: {section: summit,")
    changes = _changes_after(mini_copy)
    assert (changes.sections_added, changes.sections_removed, changes.sections_renamed) == \
        (["summit"], ["findings"], [])


def test_a_declared_rename_pairs_the_sections_whatever_their_text(mini_copy):
    _rename_findings(mini_copy, "outlook", was="findings")
    for lang in ("zh", "en"):
        (mini_copy / lang / "outlook.md").write_text("---\ntitle: 展望\n---\n全新的一段。\n", encoding="utf-8")
    changes = _changes_after(mini_copy)
    assert changes.sections_renamed == [("findings", "outlook")]
    assert (changes.sections_added, changes.sections_removed) == ([], [])
    assert changes.former_titles == {"findings": "主要发现"}


def test_a_section_declared_new_is_not_taken_for_a_renamed_one(mini_copy):
    _rename_findings(mini_copy, "results", was="[]")
    changes = _changes_after(mini_copy)
    assert (changes.sections_added, changes.sections_removed, changes.sections_renamed) == \
        (["results"], ["findings"], [])


def test_a_former_id_still_among_the_sections_is_an_error(mini_copy):
    edit(mini_copy / "report.yaml", "sections: [intro, findings]", "sections: [intro, {id: findings, was: intro}]")
    with pytest.raises(ConfigError, match="section 'findings' was 'intro', which is still among the sections"):
        load_report(mini_copy)


def test_a_citation_right_before_a_change_stays_a_citation_and_the_change_is_marked():
    from reportkit.convert import run_pandoc

    marked = redline_paragraph("值得警惕[@gao2011, p. 72]；如今", "值得警惕[@gao2011, p. 72]，而前后不一；如今",
                               by_words=False, mark=Mark("组", "2026-12-06"))
    shown = run_pandoc(marked, "html", ["--wrap=none"])
    # Before, `[@gao2011, p. 72][，而前后不一]{…}` printed both brackets and lost the insertion.
    assert '<span class="citation" data-cites="gao2011">' in shown
    assert '<span class="insertion" data-author="组" data-date="2026-12-06T00:00:00Z">，而前后不一</span>' in shown
    assert "][" not in shown
