"""Refuse a PO file that `msgfmt --check` would refuse, naming its line (issue 16).

Babel's reader guesses where gettext refuses: an unterminated string loses its last letter, a
file with CR-only line ends reads as empty, a duplicate entry silently replaces the first, a
header naming another charset garbles every accent. This reader scans the raw file first and
raises a ContentError at the first line gettext would reject; Babel then reads a file known good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?:\s+(.*))?$")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}  # fmt: skip
_ESCAPE = re.compile(r"\\(.)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_CHARSET = re.compile(r"charset=([\w.-]+)", re.IGNORECASE)
# A printf-style directive as Python's %-formatting reads it (gettext's python-format rules).
_DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<kind>[diouxXeEfFgGcrsa%])"
)
_FORMAT_FLAGS = ("python-format", "c-format")


@dataclass
class _Entry:
    """One entry as scanned: its flags, its strings by keyword, and where each started."""

    line: int
    flags: set[str] = field(default_factory=set)
    strings: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    obsolete: bool = False


def check_po_bytes(raw: bytes, path: Path) -> None:
    """Raise a ContentError naming the first line of `raw` that `msgfmt --check` would refuse."""
    if b"\r" in raw.replace(b"\r\n", b""):
        line = raw.split(b"\r")[0].count(b"\n") + 1
        raise ContentError("line ends with CR only (old Mac format); save with LF line ends",
                           path, line)  # fmt: skip
    if b"\x00" in raw:
        raise ContentError("NUL byte in the file", path, raw[: raw.index(b"\x00")].count(b"\n") + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError("not UTF-8: save the catalog as UTF-8", path, line) from None
    entries = _scan(text.replace("\r\n", "\n").split("\n"), path)
    _check_header(entries, path)
    _check_entries(entries, path)


def _scan(lines: list[str], path: Path) -> list[_Entry]:
    """Return the entries of a PO file, raising at a line that is not PO syntax."""
    entries: list[_Entry] = []
    current: _Entry | None = None
    keyword = ""
    for number, raw_line in enumerate(lines, 1):
        line = raw_line.strip()
        obsolete = line.startswith("#~") and not line.startswith("#~|")
        if obsolete:
            line = line[2:].strip()
        elif line.startswith("#") or not line:
            if line.startswith("#,"):
                if current is None or _complete(current):
                    current = _Entry(number)
                    entries.append(current)
                current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        found = _KEYWORD.match(line)
        if found:
            keyword, rest = found.groups()
            if rest is None:
                raise ContentError(f"{keyword} without a quoted string", path, number)
            if current is None or (_complete(current) and not keyword.startswith("msgstr")):
                current = _Entry(number)
                entries.append(current)
            if keyword in current.strings:
                raise ContentError(f"{keyword} given twice in one entry", path, number)
            current.lines[keyword] = number
            current.strings[keyword] = ""
        elif line.startswith('"') and current is not None and keyword:
            rest = line
        else:
            raise ContentError(f"not PO syntax: {line[:40]!r}", path, number)
        current.obsolete = current.obsolete or obsolete
        current.strings[keyword] += _string(rest, path, number)
    return entries


def _complete(entry: _Entry) -> bool:
    """Return whether an entry is finished: it has a msgstr."""
    return any(key.startswith("msgstr") for key in entry.strings)


def _string(quoted: str, path: Path, number: int) -> str:
    """Return the text of one quoted PO string, refusing unterminated strings and control text."""
    found = _STRING.match(quoted)
    if not found or not quoted.startswith('"'):
        raise ContentError("unterminated string: a line must end with a closing quote \"",
                           path, number)  # fmt: skip
    body = found.group(1)
    if (bad := _CONTROL.search(body)) is not None:
        raise ContentError(f"control character U+{ord(bad.group()):04X} in a string", path, number)
    text = _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body)
    if (bad := _CONTROL.search(text.replace("\r", ""))) is not None:
        raise ContentError(f"control character U+{ord(bad.group()):04X} in a string", path, number)
    return text


def _check_header(entries: list[_Entry], path: Path) -> None:
    header = next((e for e in entries if e.strings.get("msgid") == "" and not e.obsolete), None)
    if header is None:
        return
    charset = _CHARSET.search(header.strings.get("msgstr", ""))
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ContentError(
            f'header says charset={charset.group(1)}, the file is UTF-8: write "charset=UTF-8"',
            path, header.lines.get("msgstr", header.line),
        )  # fmt: skip


def _check_entries(entries: list[_Entry], path: Path) -> None:
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        if "msgid" not in entry.strings or entry.obsolete:
            continue
        if not any(key.startswith("msgstr") for key in entry.strings):
            raise ContentError("entry has no msgstr", path, entry.lines["msgid"])
        key = (entry.strings.get("msgctxt"), entry.strings["msgid"])
        if key in seen:
            first = entry.lines.get("msgctxt", entry.lines["msgid"])
            raise ContentError(f"duplicate entry (first defined on line {seen[key]})", path, first)
        seen[key] = entry.lines.get("msgctxt", entry.lines["msgid"])
        _check_format(entry, path)


def _check_format(entry: _Entry, path: Path) -> None:
    """Refuse a format flag that does not hold, as `msgfmt --check` does (medical review 13)."""
    flag = next((flag for flag in _FORMAT_FLAGS if flag in entry.flags), None)
    if flag is None:
        return
    source = _directives(entry.strings["msgid"])
    plural = entry.strings.get("msgid_plural")
    if plural is not None and source is not None:
        more = _directives(plural)
        source = None if more is None else source + more
    for keyword, text in entry.strings.items():
        if not keyword.startswith("msgstr") or not text:
            continue
        found = _directives(text)
        where = entry.lines[keyword]
        if source is None:
            raise ContentError(f'"#, {flag}" but msgid is not a valid format string; '
                               "remove the flag", path, entry.line)  # fmt: skip
        if found is None:
            raise ContentError(f'"#, {flag}": msgstr is not a valid format string, unlike '
                               'msgid (write "%%" for a percent sign, or remove the flag)',
                               path, where)  # fmt: skip
        # A plural form may leave out the count ("une fois"); no form may name another value.
        differ = set(found) - set(source) if plural is not None else set(found) ^ set(source)
        if differ:
            raise ContentError(f'"#, {flag}": msgstr directives {sorted(set(found))} differ '
                               f"from msgid's {sorted(set(source))}", path, where)  # fmt: skip


def _directives(text: str) -> list[str] | None:
    """Return the format directives of a string, or None when a "%" starts none."""
    directives = []
    position = 0
    while (start := text.find("%", position)) >= 0:
        found = _DIRECTIVE.match(text, start)
        if found is None:
            return None
        if found.group("kind") != "%":
            directives.append(found.group("name") or found.group("kind"))
        position = found.end()
    return directives
