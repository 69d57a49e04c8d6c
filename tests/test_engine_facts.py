"""The engine knows nothing of one report: the stages a report declares and the words its catalogs
give an amount appear nowhere in the package's code or in the figures' templates, and the facts of
the real report (its source keys, amount ids, parties and years) nowhere in the package's code."""

from __future__ import annotations

import ast
import re

import yaml
from babel.messages.pofile import read_po

from helpers import ROOT
from reportkit.load.report import load_config

PACKAGE = ROOT / "src" / "reportkit"
REPORTS = [ROOT / "content", *(path.parent for path in (ROOT / "tests" / "fixtures").rglob("report.yaml"))]
AMOUNT_MESSAGES = ("about %(amount)s", "over %(amount)s", "over about %(amount)s")
CONTENT = ROOT / "content"
# Modules whose examples still come from the real report, relative to the package.


def _declared_stages() -> set[str]:
    """The ids of the stages the real report and the fixtures declare."""
    return {stage for root in REPORTS for stage in load_config(root).stages}


def _amount_words() -> set[str]:
    """The words each catalog puts around an approximate amount or a lower bound (约, 以上, about, over)."""
    words = set()
    for path in (ROOT / "templates" / "locales").glob("*/LC_MESSAGES/messages.po"):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for msgid in AMOUNT_MESSAGES:
            words |= {word.strip() for word in catalog[msgid].string.split("%(amount)s") if word.strip()}
    return words


def _strings_in_code():
    """Every string written in the package's code, with its place; an f-string with {} where it inserts a value."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        pieces = {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for value in node.values}
        for node in ast.walk(tree):
            place = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.JoinedStr):
                yield place, "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in pieces:
                yield place, node.value


def test_no_declared_stage_is_named_in_the_engine():
    stages = _declared_stages()
    assert {"one", "summit"} <= stages
    # Stage ids are plain words ("one", "before"): named as a value, or as YAML in a help text.
    named = [(place, text) for place, text in _strings_in_code()
             if text.strip() in stages or any(re.search(rf"\bstage:\s*{re.escape(s)}\b", text) for s in stages)]
    assert named == []
    quoted = [(path.name, s) for path in (ROOT / "templates" / "figures").glob("*.j2") for s in stages
              if re.search(rf"""["']{re.escape(s)}["']""", path.read_text(encoding="utf-8"))]
    assert quoted == []


def test_no_word_around_an_amount_is_written_in_the_engine():
    words = _amount_words()
    assert {"约", "約", "以上", "about", "over"} <= words
    latin, other = [w for w in words if w.isascii()], [w for w in words if not w.isascii()]
    # A word in Latin letters counts beside a placeholder ("about {}", f"over {text}"): alone, "over" is
    # also the amounts file's `qualifier: over`, a word of its schema that the engine must know.
    beside = {word: re.compile(rf"\b{re.escape(word)}\s+(\{{|%\()|(\}}|%\(\w+\)s)\s+{re.escape(word)}\b")
              for word in latin}
    found = [(place, word) for place, text in _strings_in_code() for word in latin if beside[word].search(text)]
    found += [(str(path.relative_to(ROOT)), word) for path in PACKAGE.rglob("*.py") for word in other
              if word in path.read_text(encoding="utf-8")]
    assert found == []


def _report_facts() -> dict[str, set[str]]:
    """The real report's facts, by kind, as content/ states them: its source keys, its amount ids,
    the funders and recipients of its amounts (every language), the years of its dated amounts and
    events, and every 4-digit year its timeline file writes."""
    references = yaml.safe_load((CONTENT / "references.yaml").read_text(encoding="utf-8"))["references"]
    facts = {"source key": {entry["id"] for entry in references}, "amount id": set(), "party": set(), "year": set()}
    for path in sorted((CONTENT / "data").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for amount in data.get("amounts", []):
            facts["amount id"].add(amount["id"])
            facts["party"] |= {str(name) for key in ("funder", "recipient") for name in amount[key].values()}
        for item in [*data.get("amounts", []), *data.get("events", [])]:
            facts["year"] |= {str(item[key])[:4] for key in ("date", "end") if key in item}
    facts["year"] |= set(re.findall(r"(?<!\d)\d{4}(?!\d)", (CONTENT / "data" / "timeline.yaml").read_text(encoding="utf-8")))
    return facts


def _fact_pattern(kind: str, fact: str) -> re.Pattern:
    """A fact as a word of its own: a year not inside a longer number, a key or id not inside a longer
    one, a name in Latin letters not inside a longer word (Japan, not Japanese); a CJK name anywhere."""
    if kind == "year":
        return re.compile(rf"(?<!\d){fact}(?!\d)")
    if kind in ("source key", "amount id"):
        return re.compile(rf"(?<![\w-]){re.escape(fact)}(?![\w-])")
    if fact.isascii():
        return re.compile(rf"\b{re.escape(fact)}\b")
    return re.compile(re.escape(fact))


def test_no_fact_of_the_real_report_is_in_the_engine():
    facts = _report_facts()
    assert all(facts.values()), facts
    patterns = [(kind, fact, _fact_pattern(kind, fact)) for kind, values in facts.items() for fact in sorted(values)]
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = re.sub(r"https?://\S+", "", line)   # a namespace URI's year (…/2006/main) is no fact
            found += [(f"{path.relative_to(ROOT)}:{number}", kind, fact)
                      for kind, fact, pattern in patterns if pattern.search(line)]
    assert found == []
