"""Make a registry of N real trials for the benchmark: fixture records under new NCT ids.

The pool is every full (not abridged) ClinicalTrials.gov record in `tests/fixtures/ctgov/`,
imported once with the project's own importer. Copies keep every word, site and criterion of
their source record; only the NCT id changes (NCT9xxxxxxx), so text, lengths, site counts and
criteria are real. NCT03562065 is added as written in `content/` (record, French catalog and
plain-language text).
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
from pathlib import Path

from generator.errors import ContentError, ContentErrors
from generator.importer import import_sources

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ctgov"
CONTENT = ROOT / "content"
SEED_ID = "NCT03562065"
SITE_FILES = ("site.yaml", "glossary.yaml")


def fixture_sources() -> list[Path]:
    """Return the full registry records of the fixtures (abridged ones are left out)."""
    return sorted([*(FIXTURES / "json").glob("NCT*.json"), *(FIXTURES / "xml").glob("NCT*.xml")])


def import_pool(pool_dir: Path) -> list[Path]:
    """Import every fixture record once into `pool_dir`; return the record folders, by id."""
    trials = pool_dir / "trials"
    if not trials.is_dir():
        staging = pool_dir.with_name(pool_dir.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        for source in fixture_sources():
            try:
                import_sources([source], staging)
            except (ContentError, ContentErrors) as error:
                logger.warning("skipped %s: %s", source.name, error)
        staging.rename(pool_dir)
    return sorted(path for path in trials.iterdir() if (path / "record.yaml").is_file())


def synthetic_id(index: int) -> str:
    """Return the NCT id of the `index`-th copy: NCT9 followed by seven digits."""
    return f"NCT9{index:07d}"


@functools.cache
def gated_pool(pool_dir: Path) -> list[Path]:
    """Return the pooled trials that pass today's quality gates (the build refuses the others)."""
    folders = [folder for folder in import_pool(pool_dir) if folder.name != SEED_ID]
    for name in SITE_FILES:
        shutil.copy2(CONTENT / name, pool_dir / name)
    rejected = rejected_trials(pool_dir)
    for nct_id in sorted(rejected):
        logger.warning("left out %s: the quality gates reject it", nct_id)
    return [folder for folder in folders if folder.name not in rejected]


def rejected_trials(content_dir: Path) -> set[str]:
    """Return the ids of the trials of `content_dir` that have a quality-gate error."""
    from generator.build import check
    from generator.errors import TrialsiteError

    errors = _Errors()
    check_logger = logging.getLogger("generator.gates.run")
    saved = check_logger.level, check_logger.propagate
    check_logger.addHandler(errors)
    check_logger.setLevel(logging.ERROR)
    check_logger.propagate = False
    try:
        check(content_dir)
    except TrialsiteError:
        pass
    finally:
        check_logger.removeHandler(errors)
        check_logger.level, check_logger.propagate = saved
    return errors.ids


class _Errors(logging.Handler):
    """Collect the NCT ids named by error findings."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.ids: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.ids.update(re.findall(r"NCT[0-9]{8}", record.getMessage()))


def make_registry(
    content_dir: Path, trials: int, pool_dir: Path, pool: list[Path] | None = None
) -> dict[str, str]:
    """Write a content folder of `trials` trials (the seed plus copies); return id -> source id.

    Copies cycle through `pool` (trial folders), by default every fixture record the gates pass.
    """
    if trials < 1:
        raise ValueError("a registry needs at least one trial")
    pool = pool if pool is not None else gated_pool(pool_dir)
    shutil.rmtree(content_dir, ignore_errors=True)
    (content_dir / "trials").mkdir(parents=True)
    for name in SITE_FILES:
        shutil.copy2(CONTENT / name, content_dir / name)
    shutil.copytree(CONTENT / "trials" / SEED_ID, content_dir / "trials" / SEED_ID)
    ids = {SEED_ID: SEED_ID}
    for index in range(trials - 1):
        source = pool[index % len(pool)]
        ids[copy_trial(source, content_dir / "trials", synthetic_id(index + 1))] = source.name
    return ids


def copy_trial(source: Path, trials_dir: Path, new_id: str) -> str:
    """Copy one imported trial under a new NCT id, changing nothing else in its record."""
    text = (source / "record.yaml").read_text("utf-8").replace(source.name, new_id)
    folder = trials_dir / new_id
    folder.mkdir()
    (folder / "record.yaml").write_text(text, "utf-8")
    return new_id
