"""Read a YAML content file into plain data, remembering the line of every key and item."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError

Location = tuple[str | int, ...]
# No content file nests deeper than criteria within criteria (6 levels); Python would give up
# near 500.
MAX_DEPTH = 100


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ContentLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader (libyaml when present) that keeps dates as text for the model to validate."""


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlDocument:
    """The data of one YAML file and the 1-based line of each location in it."""

    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    text: str = ""
    nodes: set[int] = field(default_factory=set, repr=False, compare=False)
    """Ids of the YAML nodes read so far: a node met twice is an alias (`*name`)."""

    def line_of(self, location: Location) -> int | None:
        """Return the line of `location`, or of its nearest parent that has one."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return None

    def source_line(self, line: int | None) -> str | None:
        """Return the text of a 1-based line of the file."""
        if line is None:
            return None
        text_lines = self.text.splitlines()
        return text_lines[line - 1] if 0 < line <= len(text_lines) else None

    def error(self, location: Location, message: str) -> ContentError:
        """Return a ContentError that points at `location` in this file."""
        line = self.line_of(location)
        where = ".".join(str(part) for part in location) or None
        return ContentError(message, self.path, line, where, self.source_line(line))


def decode_text(raw: bytes, path: Path) -> str:
    """Decode a content file as UTF-8 (a BOM is dropped); name other encodings clearly."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError("file is UTF-16; save it as UTF-8", path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 (is the file Latin-1?); save it as UTF-8",
            path,
            line,
        ) from None
    if "\x00" in text:
        raise ContentError("file contains NUL characters; is it a text file?", path)
    return text.replace("\r\n", "\n")


def read_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file; duplicate keys and syntax errors are ContentErrors with a line."""
    text = decode_text(path.read_bytes(), path)
    document = YamlDocument(path=path, data=None, text=text)
    try:
        loader = _ContentLoader(text)
        try:
            node = loader.get_single_node()
            document.data = _to_data(node, (), loader, document) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        context = exc.context_mark
        if exc.problem and exc.context and context is not None and context.line + 1 != line:
            problem = f"{problem}, {exc.context} that starts on line {context.line + 1}"
        if mark is not None and _is_tab(text, mark):
            problem = "a tab cannot indent YAML; indent with spaces"
        raise ContentError(
            f"YAML syntax error: {problem}", path, line, None, document.source_line(line)
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"YAML error: {exc}", path) from None
    return document


def _is_tab(text: str, mark: yaml.Mark) -> bool:
    """Return True when the character a YAML error points at is a tab."""
    return 0 <= mark.index < len(text) and text[mark.index] == "\t"


def _to_data(node: yaml.Node, location: Location, loader: _ContentLoader, doc: YamlDocument) -> Any:
    if len(location) > MAX_DEPTH:
        line, where = node.start_mark.line + 1, ".".join(str(part) for part in location[:4])
        raise ContentError(f"nested more than {MAX_DEPTH} levels deep", doc.path, line,
                           f"{where}...", doc.source_line(line))  # fmt: skip
    if id(node) in doc.nodes:
        # Aliases can repeat a list a billion times in a few lines (or refer to themselves).
        raise doc.error(location, "YAML aliases (*name) are not allowed here; write the value out")
    doc.nodes.add(id(node))
    doc.lines.setdefault(location, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, location, loader, doc)
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_data(item, (*location, index), loader, doc) for index, item in enumerate(node.value)
        ]
    return _checked_scalar(node, location, loader, doc)


_STR_TAG = "tag:yaml.org,2002:str"
# YAML 1.2 core schema forms (issue 16). PyYAML reads YAML 1.1, where `050` is octal 40,
# `yes`/`on` are booleans and `1_000` or `1:20` are numbers; such a plain scalar is refused
# rather than guessed, since the two YAML versions disagree on what it means.
_CORE_FORMS = {
    "tag:yaml.org,2002:bool": re.compile(r"true|True|TRUE|false|False|FALSE"),
    "tag:yaml.org,2002:int": re.compile(r"[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+"),
    "tag:yaml.org,2002:float": re.compile(
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
        r"|\.(?:nan|NaN|NAN)"
    ),
}
# Control characters other than tab and newline, and the bidi controls that reorder what a
# reader sees (Trojan Source): never meant in a record or in text people write.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORBIDDEN_CHARS = _FORBIDDEN_CHARS
"""What the loader refuses in text: the importer removes it from registry text (issue 14)."""


def _checked_scalar(
    node: yaml.Node, location: Location, loader: _ContentLoader, doc: YamlDocument
) -> Any:
    """Return a scalar's value, refusing YAML 1.1-only numbers and booleans and control text."""
    if isinstance(node, yaml.ScalarNode) and not node.style:  # plain (libyaml says "")
        core = _CORE_FORMS.get(node.tag)
        if core is not None and not core.fullmatch(node.value):
            raise doc.error(location, _ambiguous(node.value))
    value = _scalar(node, loader)
    if isinstance(value, str) and (bad := _FORBIDDEN_CHARS.search(value)):
        line = node.start_mark.line + 1 + value.count("\n", 0, bad.start())
        if node.style in ("|", ">"):
            line += 1  # a block scalar's text starts on the line after its indicator
        where = ".".join(str(part) for part in location) or None
        message = f"control character U+{ord(bad.group()):04X} in text; remove it"
        raise ContentError(message, doc.path, line, where)
    return value


def _ambiguous(value: str) -> str:
    """Return why a YAML 1.1 number or boolean is refused, and what to write instead."""
    if re.fullmatch(r"[-+]?0[0-9]+", value):
        number = int(value.lstrip("+-").lstrip("0") or "0")
        return f'"{value}": YAML 1.1 reads a leading 0 as octal; write {number}'
    if value.lower() in {"yes", "no", "on", "off", "y", "n"}:
        return f'"{value}" is a boolean in YAML 1.1 and text in YAML 1.2; write true or false'
    return f'"{value}" is a number only in YAML 1.1; write it plainly (or quote it as text)'


def _scalar(node: yaml.Node, loader: _ContentLoader) -> Any:
    """Return a scalar's value; text (most of a record) skips the constructor's machinery."""
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value
    return loader.construct_object(node, deep=True)


def _mapping(
    node: yaml.MappingNode, location: Location, loader: _ContentLoader, doc: YamlDocument
) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node, loader)
        key_line = key_node.start_mark.line + 1
        where = (*location, key)
        if not isinstance(key, str | int | float | bool) or key is None:
            raise doc.error(location, "a key must be plain text")
        if key in result:
            first = doc.lines[where]
            raise ContentError(
                f'duplicate key "{key}" (first given on line {first})',
                doc.path,
                key_line,
                ".".join(str(part) for part in where),
                doc.source_line(key_line),
            )
        doc.lines[where] = key_line
        result[key] = _to_data(value_node, where, loader, doc)
    return result
