"""Turn rendered Markdown into the built bilingual site (MkDocs + Material), atomically."""

from __future__ import annotations

from ..errors import BuildError
from .build import TEMPLATES_DIR, atomic_dir, build_rendered, build_site, stage

__all__ = ["TEMPLATES_DIR", "BuildError", "atomic_dir", "build_rendered", "build_site", "stage"]
