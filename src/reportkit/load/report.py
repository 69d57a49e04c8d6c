"""Stage 1: read content/ into plain data (metadata, sections, bibliography, data)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import ConfigError, ContentError, ContentUnreadable
from .data import stages_hint
from .exhibits import NAME
from ..model import (Config, Edition, Exhibit, KeyFacts, KeyNumber, Language, Reference, ReleaseSettings, Report, Section,
                     Stage)
from .files import ContentReader, decode_text
from .sections import DEFAULT_KIND, SECTION_KINDS
from ..text.yamlio import LineDict, LineList, parse_yaml

METADATA_FILE = "report.yaml"
_LANGUAGE_TEXT_FIELDS = ("title", "subtitle", "short_title", "author", "subject",
                         "series", "publisher", "rights", "disclaimer", "contact")


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 text file; BOM and CRLF are accepted, bad bytes and NUL are not."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ContentError("file not found", shown, None, "create it or fix the name") from exc
    return decode_text(raw, shown)


def load_report(root: Path) -> Report:
    """Load the report under `root` (the folder holding report.yaml).

    A mistake in report.yaml stops loading at once: everything else is read through it.
    The other files are read all the same, so that every mistake in them is reported together.
    """
    root = Path(root)
    reader = ContentReader(root)
    config_tree = read_config_tree(root, reader)
    config = config_from_tree(config_tree, _shown(root, root / METADATA_FILE))
    failures: list[ContentError] = []

    def attempt(load, *args):
        try:
            return load(*args)
        except ContentError as exc:
            failures.append(exc)
            return None

    sections = {lang: {} for lang in config.languages}
    for lang in config.languages:
        for section_id in config.all_sections:
            path = root / lang / f"{section_id}.md"
            if os.path.lexists(path):  # a broken link is reported, not taken for a missing file
                section = attempt(load_section, path, root, section_id, lang, reader)
                if section is not None:
                    sections[lang][section_id] = section
    bibliography = root / config.bibliography
    references = attempt(load_references, bibliography, _shown(root, bibliography), reader) or []
    data, data_paths = {}, {}
    for name, rel in config.data_files.items():
        path = root / rel
        shown = _shown(root, path)
        data[name] = attempt(_read_yaml, reader, path, shown)
        data_paths[name] = shown
    snapshots = attempt(load_snapshots, root, config, reader)
    if len(failures) == 1:
        raise failures[0]
    if failures:
        raise ContentUnreadable([failure.as_problem() for failure in failures])
    return Report(root=root, config=config, sections=sections, references=references,
                  config_tree=config_tree, data=data, data_paths=data_paths,
                  extra_files=_unlisted_files(root, config), digests=reader.digests, snapshots=snapshots)


def _read_yaml(reader, path, shown: str):
    return parse_yaml(reader.text(path, shown), shown)


def load_snapshots(root: Path, config: Config, reader: ContentReader) -> dict[str, dict]:
    """The recorded content of every edition but the current one (what later editions compare with)."""
    from .snapshots import parse_snapshot, snapshot_path

    snapshots = {}
    for edition in config.editions[:-1]:
        path = snapshot_path(root, edition.version)
        shown = _shown(root, path)
        if not path.exists():
            raise ConfigError(f"edition {edition.version} has no recorded content ({shown})",
                              config.path, edition.line,
                              "restore the file from version control, or cut editions with 'invoke edition'")
        snapshots[edition.version] = parse_snapshot(reader.text(path, shown), shown)
    return snapshots


def _shown(root: Path, path: Path) -> str:
    """The path as users see it in messages: relative to the working folder when possible."""
    path = Path(path).absolute()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_config(root: Path, reader: ContentReader | None = None) -> Config:
    """Read and type the report metadata file."""
    return config_from_tree(read_config_tree(root, reader), _shown(root, root / METADATA_FILE))


def read_config_tree(root: Path, reader: ContentReader | None = None):
    """The report metadata file as parsed YAML, every key knowing its line."""
    path = root / METADATA_FILE
    shown = _shown(root, path)
    return parse_yaml((reader or ContentReader(root)).text(path, shown), shown)


def config_from_tree(raw, shown: str) -> Config:
    """Type the parsed report metadata file."""
    if not isinstance(raw, LineDict):
        raise ConfigError("the metadata must be a mapping of keys", shown, 1)
    languages_raw = _require(raw, "languages", dict, shown)
    languages = {code: _language(code, spec, shown, raw.line_of("languages"))
                 for code, spec in languages_raw.items()}
    if "unnumbered" in raw:
        raise ConfigError("'unnumbered' is a kind of section now", shown, raw.line_of("unnumbered"),
                          "write each such section under sections: as {id: <id>, kind: unnumbered}")
    sections, former, section_kinds = _sections(_require(raw, "sections", list, shown), shown)
    section_lines = {item: sections.line_of_item(index) for index, item in enumerate(sections)}
    _listed_once(sections, shown)
    source_language = str(raw.get("source_language", next(iter(languages))))
    if source_language not in languages:
        raise ConfigError(f"source_language '{source_language}' is not among the languages",
                          shown, raw.line_of("source_language"),
                          f"use one of: {', '.join(languages)}")
    brief = raw.get("brief") or {}
    if isinstance(brief, dict) and isinstance(brief.get("sections"), LineList):
        _listed_once(brief["sections"], shown)
        for index, item in enumerate(brief["sections"]):
            if not isinstance(item, str):
                raise ConfigError("each brief section is a file name without .md", shown,
                                  brief["sections"].line_of_item(index))
            section_lines.setdefault(item, brief["sections"].line_of_item(index))
    stages = _stages(raw, languages, shown)
    editions = tuple(_edition(e, shown) for e in _require(raw, "editions", list, shown))
    if not editions:
        raise ConfigError("no edition listed", shown, raw.line_of("editions"),
                          "add an edition with version, date and summary")
    return Config(
        path=shown, slug=str(_require(raw, "slug", str, shown)),
        source_language=source_language, languages=languages,
        sections=tuple(sections), section_lines=section_lines, former_ids=former,
        brief_sections=tuple(brief.get("sections", ())),
        bibliography=str(raw.get("bibliography", "references.yaml")),
        data_files={str(k): str(v) for k, v in (raw.get("data") or {}).items()},
        editions=editions,
        archive=str(raw.get("archive") or ""),
        archive_line=raw.line_of("archive") if "archive" in raw else None,
        series_number=str(raw.get("series_number") or ""),
        section_kinds=section_kinds,
        panels=_panels(raw, sections, shown),
        figures=_exhibits(raw, "figures", "fig", shown),
        tables=_exhibits(raw, "tables", "tbl", shown),
        key_facts=_key_facts(brief, languages, stages, shown),
        release=_release(raw, sections, shown),
        names=_names(raw, shown),
        brief_csl=_brief_csl(brief, languages, shown),
        brief_csl_line=brief.line_of("csl") if isinstance(brief, LineDict) and "csl" in brief else None,
        stages=stages,
    )


STAGE_FIELDS = ("label", "colour", "text_colour")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _stages(raw: LineDict, languages: dict, shown: str) -> dict[str, Stage]:
    """`stages:`: the periodisation the timeline's events name, each stage's label per language and colours."""
    if raw.get("stages") is None:
        return {}
    spec = raw["stages"]
    if not isinstance(spec, LineDict):
        raise ConfigError("'stages' must map each stage's id to its label and colour", shown, raw.line_of("stages"),
                          'write stages: then \'<id>: {label: {…}, colour: "#336699"}\' for each stage')
    return {str(ident): _stage(str(ident), item, spec.line_of(ident), languages, shown)
            for ident, item in spec.items()}


def _stage(ident: str, item, line: int, languages: dict, shown: str) -> Stage:
    """One stage's declaration: a label in every language, the colour it is drawn in, that of its label."""
    if not isinstance(item, LineDict):
        raise ConfigError(f"stage '{ident}' must be a mapping", shown, line,
                          f'write {ident}: {{label: {{{", ".join(f"{code}: …" for code in languages)}}}, '
                          'colour: "#336699"}')
    for key in item:
        if key not in STAGE_FIELDS:
            raise ConfigError(f"stage '{ident}' has an unknown field '{key}'", shown, item.line_of(key),
                              f"use: {', '.join(STAGE_FIELDS)}")
    label = item.get("label")
    missing = [code for code in languages
               if not isinstance(label, dict) or not isinstance(label.get(code), str) or not label[code].strip()]
    if missing:
        raise ConfigError(f"stage '{ident}' has no label in '{missing[0]}'", shown, item.line_of("label"),
                          f"name the stage in every language: {', '.join(languages)}")
    colours = {key: _colour(item, key, ident, shown) for key in ("colour", "text_colour")
               if key in item or key == "colour"}
    return Stage(id=ident, label={code: str(label[code]) for code in languages}, line=line, **colours)


