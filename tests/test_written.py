"""Issue 16: each mistake a person plants is named at the file, line and section they edited.

A small vaccine trial (record: 2 mcg in 0.5 mL, ages 18 to 55, 48 people) with a correct first
draft of its patient text and French catalog; each test plants one mistake, runs
`trialsite check` as a user would, and pins the located message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

VACCINE = "NCT09990001"
RECORD = f"""\
    nct_id: {VACCINE}
    title:
      brief: A New Tuberculosis Vaccine in Healthy Adults
    status:
      overall: RECRUITING
      last_update: '2024-03-01'
      start: '2024-01-15'
      completion: '2026-06-30'
    phase: [PHASE1]
    study_type: INTERVENTIONAL
    enrollment:
      count: 48
    conditions: [Tuberculosis]
    summary: >-
      This study tests a new tuberculosis vaccine in 48 healthy adults. Half of them are older
      than 50 years.
    arms:
      - label: Vaccine
        type: EXPERIMENTAL
        description: Two doses of 2 mcg of TBV-1 in 0.5 mL, given 28 days apart.
        interventions: [TBV-1]
    interventions:
      - name: TBV-1
        type: BIOLOGICAL
        description: 2 mcg of antigen in 0.5 mL, injected into the muscle of the upper arm.
        doses:
          - amount: 2
            unit: mcg
    eligibility:
      min_age: 18 Years
      max_age: 55 Years
      sex: ALL
      healthy_volunteers: true
      inclusion:
        - text: Healthy adults aged 18 to 55 years.
    source:
      registry: ClinicalTrials.gov
"""
# A correct first draft: it repeats neither the count nor the dates, and numbers its steps.
PATIENTS_EN = """\
    reviewed_against: "2024-03-01"
    why: |
      This study tests a new vaccine. We do not know yet if the vaccine helps or how safe it is.
    who_can: |
      You may be able to take part if you are 18 to 55 years old and healthy.
    what_happens: |
      1. The study team checks your health.
      2. You get the vaccine two times, 28 days apart.
      3. Each time, you get 2 micrograms in 0.5 mL, in the muscle of your upper arm.
    contact: |
      Talk to your doctor about this study. Taking part is your choice, and you can stop at any
      time.
"""
PATIENTS_FR = """\
    reviewed_against: "2024-03-01"
    why: |
      Cette étude teste un nouveau vaccin. Nous ne savons pas encore si le vaccin aide.
    who_can: |
      Vous pouvez peut-être participer si vous avez entre 18 et 55 ans et êtes en bonne santé.
    what_happens: |
      - L'équipe vérifie votre santé.
      - Vous recevez le vaccin deux fois, à 28 jours d'écart.
      - Chaque fois, vous recevez 2 microgrammes dans 0,5 mL, dans le muscle du haut du bras.
    contact: |
      Parlez-en à votre médecin. Participer est votre choix, et vous pouvez arrêter à tout moment.
"""
FR_PO = """\
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=UTF-8\\n"

    msgctxt "title.brief"
    msgid "A New Tuberculosis Vaccine in Healthy Adults"
    msgstr "Un nouveau vaccin contre la tuberculose chez des adultes en bonne santé"

    msgctxt "conditions.0"
    msgid "Tuberculosis"
    msgstr "Tuberculose"

    msgctxt "summary.0"
    msgid "This study tests a new tuberculosis vaccine in 48 healthy adults. Half of them are older than 50 years."
    msgstr "Cette étude teste un nouveau vaccin contre la tuberculose chez 48 adultes en bonne santé. La moitié ont plus de 50 ans."

    msgctxt "arms.0.description"
    msgid "Two doses of 2 mcg of TBV-1 in 0.5 mL, given 28 days apart."
    msgstr "Deux doses de 2 mcg de TBV-1 dans 0,5 mL, à 28 jours d'intervalle."

    msgctxt "interventions.0.description"
    msgid "2 mcg of antigen in 0.5 mL, injected into the muscle of the upper arm."
    msgstr "2 mcg d'antigène dans 0,5 mL, injectés dans le muscle du haut du bras."

    msgctxt "eligibility.inclusion.0.text"
    msgid "Healthy adults aged 18 to 55 years."
    msgstr "Adultes en bonne santé âgés de 18 à 55 ans."
