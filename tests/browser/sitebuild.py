"""Build the site the browser tests look at: the real sample content of `content/`."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from browser.minisite import build_minisite

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
TRIAL = "NCT03562065"
PAGES = {  # every page type, by its path under a language root
    "home": "",
    "registry": "trials/",
    "overview": f"trials/{TRIAL}/",
    "patient": f"trials/{TRIAL}/patients/",
    "investigator": f"trials/{TRIAL}/investigators/",
    "glossary": "glossary/",
    "conditions": "conditions/",  # issue 20: the conditions' index and one condition's page
    "condition": "conditions/melanoma/",
}


def build_site_for(work: Path, site_dir: Path, base_url: str) -> Path:
    """Build the sample site into site_dir with every absolute URL under base_url.

    TRIALSITE_BROWSER_SITE=mini builds the small hand-written site instead (same theme and
    config), to work on the harness while the real pipeline is broken.
    """
    if os.environ.get("TRIALSITE_BROWSER_SITE") == "mini":
        log.warning("TRIALSITE_BROWSER_SITE=mini: testing the small hand-written site")
        return build_minisite(work, site_dir, base_url)
    from generator.build import build

    summary = build(CONTENT, site_dir, base_url=base_url)
    log.info("built %s: %s", site_dir, summary)
    return site_dir