def _colour(item: LineDict, key: str, ident: str, shown: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise ConfigError(f"stage '{ident}' has no '{key}' as # and six hex digits", shown, item.line_of(key),
                          f'write it in quotes, e.g. {key}: "#336699"')
    return value


def _names(raw: LineDict, shown: str) -> tuple[str, ...]:
    """`names:`: people's names the sources' titles hold, family and given name apart (田中 花子)."""
    names = raw.get("names") or []
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise ConfigError("'names' must be a list of names", shown, raw.line_of("names"),
                          "write each as family and given name with a space between: 田中 花子")
    return tuple(" ".join(n.split()) for n in names)


NAME_FIELDS = ("slug", "product", "version", "lang", "ext")


def _release(raw: LineDict, sections: list, shown: str) -> ReleaseSettings:
    """`publish:`: the file-name pattern of a release, the key findings' place, the release's address."""
    import string

    spec = raw.get("publish")
    if spec is None:
        return ReleaseSettings(findings_section=str(sections[0]) if sections else "")
    if not isinstance(spec, LineDict):
        raise ConfigError("'publish' must be a mapping", shown, raw.line_of("publish"),
                          "give it names, findings and url (each optional)")
    for key in spec:
        if key not in ("names", "findings", "url"):
            raise ConfigError(f"'publish' has an unknown field '{key}'", shown, spec.line_of(key),
                              "use: findings, names, url")
    names = str(spec.get("names") or ReleaseSettings.names)
    line = spec.line_of("names") if "names" in spec else raw.line_of("publish")
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(names) if name is not None}
    except ValueError as exc:
        raise ConfigError(f"'publish.names' is not a pattern: {exc}", shown, line) from None
    unknown = sorted(fields - set(NAME_FIELDS))
    if unknown or "/" in names or "\\" in names:
        raise ConfigError(f"'publish.names' has an unknown field '{{{unknown[0]}}}'" if unknown
                          else "'publish.names' names a file, not a folder", shown, line,
                          f"use: {', '.join('{' + f + '}' for f in NAME_FIELDS)}")
    missing = [f for f in ("product", "lang", "ext") if f not in fields]
    if missing:
        raise ConfigError(f"'publish.names' lacks '{{{missing[0]}}}': two files would get one name", shown,
                          line, "the default is " + ReleaseSettings.names)
    findings = spec.get("findings") or {}
    line = spec.line_of("findings") if "findings" in spec else raw.line_of("publish")
    if not isinstance(findings, dict):
        raise ConfigError("'publish.findings' must be a mapping", shown, line,
                          "findings: {section: summary, heading: 1}")
    section, heading = findings.get("section", sections[0] if sections else ""), findings.get("heading", 1)
    if section not in sections:
        raise ConfigError(f"'publish.findings.section' names '{section}', which is not among the sections",
                          shown, line, f"use one of: {', '.join(map(str, sections))}")
    if isinstance(heading, bool) or not isinstance(heading, int) or heading < 1:
        raise ConfigError("'publish.findings.heading' must be a heading's number, 1 for the first",
                          shown, line)
    return ReleaseSettings(names=names, findings_section=str(section), findings_heading=heading,
                           url=str(spec.get("url") or ""))