"""  # noqa: E501


@pytest.fixture
def vaccine(scratch_content) -> Path:
    """Content with the vaccine trial alone, its patient texts in both languages and French."""
    folder = f"trials/{VACCINE}"
    content = scratch_content(trials=(), files={
        f"{folder}/record.yaml": RECORD, f"{folder}/patients.en.yaml": PATIENTS_EN,
        f"{folder}/patients.fr.yaml": PATIENTS_FR, f"{folder}/fr.po": FR_PO,
    })  # fmt: skip
    # Its catalog translates some passages only: these tests are about the plain texts.
    with (content / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("allow_untranslated: true\n")
    return content


@pytest.fixture
def english(vaccine: Path) -> Path:
    """The vaccine trial without its French patient text: English plants are compared alone."""
    (vaccine / "trials" / VACCINE / "patients.fr.yaml").unlink()
    return vaccine


def _plant(path: Path, old: str, new: str) -> int:
    """Replace `old` by `new` in a content file; return the line the new text starts on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1 + new[: len(new) - len(new.lstrip())].count("\n")


def _errors(cli, content: Path) -> list[str]:
    result = cli("check", "--content", content, expect_ok=False)
    assert "Traceback" not in result.output
    return [line for line in result.output.splitlines() if line.startswith("ERROR: ")]


def test_a_correct_first_draft_that_repeats_no_count_or_date_passes(cli, vaccine: Path) -> None:
    result = cli("check", "--content", vaccine)
    assert result.output.splitlines()[-1].endswith(" 0 error(s), 3 warning(s)"), result.output


def test_rare_words_not_in_the_glossary_are_warnings_strict_refuses(cli, vaccine: Path) -> None:
    """Medical words found, not listed: no word below is on any list we typed."""
    plain = vaccine / "trials" / VACCINE / "patients.en.yaml"
    line = _plant(plain, "  This study tests", "  TB, or tuberculosis, is an illness of the lungs. "
                  "This study tests")  # fmt: skip
    result = cli("check", "--content", vaccine)
    advice = "is not in glossary.yaml: define it there, or list it under undefined_ok if everyone "
    french = vaccine / "trials" / VACCINE / "patients.fr.yaml"
    assert [line for line in result.output.splitlines() if line.startswith("WARNING")] == [
        f'WARNING: {plain}:{line}: glossary: why: rare word "tuberculosis" {advice}knows it',
        f'WARNING: {plain}:{line}: glossary: why: rare word "vaccine" {advice}knows it',
        f'WARNING: {plain}:{line + 6}: glossary: what_happens: rare word "micrograms" {advice}'
        "knows it",
        f'WARNING: {french}:9: glossary: what_happens: rare word "microgrammes" {advice}knows it',
    ]
    strict = cli("check", "--strict", "--content", vaccine, expect_ok=False)
    assert strict.exit_code == 1 and "4 warning(s) in strict mode" in strict.output
    glossary = vaccine / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(
            "terms:\n",
            """terms:
  vaccine:
    term: {en: vaccine, fr: vaccin}
    forms: {en: [tuberculosis vaccine]}
    definition: {en: A medicine that teaches the body to fight a germ., fr: Un médicament.}
  tuberculosis:
    term: {en: tuberculosis, fr: tuberculose}
    definition: {en: An illness of the lungs caused by a germ., fr: Une maladie des poumons.}
  microgram:
    term: {en: microgram, fr: microgramme}
    forms: {en: [micrograms], fr: [microgrammes]}
    definition: {en: A millionth of a gram., fr: Un millionième de gramme.}
""",
            1,
        ),
        encoding="utf-8",
    )
    assert cli("check", "--strict", "--content", vaccine).exit_code == 0


