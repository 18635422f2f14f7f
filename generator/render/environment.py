"""The Jinja environment of one language: strict, autoescaped, with the UI catalog in memory."""

from __future__ import annotations

import contextlib
import logging
import re
import traceback
from collections.abc import Callable, Iterable
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from jinja2.utils import pass_context

from ..errors import ContentError, TrialsiteError
from ..languages import SOURCE
from ..registry import record_url
from .doses import by_weight
from .filters import Filters
from .safe import FILTERS, finalize, text
from .text import html_block, html_inline
from .typography import spaced

logger = logging.getLogger(__name__)

CATALOG = "locales/{lang}/LC_MESSAGES/messages.po"


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the process, checked against their source on every load.

    Every render makes a new environment per language; without this, each one compiles every
    template again (90% of the time to render one trial).
    """

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill `bucket` from memory; Jinja drops it when the template source changed."""
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a freshly compiled template."""
        self.codes[bucket.key] = bucket.bytecode_to_string()


BYTECODE_CACHE = _MemoryBytecodeCache()


def text_language(templates_dir: Path, lang: str) -> str:
    """Return the language a page of `lang` is written in: its own once it has a UI catalog.

    Until then its pages are in English (marked `lang="en"`, with a "translation pending" note):
    headings in English around dates in Spanish would be neither language.
    """
    has_catalog = (templates_dir / CATALOG.format(lang=lang)).is_file()
    return lang if lang == SOURCE or has_catalog else SOURCE


# In a string formatted with named values: a placeholder (%(name)s), a percent sign (%%), or a
# lone "%" that Python's formatting would fail on.
_PLACEHOLDER_RE = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]?|%%|%")


def _placeholders(texts: Iterable[str]) -> set[str]:
    found = set()
    for string in texts:
        found.update(m.group(0) for m in _PLACEHOLDER_RE.finditer(string) if m.group(0) != "%%")
    return found


def check_placeholders(catalog: Catalog, path: Path) -> None:
    """Refuse a translation whose placeholders are not the English ones (issue 14).

    Every UI string is formatted with Python's `%`: a `%(id)d` where the English has `%(id)s`,
    or a lone `%`, failed while rendering as `internal error: ValueError`.
    """
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = {item for item in _placeholders(ids) if item.startswith("%(")}
        given = _placeholders(string for string in strings if string)
        if not expected:  # never formatted with values: only a named placeholder is wrong
            given = {item for item in given if item.startswith("%(")}
        extra = sorted(given - expected)
        if extra:
            shown = ", ".join(f'"{item}"' for item in extra)
            wanted = ", ".join(f'"{item}"' for item in sorted(expected)) or "none"
            raise ContentError(
                f"msgstr has {shown}, which the English does not (its placeholders: {wanted}); "
                'keep each placeholder as it is and write "%%" for a percent sign',
                path, message.lineno,
            )  # fmt: skip


def load_translations(templates_dir: Path, lang: str) -> NullTranslations:
    """Return the UI translations of a language, compiled in memory from its PO catalog."""
    path = templates_dir / CATALOG.format(lang=lang)
    if not path.is_file():
        if lang != "en":
            logger.warning("no UI catalog for %s at %s: pages show English words", lang, path)
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    check_placeholders(catalog, path)
    for message in catalog:
        if message.id and message.string:
            message.string = _spaced_string(message.string, lang)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer)


def _spaced_string(string: str | tuple[str, ...], lang: str) -> str | tuple[str, ...]:
    """Return a msgstr (or its plural forms) with the language's spacing rules applied."""
    if isinstance(string, tuple):
        return tuple(spaced(value, lang) for value in string)
    return spaced(string, lang)


def make_environment(templates_dir: Path, lang: str) -> Environment:
    """Return a Jinja environment whose `_`, `{% trans %}` and filters speak `lang`.

    Templates see `lang`, the language their words are in (`text_language`), and `page_lang`,
    the language of the page tree they render.
    """
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        undefined=StrictUndefined,
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=BYTECODE_CACHE,
        # Issue 14: a value that is not markup is written as inert text, never as Markdown.
        finalize=finalize,
    )
    env.policies["ext.i18n.trimmed"] = True
    translations = load_translations(templates_dir, lang)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    for name in ("gettext", "ngettext"):
        env.globals[name] = _inert_values(env.globals[name])
    text_lang = text_language(templates_dir, lang)
    env.filters.update(Filters(text_lang, translations).mapping())
    env.filters.update(FILTERS, md_block=html_block, md_inline=html_inline)
    env.filters["esc"] = text  # the name templates used before issue 14
    env.tests["by_weight"] = by_weight
    env.globals.update(
        lang=text_lang, page_lang=lang, translations=translations, record_url=record_url
    )
    return env


def _inert_values(gettext: Callable[..., Any]) -> Callable[..., Any]:
    """Return `gettext` whose named values are written as `{{ value }}` writes them.

    Jinja fills `{% trans name=value %}` and `_("...", name=value)` with Python's `%`, which
    escapes HTML only: a record value there would still be live Markdown (issue 14).
    """

    @pass_context
    def inert(context: Context, *args: Any, **values: Any) -> Any:
        return context.call(gettext, *args, **{key: finalize(v) for key, v in values.items()})

    return inert


def template_error(error: TemplateError | Exception, templates_dir: Path) -> TrialsiteError:
    """Return a rendering error as `templates/<file>:<line>: <message>`, without traceback."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.endswith(".j2")
    ]
    where = ""
    if frames:
        frame = frames[-1]
        name = Path(frame.filename)
        with contextlib.suppress(ValueError):
            name = name.relative_to(templates_dir.parent)
        where = f"{name}:{frame.lineno}: "
    return TrialsiteError(f"{where}{type(error).__name__}: {error}")
