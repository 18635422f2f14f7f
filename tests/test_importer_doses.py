"""Dose, route and administration extraction: stated facts only, never a guess."""

from __future__ import annotations

import pytest

from generator.importer.doses import extract_administration, extract_doses, extract_route


@pytest.mark.parametrize(
    ("text", "doses"),
    [
        ("Palbociclib 125 mg orally once daily", [(125, "mg")]),
        ("RDV 5 mg/kg, IV infusion on Day 1", [(5, "mg/kg")]),
        ("GET73 300 mg oral capsules", [(300, "mg")]),
        ("repaglinide 0.5 mg before each meal", [(0.5, "mg")]),
        ("Capecitabine 1250 mg/m2 orally twice daily", [(1250, "mg/m2")]),
        ("In Phase II, letrozole, 5 mg/day, will be given for 14 days", [(5, "mg/day")]),
        ("Isentress 400mg tablet taken twice daily", [(400, "mg")]),
        ("20 ml of saline", [(20, "mL")]),
        ("* 1.10^6 CSM / kg\n* 2.10^6 CSM / kg\n* 4.10^6 CSM / kg", [
            (1_000_000, "cells/kg"), (2_000_000, "cells/kg"), (4_000_000, "cells/kg")]),
        ("2 x 10^6 cells/kg", [(2_000_000, "cells/kg")]),
        ("1.5×10^8 cells", [(150_000_000, "cells")]),
    ],
)  # fmt: skip
def test_stated_doses_are_extracted(text: str, doses: list[tuple[float, str]]) -> None:
    assert [(dose["amount"], dose["unit"]) for dose in extract_doses(text)] == doses


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "Given IV",
        "Cyclosporine orally, at a dose of 2.5-5 mg / kg / day",
        "up to 10 mg daily",
        "at least 6 mg / day",
        "Prednisone ≥ 6 mg / day",
        "10 mg or 20 mg",
        "Concentration: 200 mg / ml",
        "Ropivacaine 5mg/ml (49.25ml)",
        "RDV 5 mg/kg on Day 1 followed by RDV 2.5 mg/kg",
        "Efavirenz 600 mg/emtricitabine 200 mg/tenofovir disoproxil fumarate 300 mg",
        "one capsule containing 20mg lutein and 20 mg lycopene per day",
        "epidural 20 ml levobupivacaine hydrochloride 0.5%",
        "SGN-LIV1A 2.5 mg/kg (maximum calculated dose 250 mg)",
        "approximately 100 mg",
        "dose adjusted to 50 mg",
        "Bevacizumab 15 mg/kg. When given as a triplet, 10 mg/kg.",
    ],
)
def test_ambiguous_or_absent_doses_give_nothing(text: str | None) -> None:
    assert extract_doses(text) == []


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("injected by slow intravenous infusion", "intravenous"),
        ("Given IV", "intravenous"),
        ("taken orally once daily", "oral"),
        ("by subcutaneous injection", "subcutaneous"),
        ("Steroids IV or orally may be given", None),
        ("Undergo CT", None),
        (None, None),
    ],
)
def test_route_only_when_exactly_one_is_named(text: str | None, route: str | None) -> None:
    assert extract_route(text) == route


def test_administration_count_and_duration() -> None:
    text = "4.10^6 CSM / kg 1 injection during 30min to 1h by Intravenous infusion"
    assert extract_administration(text) == {"count": 1, "minutes_min": 30, "minutes_max": 60}
    assert extract_administration("a single infusion over 2 hours") == {
        "count": 1, "minutes_min": 120, "minutes_max": 120,
    }  # fmt: skip


def test_administration_absent_or_repeated_gives_nothing() -> None:
    assert extract_administration("Given IV") is None
    assert extract_administration(None) is None
    assert extract_administration("1 injection then 2 injections") is None
