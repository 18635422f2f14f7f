"""Generated patient pages of all 88 registry fixtures, EN and FR, checked against each record.

Issue 15: every sentence must be true of its study. Each assertion below reads the record's own
fields (status, type, healthy volunteers, stop reason, countries, arms) and the rendered page.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from conftest import CONTENT, CTGOV

from generator.gates.readability import page_sections, readability_gate
from generator.gates.safety import safety_gate
from generator.importer import read_source
from generator.loader import load_content
from generator.model import Content, Record, Trial
from generator.registry import COUNTRY_CODES
from generator.render.pages import LanguagePages
from generator.render.pagetypes import TRIAL_PAGE
from generator.render.patient import PatientPage, choose
from generator.render.patient.explain import sentence_text

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SOURCES = sorted(p for p in CTGOV.rglob("*") if p.suffix in (".json", ".xml"))
OPEN = ("RECRUITING", "NOT_YET_RECRUITING")
CLOSED = ("ACTIVE_NOT_RECRUITING", "COMPLETED", "TERMINATED", "SUSPENDED", "WITHDRAWN",
          "ENROLLING_BY_INVITATION")  # fmt: skip
INVITATIONS = {
    "en": ("you may be able to take part", "why could this study be right for me",
           "if you want to take part", "your doctor can contact the study team",
           "how to ask about this study"),
    "fr": ("vous pourriez participer", "pourquoi cette étude pourrait-elle me convenir",
           "si vous voulez participer", "votre médecin peut contacter l'équipe",
           "comment se renseigner"),
}  # fmt: skip
# A recruiting record past its planned end is out of date: the page says how to read that date.
PAST_END = {
    "en": "if that date has passed, it may no longer be looking for people",
    "fr": "si cette date est passée, elle ne cherche peut-être plus de participants",
}
YOU_HAVE = {"en": r"\byou have\b|people who have", "fr": r"vous avez|personnes atteintes"}
TREATMENT_WORDS = {
    "en": r"side effects?|\bthis treatment\b|\bthe treatment\b|study treatment|being tested"
          r"|this study tests",
    "fr": r"effets (?:indésirables|secondaires)|ce traitement|le traitement|ce qui est testé"
          r"|cette étude teste",
}  # fmt: skip
RIGHTS = {
    "en": ("choice", "stop at any time", "does not change", "usual care", "talk to your doctor"),
    "fr": ("choix", "arrêter à tout moment", "ne change rien", "soins habituels",
           "parlez-en à votre médecin"),
}  # fmt: skip
ANCILLARY = re.compile(r"biospecimen|questionnaire|blood draw|blood sampling|montanide", re.I)
_TAG = re.compile(r"<[^<>]+>")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


@cache
def records() -> list[Record]:
    return [record for source in SOURCES for record in read_source(source)]


@cache
def renderer(lang: str) -> LanguagePages:
    shipped = load_content(CONTENT)
    trials = [Trial(record=record, folder=f"content/trials/{record.nct_id}")
              for record in records()]  # fmt: skip
    content = Content(
        site=shipped.site, glossary=shipped.glossary, trials=trials, terms=shipped.terms
    )
    return LanguagePages(content, TEMPLATES, lang)


def render(record: Record, lang: str) -> tuple[Trial, PatientPage, str]:
    trial = Trial(record=record, folder=f"content/trials/{record.nct_id}")
    pages = renderer(lang)
    relpath = f"trials/{record.nct_id}/patients/index.md"
    return (
        trial,
        pages.patient_page(trial),
        pages.trial_page(trial, TRIAL_PAGE["patients"], relpath),
    )


def seen(markdown: str) -> str:
    """Return what a reader sees: no front matter, no tags, entities decoded, lower case."""
    text = html.unescape(_TAG.sub(" ", _FRONT.sub("", markdown)))
    return " ".join(text.replace("\u2019", "'").split()).lower()


def resolve(record: Record, path: str) -> list[Any]:
    """Return the values a dotted field path names in the record (a list spreads over items)."""
    values: list[Any] = [record]
    for part in path.split("."):
        found: list[Any] = []
        for value in values:
            if isinstance(value, list):
                value = (
                    value[int(part)]
                    if part.isdigit() and int(part) < len(value)
                    else [getattr(item, part, None) for item in value]
                    if not part.isdigit()
                    else None
                )
                found += value if isinstance(value, list) else [value]
            else:
                found.append(getattr(value, part, None))
        values = [value for value in found if value not in (None, "", [])]
    return values


def test_the_fixtures_cover_every_kind() -> None:
    kinds = {(r.study_type, r.status.overall) for r in records()}
    assert len(records()) == 88
    assert ("OBSERVATIONAL", "COMPLETED") in kinds and ("EXPANDED_ACCESS", "AVAILABLE") in kinds
    assert any(r.status.why_stopped for r in records())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_generated_patient_page_is_true_of_its_record(lang: str) -> None:
    failures: list[str] = []
    for record in records():
        trial, page, markdown = render(record, lang)
        failures += [f"{record.nct_id} {lang}: {problem}"
                     for problem in problems(record, trial, page, markdown, lang)]  # fmt: skip
    assert failures == []


def problems(
    record: Record, trial: Trial, page: PatientPage, markdown: str, lang: str
) -> list[str]:
    text = seen(markdown)
    # Our own words: record names (a registry title saying "treatment") are not our wording.
    ours = " ".join(section for _, section in page_sections(markdown)).lower()
    found = []
    status = record.status.overall
    if status in CLOSED:
        found += [f"invites to join: {p}" for p in INVITATIONS[lang] if p in text]
    elif status not in OPEN:
        found += [f"invites to join: {p}" for p in INVITATIONS[lang][1:2] if p in text]
    if status == "RECRUITING" and record.status.completion and PAST_END[lang] not in text:
        found.append("recruiting: its planned end is not read for the reader")
    if record.eligibility and record.eligibility.healthy_volunteers:
        found += [f"tells healthy volunteers: {m.group()}"
                  for m in re.finditer(YOU_HAVE[lang], ours)]  # fmt: skip
    if record.study_type == "OBSERVATIONAL":
        found += [f"treatment wording: {m.group()}"
                  for m in re.finditer(TREATMENT_WORDS[lang], ours)]  # fmt: skip
    reason = " ".join((record.status.why_stopped or "").split()).rstrip(".").lower()
    if reason and reason not in text:
        found.append("stop reason not shown")
    locale = Locale.parse("fr_FR" if lang == "fr" else "en_GB")
    english = {name.lower(): code for code, name in Locale.parse("en").territories.items()}
    english |= {name.lower(): code for name, code in COUNTRY_CODES.items()}  # registry spellings
    for country in {site.country for site in record.locations if site.country}:
        code = english.get(country.lower())
        name = locale.territories[code] if code else country
        if name.lower() not in text:
            found.append(f"country not named: {name}")
    found += _tested(record, page, text)
    title = re.search(r'<h1 class="trialsite-title">(.*?)</h1>', markdown)
    plain_title = seen(title.group(1)) if title else ""
    if not plain_title or plain_title == record.title.brief.lower():
        found.append("no plain title")
    found += [f"rights: {p} missing" for p in RIGHTS[lang] if p not in text]
    found += _broken_anchors(record, trial, markdown, lang)
    _, findings = readability_gate(trial, lang, markdown)
    findings += safety_gate(record.nct_id, lang, "patients", markdown)
    found += [f"{finding.gate}: {finding.message}" for finding in findings]
    for section in page.sections:
        for sentence in section.sentences():
            for field in sentence.fields:
                values = resolve(record, field.lstrip("!"))
                # `!field`: made from its absence (or a false flag, as `!has_results`).
                if values if field.startswith("!") and values != [False] else not values:
                    found.append(f"sentence {sentence_text(sentence)!r} from {field}")
    return found


def _broken_anchors(record: Record, trial: Trial, markdown: str, lang: str) -> list[str]:
    """Each link to a section of the investigator page names a section that page has (a record
    with no eligibility has no #exclusion: its page for patients linked there)."""
    wanted = set(re.findall(r"investigators/(?:index\.md)?#([\w-]+)", markdown))
    if not wanted:
        return []
    relpath = f"trials/{record.nct_id}/investigators/index.md"
    investigator = renderer(lang).trial_page(trial, TRIAL_PAGE["investigators"], relpath)
    anchors = set(re.findall(r"\{[^}]*#([\w-]+)[^}]*\}", investigator))
    anchors |= set(re.findall(r'\bid="([\w-]+)"', investigator))
    return [f"links to investigators/#{anchor}, which has no such section"
            for anchor in sorted(wanted - anchors)]  # fmt: skip


def _tested(record: Record, page: PatientPage, text: str) -> list[str]:
    """The experimental arm's drug, biological or device is named; nothing ancillary is."""
    why = page.section("why")
    assert why is not None
    said = " ".join(sentence_text(s) for s in why.sentences()).lower()
    found = [f"ancillary named as tested: {m.group()}" for m in ANCILLARY.finditer(said)]
    if record.study_type != "INTERVENTIONAL":
        return found
    experimental = {name.lower() for arm in record.arms if arm.type == "EXPERIMENTAL"
                    for name in arm.interventions}  # fmt: skip
    main = [item.name for item in record.interventions
            if item.name.lower() in experimental and item.type in ("DRUG", "BIOLOGICAL", "DEVICE")
            and not ANCILLARY.search(item.name) and "placebo" not in item.name.lower()]  # fmt: skip
    if main and not any(name.lower() in said for name in main):
        found.append(f"none of the experimental interventions named: {main[:3]}")
    names = sum(1 for item in record.interventions if item.name.lower() in said)
    if names > 3:
        found.append(f"{names} interventions listed")
    return found


def test_explain_lists_each_sentence_with_its_fields(cli) -> None:
    result = cli("explain", "NCT00184067", "--page", "patients", "--lang", "fr")
    lines = result.output.splitlines()
    reason = lines.index(
        "  La raison donnée dans la fiche\u00a0: «\u00a0L'investigateur principal a quitté "
        "l'établissement\u00a0»."  # the catalog's words (issue 19), not the registry's English
    )
    assert lines[reason + 1] == "      <- status.why_stopped"
    assert "  Cette étude s'est arrêtée avant la date prévue." in lines


def test_explain_names_hand_written_sections(cli) -> None:
    result = cli("explain", "NCT03562065", "--lang", "en")
    assert "  written by people: content/trials/NCT03562065/patients.en.yaml `why`" in (
        result.output.splitlines()
    )


def test_explain_of_an_unknown_trial_is_a_clear_error(cli) -> None:
    result = cli("explain", "NCT99999999", expect_ok=False)
    assert result.exit_code == 1
    assert result.output == "Error: no trial NCT99999999 in content/trials/\n"


@pytest.mark.parametrize(
    ("nct_id", "named", "others"),
    [
        ("NCT04267848", ["Pembrolizumab"], 11),  # not the biospecimen collection or CT scan
        ("NCT00184067", [], 1),  # Montanide ISA 51 is the vaccine's adjuvant
        ("NCT02513394", ["Palbociclib"], 1),  # endocrine therapy is every arm's background
        ("NCT01357915", ["GSK149203A"], 1),  # not the blood sampling
        ("NCT04372602", ["Duvelisib"], 2),  # not the blood draw or the placebo
    ],
)
def test_what_is_tested_is_chosen_not_listed(nct_id: str, named: list[str], others: int) -> None:
    record = next(r for r in records() if r.nct_id == nct_id)
    chosen = choose.tested(record)
    assert [item.name for _, item in chosen.named] == named
    assert chosen.others == others
