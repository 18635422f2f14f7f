"""Numbers gate: every dose, age, count and date of a record appears, unchanged, on its pages.

Values are compared, not their spelling: 1000000 == "1 million" == "1 000 000" == "1.10^6";
2019-09-11 == "11 September 2019" == "11 septembre 2019". A page that states a dose, an age
range or a number of participants the record does not have is an error too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from ..languages import LANGUAGES
from ..model import Record
from .findings import Finding, Level
from .results_facts import registered_counts

MONTHS = {
    name: number for row in LANGUAGES.values() for number, name in enumerate(row.months.split(), 1)
}
_SCALE = {word.lower(): value for row in LANGUAGES.values() for word, value in row.scales.items()}


def _words(attribute: str) -> str:
    """Return an alternation of the words of every language (longest first), spaces loose."""
    words = {word for row in LANGUAGES.values() for word in getattr(row, attribute)}
    ordered = sorted(words, key=lambda word: (-len(word), word))
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def _month_pattern() -> str:
    """Return a pattern of the month names that start a word, grouped by first letter.

    One branch per first letter, behind a look-behind for the word start: the engine tests a
    letter once instead of trying 24 names (or a "\\b") at every position of the page.
    """
    by_letter: dict[str, list[str]] = {}
    for name in MONTHS:
        by_letter.setdefault(name[0], []).append(re.escape(name[1:]))
    letters = "".join(by_letter)
    branches = "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in by_letter.items())
    return rf"(?=[{letters}])(?<!\w)(?:{branches})"


_MONTH = _month_pattern()
_SPACES = re.compile(r"[\u00a0\u202f\u2009]|&nbsp;|&#160;")
_SUP = re.compile(r"10\s*<sup>\s*(\d+)\s*</sup>")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_TAG = re.compile(r"<[^<>]+>")  # [^<>]: a run of "<" stays linear
# Every pattern starts with a digit or a month name, then looks back: the regex engine then
# jumps from candidate to candidate instead of trying each position. A pattern that may begin
# inside a run of digits would retry the run from each digit, quadratic on a long run (20,000
# digits: 270 s), hence the look-behind on the first digit.
_D = r"\d(?<!\w\d)"  # a digit that starts a word
_N = r"\d(?<![\d.,]\d)"  # a digit that starts a number
_DATES = re.compile(
    rf"(?P<iso_y>{_D}\d{{3}})-(?P<iso_m>\d{{2}})(?:-(?P<iso_d>\d{{2}}))?\b"
    rf"|(?P<dmy_d>{_D}\d?)(?:er|st|nd|rd|th)? (?P<dmy_m>{_MONTH}),? (?P<dmy_y>\d{{4}})\b"
    rf"|(?P<mon_m>{_MONTH}) (?:(?P<mdy_d>\d{{1,2}}), (?P<mdy_y>\d{{4}})|(?P<my_y>\d{{4}}))\b",
    re.I,
)
_SCALED = re.compile(
    rf"(?P<sci>{_N}\d*(?:[.,]\d+)?)\s*[.x×·*]\s*10\s*\^\s*(?P<exp>\d+)"
    rf"|(?P<num>{_N}\d*(?:[.,]\d+)?)\s+(?P<scale>{_words('scales')})\b",
    re.I,
)
_GROUPED = re.compile(rf"{_N}\d{{0,2}}(?:([ ,])\d{{3}})(?:\1\d{{3}})*(?![\d,]\d)")
_PLAIN = re.compile(r"\d(?<![\w.,]\d)\d*(?:[.,]\d+)?(?!\w)")
_CELLS_AFTER = re.compile(rf"\s*(?:{_words('cell_words')})\b", re.I)
_AGE_RANGE = re.compile(
    rf"({_D}\d*)\s*(?:{_words('range_words')}|-|–)\s*(\d+)\s*(?:{_words('year_words')})\b", re.I
)
_PEOPLE = re.compile(rf"({_D}\d*)\s+(?:{_words('people_words')})\b", re.I)
# Registry text shown verbatim (or its translation) may state other numbers, such as a sample
# size calculation ("a total of 240 participants"): only presence is checked there.
VERBATIM_CLASSES = {
    "trialsite-registered", "verbatim", "trialsite-criteria", "trialsite-arms",
    "trialsite-interventions", "trialsite-outcomes", "trialsite-references", "trialsite-related",
    "translation-pending", "record", "trialsite-official-title", "trialsite-results",
    "trialsite-name",
}  # fmt: skip
_TAG_TOKEN = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^<>]*)>")
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"'<>]*)["']""")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


