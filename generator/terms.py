"""The terms file, `content/terms.yaml`: condition names and registry phrases in each language.

People extend the file; pages read it through a few calls (issue 19):

    terms = content.terms  # from loader.load_content (or load_terms); empty without the file
    terms.french("Lupus Erythematosus, Systemic")  # "lupus érythémateux systémique", or None
    terms.translate("SLE", "fr")                   # the same, in any language of the file
    term = terms.entry_for("D008180")              # by an English name or MeSH id; or None
    term.key, term.kind                            # "lupus-erythematosus-systemic", "condition"
    term.name("fr"), term.lay_name("fr")           # "lupus érythémateux systémique", "lupus"
    term.names("fr")                               # every French name: term, lay name, others
    term.mesh, term.broader                        # ["D008180"], None (the key of a wider term)
    terms.entries("condition")                     # every Term of a kind, in file order
    terms.get("lupus-erythematosus-systemic")      # a Term by its key

A name is found whatever its case, spacing, hyphens or curly apostrophes ("non-small-cell" is
"Non Small Cell"). Lay names are for search only: they are not looked up, since one lay name
("lupus") may cover several terms. The loader refuses what would mislead a page: an English
name given to two entries, a name missing a language, and a name whose numbers (digits or
Roman numerals: "Stage IIIA", "type 2") differ from its term's.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr

from .errors import ContentError
from .languages import LANGUAGES, SOURCE
from .yamlfile import YamlDocument

TERMS_FILE = "terms.yaml"
Kind = Literal["condition", "intervention_type", "route", "phrase"]
SECTIONS: dict[str, Kind] = {
    "conditions": "condition",
    "intervention_types": "intervention_type",
    "routes": "route",
    "phrases": "phrase",
}
"""The file's sections and the kind of term each holds."""

_KEY_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,78}[a-z0-9])?$")
_MESH_RE = re.compile(r"^([A-Z])0*([0-9]{1,12})$")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/]+")
_ROMAN = re.compile(r"\b([IVX]+)[A-C]?\b")
_DIGITS = re.compile(r"[0-9]+")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _check_key(value: str) -> str:
    if not _KEY_RE.match(value):
        raise ValueError(f'a term\'s key: use lowercase letters, digits, "-" and "_", '
                         f'got "{value}"')  # fmt: skip
    return value


def _check_language(value: str) -> str:
    if value not in LANGUAGES:
        raise ValueError(f'"{value}" is not a language trialsite knows '
                         f"({', '.join(LANGUAGES)})")  # fmt: skip
    return value


def _check_mesh(value: str) -> str:
    if not _MESH_RE.match(value):
        raise ValueError(f'expected a MeSH id such as "D008180", got "{value}"')
    return value


Key = Annotated[str, AfterValidator(_check_key)]
MAX_NAME = 300
"""The longest name of the file: longer record text (a summary) is never looked up."""
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
Language = Annotated[str, AfterValidator(_check_language)]
MeshId = Annotated[str, AfterValidator(_check_mesh)]


