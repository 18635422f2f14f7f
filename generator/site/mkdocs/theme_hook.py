"""MkDocs hook: compile the theme's Jinja templates once, not on every build (issue 7).

MkDocs makes a new theme environment for every build, so Material's templates and our
overrides were compiled again each time: half the CPU of a preview rebuild after an edit.
Jinja's bytecode cache keeps the compiled code, keyed by template file and source checksum,
in Jinja's own per-user temporary folder; the file names carry the MkDocs and Material versions
and the environment's settings, so an upgrade never reuses old code. Imports nothing of trialsite.
"""

from __future__ import annotations

import hashlib
import logging
from importlib.metadata import version
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache

logger = logging.getLogger("mkdocs.plugins.trialsite.theme")


def on_env(env: Environment, config: Any, files: Any) -> Environment:
    """Give the theme environment a bytecode cache before any page is rendered."""
    settings = [version("mkdocs"), version("mkdocs-material"), version("jinja2"),
                repr(env.autoescape), sorted(env.extensions)]  # fmt: skip
    digest = hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:16]
    try:
        env.bytecode_cache = FileSystemBytecodeCache(pattern=f"__trialsite_{digest}_%s.cache")
    except (OSError, RuntimeError) as error:  # no usable temporary folder: compile as before
        logger.debug("no Jinja bytecode cache: %s", error)
    return env