def _brief_csl(brief, languages: dict, shown: str) -> dict[str, str]:
    """`brief.csl`: the note style each language's brief cites in (numbered endnotes)."""
    if not isinstance(brief, LineDict) or "csl" not in brief:
        return {}
    styles = brief["csl"]
    if not isinstance(styles, dict) or any(code not in languages for code in styles):
        raise ConfigError("'brief.csl' must map language codes to citation styles", shown,
                          brief.line_of("csl"), f"use: {', '.join(languages)}")
    return {str(code): str(style) for code, style in styles.items()}


def _key_facts(brief, languages: dict, declared: dict[str, Stage], shown: str) -> KeyFacts | None:
    """`brief.key_facts`: the box's title per language, the timeline stages and the amounts it lists."""
    if not isinstance(brief, LineDict) or "key_facts" not in brief:
        return None
    spec, line = brief["key_facts"], brief.line_of("key_facts")
    if not isinstance(spec, LineDict):
        raise ConfigError("'brief.key_facts' must be a mapping", shown, line,
                          "give it a title per language, and events and/or amounts")
    known = {"title", "events", "amounts", "numbers"}
    for key in spec:
        if key not in known:
            raise ConfigError(f"'brief.key_facts' has an unknown field '{key}'", shown, spec.line_of(key),
                              f"use: {', '.join(sorted(known))}")
    title = spec.get("title")
    missing = [code for code in languages if not isinstance(title, dict) or not title.get(code)]
    if missing:
        raise ConfigError(f"'brief.key_facts.title' has no '{missing[0]}' text", shown,
                          spec.line_of("title") if "title" in spec else line,
                          f"give the box a title in every language: {', '.join(languages)}")
    events = spec.get("events") or {}
    stages = events.get("stage", ()) if isinstance(events, dict) else ()
    stages = (stages,) if isinstance(stages, str) else tuple(stages)
    for stage in stages:
        if stage not in declared:
            raise ConfigError(f"'brief.key_facts.events.stage' names an unknown stage '{stage}'", shown,
                              events.line_of("stage"), stages_hint(declared, shown))
    amounts = spec.get("amounts") or {}
    start = amounts.get("from_year") if isinstance(amounts, dict) else None
    if start is not None and (isinstance(start, bool) or not isinstance(start, int)):
        raise ConfigError("'brief.key_facts.amounts.from_year' must be a year", shown,
                          amounts.line_of("from_year"), "write it as a number: from_year: 2015")
    party = str(amounts.get("party") or "") if isinstance(amounts, dict) else ""
    return KeyFacts(title={code: str(title[code]) for code in languages}, stages=stages,
                    amounts_from=start, amounts_party=party,
                    numbers=_key_numbers(spec, languages, shown))


