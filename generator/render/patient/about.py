"""What the study is and what it tests, in words true of its kind, purpose and design."""

from __future__ import annotations

from markupsafe import Markup

from ...model import Record
from ..labels import N_
from . import choose
from .choose import typed
from .sentences import Paragraphs, Section, Sentence
from .words import Words

PURPOSE = "design.purpose"


def things(w: Words, r: Record, tested: choose.Tested) -> tuple[Markup, list[str]]:
    """Return the tested interventions as a phrase ("A, B and 2 other parts of the study")."""
    names = [w.named(f"interventions.{index}.name", item.name) for index, item in tested.named]
    fields = [f"interventions.{index}.name" for index, _ in tested.named]
    n, count = w.f.number(tested.others), tested.others
    if count and names and choose.kind(r) == "expanded":
        names.append(w.ngettext("%(n)s other item of the record", "%(n)s other items of the "
                                "record", count, n=n).text)  # fmt: skip
    elif count and names:
        names.append(w.ngettext("%(n)s other part of the study", "%(n)s other parts of the "
                                "study", count, n=n).text)  # fmt: skip
    return w.join(names), fields


def condition(w: Words, r: Record) -> Markup:
    """Return the first condition of the record, translated when a translation exists."""
    return w.passage("conditions.0", r.conditions[0])


def title(w: Words, r: Record) -> Sentence:
    """Return a plain title composed from the kind, purpose, tested things and condition."""
    kind, tested = choose.kind(r), choose.tested(r)
    # A registered name of more than five words ("Dihydroartemisinin-piperaquine (DHAP) + 0.25
    # mg/kg primaquine administered to G6PD deficient") makes no title: the page says it below.
    short = [(index, item) for index, item in tested.named[:1] if len(item.name.split()) <= 5]
    first = [w.named(f"interventions.{index}.name", item.name) for index, item in short]
    thing_fields = [f"interventions.{index}.name" for index, _ in short]
    sick = choose.for_people_with_condition(r)
    values = {
        "thing": first[0] if first else "",
        "illness": condition(w, r) if r.conditions else "",
    }
    fields = thing_fields + (["conditions.0"] if r.conditions else [])
    purpose = r.design.purpose if r.design else None
    if kind == "expanded":
        key = "expanded_for" if sick and first else "expanded" if first else "expanded_none"
    elif kind == "observational":
        key = "follows_sick" if sick else "follows_about" if r.conditions else "follows"
    elif not first:
        key = "about" if r.conditions else "none"
    elif not r.conditions:
        key = "of"
    elif purpose == "PREVENTION":
        key = "prevent"
    elif purpose in ("DIAGNOSTIC", "SCREENING"):
        key = "find"
    elif sick and kind == "interventional":
        key = "for"
    else:
        key = "of_about"
    messages = {
        "expanded_for": N_("Access to %(thing)s outside a study, for people with %(illness)s"),
        "expanded": N_("Access to %(thing)s outside a study"),
        "expanded_none": N_("A treatment outside a study"),
        "follows_sick": N_("A study that follows people with %(illness)s"),
        "follows_about": N_("A study that collects information about %(illness)s"),
        "follows": N_("A study that collects information about people's health"),
        "about": N_("A study about %(illness)s"),
        "none": N_("A medical study"),
        "of": N_("A study of %(thing)s"),
        "prevent": N_("A study of %(thing)s to prevent %(illness)s"),
        "find": N_("A study of %(thing)s to find %(illness)s"),
        "for": N_("A study of %(thing)s for people with %(illness)s"),
        "of_about": N_("A study of %(thing)s about %(illness)s"),
    }
    return Sentence(
        w.gettext(messages[key], **values), tuple(fields + typed(r) * (kind != "unknown"))
    )


def why(w: Words, r: Record) -> Section:
    """Return "What is this study about?": its kind, its aim, its phase, size and dates."""
    p = Paragraphs()
    kind = choose.kind(r)
    tested = choose.tested(r)
    phrase, fields = things(w, r, tested)
    if kind == "observational":
        p.add(w._("This study does not give anyone a treatment.", typed(r)))
        p.add(_illness(w, r, N_("The team collects information about people with %(illness)s."),
                       N_("The team collects information about %(illness)s."),
                       N_("The team collects information about people's health.")))  # fmt: skip
    elif kind == "expanded":
        p.add(w._("This is not a research study.", typed(r)),
              w._("It is a way to get these outside a study: %(things)s.", [*typed(r), *fields],
                  things=phrase) if phrase else
              w._("It is a way to get a treatment outside a study.", typed(r)))  # fmt: skip
        p.add(_illness(w, r, N_("It is for people with %(illness)s."),
                       N_("It is about %(illness)s."), None))  # fmt: skip
    else:
        p.add(*_aim(w, r, phrase, fields))
        p.add(_phase(w, r))
    p.end()
    p.add(_enrollment(w, r), *_dates(w, r))
    heading = (
        w.gettext("What is this about?")
        if kind == "expanded"
        else w.gettext("What is this study about?")
    )
    return p.section("why", heading)


