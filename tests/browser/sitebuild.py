"""Build the site the browser tests look at: the real sample content, or the small fallback."""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path

from browser.minisite import build_minisite

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
TRIAL = "NCT03562065"


def real_site_ready() -> bool:
    """Return whether the real pipeline (site builder and the seed trial) exists yet."""
    try:
        site = importlib.import_module("generator.site")
        render = importlib.import_module("generator.render")
    except ImportError:
        return False
    builds = hasattr(site, "build_site") and hasattr(render, "render_site")
    needed = ("site.yaml", "glossary.yaml", f"trials/{TRIAL}/record.yaml")
    return builds and all((CONTENT / name).exists() for name in needed)


def build_site_for(work: Path, site_dir: Path, base_url: str) -> Path:
    """Build the sample site into site_dir with every absolute URL under base_url."""
    if os.environ.get("TRIALSITE_BROWSER_SITE") == "mini" or not real_site_ready():
        log.warning("real site not buildable yet: testing the small fallback site")
        return build_minisite(work, site_dir, base_url)
    from generator.site import build_site

    summary = build_site(CONTENT, site_dir, base_url=base_url)
    log.info("built %s: %s", site_dir, summary)
    return site_dir
