"""Property-based tests: whatever content arrives, load and validate raise only the project's errors."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import copy_fixture
from reportkit.errors import ReportError
from reportkit.load.report import load_report
from reportkit.check.validate import validate

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(max_size=20))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)
markdown = st.lists(st.sampled_from(list("ab 中文@[]{}#:;-*_`<>/\n!()") + [
    "@gao2011", "[@gao2011, p. 69]", "@amt:", "@amt:loan-1993-kg", "@fig:", "@tbl:x",
    "\n::: {#fig:stages}\n:::\n", "![x](", "<img src=", "\u0000", "\r\n"]), max_size=60).map("".join)


def _run(content):
    try:
        validate(load_report(content))
    except ReportError:
        pass


def _fresh(tmp_path_factory):
    return copy_fixture(tmp_path_factory.mktemp("fuzz") / "content")


@SETTINGS
@given(front=st.text(max_size=120), body=markdown)
def test_any_section_text(tmp_path_factory, front, body):
    content = _fresh(tmp_path_factory)
    (content / "en" / "intro.md").write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    _run(content)


@SETTINGS
@given(meta=st.dictionaries(st.sampled_from(["title", "source_fingerprint", "x"]), yaml_values, max_size=3),
       body=markdown)
def test_any_front_matter_mapping(tmp_path_factory, meta, body):
    content = _fresh(tmp_path_factory)
    front = yaml.safe_dump(meta, allow_unicode=True)
    (content / "zh" / "intro.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    _run(content)


@SETTINGS
@given(entries=st.lists(st.dictionaries(
    st.sampled_from(["id", "title", "type", "issued", "author", "forms", "URL"]), yaml_values, max_size=6),
    max_size=4))
def test_any_bibliography(tmp_path_factory, entries):
    content = _fresh(tmp_path_factory)
    (content / "references.yaml").write_text(
        yaml.safe_dump({"references": entries}, allow_unicode=True), encoding="utf-8")
    _run(content)


@SETTINGS
@given(items=st.lists(st.dictionaries(
    st.sampled_from(["id", "date", "kind", "amount", "currency", "funder", "recipient", "purpose",
                     "source", "page", "stage", "text", "end"]), yaml_values, max_size=8), max_size=4))
def test_any_data_file(tmp_path_factory, items):
    content = _fresh(tmp_path_factory)
    (content / "data" / "figures.yaml").write_text(yaml.safe_dump({"amounts": items}), encoding="utf-8")
    (content / "data" / "timeline.yaml").write_text(yaml.safe_dump({"events": items}), encoding="utf-8")
    _run(content)