@pytest.mark.parametrize(
    "written, expected",
    [
        (
            "20 micrograms",
            '"20 micrograms" is not in the record (the record has "2 mcg", "0.5 mL")',
        ),
        ("20 mcg", '"20 mcg" is not in the record (the record has "2 mcg", "0.5 mL")'),
        ("5 mL", '"5 mL" is not in the record (the record has "0.5 mL", "2 mcg")'),
    ],
)
def test_a_dose_in_any_unit_the_record_lacks_is_named_at_its_line(
    cli, english: Path, written: str, expected: str
) -> None:
    plain = english / "trials" / VACCINE / "patients.en.yaml"
    old = "2 micrograms" if "mL" not in written else "0.5 mL"
    line = _plant(plain, old, written)
    assert _errors(cli, english) == [f"ERROR: {plain}:{line}: numbers: what_happens: {expected}"]


def test_ages_count_and_a_promise_name_the_patient_text_not_the_page(cli, english: Path) -> None:
    plain = english / "trials" / VACCINE / "patients.en.yaml"
    ages = _plant(plain, "18 to 55 years old", "18 to 65 years old")
    count = _plant(plain, "  This study tests", "  In all, 480 people take part. This study tests")
    cure = _plant(plain, "Taking part is your choice", "The vaccine will cure you. Taking part")
    assert _errors(cli, english) == [
        f'ERROR: {plain}:{count}: numbers: why: "480 people" but the record says 48 '
        "(enrollment.count)",
        f'ERROR: {plain}:{ages}: numbers: who_can: "18 to 65 years" but the record says 18 to 55 '
        "years (eligibility.min_age, eligibility.max_age)",
        f'ERROR: {plain}:{cure}: safety: contact: promise of benefit or safety: "will cure you"',
    ]


def test_a_wrong_date_beside_the_right_one_is_an_error(cli, english: Path) -> None:
    plain = english / "trials" / VACCINE / "patients.en.yaml"
    line = _plant(plain, "  This study tests", "  It started on 15 January 2024 (or 15 February "
                  "2024). This study tests")  # fmt: skip
    assert _errors(cli, english) == [
        f'ERROR: {plain}:{line}: numbers: why: "15 February 2024" is not a date of the record '
        "(its dates: 2024-01-15, 2024-03-01, 2026-06-30)"
    ]


def test_reassurance_is_an_error_per_claim(cli, english: Path) -> None:
    plain = english / "trials" / VACCINE / "patients.en.yaml"
    claims = "  This vaccine will protect you from TB. It is safe and it works. This study tests"
    line = _plant(plain, "  This study tests", claims)
    assert _errors(cli, english) == [
        f'ERROR: {plain}:{line}: safety: why: promise of benefit or safety: "{claim}"'
        for claim in ("will protect you", "is safe", "it works")
    ]


def test_french_promises_are_errors(cli, vaccine: Path) -> None:
    plain = vaccine / "trials" / VACCINE / "patients.fr.yaml"
    line = _plant(plain, "  Cette étude", "  Ce vaccin vous protégera. Il est sans danger et "
                  "efficace. Cette étude")  # fmt: skip
    assert _errors(cli, vaccine) == [
        f'ERROR: {plain}:{line}: safety: why: promise of benefit or safety: "{claim}"'
        for claim in ("vous protégera", "sans danger", "et efficace")
    ]


def test_a_french_number_unlike_its_english_is_named_at_its_catalog_entry(
    cli, vaccine: Path
) -> None:
    catalog = vaccine / "trials" / VACCINE / "fr.po"
    _plant(catalog, "plus de 50 ans", "plus de 65 ans")
    # Babel numbers an entry by its msgid line, the one after msgctxt.
    line = catalog.read_text(encoding="utf-8").splitlines().index('msgctxt "summary.0"') + 2
    assert _errors(cli, vaccine) == [
        f'ERROR: {catalog}:{line}: numbers: summary.0: the fr text has "65 ans" where the English '
        'has "50 years"'
    ]


