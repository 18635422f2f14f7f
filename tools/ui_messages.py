"""`make messages`: extract the UI strings into messages.pot and merge them into each UI catalog.

What `pybabel extract` then `pybabel update` do, with output that depends only on the strings:
entries sorted, no source locations, and no creation date, revision date or Babel version in the
header. Two people who add strings on two branches then conflict only where their strings do,
and an unchanged template leaves the files' bytes alone. Existing translations are kept; a new
string gets an empty translation (never a fuzzy guess) for a person to write.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
LOCALES = TEMPLATES / "locales"
SOURCES = (TEMPLATES, ROOT / "generator" / "render", ROOT / "generator" / "gates")
POT_WIDTH, PO_WIDTH = 76, 100  # as `pybabel extract` and `pybabel update -w 100` wrote them
HEADER = "# trialsite's UI strings, written by `make messages`."
# Header lines that change with the day or the tool, not with the strings.
_VOLATILE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*\\n"\n', re.M)


def extract() -> Catalog:
    """Return the template catalog of every UI string the templates and labels use."""
    with (TEMPLATES / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    template = Catalog(project="trialsite", copyright_holder="trialsite", fuzzy=False)
    template.header_comment = HEADER
    for directory in SOURCES:
        found = extract_from_dir(str(directory), method_map, options_map)
        for _, _, message, comments, context in found:
            template.add(message, None, auto_comments=comments, context=context)
    return template


def written(catalog: Catalog, width: int) -> bytes:
    """Return a catalog as PO bytes, sorted, without locations or volatile header lines."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=width, no_location=True, sort_output=True)
    return _VOLATILE.sub("", buffer.getvalue().decode("utf-8")).encode("utf-8")


def save(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds it; True when the file changed."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def main() -> int:
    template = extract()
    changed = (
        [LOCALES / "messages.pot"]
        if save(LOCALES / "messages.pot", written(template, POT_WIDTH))
        else []
    )
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        for message in catalog:  # "80% c..." is not a placeholder: a translator said so
            if "no-python-format" in message.flags:
                message.flags.discard("python-format")
        if save(po, written(catalog, PO_WIDTH)):
            changed.append(po)
        missing = [m.id for m in catalog if m.id and not m.string]
        for message_id in missing:
            sys.stdout.write(f"{po.relative_to(ROOT)}: to translate: {message_id!r}\n")
    for path in changed:
        sys.stdout.write(f"updated {path.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
