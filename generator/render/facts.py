"""Facts derived from a record for the templates: grouped sites, dose cohorts, counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import Administration, Contact, Dose, Intervention, Location, Record
from ..quantities import read_text


@dataclass(frozen=True)
class Cohort:
    """One dose group: the intervention it receives and its dose."""

    number: int
    intervention: Intervention
    dose: Dose
    registered: str = ""
    """The dose as the registry writes it ("1.10^6 CSM / kg"; medical review 8)."""


@dataclass(frozen=True)
class Country:
    """The sites of one country, in registry order, and by region when there are many."""

    name: str
    sites: list[Location]
    regions: list[Region]


@dataclass(frozen=True)
class Region:
    """The sites of one state or region of a country."""

    name: str
    sites: list[Location]


# Past this many sites, a country's list is split by state or region (NCT04267848: 1,147 US
# sites in one list could not be scanned).
REGION_THRESHOLD = 40


def cohorts(record: Record) -> list[Cohort]:
    """Return every registered dose of every intervention, numbered from 1."""
    pairs = [(item, dose) for item in record.interventions for dose in item.doses]
    return [Cohort(number, item, dose, registered_dose(record, item, dose))
            for number, (item, dose) in enumerate(pairs, 1)]  # fmt: skip


def registered_dose(record: Record, intervention: Intervention, dose: Dose) -> str:
    """Return a dose as written in the intervention's (or an arm's) registered text.

    The importer keeps the amount as a number (1000000 cells/kg); a doctor checks the page
    against the registry, which says "1.10^6 CSM / kg".
    """
    amount = read_text(f"{_plain(dose.amount)} {dose.unit}", "en").quantities
    texts = [intervention.description or ""]
    arms = sorted(record.arms, key=lambda arm: intervention.name not in arm.interventions)
    texts += [arm.description or "" for arm in arms]
    for text in texts:
        for quantity in read_text(text, "en").quantities:
            if amount and quantity.same_amount(amount[0]):
                return quantity.text
    return f"{_plain(dose.amount)} {dose.unit}"


def _plain(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def countries(record: Record, unknown: str) -> list[Country]:
    """Return the sites grouped by country, countries sorted by name, `unknown` last."""
    grouped: dict[str, list[Location]] = defaultdict(list)
    for location in record.locations:
        grouped[location.country or ""].append(location)
    names = sorted(name for name in grouped if name)
    found = [Country(name, grouped[name], regions(grouped[name], unknown)) for name in names]
    if "" in grouped:
        found.append(Country(unknown, grouped[""], regions(grouped[""], unknown)))
    return found


def regions(sites: list[Location], unknown: str) -> list[Region]:
    """Return the sites grouped by state, or [] when they are few or have no state."""
    if len(sites) <= REGION_THRESHOLD or not any(site.state for site in sites):
        return []
    grouped: dict[str, list[Location]] = defaultdict(list)
    for site in sites:
        grouped[site.state or ""].append(site)
    found = [Region(name, grouped[name]) for name in sorted(name for name in grouped if name)]
    if "" in grouped:
        found.append(Region(unknown, grouped[""]))
    return found


def administration(record: Record) -> list[tuple[Intervention, Administration]]:
    """Return the interventions whose number and length of administrations are known."""
    return [(item, item.administration) for item in record.interventions if item.administration]


def central_contacts(record: Record) -> list[Contact]:
    """Return contacts people can write to or call (a phone or an e-mail is registered)."""
    return [contact for contact in record.contacts if contact.phone or contact.email]


def location_line(location: Location) -> str:
    """Return a site as one line: facility, city, state, postal code."""
    parts = [location.facility, location.city, location.state, location.zip]
    return ", ".join(part for part in parts if part)


def location_parts(location: Location) -> tuple[str, str]:
    """Return a site's line in two: its facility and city, then the rest (", state, code").

    The investigator page's site list marks the rest as not searched: a trial is found by its
    sites' names and cities, and a thousand states and postal codes made its search record,
    downloaded whole when it is a result, three times as long (issue 20).
    """
    line = location_line(location)
    named = ", ".join(part for part in (location.facility, location.city) if part)
    return named, line[len(named) :]
