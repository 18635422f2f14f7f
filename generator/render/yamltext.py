"""A small, fast YAML writer for JSON-like data (the `data/<NCT id>.yaml` downloads).

PyYAML's representer costs a quarter of a second for a record with 1,000 sites, most of the
render time at scale. This writes block-style YAML directly: keys plain (ours are identifiers),
strings as JSON double-quoted scalars (a subset of YAML's) or as literal blocks when multi-line.
Tests check that PyYAML reads every output back to the same data.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_PLAIN_KEY_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Characters YAML readers refuse, or read as line breaks, even in quoted scalars.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_INDENT = "  "
# Plain words YAML 1.1 reads as booleans or null.
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def dump_yaml(data: dict[str, Any]) -> str:
    """Return a mapping as block-style YAML text."""
    return "".join(_mapping(data, 0))


def _mapping(data: dict[str, Any], depth: int) -> list[str]:
    pad = _INDENT * depth
    lines: list[str] = []
    for key, value in data.items():
        plain = _PLAIN_KEY_RE.fullmatch(key) and key.lower() not in _RESERVED
        name = key if plain else _quoted(key)
        lines.extend(_entry(f"{pad}{name}:", value, depth))
    return lines


def _sequence(items: list[Any], depth: int) -> list[str]:
    pad = _INDENT * depth
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict) and item:
            inner = _mapping(item, depth + 1)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines.extend(inner[1:])
        else:
            lines.extend(_entry(f"{pad}-", item, depth))
    return lines


def _entry(head: str, value: Any, depth: int) -> list[str]:
    if isinstance(value, dict) and value:
        return [f"{head}\n", *_mapping(value, depth + 1)]
    if isinstance(value, list) and value:
        return [f"{head}\n", *_sequence(value, depth + 1)]
    if isinstance(value, str) and _literal_ok(value):
        pad = _INDENT * (depth + 1)
        body = "".join(f"{pad}{line}\n" if line else "\n" for line in value.split("\n"))
        return [f"{head} |-\n{body}"]
    return [f"{head} {_scalar(value)}\n"]


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    if isinstance(value, float):
        return _float(value)
    return json.dumps(value)  # integers, booleans and null are written alike in JSON and YAML


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    mantissa, e, exponent = text.partition("e")
    # YAML 1.1 (PyYAML) reads 1e+16 as a string: its floats need a dot.
    return f"{mantissa}.0e{exponent}" if e and "." not in mantissa else text


def _quoted(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def _literal_ok(text: str) -> bool:
    """Whether a literal block (`|-`) gives back exactly this text."""
    if "\n" not in text or text.endswith("\n") or text[:1] in (" ", "\t", "\n"):
        return False
    if "\r" in text or "\t" in text or _UNSAFE_RE.search(text):
        return False
    # Lines of only spaces, and trailing spaces, do not survive block scalars unchanged.
    return all(line == line.rstrip(" ") for line in text.split("\n"))