@dataclass(frozen=True)
class Fact:
    """One number of the record that every page must show."""

    kind: str
    value: float | str
    field: str = dataclass_field(default="", compare=False)
    """The record field it comes from, such as `enrollment.count`."""

    def __str__(self) -> str:
        value = self.value
        if isinstance(value, float):
            value = int(value) if value.is_integer() else value
        return f"{self.kind} {value}"


@dataclass
class PageValues:
    """Numbers and dates read from one page, with the doses, age range and counts it states."""

    numbers: set[float]
    dates: set[str]
    doses: set[float]
    age_ranges: set[tuple[float, float]]
    people: set[float]


def record_facts(record: Record) -> list[Fact]:
    """Return the doses, ages, count and dates of a record."""
    facts = [Fact("dose", d.amount, f"interventions.{i}.doses.{j}")
             for i, intervention in enumerate(record.interventions)
             for j, d in enumerate(intervention.doses)]  # fmt: skip
    if record.eligibility is not None:
        for name in ("min_age", "max_age"):
            age = getattr(record.eligibility, name)
            if age is not None:
                facts.append(Fact("age", float(age.split()[0]), f"eligibility.{name}"))
    if record.enrollment is not None:
        facts.append(Fact("count", float(record.enrollment.count), "enrollment.count"))
    # The trial's own dates; the record's last update and primary completion are registry
    # details that only the investigator page needs to show.
    status = record.status
    for name in ("start", "completion"):
        date = getattr(status, name)
        if date is not None:
            facts.append(Fact("date", date, f"status.{name}"))
    return list(dict.fromkeys(facts))


def page_text(markdown: str) -> str:
    """Return what a reader sees of a rendered Markdown page: no front matter, no tags."""
    text = _FRONT_MATTER.sub("", markdown)
    text = _SUP.sub(r"10^\1", _SPACES.sub(" ", text))
    return html.unescape(_TAG.sub(" ", text)).replace("\u00a0", " ")


def split_words(markdown: str) -> tuple[str, str]:
    """Return what a page says in its own words, and the registered text it quotes verbatim.

    A regex tokenizer rather than HTMLParser, which is quadratic on unclosed tags ("<a <a ...").
    """
    text = _SUP.sub(r"10^\1", _SPACES.sub(" ", _FRONT_MATTER.sub("", markdown)))
    parts: tuple[list[str], list[str]] = ([], [])
    open_tags: list[tuple[str, bool]] = []
    quoting = 0  # how many of the open tags are verbatim
    position = 0
    for tag in _TAG_TOKEN.finditer(text):
        parts[quoting > 0].append(text[position : tag.start()])
        position = tag.end()
        closing, name, attributes = tag.group(1), tag.group(2).lower(), tag.group(3)
        if closing:
            while open_tags:
                popped, verbatim = open_tags.pop()
                quoting -= verbatim
                if popped == name:
                    break
        elif name not in _VOID and not attributes.rstrip().endswith("/"):
            found = _CLASS.search(attributes)
            verbatim = bool(found and VERBATIM_CLASSES.intersection(found.group(1).split()))
            open_tags.append((name, verbatim))
            quoting += verbatim
    parts[quoting > 0].append(text[position:])
    own, quoted = (html.unescape(" ".join(part)).replace("\u00a0", " ") for part in parts)
    return own, quoted


def page_values(markdown: str, text: str | None = None) -> PageValues:
    """Return every number and date a page shows, and the doses, ages and counts it states."""
    text = page_text(markdown) if text is None else text
    values = PageValues(set(), set(), set(), set(), set())
    text = _take_grouped(_take_scaled(_take_dates(text, values), values), values)
    values.numbers |= {_number(match.group()) for match in _PLAIN.finditer(text)}
    for match in _AGE_RANGE.finditer(text):
        values.age_ranges.add((float(match.group(1)), float(match.group(2))))
    values.people |= {float(match.group(1)) for match in _PEOPLE.finditer(text)}
    return values