def _key_numbers(spec: LineDict, languages: dict, shown: str) -> tuple[KeyNumber, ...]:
    """`brief.key_facts.numbers`: each an `amount` id or an `event` date, with a label per language."""
    items = spec.get("numbers") or []
    if not isinstance(items, list):
        raise ConfigError("'brief.key_facts.numbers' must be a list", shown, spec.line_of("numbers"),
                          "list each figure as {amount: <id>, label: {...}} or {event: <date>, label: {...}}")
    numbers = []
    for index, item in enumerate(items):
        line = items.line_of_item(index)
        if not isinstance(item, dict) or ("amount" in item) == ("event" in item):
            raise ConfigError("each key number names one 'amount' (its id) or one 'event' (its date)",
                              shown, line, "write {amount: loan-2010, label: {...}}")
        unknown = [key for key in item if key not in ("amount", "event", "label")]
        if unknown:
            raise ConfigError(f"a key number has an unknown field '{unknown[0]}'", shown, line,
                              "use: amount or event, and label")
        label = item.get("label")
        missing = [code for code in languages if not isinstance(label, dict) or not label.get(code)]
        if missing:
            raise ConfigError(f"a key number's label has no '{missing[0]}' text", shown, line,
                              f"label each number in every language: {', '.join(languages)}")
        numbers.append(KeyNumber(label={code: str(label[code]) for code in languages},
                                 amount=str(item.get("amount") or ""), event=str(item.get("event") or ""),
                                 line=line))
    return tuple(numbers)


