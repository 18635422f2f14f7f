"""Numbers gate: every dose, age, count and date of a record appears, unchanged, on its pages.

Values are compared, not their spelling: 1000000 == "1 million" == "1 000 000" == "1.10^6";
2019-09-11 == "11 September 2019" == "11 septembre 2019". A page that states a dose, an age
range or a number of participants the record does not have is an error too.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

from ..model import Record
from .findings import Finding, Level

logger = logging.getLogger(__name__)

MONTHS = {
    name: number
    for names in (
        "january february march april may june july august september october november december",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    )
    for number, name in enumerate(names.split(), 1)
}
_MONTH = "(" + "|".join(MONTHS) + ")"
_NUM = r"\d+(?:[.,]\d+)?"
_SPACES = re.compile(r"[\u00a0\u202f\u2009]|&nbsp;|&#160;")
_SUP = re.compile(r"10\s*<sup>\s*(\d+)\s*</sup>")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_TAG = re.compile(r"<[^<>]+>")  # [^<>]: a run of "<" stays linear
_DATE_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b"), ("y", "m", "d")),
    (
        re.compile(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)? {_MONTH},? (\d{{4}})\b", re.I),
        ("d", "m", "y"),
    ),
    (re.compile(rf"\b{_MONTH} (\d{{1,2}}), (\d{{4}})\b", re.I), ("m", "d", "y")),
    (re.compile(rf"\b{_MONTH} (\d{{4}})\b", re.I), ("m", "y")),
)
# Every number pattern starts where a number starts: a pattern that may begin inside a run of
# digits retries the whole run from each digit, quadratic on a long run (20,000 digits: 270 s).
_START = r"(?<![\d.,])"
_SCIENTIFIC = re.compile(rf"{_START}({_NUM})\s*[.x×·*]\s*10\s*\^\s*(\d+)")
_WORDS = re.compile(rf"{_START}({_NUM})\s+(millions?|billions?|milliards?)\b", re.I)
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:([ ,])\d{3})(?:\1\d{3})*(?![\d,]\d)")
_PLAIN = re.compile(rf"(?<![\w.,]){_NUM}(?![\w])")
_CELLS_AFTER = re.compile(r"\s*(?:de\s+)?(?:cells?|cellules?|CSM|MSCs?)\b", re.I)
_AGE_RANGE = re.compile(r"\b(\d+)\s*(?:to|à|-|–|et)\s*(\d+)\s*(?:years|ans)\b", re.I)
_PEOPLE = re.compile(r"\b(\d+)\s+(?:participants|people|personnes)\b", re.I)
_SCALE = {"million": 1e6, "billion": 1e9, "milliard": 1e9}
# Registry text shown verbatim (or its translation) may state other numbers, such as a sample
# size calculation ("a total of 240 participants"): only presence is checked there.
VERBATIM_CLASSES = {
    "trialsite-registered", "verbatim", "trialsite-criteria", "trialsite-arms",
    "trialsite-interventions", "trialsite-outcomes", "trialsite-references", "trialsite-related",
    "translation-pending",
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
    facts = [Fact("dose", d.amount) for i in record.interventions for d in i.doses]
    if record.eligibility is not None:
        for age in (record.eligibility.min_age, record.eligibility.max_age):
            if age is not None:
                facts.append(Fact("age", float(age.split()[0])))
    if record.enrollment is not None:
        facts.append(Fact("count", float(record.enrollment.count)))
    # The trial's own dates; the record's last update and primary completion are registry
    # details that only the investigator page needs to show.
    status = record.status
    for date in (status.start, status.completion):
        if date is not None:
            facts.append(Fact("date", date))
    return list(dict.fromkeys(facts))


def page_text(markdown: str) -> str:
    """Return what a reader sees of a rendered Markdown page: no front matter, no tags."""
    text = _FRONT_MATTER.sub("", markdown)
    text = _SUP.sub(r"10^\1", _SPACES.sub(" ", text))
    return html.unescape(_TAG.sub(" ", text)).replace("\u00a0", " ")


def own_words(markdown: str) -> str:
    """Return the text a page says in its own words: registered text quoted verbatim left out.

    A regex tokenizer rather than HTMLParser, which is quadratic on unclosed tags ("<a <a ...").
    """
    text = _SUP.sub(r"10^\1", _SPACES.sub(" ", _FRONT_MATTER.sub("", markdown)))
    parts: list[str] = []
    open_tags: list[tuple[str, bool]] = []
    position = 0
    for tag in _TAG_TOKEN.finditer(text):
        if not any(verbatim for _name, verbatim in open_tags):
            parts.append(text[position : tag.start()])
        position = tag.end()
        closing, name, attributes = tag.group(1), tag.group(2).lower(), tag.group(3)
        if closing:
            while open_tags and open_tags.pop()[0] != name:
                continue
        elif name not in _VOID and not attributes.rstrip().endswith("/"):
            classes = (
                set(_CLASS.findall(attributes)[0].split()) if _CLASS.search(attributes) else set()
            )
            open_tags.append((name, bool(classes & VERBATIM_CLASSES)))
    if not any(verbatim for _name, verbatim in open_tags):
        parts.append(text[position:])
    return html.unescape(" ".join(parts)).replace("\u00a0", " ")


def page_values(markdown: str, text: str | None = None) -> PageValues:
    """Return every number and date a page shows, and the doses, ages and counts it states."""
    text = page_text(markdown) if text is None else text
    values = PageValues(set(), set(), set(), set(), set())
    text = _take_dates(text, values)
    text = _take_scaled(text, values)
    for match in _GROUPED.finditer(text):
        values.numbers.add(float(re.sub(r"[ ,]", "", match.group())))
    text = _GROUPED.sub(" ", text)
    for match in _PLAIN.finditer(text):
        values.numbers.add(_number(match.group()))
    for match in _AGE_RANGE.finditer(text):
        values.age_ranges.add((float(match.group(1)), float(match.group(2))))
    values.people |= {float(match.group(1)) for match in _PEOPLE.finditer(text)}
    return values


def numbers_gate(record: Record, pages: dict[str, str], missing: Level = "error") -> list[Finding]:
    """Return an error per number a page contradicts, and a `missing` finding per one it lacks."""
    facts = record_facts(record)
    findings: list[Finding] = []
    for name, markdown in sorted(pages.items()):
        values = page_values(markdown)
        stated = page_values(markdown, own_words(markdown))
        findings += [
            Finding("numbers", missing, f"{fact} of the record is missing", record.nct_id, name)
            for fact in facts
            if not _shows(values, fact)
        ]
        findings += [Finding("numbers", "error", message, record.nct_id, name)
                     for message in _contradictions(facts, stated)]  # fmt: skip
    return findings


def _shows(values: PageValues, fact: Fact) -> bool:
    if fact.kind == "date":
        return fact.value in values.dates
    return any(abs(number - float(fact.value)) < 1e-9 for number in values.numbers)


def _contradictions(facts: list[Fact], values: PageValues) -> list[str]:
    doses = {float(f.value) for f in facts if f.kind == "dose"}
    ages = tuple(float(f.value) for f in facts if f.kind == "age")
    counts = {float(f.value) for f in facts if f.kind == "count"}
    found = [f"states a dose of {d:.0f} cells the record does not have" for d in values.doses
             if doses and d not in doses]  # fmt: skip
    found += [f"states ages {a:g} to {b:g}, the record says {' to '.join(f'{x:g}' for x in ages)}"
              for a, b in values.age_ranges if len(ages) == 2 and (a, b) != ages]  # fmt: skip
    found += [f"states {n:g} participants, the record says {', '.join(f'{c:g}' for c in counts)}"
              for n in values.people if counts and n not in counts]  # fmt: skip
    return sorted(found)


def _take_dates(text: str, values: PageValues) -> str:
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            values.dates.add(_iso(parts))
        text = pattern.sub(" ", text)
    return text


def _iso(parts: dict[str, str | None]) -> str:
    month = parts["m"] or ""
    month_number = MONTHS.get(month.lower()) or int(month)
    iso = f"{parts['y']}-{month_number:02d}"
    return f"{iso}-{int(parts['d']):02d}" if parts.get("d") else iso


def _take_scaled(text: str, values: PageValues) -> str:
    """Read "1.10^6" and "1 million" forms (cell doses when cells follow), then blank them."""
    for pattern in (_SCIENTIFIC, _WORDS):
        for match in pattern.finditer(text):
            value = _scaled(match)
            values.numbers.add(value)
            if _CELLS_AFTER.match(text, match.end()):
                values.doses.add(value)
        text = pattern.sub(" ", text)
    return text


def _scaled(match: re.Match[str]) -> float:
    if match.re is _SCIENTIFIC:
        return _number(match.group(1)) * 10 ** int(match.group(2))
    scale = _SCALE[match.group(2).lower().rstrip("s")]
    return _number(match.group(1)) * scale


def _number(text: str) -> float:
    return float(text.replace(",", "."))