class _Strict(BaseModel):
    """Frozen, unknown keys rejected, docstrings kept (as `model.Strict`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Term(_Strict):
    """One term: its name in English and French, and other names that mean the same."""

    en: Name
    """The English term: for a condition, the MeSH preferred term when there is one."""
    fr: Name
    """The French term, as French medical writing names it (French MeSH, HAS usage)."""
    also: dict[Language, list[Name]] = {}
    """Per language, other names that mean exactly this term (registry spellings, MeSH entry
    terms, abbreviations); a page shows the English record's text translated by `fr`."""
    lay: dict[Language, Name] = {}
    """Per language, the everyday name, where there is one ("lupus"): for search."""
    mesh: list[MeshId] = []
    """MeSH ids of this exact concept."""
    broader: Key | None = None
    """The key of a broader term of the file (lung cancer is under lung neoplasms)."""
    note: str | None = None
    """A translator's note, never shown on pages."""

    _key: str = PrivateAttr(default="")
    _kind: Kind = PrivateAttr(default="condition")
    _line: int | None = PrivateAttr(default=None)

    @property
    def key(self) -> str:
        """Return the term's stable key (`lupus-erythematosus-systemic`)."""
        return self._key

    @property
    def kind(self) -> Kind:
        """Return what the term names: a condition, an intervention type, a route, a phrase."""
        return self._kind

    @property
    def line(self) -> int | None:
        """Return the line of the term's key in the terms file, for reports."""
        return self._line

    def name(self, lang: str) -> str | None:
        """Return the term in `lang`, or None when the file has no such language."""
        value = getattr(self, lang, None) if lang in ("en", "fr") else None
        return value if isinstance(value, str) else None

    def lay_name(self, lang: str) -> str | None:
        """Return the everyday name in `lang`, when the file gives one."""
        return self.lay.get(lang)

    def names(self, lang: str) -> list[str]:
        """Return every name of the term in `lang`: the term, its lay name, the others."""
        found = [self.name(lang), self.lay.get(lang), *self.also.get(lang, [])]
        return list(dict.fromkeys(name for name in found if name))


class Terms(_Strict):
    """The whole terms file: one section per kind of term, each keyed by a stable key."""

    conditions: dict[Key, Term] = {}
    """Conditions (diseases, states) as the records name them."""
    intervention_types: dict[Key, Term] = {}
    """The registry's intervention types (Drug, Device, ...)."""
    routes: dict[Key, Term] = {}
    """Routes of administration (oral, intravenous)."""
    phrases: dict[Key, Term] = {}
    """Recurring registry phrases, translated only where a whole passage is the phrase."""

    _index: dict[str, Term] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        """Give each term its key and kind, and index its English names and MeSH ids."""
        for section, kind in SECTIONS.items():
            for key, term in getattr(self, section).items():
                term._key, term._kind = key, kind
                english = [term.en, *term.also.get(SOURCE, [])]
                for lookup in [*map(name_key, english), *map(mesh_key, term.mesh)]:
                    self._index.setdefault(lookup, term)

    def entries(self, kind: Kind | None = None) -> list[Term]:
        """Return every term (of one kind), in the order of the file."""
        return [term for section, found in SECTIONS.items() if kind in (None, found)
                for term in getattr(self, section).values()]  # fmt: skip

    def get(self, key: str) -> Term | None:
        """Return the term with this key, in any section."""
        return next((term for term in self.entries() if term.key == key), None)

    def entry_for(self, name_or_mesh: str) -> Term | None:
        """Return the term an English name (or other name, or MeSH id) belongs to."""
        if len(name_or_mesh) > MAX_NAME + 20:  # spacing aside, no name of the file is as long
            return None
        if _MESH_RE.match(name_or_mesh.strip()):
            found = self._index.get(mesh_key(name_or_mesh.strip()))
            if found is not None:
                return found
        return self._index.get(name_key(name_or_mesh))

    def translate(self, english: str, lang: str) -> str | None:
        """Return the term for an English name in `lang`, or None when the file lacks it."""
        term = self.entry_for(english)
        return term.name(lang) if term is not None else None

    def french(self, english: str) -> str | None:
        """Return the French term for an English name, or None when the file lacks it."""
        return self.translate(english, "fr")