def _sections(items: LineList, shown: str) -> tuple[LineList, dict[str, tuple[str, ...]], dict[str, str]]:
    """`sections:` as ids in order, the former ids each renamed section declares, and each
    section's kind (sections.SECTION_KINDS).

    An entry is an id, or `{id: <id>, was: <former id or list of them>, kind: <kind>}`:
    `was` for a renamed section (`was: []`: a new section, never taken for a renamed one),
    `kind` for a section that is not a numbered chapter.
    """
    ids, former, kinds = LineList(), {}, {}
    ids.line, ids.item_lines = items.line, list(items.item_lines)
    for index, item in enumerate(items):
        line = items.line_of_item(index)
        if isinstance(item, dict):
            hint = "write a section as its id, or as {id: <id>, was: <the id it had>, kind: <its kind>}"
            for key in item:
                if key not in ("id", "was", "kind"):
                    raise ConfigError(f"a section entry has an unknown field '{key}'", shown,
                                      item.line_of(key), hint)
            if not isinstance(item.get("id"), str):
                raise ConfigError("a section entry without an 'id'", shown, line, hint)
            if "kind" in item:
                kinds[item["id"]] = _section_kind(item, shown)
            was = item.get("was", [])
            was = [was] if isinstance(was, str) else was
            if not isinstance(was, list) or not all(isinstance(w, str) for w in was):
                raise ConfigError(f"'was' of section '{item['id']}' must be a former id or a list of them",
                                  shown, item.line_of("was"), "write was: <the id it had>, or was: [] for a new section")
            if "was" in item:
                former[item["id"]] = tuple(was)
            item = item["id"]
        if not isinstance(item, str):
            raise ConfigError("each section is a file name without .md", shown, line)
        ids.append(item)
    for sid, was in former.items():
        for name in was:
            if name in ids:
                raise ConfigError(f"section '{sid}' was '{name}', which is still among the sections", shown,
                                  ids.line_of_item(ids.index(sid)), f"remove '{name}' from 'was', or rename it")
    return ids, former, {sid: kinds.get(sid, DEFAULT_KIND) for sid in ids}


def _section_kind(item, shown: str) -> str:
    kind = item["kind"]
    if kind not in SECTION_KINDS:
        raise ConfigError(f"section '{item['id']}' has an unknown kind '{kind}'", shown, item.line_of("kind"),
                          f"use one of: {', '.join(SECTION_KINDS)}")
    return str(kind)


def _listed_once(items: LineList, shown: str) -> None:
    """A section listed twice would be built twice, with duplicate HTML ids."""
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, str):
            continue
        line = items.line_of_item(index)
        if item in first:
            raise ConfigError(f"section '{item}' is listed twice (first on line {first[item]})",
                              shown, line, "list each section once")
        first[item] = line


def _panels(raw: LineDict, sections: list, shown: str) -> dict[str, tuple[int, ...]]:
    """`panels:` maps a section id to the positions (1 = first) of its subsections set as panels."""
    panels = raw.get("panels") or {}
    if not isinstance(panels, dict):
        raise ConfigError("'panels' must map section ids to subsection numbers", shown,
                          raw.line_of("panels"))
    result = {}
    for name, positions in panels.items():
        line = panels.line_of(name) if hasattr(panels, "line_of") else raw.line_of("panels")
        if name not in sections:
            raise ConfigError(f"'panels' names '{name}', which is not among the sections", shown,
                              line, f"use one of: {', '.join(sections)}")
        positions = positions if isinstance(positions, list) else [positions]
        if not all(isinstance(p, int) and not isinstance(p, bool) and p > 0 for p in positions):
            raise ConfigError(f"'panels.{name}' must be subsection numbers, 1 for the first", shown, line)
        result[str(name)] = tuple(positions)
    return result


def _exhibits(raw: LineDict, key: str, placement: str, shown: str) -> dict[str, Exhibit]:
    """`figures:` / `tables:` map a name (as in `{#fig:<name>}`) to a declaration with its `kind`.

    The kinds and their parameters are checked with the rest (`reportkit.exhibits`).
    """
    entries = raw.get(key)
    if entries is None:
        return {}
    if not isinstance(entries, LineDict):
        raise ConfigError(f"'{key}' must map names to declarations", shown, raw.line_of(key),
                          f"write {key}: then '<name>:' with 'kind:' and its parameters beneath")
    result = {}
    for name, spec in entries.items():
        line = entries.line_of(name)
        if not isinstance(name, str) or not NAME.match(name):
            raise ConfigError(f"'{key}' name '{name}' is not usable in '@{placement}:{name}'", shown, line,
                              "use letters, digits, '-' and '_', ending in a letter or digit")
        if not isinstance(spec, LineDict) or not spec.get("kind"):
            raise ConfigError(f"'{key}.{name}' has no 'kind'", shown, line,
                              f"add 'kind:' under {key}.{name} (the README lists the kinds)")
        result[name] = Exhibit(placement, name, str(spec["kind"]), spec, line)
    return result