def _illness(w: Words, r: Record, sick: str, about: str, none: str | None) -> Sentence | None:
    if r.conditions and choose.for_people_with_condition(r):
        fields = ["conditions.0", "eligibility.healthy_volunteers"]
        return w._(sick, fields, illness=_conditions(w, r))
    if r.conditions:
        return w._(about, ["conditions.0"], illness=_conditions(w, r))
    return w._(none, ["!conditions"]) if none else None


def _conditions(w: Words, r: Record) -> Markup:
    return conditions(w, r, "standard")


def conditions(w: Words, r: Record, style: str) -> Markup:
    """Return the first three conditions, then how many others ("and 2 other conditions")."""
    shown = [w.passage(f"conditions.{i}", text) for i, text in enumerate(r.conditions[:3])]
    others = len(r.conditions) - 3
    if others > 0:
        shown.append(w.ngettext("%(n)s other condition", "%(n)s other conditions", others,
                                n=w.f.number(others)).text)  # fmt: skip
    return w.join(shown, style)


def _aim(w: Words, r: Record, phrase: Markup, fields: list[str]) -> list[Sentence | None]:
    purpose = r.design.purpose if r.design else None
    why_fields = [PURPOSE] if purpose else []
    if not phrase:
        lacks = ["interventions"] if r.interventions else ["!interventions"]
        tests = w._("The record does not clearly say what this study tests.", lacks)
    else:
        tests = w._("This study tests %(things)s.", fields, things=phrase)
    aims = {
        "TREATMENT": N_("The aim is to find a better way to treat an illness."),
        "PREVENTION": N_("The aim is to find a way to prevent an illness."),
        "DIAGNOSTIC": N_("The aim is to find a better way to find out what illness someone has."),
        "SCREENING": N_("The aim is to find a way to spot an illness early."),
        "SUPPORTIVE_CARE": N_(
            "The aim is to help people feel better during an illness or its treatment."
        ),
        "BASIC_SCIENCE": N_(
            "The aim is to learn how the body works. It is not meant to treat you."
        ),
        "HEALTH_SERVICES_RESEARCH": N_("The aim is to learn how to give care in a better way."),
    }
    aim = w._(aims[purpose], why_fields) if purpose in aims else None
    healthy = None
    if choose.healthy_volunteers(r):
        healthy = w._("Healthy people can take part.", ["eligibility.healthy_volunteers"])
    about = _illness(
        w, r, N_("It is for people with %(illness)s."), N_("It is about %(illness)s."), None
    )
    return [tests, aim, about, healthy]


def _phase(w: Words, r: Record) -> Sentence | None:
    phases = set(r.phase)
    f = ["phase"]
    if {"PHASE1", "PHASE2"} <= phases:
        return w._("It is a phase 1/2 study: it first checks safety and the dose, then starts to "
                   "see if it works.", f)  # fmt: skip
    if phases & {"PHASE1", "EARLY_PHASE1"}:
        return w._("It is a phase 1 study: it checks safety and which dose to give.", f)
    if {"PHASE2", "PHASE3"} <= phases:
        return w._("It is a phase 2/3 study: it checks if it works, in more people.", f)
    if "PHASE2" in phases:
        return w._("It is a phase 2 study: it checks if it works and learns about side effects.", f)
    if "PHASE3" in phases:
        return w._("It is a phase 3 study: it compares it with other choices, in many people.", f)
    if "PHASE4" in phases:
        return w._("It is a phase 4 study: it is about a treatment already approved.", f)
    return None


def _enrollment(w: Words, r: Record) -> Sentence | None:
    if r.enrollment is None:
        return None
    n = r.enrollment.count
    people = w.f.quantity(n)
    if r.enrollment.type == "ACTUAL":
        return w.ngettext("%(people)s person took part.", "%(people)s people took part.", n,
                          ["enrollment.count", "enrollment.type"], people=people)  # fmt: skip
    if r.enrollment.type == "ESTIMATED":
        return w.ngettext("The plan is for %(people)s person to take part.",
                          "The plan is for %(people)s people to take part.", n,
                          ["enrollment.count", "enrollment.type"], people=people)  # fmt: skip
    return w.ngettext("The record gives the number of people as %(people)s.",
                      "The record gives the number of people as %(people)s.", n,
                      ["enrollment.count"], people=people)  # fmt: skip


def _dates(w: Words, r: Record) -> list[Sentence]:
    s = r.status
    found = []
    if s.start:
        started = s.start_type == "ACTUAL" or (
            s.start_type is None and s.overall not in ("NOT_YET_RECRUITING", "WITHDRAWN", None)
        )
        message = N_("It started %(when)s.") if started else N_("It was planned to start %(when)s.")
        found.append(w._(message, ["status.start"], when=w.when(s.start)))
    if s.completion:
        # A completed or terminated study's completion date is when it ended, typed or not.
        ended = s.completion_type == "ACTUAL" or (
            s.completion_type is None and s.overall in ("COMPLETED", "TERMINATED")
        )
        message = N_("It ended %(when)s.") if ended else N_("It is planned to end %(when)s.")
        found.append(w._(message, ["status.completion"], when=w.when(s.completion)))
    return found
