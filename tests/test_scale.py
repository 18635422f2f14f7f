"""Registry scale, CI-sized (issue 7): registries of real trials build, in about linear time.

`make bench` measures 100 and 1,000 trials; this smoke run builds 5 and 20 (copies of the real
records in `content/` under new NCT ids) and checks what must hold at any size: every page is
built, the time per page does not grow with the registry (loosely: within 3x, CPU seconds, the
cache off), search still finds every trial by id, condition, intervention, site and criterion
word, and the 1,148-site investigator page stays under 1 MB.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from searchindex import fragments

from benchmarks.registry import CONTENT, SEED_ID, make_registry
from generator.cli import main
from generator.loader import load_content
from generator.model import Content
from generator.render.conditions import condition_groups

pytestmark = pytest.mark.slow
SIZES = (5, 20)
BIG_RECORD = "NCT04267848"
PREFIX = {"en": "", "fr": "fr/"}


@dataclass(frozen=True)
class Registry:
    """One registry built from copies of real trials."""

    content: Content
    site: Path
    sources: dict[str, str]
    cpu_s: float
    pages: int


@pytest.fixture(scope="module")
def registries(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Registry]:
    """Build the registries of every size once, cold (no cache), timing the build's CPU."""
    pool = sorted(p for p in (CONTENT / "trials").iterdir() if p.name != SEED_ID)
    built = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRIALSITE_CACHE", "0")
        for size in SIZES:
            root = tmp_path_factory.mktemp(f"registry{size}")
            sources = make_registry(root / "content", size, root / "pool", pool=pool)
            built[size] = _build(root, sources)
    return built


def _build(root: Path, sources: dict[str, str]) -> Registry:
    site = root / "site"
    args = ["build", "--content", str(root / "content"), "--site-dir", str(site)]
    start = time.process_time()
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    cpu = time.process_time() - start
    assert result.exit_code == 0, result.output
    pages = int(re.search(r"Built (\d+) pages", result.output)[1])  # type: ignore[index]
    return Registry(load_content(root / "content"), site, sources, cpu, pages)


def test_every_page_of_every_trial_is_built(registries: dict[int, Registry]) -> None:
    for size, registry in registries.items():
        # Site pages (maintainers included), each trial's three, each condition's (issue 20).
        conditions = len(condition_groups(registry.content.trials))
        assert registry.pages == 2 * (5 + 3 * size + conditions)
        html = [p for p in registry.site.rglob("index.html") if "/trials/NCT" in str(p)]
        assert len(html) == 2 * 3 * size


def test_time_per_page_grows_at_most_linearly(registries: dict[int, Registry]) -> None:
    small, large = (registries[size] for size in SIZES)
    per_page = {size: r.cpu_s / r.pages for size, r in registries.items()}
    assert large.cpu_s / large.pages <= 3 * small.cpu_s / small.pages, per_page


def _index(site: Path, lang: str) -> dict[str, str]:
    """Return the text Pagefind indexed for each trial in one language, lower-cased."""
    texts: dict[str, list[str]] = {}
    for url, page in fragments(site, lang).items():
        match = re.match(rf"/{PREFIX[lang]}trials/(NCT\d{{8}})/", url)
        if match:
            texts.setdefault(match[1], []).append(page["content"])
    # Pagefind's text is plain ("<" is a sign, not a tag): only spaces and case are normalised.
    return {nct_id: " ".join(" ".join(parts).split()).lower() for nct_id, parts in texts.items()}


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).lower().strip()


def test_search_finds_every_trial_by_id_condition_intervention_site_and_criterion(
    registries: dict[int, Registry],
) -> None:
    registry = registries[max(SIZES)]
    for lang in PREFIX:
        texts = _index(registry.site, lang)
        for trial in registry.content.trials:
            record = trial.record
            text = texts[record.nct_id]
            words = [record.nct_id, *record.conditions[:1]]
            words += [i.name for i in record.interventions[:1]]
            words += [site.facility for site in record.locations[:1] if site.facility]
            criteria = record.eligibility.inclusion if record.eligibility else []
            if criteria and lang == "en":  # French pages show the French criterion
                words += re.findall(r"[A-Za-z]{6,}", criteria[0].text)[:1]
            missing = [word for word in words if _normal(word) not in text]
            assert not missing, (lang, record.nct_id, missing)


def test_the_1148_site_investigator_page_weighs_under_1_mb(registries: dict[int, Registry]) -> None:
    registry = registries[max(SIZES)]
    copies = [new for new, source in registry.sources.items() if source == BIG_RECORD]
    assert copies
    for lang in PREFIX:
        page = registry.site / PREFIX[lang] / "trials" / copies[0] / "investigators" / "index.html"
        assert page.stat().st_size < 1024 * 1024, (lang, page.stat().st_size)