def test_a_changed_exponent_in_the_shipped_french_catalog_is_an_error(cli, scratch_content) -> None:
    content = scratch_content()
    catalog = content / "trials" / "NCT03562065" / "fr.po"
    text = catalog.read_text(encoding="utf-8")
    msgstr = text.index("msgstr", text.index('msgctxt "arms.0.description"'))
    french = "4\u00a0×\u00a010⁶ CSM"  # the translation of "4.10^6 CSM"
    assert french in text[msgstr : text.index("\n\n", msgstr)]
    planted = text[:msgstr] + text[msgstr:].replace(french, "40.10^6 CSM", 1)
    catalog.write_text(planted, encoding="utf-8")
    lines = catalog.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if "40.10^6" in line)
    entry = next(n for n in range(number, 0, -1) if lines[n - 1].startswith("msgctxt"))
    context = lines[entry - 1].split('"')[1]
    entry += 1  # Babel numbers an entry by its msgid line
    errors = _errors(cli, content)
    assert errors == [
        f'ERROR: {catalog}:{entry}: numbers: {context}: the fr text has "40.10^6 CSM/kg" where '
        'the English has "4.10^6 CSM / kg"'
    ]


def test_an_english_numbered_list_beside_french_bullets_is_not_a_difference(
    cli, vaccine: Path
) -> None:
    """The draft's English steps are numbered 1-3 and the French ones are bullets."""
    plain = vaccine / "trials" / VACCINE / "patients.en.yaml"
    assert "  1. The study team" in plain.read_text(encoding="utf-8")
    assert _errors(cli, vaccine) == []


TEXT_GATES = {"numbers", "safety", "glossary", "readability"}


