"""Fuzzing (issue 8): generated and mutated inputs for the three importers and the loader.

Properties: nothing raises but the project's own error type (`TrialsiteError`), and every record
that imports (or loads) also validates, round-trips through `record.yaml` and renders.

`make test` runs a few hundred examples (profile `short`); `make fuzz` runs 10,000 per test
(`HYPOTHESIS_PROFILE=fuzz`). Inputs are real registry files mutated (a value of the wrong type,
a deleted or duplicated element, hostile text, a truncated file) or built from the shape the
importers read.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET  # noqa: N817 - parses our own trusted fixtures only
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import model as m
from generator.errors import TrialsiteError
from generator.importer import read_source, write_record
from generator.importer.json_shape import STUDY
from generator.layout import TEMPLATES_DIR
from generator.loader import load_content
from generator.model import Record
from generator.render import render_site

# A failing example is a whole registry file: let hypothesis print it however large.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
ROOT = Path(__file__).resolve().parent.parent
CTGOV = ROOT / "tests" / "fixtures" / "ctgov"
CONTENT = ROOT / "content"
SEED_TRIAL = CONTENT / "trials" / "NCT03562065"

_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile("short", max_examples=int(os.environ.get("FUZZ_EXAMPLES", 40)), **_COMMON)
settings.register_profile("fuzz", max_examples=10_000, **_COMMON)
FUZZ = settings.get_profile("fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "short")

# --- text that has broken things before ------------------------------------------------------

BITS = [
    "<script>window.__pwned=1</script>", "<img src=x onerror=alert(1)>", "{{ 7*7 }}",
    "{% raw %}", "!!! note", "{: .x }", '--8<-- "/etc/passwd"', "[x](javascript:alert(1))",
    "![i](http://example.com/i.png)", "<!-- c -->", "\\<", "\\>", "1.10\\^6", "\\", "*", "**",
    "_", "`", "#", "## ", "|", "&amp;", "&", "<", ">", "\n", "\n\n", "\r\n", "\r", "\t", " ",
    "\u00a0", "\u2028", "\ufeff", "é", "😀", ":", ": ", "- ", "* ", "1. ", "a. ", "i- ", "  * ",
    "NCT03562065", "NCT0356206", "NCT ", "../", "/", "10 participants", "18 Years", "N/A",
    "2019-09-11", "2024-02-30", "September 2019", "1 mg/kg", "2.10^6 cells/kg", "30 min",
    "1 h", "intravenous", "Inclusion Criteria:", "Exclusion Criteria:", "doi: 10.1/x.", "'",
    '"', "%s", "%(x)s", "{x}", "\x00", "\x0b", "---", "...", "yes", "null", "~", "0", "-1",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(BITS), st.text(max_size=6)), max_size=8).map("".join),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


# --- the checks every example makes ----------------------------------------------------------


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A folder for the examples of one module (hypothesis reuses it across examples)."""
    folder = Path(tempfile.mkdtemp(prefix="trialsite-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def fresh_content(scratch: Path) -> Path:
    """Return an empty content folder with the real site settings and glossary."""
    root = scratch / "content"
    shutil.rmtree(root, ignore_errors=True)
    (root / "trials").mkdir(parents=True)
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(CONTENT / name, root / name)
    return root


def imported(path: Path) -> list[Record]:
    """Return the records of a source, or none when it is refused with the project's error."""
    try:
        records = read_source(path)
    except TrialsiteError as error:
        assert str(error).strip(), "an error without a message"
        event("refused with a located error")
        return []
    event(f"imported {len(records)} record(s)")
    return records


def assert_validates_and_renders(records: list[Record], scratch: Path) -> None:
    """Each record written as record.yaml loads back equal, and its site renders."""
    for record in records:
        content_dir = fresh_content(scratch)
        write_record(record, content_dir)
        content = load_content(content_dir)
        assert [trial.record for trial in content.trials] == [record]
        rendered = render_site(content, TEMPLATES_DIR)
        assert all(f"trials/{record.nct_id}/index.md" in pages for pages in rendered.pages.values())


# --- mutations of real files -----------------------------------------------------------------


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(
        value, list) else ()  # fmt: skip
    for key, item in children:
        yield from _nodes(item, (*path, key))


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


@st.composite
def mutated_data(draw: st.DrawFn, doc: Any, most: int = 6) -> Any:
    """`doc` (JSON-like data) with a few values deleted, duplicated or replaced."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, most))):
        path = draw(st.sampled_from(list(_nodes(doc))[1:] or [()]))
        if not path:
            return draw(json_values)
        parent, key = _parent(doc, path), path[-1]
        action = draw(st.sampled_from(["text", "value", "delete", "duplicate"]))
        if action == "delete":
            del parent[key]
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[key] = draw(texts if action == "text" else json_values)
    return doc


def _studies(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    keep = ("protocolSection", "derivedSection", "hasResults")
    return [{key: study[key] for key in keep if key in study}
            for study in data.get("studies", [data])]  # fmt: skip


def _small(texts: list[str]) -> list[str]:
    """Files small enough to render in well under a second (all of them in the long profile)."""
    return texts if LONG else [text for text in texts if len(text) < 60_000]


LONG = FUZZ.max_examples >= 1000
JSON_STUDIES = [
    json.loads(text) for text in _small([
        json.dumps(study) for path in sorted((CTGOV / "json").glob("*.json"))
        for study in _studies(path)
    ])
]  # fmt: skip
XML_TEXTS = _small(
    [path.read_text(encoding="utf-8") for path in sorted((CTGOV / "xml").glob("*.xml"))]
)
SEED_LINES = (CONTENT / "sources" / "NCT03562065.txt").read_text(encoding="utf-8").split("\n")


@st.composite
def text_mutations(draw: st.DrawFn, text: str) -> str:
    """`text` with a few characters or lines inserted, deleted or replaced, or cut short."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "cut"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(BITS) | texts) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif draw(st.integers(0, 9)) == 0:
            text = text[:at]
    return text


# --- API v2 JSON -----------------------------------------------------------------------------

ENUM_VALUES = sorted({
    value for kind in (m.OverallStatus, m.Phase, m.StudyType, m.Allocation, m.InterventionModel,
                       m.ObservationalModel, m.PrimaryPurpose, m.Masking, m.ArmType,
                       m.InterventionType, m.Sex, m.AgencyClass, m.ReferenceType, m.DateType)
    for value in get_args(kind)
})  # fmt: skip
_ENUM_KEYS = {
    "overallStatus": m.OverallStatus, "lastKnownStatus": m.OverallStatus, "phases": m.Phase,
    "studyType": m.StudyType, "allocation": m.Allocation, "interventionModel": m.InterventionModel,
    "observationalModel": m.ObservationalModel, "primaryPurpose": m.PrimaryPurpose,
    "masking": m.Masking, "sex": m.Sex, "class": m.AgencyClass, "status": m.OverallStatus,
}  # fmt: skip
_LEAVES: dict[str, st.SearchStrategy[Any]] = {
    **{key: st.sampled_from(get_args(kind)) for key, kind in _ENUM_KEYS.items()},
    "type": st.sampled_from(ENUM_VALUES),
    "nctId": st.from_regex(r"NCT[0-9]{8}", fullmatch=True),
    "date": st.sampled_from(["2019", "2019-09", "2024-06-01", "2020-02-29"]),
    "versionHolder": st.sampled_from(["2024-01-03", "2019-09-11"]),
    "minimumAge": st.sampled_from(["18 Years", "6 Months", "N/A"]),
    "maximumAge": st.sampled_from(["70 Years", "12 Weeks"]),
    "pmid": st.from_regex(r"[0-9]{1,8}", fullmatch=True),
}  # fmt: skip


_REQUIRED = {"protocolSection", "identificationModule", "nctId", "briefTitle"}
_TYPES = {"armGroups": m.ArmType, "interventions": m.InterventionType,
          "references": m.ReferenceType, "enrollmentInfo": m.DateType}  # fmt: skip


def shaped(shape: Any, key: str = "", parent: str = "") -> st.SearchStrategy[Any]:
    """Data of the API v2 shape the importer reads, now and then a value of another type."""
    if isinstance(shape, dict):
        inner = {name: shaped(value, name, key) for name, value in shape.items()}
        right = st.fixed_dictionaries(
            {name: value for name, value in inner.items() if name in _REQUIRED},
            optional={name: value for name, value in inner.items() if name not in _REQUIRED},
        )
    elif isinstance(shape, list):
        right = st.lists(shaped(shape[0], key, key), max_size=3)
    elif key == "type":
        kind = _TYPES.get(parent, m.DateType if parent.endswith("Struct") else None)
        right = st.sampled_from(get_args(kind)) if kind else texts
    elif shape is str:
        right = _LEAVES[key] if key in _LEAVES else texts.filter(str.strip)
    else:
        # Coordinates: mostly on the globe, else any float (out of range, infinite, NaN).
        coordinates = st.floats(-90, 90) | st.floats()
        right = {int: st.integers(-5, 10**6), bool: st.booleans(), float: coordinates}[shape]
    # One value in about forty of another type or any text: most studies import and render.
    return st.integers(0, 39).flatmap(
        lambda n: json_values if n == 0 else texts if n == 1 else right
    )


def _write(scratch: Path, name: str, text: str) -> Path:
    path = scratch / name
    path.write_text(text, encoding="utf-8")
    return path


@FUZZ
@given(study=st.sampled_from(JSON_STUDIES).flatmap(mutated_data), page=st.booleans())
def test_json_importer_mutated_records(scratch: Path, study: Any, page: bool) -> None:
    document = {"studies": [study]} if page else study
    records = imported(_write(scratch, "study.json", json.dumps(document)))
    assert_validates_and_renders(records, scratch)


@FUZZ
@given(study=shaped(STUDY))
def test_json_importer_generated_studies(scratch: Path, study: Any) -> None:
    assert_validates_and_renders(
        imported(_write(scratch, "study.json", json.dumps(study))), scratch
    )


@FUZZ
@given(text=st.sampled_from(JSON_STUDIES[:4]).map(json.dumps).flatmap(text_mutations))
def test_json_importer_broken_text(scratch: Path, text: str) -> None:
    assert_validates_and_renders(imported(_write(scratch, "study.json", text)), scratch)


# --- legacy XML ------------------------------------------------------------------------------


@st.composite
def mutated_xml(draw: st.DrawFn) -> str:
    """A real legacy record with elements deleted, duplicated, emptied or given hostile text."""
    root = ET.fromstring(draw(st.sampled_from(XML_TEXTS)))
    for _ in range(draw(st.integers(1, 6))):
        parents = [(parent, child) for parent in root.iter() for child in parent]
        parent, child = draw(st.sampled_from(parents))
        action = draw(st.sampled_from(["text", "delete", "duplicate", "empty", "attribute"]))
        if action == "text":
            child.text = draw(texts).replace("\x00", "").replace("\x0b", "")
        elif action == "delete":
            parent.remove(child)
        elif action == "duplicate":
            parent.append(copy.deepcopy(child))
        elif action == "empty":
            child.text, child[:] = None, []
        else:
            child.set("type", draw(st.sampled_from(["Actual", "Anticipated", "Estimate", "x"])))
    text = ET.tostring(root, encoding="unicode")
    return draw(text_mutations(text)) if draw(st.integers(0, 4)) == 0 else text


@FUZZ
@given(text=mutated_xml())
def test_xml_importer(scratch: Path, text: str) -> None:
    assert_validates_and_renders(imported(_write(scratch, "study.xml", text)), scratch)


# --- registry text ---------------------------------------------------------------------------


@st.composite
def mutated_page(draw: st.DrawFn) -> str:
    """The seed page with lines deleted, duplicated, swapped or replaced by other text."""
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["replace", "delete", "duplicate", "swap", "insert"]))
        if action == "replace":
            lines[at] = draw(texts)
        elif action == "delete" and len(lines) > 1:
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            lines.insert(at, draw(st.sampled_from(SEED_LINES) | texts))
    return "\n".join(lines)


