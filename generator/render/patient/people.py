"""Who the study is for, who cannot take part, and where it takes place."""

from __future__ import annotations

from markupsafe import Markup

from ...model import Record
from ..facts import countries as group_countries
from . import choose
from .about import conditions
from .sentences import Paragraphs, Section, Sentence
from .words import Words

E = "eligibility"
MAX_CITIES = 5


def who_can(w: Words, r: Record) -> Section:
    """Return who the study is for: age, sex, illness or healthy volunteers, then its rules."""
    p = Paragraphs()
    expanded = choose.kind(r) == "expanded"
    p.add(
        w._("It is for people who get this treatment outside a study:", [])
        if expanded
        else w._("The study is for people who meet its rules. In short:", [])
    )
    p.items("bullets", [s for s in (_age(w, r), _sex(w, r), *_illness(w, r)) if s is not None])
    e = r.eligibility
    url = w.links.audience(r.nct_id, "investigators") + "#inclusion"
    link = w.link(w.gettext("page for doctors"), url)
    if e and e.inclusion and e.exclusion:
        n = len(e.inclusion)
        p.add(w.ngettext("The study sets %(n)s rule for who can take part.",
                         "The study sets %(n)s rules for who can take part.", n,
                         [f"{E}.inclusion"], n=w.f.number(n)),
              w._("The full list is on the %(link)s.", [f"{E}.inclusion"], link=link))  # fmt: skip
    elif e and (e.inclusion or e.exclusion):
        p.add(w._("The record gives its rules in one list, not split into who can and who cannot "
                  "take part.", [f"{E}.inclusion" if e.inclusion else f"{E}.exclusion"]),
              w._("Read the full list on the %(link)s.", [E], link=link))  # fmt: skip
    else:
        p.add(w._("The record does not give a detailed list of rules.",
                  [f"!{E}.inclusion", f"!{E}.exclusion"]))  # fmt: skip
    p.add(w._("Only your doctor can tell you if they fit you.", []))
    heading = (
        w.gettext("Who can get this treatment?")
        if expanded
        else w.gettext("Who is this study for?")
    )
    return p.section("who_can", heading)


def _age(w: Words, r: Record) -> Sentence | None:
    e = r.eligibility
    low, high = (e.min_age, e.max_age) if e else (None, None)
    fields = [f"{E}.min_age"] * bool(low) + [f"{E}.max_age"] * bool(high)
    if low and high:
        return w._("people aged %(min)s to %(max)s", fields, min=w.f.age(low), max=w.f.age(high))
    if low:
        return w._("people aged %(min)s or over", fields, min=w.f.age(low))
    if high:
        return w._("people aged up to %(max)s", fields, max=w.f.age(high))
    return w._("the record sets no age limit", [f"!{E}.min_age", f"!{E}.max_age"])


def _sex(w: Words, r: Record) -> Sentence | None:
    sex = r.eligibility.sex if r.eligibility else None
    if sex == "FEMALE":
        return w._("women only", [f"{E}.sex"])
    if sex == "MALE":
        return w._("men only", [f"{E}.sex"])
    if sex == "ALL":
        return w._("women and men", [f"{E}.sex"])
    return None


def _illness(w: Words, r: Record) -> list[Sentence]:
    """Return who the conditions are about: people who have them, or what the study is about."""
    found: list[Sentence] = []
    if choose.for_people_with_condition(r):
        fields = ["conditions.0", f"{E}.healthy_volunteers"]
        found.append(w._("people who have %(illness)s", fields, illness=_first(w, r)))
    elif r.conditions:
        found.append(w._("the study is about %(illness)s", ["conditions.0"], illness=_first(w, r)))
    if choose.healthy_volunteers(r):
        found.append(w._("healthy people (healthy volunteers) can take part",
                         [f"{E}.healthy_volunteers"]))  # fmt: skip
    return found


def _first(w: Words, r: Record) -> Markup:
    return conditions(w, r, "or")


def who_cannot(w: Words, r: Record) -> Section:
    """Return who cannot take part: never "no exclusions" when the record has one list."""
    p = Paragraphs()
    e = r.eligibility
    url = w.links.audience(r.nct_id, "investigators") + "#exclusion"
    if e and e.healthy_volunteers is False and r.conditions:
        fields = [f"{E}.healthy_volunteers"]
        p.add(w._("People who do not have the illness cannot get it.", fields)
              if choose.kind(r) == "expanded" else
              w._("People who do not have the illness cannot take part.", fields))  # fmt: skip
    if e and e.exclusion and e.inclusion:
        n = len(e.exclusion)
        p.add(w.ngettext("There is %(n)s reason why someone cannot take part.",
                         "There are %(n)s reasons why someone cannot take part.", n,
                         [f"{E}.exclusion"], n=w.f.number(n)),
              w._("The full list is on the %(link)s.", [f"{E}.exclusion"],
                  link=w.link(w.gettext("page for doctors"), url)))  # fmt: skip
    elif e:
        p.add(w._("Read the full list of rules on the %(link)s.", [E],
                  link=w.link(w.gettext("page for doctors"), url)))  # fmt: skip
    else:  # no rules registered: the page for doctors has none to show (nor an #exclusion)
        p.add(w._("The record does not list who cannot take part.", ["!" + E]),
              w._("Ask your doctor.", []))  # fmt: skip
    if e:
        p.add(w._("Your doctor will check them with you.", []))
    heading = (
        w.gettext("Who cannot get it?")
        if choose.kind(r) == "expanded"
        else w.gettext("Who cannot take part?")
    )
    return p.section("who_cannot", heading)


def where(w: Words, r: Record) -> Section:
    """Return the countries (always), the cities when few, and sites per country."""
    p = Paragraphs()
    if not r.locations:
        p.add(w._("The record does not list where the study takes place.", ["!locations"]),
              w._("Ask your doctor.", []))  # fmt: skip
        return p.section("where", w.gettext("Where does the study take place?"))
    grouped = group_countries(r, "")
    named = [c for c in grouped if c.name]
    if named:
        p.add(w.ngettext("The study takes place in %(n)s country:",
                         "The study takes place in %(n)s countries:", len(named),
                         ["locations.country"], n=w.f.number(len(named))))  # fmt: skip
    p.items("bullets", [_country(w, c.name, len(c.sites)) for c in named])
    if len(named) < len(grouped):
        p.add(w._("The record does not give the country of some sites.", ["!locations.country"]))
    cities = choose.cities(r)
    if 0 < len(cities) <= MAX_CITIES:
        p.add(w.ngettext("The city is %(cities)s.", "The cities are %(cities)s.", len(cities),
                         ["locations.city"],
                         cities=w.join([w.local_name(city) for city in cities])))  # fmt: skip
    if choose.state(r) in choose.OPEN_STATES:
        p.add(w._("Ask your doctor which site is nearest to you.", []))
    url = w.links.audience(r.nct_id, "investigators") + "#sites"
    p.add(w._("Every site is listed on the %(link)s.", ["locations"],
              link=w.link(w.gettext("page for doctors"), url)))  # fmt: skip
    return p.section("where", w.gettext("Where does the study take place?"))


def _country(w: Words, name: str, sites: int) -> Sentence:
    return w.ngettext("%(country)s: %(n)s site", "%(country)s: %(n)s sites", sites,
                      ["locations.country"], country=w.f.country(name),
                      n=w.f.quantity(sites))  # fmt: skip