@pytest.fixture(scope="module")
def fixture_findings(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every gate over all 88 registry fixtures, generated pages in both languages."""
    from conftest import CONTENT, CTGOV

    from generator.gates.run import run_gates
    from generator.importer import read_source
    from generator.loader import load_content
    from generator.model import Content, Trial
    from generator.render import render_site

    shipped = load_content(CONTENT)
    records = [r for p in sorted(CTGOV.rglob("*")) if p.suffix in (".json", ".xml")
               for r in read_source(p)]  # fmt: skip
    assert len(records) == 88
    found: list[str] = []
    # The JSON and XML copies of a trial share its id: one site each, as two teams would have.
    for group in ([r for r in records if r.source.format != "ctgov-xml"],
                  [r for r in records if r.source.format == "ctgov-xml"]):  # fmt: skip
        folder = tmp_path_factory.mktemp("fixtures")
        trials = [Trial(record=r, folder=str(folder / "trials" / r.nct_id)) for r in group]
        # Nobody translated the fixtures: their untranslated passages are information here.
        site = shipped.site.model_copy(update={"allow_untranslated": True})
        content = Content(site=site, glossary=shipped.glossary, trials=trials)
        rendered = render_site(content, CONTENT.parent / "templates")
        report = run_gates(folder, content, rendered)
        # The gates that judge what a page says. Others report true states of a fixture (no
        # French catalog yet, results posted but not imported), not findings on its text.
        found += [str(f) for f in report.findings
                  if f.level != "info" and f.gate in TEXT_GATES]  # fmt: skip
    return found


@pytest.mark.slow
def test_the_88_registry_fixtures_raise_no_false_finding(fixture_findings: list[str]) -> None:
    """Generated pages of every kind of record: no number, promise or rare word is flagged."""
    assert fixture_findings == []


@pytest.mark.parametrize(
    "hostile", ["1" * 50_000, "1," * 25_000, "10^" * 10_000, "a-" * 25_000, "a@" * 25_000,
                "is safe " * 5_000, "1 to " * 10_000],
)  # fmt: skip
def test_the_text_readers_stay_linear_on_hostile_text(hostile: str) -> None:
    """Each of these once took seconds (a pattern retried from every character)."""
    import time

    from generator.gates.claims import find_claims
    from generator.gates.words import rare_words
    from generator.quantities import read_text

    start = time.process_time()  # this process's CPU seconds: other processes' load is not ours
    for language in ("en", "fr"):
        read_text(hostile, language)
        find_claims(hostile, language)
        rare_words(hostile, language, frozenset())
    assert time.process_time() - start < 5


def test_one_very_hard_section_is_a_warning_even_when_the_page_average_is_fine(
    cli, english: Path
) -> None:
    """Per-section readability (issue 15's measure, shared): the page average stays easy."""
    plain = english / "trials" / VACCINE / "patients.en.yaml"
    hard = ("  Immunogenicity characterisation necessitates longitudinal quantification of "
            "antigen-specific polyfunctional lymphocyte populations following intramuscular "
            "administration of investigational recombinant formulations.\n")  # fmt: skip
    text = plain.read_text(encoding="utf-8")
    plain.write_text(text.replace("contact: |\n", f"contact: |\n{hard}"), encoding="utf-8")
    line = next(n for n, t in enumerate(plain.read_text().splitlines(), 1) if t == "contact: |")
    result = cli("check", "--content", english)
    warnings = [w for w in result.output.splitlines() if "readability" in w]
    assert len(warnings) == 1, result.output
    assert warnings[0].startswith(f"WARNING: {plain}:{line}: readability: section contact: "
                                  "Flesch-Kincaid grade ")  # fmt: skip
    assert warnings[0].endswith(", target at most 7: use shorter sentences and shorter words")
    row = next(r for r in result.output.splitlines() if r.startswith(VACCINE))
    assert float(row.split()[2]) <= 7, row  # the whole page still meets the target
    strict = cli("check", "--strict", "--content", english, expect_ok=False)
    assert strict.exit_code == 1


def test_a_claim_in_the_summary_the_overview_quotes_names_the_record_and_catalog(
    cli, vaccine: Path
) -> None:
    folder = vaccine / "trials" / VACCINE
    _plant(folder / "record.yaml", "Half of them are older", "It is safe. Half of them are older")
    _plant(folder / "fr.po", "Half of them are older", "It is safe. Half of them are older")
    _plant(folder / "fr.po", "La moitié ont", "Il est sans danger. La moitié ont")
    record_line = next(n for n, t in enumerate((folder / "record.yaml").read_text().splitlines(), 1)
                       if t.startswith("summary:"))  # fmt: skip
    po_line = (folder / "fr.po").read_text().splitlines().index('msgctxt "summary.0"') + 2
    assert _errors(cli, vaccine) == [
        f"ERROR: {folder}/record.yaml:{record_line}: safety: summary.0: promise of benefit or "
        'safety: "is safe"',
        f"ERROR: {folder}/fr.po:{po_line}: safety: summary.0: promise of benefit or safety: "
        '"sans danger"',
    ]


def test_word_frequencies_ship_in_the_wheel_and_load_with_no_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """wordfreq reads its lists from its own package folder: an offline build finds them."""
    import socket

    import wordfreq

    from generator.gates import words
    from generator.gates.words import rare_words

    data = Path(wordfreq.__file__).parent / "data"
    assert (data / "large_en.msgpack.gz").is_file() and (data / "large_fr.msgpack.gz").is_file()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    wordfreq.get_frequency_dict.cache_clear()
    wordfreq.get_frequency_list.cache_clear()
    wordfreq._wf_cache.clear()
    words._zipf.cache_clear()  # so that the lists are read again, here, with no network
    found = rare_words("the vaccine against tuberculosis", "en", frozenset())
    assert [word for word, _ in found] == ["vaccine", "tuberculosis"]
