"""YAML reading that remembers the line of every mapping and key."""

from __future__ import annotations

import yaml

from ..errors import ContentError


class LineDict(dict):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from YAML that knows the line of each item."""

    line: int = 0
    item_lines: list

    def line_of_item(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when built with it: 5× faster
    pass


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A key written twice in one mapping; YAML would silently keep the last."""

    def __init__(self, key, first_line: int, mark):
        super().__init__(None, None, f"duplicate key '{key}'", mark)
        self.key, self.first_line = key, first_line


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    # Keys merged in with `<<:` may be overridden; only keys written here must be unique.
    written = {id(key_node) for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge"}
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    seen: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark)
        if id(key_node) in written:
            if key in seen:
                raise _DuplicateKey(key, seen[key], key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay text: the engine parses them itself so that it knows their
    # precision (year, month or day) and can report an impossible one.
    return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def parse_yaml(text: str, path: str, first_line: int = 1):
    """Parse YAML text; a syntax error becomes a ContentError naming file and line."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except _DuplicateKey as exc:
        first = first_line - 1 + exc.first_line
        raise ContentError(f"duplicate key '{exc.key}' (first on line {first})", path,
                           first_line + exc.problem_mark.line,
                           "keep one of them: YAML would silently use the last") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        reason = exc.problem or exc.context or "malformed YAML"
        raise ContentError(f"malformed YAML: {reason}", path, line,
                           "fix the YAML syntax (indentation, quotes, colons)") from exc
    except yaml.YAMLError as exc:
        raise ContentError(f"malformed YAML: {exc}", path, first_line,
                           "fix the YAML syntax") from exc
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


def plain(data):
    """The same data as plain dicts and lists (what yaml.safe_dump accepts)."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data


def _shift_lines(data, offset: int) -> None:
    if isinstance(data, LineDict):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, list):
        if isinstance(data, LineList):
            data.line += offset
            data.item_lines = [line + offset for line in data.item_lines]
        for item in data:
            _shift_lines(item, offset)