def _require(raw: LineDict, key: str, kind: type, shown: str):
    if key not in raw:
        raise ConfigError(f"missing key '{key}'", shown, raw.line, f"add '{key}:' to the metadata")
    value = raw[key]
    if not isinstance(value, kind):
        raise ConfigError(f"'{key}' must be a {kind.__name__}", shown, raw.line_of(key))
    return value


def _language(code: str, spec, shown: str, line: int) -> Language:
    if not isinstance(spec, LineDict):
        raise ConfigError(f"language '{code}' must be a mapping", shown, line)
    for key in ("locale", "csl", "title"):
        if not spec.get(key):
            raise ConfigError(f"language '{code}' has no '{key}'", shown, spec.line,
                              f"add '{key}:' under languages.{code}")
    text = {k: str(spec.get(k) or "") for k in _LANGUAGE_TEXT_FIELDS}
    text["short_title"] = text["short_title"] or text["title"]
    return Language(code=code, locale=str(spec["locale"]), csl=str(spec["csl"]),
                    keywords=tuple(str(k) for k in spec.get("keywords") or ()),
                    line=spec.line, **text)


def _edition(raw, shown: str) -> Edition:
    if not isinstance(raw, LineDict) or "version" not in raw or "date" not in raw:
        line = raw.line if isinstance(raw, LineDict) else None
        raise ConfigError("an edition needs 'version' and 'date'", shown, line)
    return Edition(version=str(raw["version"]), date=str(raw["date"]),
                   summary={str(k): str(v) for k, v in (raw.get("summary") or {}).items()},
                   line=raw.line)


def front_matter_lines(text: str, shown: str) -> tuple[list[str], list[str]]:
    """A section file's lines split into its front matter (between the `---` lines) and its body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError("no YAML front matter", shown, 1,
                           "start the file with '---', a 'title:' line and '---'")
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return lines[1:index], lines[index + 1:]
    raise ContentError("front matter is not closed", shown, 1, "end it with a line '---'")


def split_front_matter(text: str, shown: str) -> tuple[LineDict, str, int]:
    """Split `---` YAML front matter from a Markdown body; return (meta, body, body_line)."""
    head, body = front_matter_lines(text, shown)
    meta = parse_yaml("\n".join(head), shown, first_line=2)
    if meta is None:
        meta = LineDict()
        meta.line, meta.key_lines = 1, {}
    if not isinstance(meta, LineDict):
        raise ContentError("front matter must be a mapping of keys", shown, 2)
    return meta, "\n".join(body), len(head) + 3


def load_section(path: Path, root: Path, section_id: str, lang: str,
                 reader: ContentReader | None = None) -> Section:
    """Read one section file."""
    shown = _shown(root, path)
    meta, body, body_line = split_front_matter((reader or ContentReader(root)).text(path, shown), shown)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ContentError("the section has no title", shown, meta.line or 1,
                           "add 'title: …' to the front matter")
    return Section(id=section_id, lang=lang, path=shown, title=title.strip(), body=body,
                   body_line=body_line, meta=meta)


def load_references(path: Path, shown: str, reader: ContentReader | None = None) -> list[Reference]:
    """Read the CSL-YAML (or CSL-JSON) bibliography."""
    raw = parse_yaml(reader.text(path, shown) if reader else read_text(path, shown), shown)
    entries = raw.get("references") if isinstance(raw, dict) else raw
    if not isinstance(entries, list):
        raise ContentError("the bibliography must be a list of entries under 'references:'",
                           shown, 1)
    refs = []
    for entry in entries:
        if not isinstance(entry, LineDict):
            raise ContentError("a bibliography entry must be a mapping", shown, None)
        refs.append(Reference(id=str(entry.get("id", "")), data=entry, path=shown,
                              line=entry.line))
    return refs


def _unlisted_files(root: Path, config: Config) -> list[str]:
    listed = {root / lang / f"{s}.md" for lang in config.languages for s in config.all_sections}
    extra = []
    for lang in config.languages:
        folder = root / lang
        if folder.is_dir():
            extra += [_shown(root, p) for p in sorted(folder.glob("*.md")) if p not in listed]
    return extra
