"""The terms file (issue 19): lookups, errors located at file, line and field, and pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from click.testing import Result
from conftest import CONTENT, ScratchContent
from sitehtml import Node, parse_tree

from generator.gates.safety import term_claims
from generator.gates.translation import translation_gate
from generator.languages import LANGUAGES
from generator.layout import TEMPLATES_DIR
from generator.loader import load_content, load_terms
from generator.model import Content, Record, TranslatedText, Trial
from generator.render.pages import LanguagePages
from generator.render.pagetypes import TRIAL_PAGE
from generator.render.patient.explain import explain_page
from generator.site.mkdocs.config import MARKDOWN_EXTENSIONS
from generator.terms import TERMS_FILE, Terms, numbers_of

GOOD = """\
conditions:
  lupus-erythematosus-systemic:
    en: "Lupus Erythematosus, Systemic"
    fr: lupus érythémateux systémique
    also: {en: ["Systemic Lupus Erythematosus", SLE], fr: [LES]}
    lay: {en: lupus, fr: lupus}
    mesh: [D008180]
  diabetes-mellitus-type-2:
    en: "Diabetes Mellitus, Type 2"
    fr: diabète de type 2
    broader: lupus-erythematosus-systemic
"""


def _load(tmp_path: Path, text: str) -> tuple[Terms | None, list[str]]:
    (tmp_path / TERMS_FILE).write_text(text, encoding="utf-8")
    terms, errors = load_terms(tmp_path)
    return terms, [str(error) for error in errors]


def test_a_term_is_found_by_any_english_name_or_its_mesh_id(tmp_path: Path) -> None:
    terms, errors = _load(tmp_path, GOOD)
    assert errors == [] and terms is not None
    for name in ("Lupus Erythematosus, Systemic", "systemic lupus  erythematosus", "SLE",
                 "D008180", "D000008180"):  # fmt: skip
        term = terms.entry_for(name)
        assert term is not None and term.key == "lupus-erythematosus-systemic", name
    assert terms.french("Systemic Lupus Erythematosus") == "lupus érythémateux systémique"
    term = terms.entry_for("SLE")
    assert term is not None and term.kind == "condition" and term.line == 2
    assert term.names("fr") == ["lupus érythémateux systémique", "lupus", "LES"]
    assert term.lay_name("fr") == "lupus"
    # A lay name is for search: "lupus" may be several terms, so it translates nothing.
    assert terms.french("lupus") is None
    assert terms.french("Lupus Nephritis") is None


def test_an_absent_terms_file_is_an_empty_one(tmp_path: Path) -> None:
    terms, errors = load_terms(tmp_path)
    assert errors == [] and terms is not None and terms.entries() == []


BAD = {
    "yaml syntax": (
        GOOD.replace("    fr: diabète de type 2", '    fr: "diabète de type 2'),
        "{path}:12: YAML syntax error: found unexpected end of stream, while scanning a quoted "
        "scalar that starts on line 10",
    ),
    "missing language": (
        GOOD.replace("    fr: diabète de type 2\n", ""),
        "{path}:8: conditions.diabetes-mellitus-type-2.fr: required key is missing",
    ),
    "duplicate English": (
        GOOD + '  sle:\n    en: SLE\n    fr: LES\n',
        '{path}:13: conditions.sle.en: "SLE" is already a name of '
        "conditions.lupus-erythematosus-systemic (line 5): a name belongs to one term",
    ),
    "duplicate MeSH id": (
        GOOD + "  lupus:\n    en: Lupus\n    fr: lupus\n    mesh: [D000008180]\n",
        '{path}:15: conditions.lupus.mesh.0: "D000008180" is already a name of '
        "conditions.lupus-erythematosus-systemic (line 7): a name belongs to one term",
    ),
    "number changed": (
        GOOD.replace("diabète de type 2", "diabète de type 1"),
        '{path}:10: conditions.diabetes-mellitus-type-2.fr: "diabète de type 1" states the '
        'numbers [1], the English term "Diabetes Mellitus, Type 2" [2]: a term must not change '
        "a number",
    ),
    "stage changed": (
        GOOD + "  stage-ii:\n    en: Stage II Lung Cancer\n    fr: cancer du poumon de stade III\n",
        '{path}:14: conditions.stage-ii.fr: "cancer du poumon de stade III" states the numbers '
        '[3], the English term "Stage II Lung Cancer" [2]: a term must not change a number',
    ),
    "unknown language": (
        GOOD.replace("lay: {en: lupus", "lay: {xx: lupus"),
        '{path}:6: conditions.lupus-erythematosus-systemic.lay.xx: "xx" is not a language '
        f"trialsite knows ({', '.join(LANGUAGES)})",
    ),
    "broader unknown": (
        GOOD.replace("broader: lupus-erythematosus-systemic", "broader: lupus"),
        '{path}:11: conditions.diabetes-mellitus-type-2.broader: "lupus" is not the key of a '
        "term of this file",
    ),
    "bad MeSH id": (
        GOOD.replace("[D008180]", "[lupus]"),
        '{path}:7: conditions.lupus-erythematosus-systemic.mesh.0: expected a MeSH id such as '
        '"D008180", got "lupus"',
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_terms_file_is_one_located_error(tmp_path: Path, name: str) -> None:
    text, expected = BAD[name]
    terms, errors = _load(tmp_path, text)
    assert terms is None
    assert [error.splitlines()[0] for error in errors] == [
        expected.format(path=tmp_path / TERMS_FILE)
    ]


def test_check_reports_a_terms_error_without_a_traceback(
    cli: Callable[..., Result], scratch_content: ScratchContent
) -> None:
    content = scratch_content(files={TERMS_FILE: BAD["missing language"][0]})
    result = cli("check", "--content", content, expect_ok=False)
    assert result.exit_code == 1
    path = content / TERMS_FILE
    assert f"Error: {path}:8: conditions.diabetes-mellitus-type-2.fr: required key is missing" in (
        result.output.splitlines()
    )
    assert "Traceback" not in result.output


def test_numbers_are_read_as_digits_and_roman_numerals() -> None:
    assert numbers_of("Stage IIIA Lung Cancer AJCC v8") == [3, 8]
    assert numbers_of("cancer du poumon de stade IIIA (AJCC, 8e édition)") == [3, 8]
    assert numbers_of("Type I Diabetes") == numbers_of("diabète de type 1") == [1]
    assert numbers_of("HIV Infections") == numbers_of("infection par le VIH") == []


def test_the_shipped_terms_name_every_condition_of_the_shipped_trials() -> None:
    content = load_content(CONTENT)
    assert len(content.terms.entries("condition")) >= 200
    for trial in content.trials:
        for name in trial.record.conditions:
            assert content.terms.french(name), (trial.record.nct_id, name)
        for mesh in trial.record.condition_mesh:
            assert content.terms.french(mesh.term), (trial.record.nct_id, mesh.term)


# Pages (issue 19): a condition shows the trial's reviewed translation, else the terms file's
# French (named for `trialsite explain`), else the English marked lang="en".
def _trial_content(catalog: dict[str, TranslatedText]) -> Content:
    record = Record.model_validate({
        "nct_id": "NCT00000002", "title": {"brief": "Cells for lupus"},
        "status": {"overall": "COMPLETED", "start": "2019-09-11", "start_type": "ACTUAL"},
        "study_type": "INTERVENTIONAL", "design": {"purpose": "TREATMENT"},
        "phase": ["PHASE2"], "conditions": ["Systemic Lupus Erythematosus", "Lupus Nephritis",
                                            "Melanoma"],
        "interventions": [{"name": "stromal cells", "type": "BIOLOGICAL"}],
        "eligibility": {"min_age": "18 Years", "sex": "ALL", "healthy_volunteers": False},
        "source": {"registry": "ClinicalTrials.gov"},
    })  # fmt: skip
    shipped = load_content(CONTENT)
    trial = Trial(record=record, folder="x", translations={"fr": catalog})
    return Content(site=shipped.site, glossary=shipped.glossary, trials=[trial],
                   terms=shipped.terms)  # fmt: skip


TERM = "lupus-erythematosus-systemic"
REVIEWED = {"conditions.2": TranslatedText(source="Melanoma", text="mélanome (revu)")}


def _html(markdown_page: str) -> Node:
    body = markdown_page.split("\n---\n", 1)[1]
    names = [ext if isinstance(ext, str) else next(iter(ext)) for ext in MARKDOWN_EXTENSIONS]
    configs = {k: v for ext in MARKDOWN_EXTENSIONS if isinstance(ext, dict) for k, v in ext.items()}
    return parse_tree(markdown.markdown(body, extensions=names, extension_configs=configs))


def _in_english(node: Node) -> bool:
    return any(parent.attrs.get("lang") == "en" for parent in [node, *node.ancestors()])


@pytest.mark.parametrize("audience", ["patients", "public"])
def test_a_french_page_names_a_condition_from_the_terms_file(audience: str) -> None:
    content = _trial_content(REVIEWED)
    trial = content.trials[0]
    page_type = TRIAL_PAGE[audience]
    pages = {lang: LanguagePages(content, TEMPLATES_DIR, lang) for lang in ("en", "fr")}
    tree = {lang: _html(pages[lang].trial_page(trial, page_type, page_type.relpath("NCT00000002")))
            for lang in pages}  # fmt: skip
    terms = [node for node in tree["fr"].iter() if "data-term" in node.attrs]
    assert {node.attrs["data-term"] for node in terms} == {"lupus-erythematosus-systemic"}
    assert {node.text() for node in terms} == {"lupus érythémateux systémique"}
    assert not any(_in_english(node) for node in terms)
    # The trial's reviewed translation wins; a name the terms file lacks stays English, marked.
    assert "mélanome (revu)" in tree["fr"].text()
    pending = [node for node in tree["fr"].iter() if node.text() == "Lupus Nephritis"]
    assert pending and all(_in_english(node) for node in pending)
    # English pages show the record as registered.
    assert not [node for node in tree["en"].iter() if "data-term" in node.attrs]
    assert "Systemic Lupus Erythematosus" in tree["en"].text()


def test_explain_names_the_term_a_french_sentence_takes_its_words_from() -> None:
    content = _trial_content(REVIEWED)
    page = LanguagePages(content, TEMPLATES_DIR, "fr").patient_page(content.trials[0])
    lines = explain_page("NCT00000002", "fr", page, "x", "content/terms.yaml").splitlines()
    named = [i for i, line in enumerate(lines) if "lupus érythémateux systémique" in line]
    assert named
    for index in named:
        assert lines[index + 1].startswith("      <- ") and "conditions.0" in lines[index + 1]
        assert lines[index + 2] == "      <- words of content/terms.yaml: " + TERM


def test_the_registry_filter_and_the_translation_count_use_the_terms_file() -> None:
    content = _trial_content(REVIEWED)
    data = json.loads(LanguagePages(content, TEMPLATES_DIR, "fr").registry_data())
    # The filter's menu names a condition as its page does; one the file lacks is English.
    choices = {item[0]: item[1:] for item in data["condition"]}
    assert choices["systemic-lupus-erythematosus"] == ["Lupus érythémateux systémique"]
    assert choices["lupus-nephritis"] == ["Lupus Nephritis", 1]
    trial = content.trials[0]
    without, _ = translation_gate(trial, "fr", terms=Terms())
    counts, findings = translation_gate(trial, "fr", terms=content.terms)
    assert counts.translated == without.translated + 1
    assert counts.missing == without.missing - 1
    assert not [finding for finding in findings if "conditions.0:" in finding.message]
    assert [finding for finding in findings if "conditions.1:" in finding.message]


def test_a_promise_in_the_terms_file_is_an_error_at_its_entry(tmp_path: Path) -> None:
    promise = GOOD.replace("fr: diabète de type 2", "fr: diabète de type 2, que ceci guérit")
    terms, errors = _load(tmp_path, promise)
    assert terms is not None and errors == []
    findings = term_claims(terms, ["en", "fr"], "content/terms.yaml")
    assert [str(finding) for finding in findings] == [
        "content/terms.yaml:8: safety: conditions.diabetes-mellitus-type-2: promise of benefit "
        'or safety: "guérit"'
    ]