def numbers_gate(record: Record, pages: dict[str, str], missing: Level = "error") -> list[Finding]:
    """Return an error per number a page contradicts, and a `missing` finding per one it lacks.

    A page states its numbers in its own words; what it quotes from the registry is read only
    when a number of the record is not found in them (a quote may show it, never contradict it).
    """
    facts = record_facts(record)
    also = registered_counts(record)  # issue 17: "4 of 8 people" in posted results
    findings: list[Finding] = []
    for name, markdown in sorted(pages.items()):
        own, quoted = split_words(markdown)
        stated = page_values(markdown, own)
        absent = [fact for fact in facts if not _shows(stated, fact)]
        if absent:
            shown = page_values(markdown, quoted)
            absent = [fact for fact in absent if not _shows(shown, fact)]
        findings += [
            Finding("numbers", missing, f"{fact} of the record is missing", record.nct_id, name,
                    field=fact.field)
            for fact in absent
        ]  # fmt: skip
        findings += [Finding("numbers", "error", message, record.nct_id, name, field=about)
                     for about, message in _contradictions(facts, stated, also)]  # fmt: skip
    return findings


def _shows(values: PageValues, fact: Fact) -> bool:
    if fact.kind == "date":
        return fact.value in values.dates
    return any(abs(number - float(fact.value)) < 1e-9 for number in values.numbers)


def _contradictions(
    facts: list[Fact], values: PageValues, also: set[float]
) -> list[tuple[str, str]]:
    """Return (record field, message) per dose, age range or count a page contradicts."""
    doses = {float(f.value) for f in facts if f.kind == "dose"}
    ages = tuple(float(f.value) for f in facts if f.kind == "age")
    counts = {float(f.value) for f in facts if f.kind == "count"}
    found = [("interventions", f"states a dose of {d:.0f} cells the record does not have")
             for d in values.doses if doses and d not in doses]  # fmt: skip
    found += [("eligibility.max_age",
               f"states ages {a:g} to {b:g}, the record says {' to '.join(f'{x:g}' for x in ages)}")
              for a, b in values.age_ranges if len(ages) == 2 and (a, b) != ages]  # fmt: skip
    found += [("enrollment.count",
               f"states {n:g} participants, the record says {', '.join(f'{c:g}' for c in counts)}")
              for n in values.people if counts and n not in counts | also]  # fmt: skip
    return sorted(found, key=lambda item: item[1])


def _take_dates(text: str, values: PageValues) -> str:
    """Read every date of `text` into `values`, then blank it (its digits are not numbers)."""

    def take(match: re.Match[str]) -> str:
        # One branch matched: its groups are the only ones set ("dmy_d" -> "d").
        parts = {name[-1]: value for name, value in match.groupdict().items() if value}
        values.dates.add(_iso(parts))
        return " "

    return _DATES.sub(take, text)


def _iso(parts: dict[str, str]) -> str:
    month = parts["m"]
    month_number = MONTHS.get(month.lower()) or int(month)
    iso = f"{parts['y']}-{month_number:02d}"
    return f"{iso}-{int(parts['d']):02d}" if parts.get("d") else iso


def _take_scaled(text: str, values: PageValues) -> str:
    """Read "1.10^6" and "1 million" forms (cell doses when cells follow), then blank them."""

    def take(match: re.Match[str]) -> str:
        if match.group("sci") is not None:
            value = _number(match.group("sci")) * 10 ** int(match.group("exp"))
        else:
            value = _number(match.group("num")) * _SCALE[match.group("scale").lower()]
        values.numbers.add(value)
        if _CELLS_AFTER.match(text, match.end()):
            values.doses.add(value)
        return " "

    return _SCALED.sub(take, text)


def _take_grouped(text: str, values: PageValues) -> str:
    """Read "1 000 000" and "1,000,000" forms, then blank them."""

    def take(match: re.Match[str]) -> str:
        values.numbers.add(float(match.group().replace(match.group(1), "")))
        return " "

    return _GROUPED.sub(take, text)


def _number(text: str) -> float:
    return float(text.replace(",", "."))