@FUZZ
@given(text=mutated_page())
def test_registry_text_importer(scratch: Path, text: str) -> None:
    assert_validates_and_renders(imported(_write(scratch, "study.txt", text)), scratch)


# --- the loader ------------------------------------------------------------------------------

TRIAL_FILES = {path.name: path.read_text(encoding="utf-8") for path in SEED_TRIAL.iterdir()}


@st.composite
def mutated_trial(draw: st.DrawFn) -> dict[str, str]:
    """The seed trial's files (record, patient texts, French catalog), one of them damaged."""
    import yaml

    files = dict(TRIAL_FILES)
    name = draw(st.sampled_from(sorted(files)))
    text = files[name]
    if name.endswith(".yaml") and draw(st.booleans()):
        data = draw(mutated_data(yaml.safe_load(text), most=3))
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    else:
        text = draw(text_mutations(text))
    files[name] = text
    return files


@FUZZ
@given(files=mutated_trial())
def test_loader(scratch: Path, files: dict[str, str]) -> None:
    content_dir = fresh_content(scratch)
    folder = content_dir / "trials" / "NCT03562065"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    try:
        content = load_content(content_dir)
    except TrialsiteError as error:
        assert str(error).strip()
        event("refused with a located error")
        return
    event("loaded")
    render_site(content, TEMPLATES_DIR)
