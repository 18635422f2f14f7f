"""The writer: rendered Markdown becomes the built site, swapped in only when the build worked."""

from __future__ import annotations

from .writer import atomic_dir, check_site_dir, stage, wait_at_gate, write_site

__all__ = ["atomic_dir", "check_site_dir", "stage", "wait_at_gate", "write_site"]