def name_key(name: str) -> str:
    """Return a name as looked up: case, spacing, hyphens and apostrophes aside."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("\u2019", "'")
    return _SEPARATORS.sub(" ", text).strip(" .")


def mesh_key(mesh_id: str) -> str:
    """Return a MeSH id as looked up: D008180 and D000008180 are the same descriptor."""
    match = _MESH_RE.match(mesh_id.strip())
    return f"mesh:{match.group(1)}{int(match.group(2))}" if match else mesh_id


def numbers_of(text: str) -> list[int]:
    """Return the numbers a name states, digits and Roman numerals ("Stage IIIA": 3), sorted."""
    found = [int(digits) for digits in _DIGITS.findall(text)]
    found += [_roman(match.group(1)) for match in _ROMAN.finditer(text)]
    return sorted(found)


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[char] for char in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))  # fmt: skip


def checked_terms(document: YamlDocument, terms: Terms) -> list[ContentError]:
    """Return what the file's entries get wrong together, each error at its line; give each
    term its line. (The loader calls this on `terms.yaml` once it is valid, `load_terms`.)"""
    for section in SECTIONS:
        for key, term in getattr(terms, section).items():
            term._line = document.lines.get((section, key))
    return _duplicates(document, terms) + _numbers(document, terms) + _broader(document, terms)


Located = tuple[tuple[str | int, ...], str, str]


def _located_names(terms: Terms) -> list[Located]:
    """Return (location, English name or MeSH id, its lookup key) of every term, in order."""
    found: list[Located] = []
    for section in SECTIONS:
        for key, term in getattr(terms, section).items():
            found.append(((section, key, "en"), term.en, name_key(term.en)))
            found += [((section, key, "also", SOURCE, i), name, name_key(name))
                      for i, name in enumerate(term.also.get(SOURCE, []))]  # fmt: skip
            found += [((section, key, "mesh", i), mesh, mesh_key(mesh))
                      for i, mesh in enumerate(term.mesh)]  # fmt: skip
    return found


def _duplicates(document: YamlDocument, terms: Terms) -> list[ContentError]:
    """Return an error per English name or MeSH id that a second entry gives again."""
    errors: list[ContentError] = []
    first: dict[str, tuple[str | int, ...]] = {}
    seen: dict[str, str] = {}
    for section in SECTIONS:
        for key in getattr(terms, section):
            if key in seen:
                message = f'the key "{key}" is already a term of {seen[key]}: keys are unique'
                errors.append(document.error((section, key), message))
            seen.setdefault(key, section)
    for location, name, lookup in _located_names(terms):
        owner = location[:2]
        if lookup not in first:
            first[lookup] = location
        elif first[lookup][:2] != owner:
            where = first[lookup]
            line = document.line_of(where)
            errors.append(document.error(location, f'"{name}" is already a name of '
                                         f"{'.'.join(map(str, where[:2]))} (line {line}): "
                                         "a name belongs to one term"))  # fmt: skip
    return errors


def _numbers(document: YamlDocument, terms: Terms) -> list[ContentError]:
    """Return an error per name whose numbers differ from those of its English term."""
    errors: list[ContentError] = []
    for section in SECTIONS:
        for key, term in getattr(terms, section).items():
            expected = numbers_of(term.en)
            named: list[tuple[tuple[str | int, ...], str]] = [((section, key, "fr"), term.fr)]
            named += [((section, key, "lay", lang), name) for lang, name in term.lay.items()]
            named += [
                ((section, key, "also", lang, i), name)
                for lang, names in term.also.items()
                for i, name in enumerate(names)
            ]
            errors += [document.error(location, f'"{name}" states the numbers '
                                      f"{numbers_of(name) or 'none'}, the English term "
                                      f'"{term.en}" {expected or "none"}: a term must not '
                                      "change a number")
                       for location, name in named if numbers_of(name) != expected]  # fmt: skip
    return errors


def _broader(document: YamlDocument, terms: Terms) -> list[ContentError]:
    """Return an error per `broader` that names no term of the file, or the term itself."""
    keys = {term.key for term in terms.entries()}
    errors: list[ContentError] = []
    for section in SECTIONS:
        for key, term in getattr(terms, section).items():
            if term.broader == key:
                message = "a term is not broader than itself"
            elif term.broader is not None and term.broader not in keys:
                message = f'"{term.broader}" is not the key of a term of this file'
            else:
                continue
            errors.append(document.error((section, key, "broader"), message))
    return errors
