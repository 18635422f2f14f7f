"""Build the languages of a large site at the same time: the others in child processes.

A child is a fresh `python -m generator.site.mkdocs.worker CONFIG KNOWN` (no fork of a process that
may run the preview server's threads, no re-import of the caller's main script). It prints its
warnings and error as JSON; the parent shows them as its own.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ...errors import BuildError
from . import config as engine

logger = logging.getLogger(__name__)
PARALLEL_MIN_PAGES = 150
"""Below this many pages per language, starting a process costs more than it saves."""


@dataclass(frozen=True)
class LanguageBuild:
    """One MkDocs build: its config file, where it writes, and where its output belongs."""

    config: Path
    known_outside: frozenset[str]
    out_dir: Path
    final_dir: Path


def want_parallel(pages_per_language: list[int]) -> bool:
    """True when a second core and a large enough site make parallel builds pay."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    big = bool(pages_per_language) and min(pages_per_language) >= PARALLEL_MIN_PAGES
    return len(pages_per_language) > 1 and (cores or 1) > 1 and big


def run_sequential(builds: list[LanguageBuild]) -> None:
    """Build each language in turn, in this process."""
    for build in builds:
        logger.debug("building with %s", build.config)
        engine.run_mkdocs(build.config, build.known_outside)


def run_parallel(builds: list[LanguageBuild]) -> None:
    """Build the first language here and the others in child processes, then move them in."""
    first, others = builds[0], builds[1:]
    children: list[subprocess.Popen[str]] = []
    try:
        children = [_start(build) for build in others]
        engine.run_mkdocs(first.config, first.known_outside)
        for build, child in zip(others, children, strict=True):
            _finish(build, child)
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
        for build in others:
            shutil.rmtree(build.out_dir, ignore_errors=True)


def _start(build: LanguageBuild) -> subprocess.Popen[str]:
    known = build.config.with_suffix(".known.json")
    known.write_text(json.dumps(sorted(build.known_outside)), "utf-8")
    command = [sys.executable, "-m", "generator.site.mkdocs.worker", str(build.config), str(known)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def _finish(build: LanguageBuild, child: subprocess.Popen[str]) -> None:
    output, _ = child.communicate()
    try:
        report = json.loads(output.splitlines()[-1])
    except (IndexError, ValueError):
        stopped = f"the build of {build.final_dir.name}/ stopped (exit {child.returncode})"
        raise BuildError(stopped) from None
    for level, message in report["records"]:
        engine.logger.log(level, "%s", message)
    if report["error"]:
        raise BuildError(f"MkDocs failed: {report['error']}")
    os.rename(build.out_dir, build.final_dir)


class ResidentBuild:
    """A child process that keeps MkDocs loaded and rebuilds one language on request.

    The preview's languages rebuild side by side: the first in the preview's process, the
    others each in a resident child (`python -m generator.site.mkdocs.worker --resident`),
    started on first use and stopped by `close()` or when the preview exits (its stdin closes).
    """

    def __init__(self) -> None:
        self.child: subprocess.Popen[str] | None = None

    def start(self, config: Path, known: frozenset[str], dirty: bool) -> None:
        """Send one build request; `finish()` waits for its answer."""
        if self.child is None or self.child.poll() is not None:
            command = [sys.executable, "-m", "generator.site.mkdocs.worker", "--resident"]
            self.child = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
            )
        request = {"config": str(config), "known": sorted(known), "dirty": dirty}
        assert self.child.stdin is not None
        self.child.stdin.write(json.dumps(request) + "\n")
        self.child.stdin.flush()

    def finish(self, config: Path) -> None:
        """Wait for the answer to the request; show its warnings, raise its error."""
        assert self.child is not None and self.child.stdout is not None
        line = self.child.stdout.readline()
        try:
            report = json.loads(line)
        except ValueError:
            self.close()
            raise BuildError(f"the preview build of {config.name} stopped") from None
        for level, message in report["records"]:
            engine.logger.log(level, "%s", message)
        if report["error"]:
            raise BuildError(f"MkDocs failed: {report['error']}")

    def close(self) -> None:
        """Stop the child (a build it is running is abandoned)."""
        if self.child is not None:
            if self.child.poll() is None:
                self.child.kill()
            self.child.wait()
            for stream in (self.child.stdin, self.child.stdout):
                if stream is not None:
                    stream.close()
            self.child = None
