"""Stage 2, claims: a source-language sentence that states a fact cites its source, or says it is the report's own.

A sentence that writes a number, a date, a share or someone's view (认为, 指出,
称…) in a paragraph that cites nothing is reported at its file line. The report's
own arithmetic or judgment carries a judgment mark in the sentence, `<<!reason>>`,
which no output prints (`anchors.strip_anchors`); the reviewer's page lists the
marks. Which claim a citation supports stays the editor's judgment: a paragraph
with one citation is taken as cited throughout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.anchors import blank_anchors, judgment_marks
from ..text.citations import Citation
from ..text.cites import cites_of
from ..errors import Problem
from ..text.markdown import BLOCK_START, CROSSREF, mask_code, paragraph_spans
from ..model import Report, Section
from ..text.numbers import report_numbers
from .records import sentence_spans

# Words that report what someone thinks or says. 称 stands alone only where it is not part of
# a word that names (名称, 简称, 对称, 称号…).
VIEW_WORDS = ("认为", "指出", "表示", "强调", "主张", "声称", "宣称", "坦言", "直言", "断言", "批评",
              "警告", "提醒", "估计", "预计", "看来", "称")
_VIEW = re.compile("|".join(w for w in VIEW_WORDS if w != "称") + r"|(?<![名简对职号昵俗堪统总声宣])称(?![号谓职])")
_SHARE = re.compile(r"百分之|[%％]")
# A year or month written in Chinese numerals: 二〇〇四年, 十二月.
_CHINESE_DATE = re.compile(r"[〇零一二三四五六七八九]{4}年|(?<![〇零一二三四五六七八九十])(?:十[一二]?|[一二三四五六七八九])月")
# Not a claim of the text: headings, fenced-div lines, list markers, link targets, tags,
# figure and table references.
_NOT_PROSE = re.compile(rf"^[ \t]{{0,3}}#{{1,6}}[ \t].*$|^[ \t]*:::.*$|^{BLOCK_START.pattern}|\]\([^)]*\)|<[^>]+>"
                        r"|\{#[^}]*\}|@(?:fig|tbl):[A-Za-z0-9_-]+", re.M)


@dataclass(frozen=True)
class MarkedJudgment:
    """A sentence the report marks as its own arithmetic or judgment, with the mark's reason."""

    path: str
    line: int
    reason: str
    sentence: str     # as written, the mark left out


@dataclass
class Claims:
    """The uncited claims found, and the marked judgments of the source language."""

    problems: list[Problem] = field(default_factory=list)
    judgments: list[MarkedJudgment] = field(default_factory=list)


def check_claims(report: Report, citations: dict[str, dict[str, list[Citation]]], strict: bool = False) -> Claims:
    """Every uncited claim and every judgment mark of the source-language sections.

    `citations` are validation's (`Checked.citations`); `strict` makes an uncited
    claim an error.
    """
    level = "error" if strict else "warning"
    source = report.config.source_language
    claims = Claims()
    for section in report.sections.get(source, {}).values():
        found = citations.get(source, {}).get(section.id, [])
        _section_claims(section, [c.offset for c in found], level, claims)
    return claims


def _section_claims(section: Section, cited: list[int], level: str, claims: Claims) -> None:
    body = section.body
    masked, cites = mask_code(body), cites_of(body)
    marks = judgment_marks(body, masked, cites)
    for mark in marks:
        if not mark.reason:
            claims.problems.append(Problem(section.path, _line(section, mark.start), "judgment mark without a reason",
                                           "say why the sentence needs no citation: <<!本报告据…计算>>"))
    # Anchors and marks blanked: their words are no claim of the sentence.
    text = _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), blank_anchors(masked, cites))
    for start, end in paragraph_spans(masked):
        has_citation = any(start <= offset < end for offset in cited)
        sentences = [(start + a, start + b) for a, b in sentence_spans(text[start:end])]
        owned = _owners(sentences, [m for m in marks if start <= m.start < end])
        for s_start, s_end in sentences:
            own = owned.get(s_start, [])
            if own:
                stop = max(s_end, own[-1].end)
                sentence = "".join(body[a:b] for a, b in _outside(s_start, stop, own)).strip()
                claims.judgments += [MarkedJudgment(section.path, _line(section, s_start), m.reason, sentence)
                                     for m in own]
                continue
            if has_citation:
                continue
            found = _claim(text[s_start:s_end])
            if found is not None:
                what, offset = found
                claims.problems.append(Problem(
                    section.path, _line(section, s_start + offset),
                    f"uncited claim: the sentence states {what} and its paragraph cites nothing",
                    "cite the source, or mark the report's own arithmetic or judgment with <<!reason>>", level))


def _owners(sentences: list[tuple[int, int]], marks) -> dict[int, list]:
    """The marks of each sentence, by its start: a mark written just after a sentence's end is its."""
    owned: dict[int, list] = {}
    for mark in marks:
        before = [s for s in sentences if s[0] <= mark.start]
        if before:
            owned.setdefault(before[-1][0], []).append(mark)
    return owned


def _claim(sentence: str) -> tuple[str, int] | None:
    """What the sentence states that needs a source, and where: (description, offset); None for nothing."""
    found = []
    for match in CROSSREF.finditer(sentence):
        if match.group(1) == "amt":   # figures, tables and the report's own facts need no source
            found.append((f"an amount ({match.group(0)})", match.start()))
    sentence = CROSSREF.sub(lambda m: " " * len(m.group(0)), sentence)
    for shown, _, offset in report_numbers(sentence):
        found.append((f"a number ({shown})", offset))
    for pattern, what in ((_SHARE, "a percentage"), (_CHINESE_DATE, "a date"), (_VIEW, "someone's view")):
        for match in pattern.finditer(sentence):
            found.append((f"{what} ({match.group(0)})" if what != "a percentage" else what, match.start()))
    return min(found, key=lambda f: f[1]) if found else None


def _outside(start: int, end: int, marks) -> list[tuple[int, int]]:
    """The spans of start–end that are not marks."""
    spans, last = [], start
    for mark in marks:
        spans.append((last, mark.start))
        last = mark.end
    spans.append((last, end))
    return spans


def _line(section: Section, offset: int) -> int:
    return section.body_line + section.body.count("\n", 0, offset)
