"""Posted results in the trial catalogs (issue 19): every free-text value of `results.yaml` is a
passage, translated in the shipped catalogs, checked by the numbers gate, reused by the memory."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.catalogs import read_catalog, read_translations
from generator.gates.sources import record_file, record_line
from generator.loader import load_record
from generator.texts import translatable_texts
from generator.translations import catalog_bytes

ROOT = Path(__file__).resolve().parent.parent
TRIALS = ROOT / "content" / "trials"
DUPILUMAB, CHEWING = "NCT02210780", "NCT05594173"
RECRUITMENT = "results.flow.recruitment_details"


def _results_passages(folder: Path) -> list[tuple[str, str]]:
    record = load_record(folder / "record.yaml")
    return [(c, text) for c, text in translatable_texts(record) if c.startswith("results.")]


def test_every_results_passage_of_the_shipped_trials_is_translated() -> None:
    """Each shipped trial with results has its group titles, outcomes, units and adverse
    events in its catalog, translated and reviewed; MedDRA French for the terms."""
    folders = sorted(path.parent for path in TRIALS.glob("*/results.yaml"))
    assert {folder.name for folder in folders} >= {DUPILUMAB, CHEWING}
    for folder in folders:
        passages = _results_passages(folder)
        assert len(passages) > 50, folder.name
        catalog = read_translations(folder / "fr.po")
        for context, english in passages:
            entry = catalog[context]
            assert entry.source == english, context
            assert entry.text and not entry.fuzzy, f"{folder.name} {context}"
    dupilumab = read_translations(TRIALS / DUPILUMAB / "fr.po")
    terms = {
        "results.adverse_events.other.4.term": ("Headache", "Céphalées"),
        "results.adverse_events.other.2.term": ("Nasopharyngitis", "Rhinopharyngite"),
        "results.adverse_events.other.4.organ_system": (
            "Nervous system disorders", "Affections du système nerveux"),
        "results.outcomes.0.groups.1.title": (
            "Dupilumab 300 mg qw", "Dupilumab 300\u00a0mg chaque semaine (qw)"),
    }  # fmt: skip
    for context, (english, french) in terms.items():
        assert (dupilumab[context].source, dupilumab[context].text) == (english, french)


def _content_with(tmp_path: Path, *nct_ids: str) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    for path in (ROOT / "content").glob("*.yaml"):
        shutil.copy(path, content / path.name)
    for nct_id in nct_ids:
        shutil.copytree(TRIALS / nct_id, content / "trials" / nct_id)
    return content


def test_a_number_changed_in_a_results_translation_is_a_located_error(tmp_path: Path, cli) -> None:
    """The numbers gate reads each results entry against its English: 234 for 243 is an error
    at the entry's line in fr.po, naming the field and both numbers."""
    content = _content_with(tmp_path, DUPILUMAB)
    assert cli("check", "--content", content, "--strict").exit_code == 0
    po = content / "trials" / DUPILUMAB / "fr.po"
    entry = read_translations(po)[RECRUITMENT]
    assert entry.source.endswith("A total of 243 participants were screened in the study.")
    assert entry.text is not None and "243\u00a0participants" in entry.text
    po.write_text(
        po.read_text("utf-8").replace("243\u00a0participants ont", "234\u00a0participants ont"),
        "utf-8",
    )
    result = cli("check", "--content", content, expect_ok=False)
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert errors == [
        f'ERROR: {po}:{entry.line}: numbers: {RECRUITMENT}: the fr text has "234" where the '
        'English has "243"'
    ], result.output


def test_untranslated_results_terms_are_filled_from_another_trials_catalog(
    tmp_path: Path, cli
) -> None:
    """Adverse-event terms, categories and units repeat across trials: an entry still empty
    takes the reviewed French of the same English in another trial, with its origin named."""
    content = _content_with(tmp_path, DUPILUMAB, CHEWING)
    po = content / "trials" / CHEWING / "fr.po"
    catalog = read_catalog(po)
    for message in catalog:
        if message.id and str(message.context).startswith("results."):
            message.string, message.user_comments = "", []
            message.flags.discard("python-format")
    po.write_bytes(catalog_bytes(catalog))
    result = cli("translations", "update", CHEWING, "--content", content)
    shared = {
        context: english
        for context, english in _results_passages(TRIALS / CHEWING)
        if english in {text for _, text in _results_passages(TRIALS / DUPILUMAB)}
    }
    assert len(shared) >= 10  # Participants, Female, Male, race and ethnicity categories...
    found = re.search(r"(\d+) from memory", result.output)
    assert found is not None and int(found.group(1)) == len(shared), result.output
    dupilumab = {m.id: m.string for m in read_catalog(TRIALS / DUPILUMAB / "fr.po") if m.id}
    refilled = {m.context: m for m in read_catalog(po) if m.id}
    for context, english in shared.items():
        message = refilled[context]
        assert message.string == dupilumab[english] and not message.fuzzy, context
        assert " ".join(message.user_comments).startswith(
            f"translation memory: same English in {DUPILUMAB} results."
        ), context
    assert refilled["results.baseline.measures.1.classes.0.categories.0.title"].string == "Féminin"


def test_a_results_passage_is_located_in_results_yaml() -> None:
    """A finding on a results passage names the file a person edits: results.yaml, its line."""
    folder = str(TRIALS / DUPILUMAB)
    path, _ = record_file(folder, "results.adverse_events.other.4.term")
    line = record_line(folder, "results.adverse_events.other.4.term")
    assert path == TRIALS / DUPILUMAB / "results.yaml" and line is not None
    assert path.read_text("utf-8").splitlines()[line - 1].strip() == "- term: Headache"
    assert record_file(folder, "title.brief")[0] == TRIALS / DUPILUMAB / "record.yaml"
