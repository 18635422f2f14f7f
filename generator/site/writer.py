"""The writer: refuse a wrong site folder, build in a new one beside it, swap it in on success."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import BuildError, TrialsiteError

BUILD_GATE = "TRIALSITE_BUILD_GATE"
SITE_MARKER = ".trialsite-site"
"""In the root of every site a build writes: only a folder carrying it is ever replaced."""
MARKER_TEXT = "This folder is a site built by trialsite; `trialsite build` replaces it whole.\n"


def wait_at_gate() -> None:
    """Wait, when `TRIALSITE_BUILD_GATE` names a FIFO, until its writer closes it.

    The build opens the gate once the new site is written but not yet swapped in. A test that
    interrupts a build holds the gate open, so the build is provably still running when the
    signal arrives, whatever the machine's load (issue 12); nothing else sets the variable.
    """
    gate = os.environ.get(BUILD_GATE)
    if gate:
        with open(gate, "rb") as fifo:
            fifo.read()


def check_site_dir(site_dir: Path, content_dir: Path) -> None:
    """Refuse to replace a folder that holds the content, or one a build did not make.

    A build replaces the site folder whole: only an absent or empty folder, or one carrying
    the marker a build writes, may be replaced (issue 14: a folder with an index.html, notes
    and a .git/ was lost).
    """
    site, content = site_dir.resolve(), content_dir.resolve()
    if site == content or site in content.parents or content in site.parents:
        raise BuildError(
            f"refusing to replace {site_dir}/: it overlaps the content folder {content_dir}/"
        )
    if site.exists() and not site.is_dir():
        raise BuildError(f"refusing to replace {site_dir}: it is a file, not a site folder")
    if site.is_dir() and any(site.iterdir()) and not (site / SITE_MARKER).is_file():
        raise BuildError(
            f"refusing to replace {site_dir}/: it is not empty and has no {SITE_MARKER} file, so "
            "trialsite did not build it and a build would delete what it holds; move it away, "
            "empty it or choose another --site-dir"
        )


class atomic_dir:  # noqa: N801 - used as a context manager, like tempfile.TemporaryDirectory
    """Yield a fresh sibling of `target`; on success swap it in, on any failure remove it."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self.temp: Path | None = None

    def __enter__(self) -> Path:
        parent = self.target.absolute().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.temp = Path(tempfile.mkdtemp(prefix=".site-", dir=parent))
            os.chmod(self.temp, 0o755)  # mkdtemp makes it private; Pages needs it readable
        except OSError as exc:
            message = _os_message(exc, f"cannot create the new site next to {self.target}")
            raise BuildError(message) from None
        except BaseException:  # Ctrl-C before `with` owns the folder: __exit__ will not run
            if self.temp is not None:
                shutil.rmtree(self.temp, ignore_errors=True)
            raise
        return self.temp

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _: Any) -> None:
        assert self.temp is not None
        if kind is None:
            try:
                (self.temp / SITE_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
                swap_in(self.temp, self.target)
                return
            except OSError as error:
                shutil.rmtree(self.temp, ignore_errors=True)
                raise BuildError(_os_message(error, f"cannot replace {self.target}")) from None
        shutil.rmtree(self.temp, ignore_errors=True)
        if isinstance(exc, Exception) and not isinstance(exc, TrialsiteError):
            raise BuildError(f"{_describe(exc)}; {self.target}/ left unchanged") from exc


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with renames, restoring the old folder if the second fails."""
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.absolute().parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return _os_message(exc, "cannot write the site")
    name = type(exc).__name__
    text = str(exc).strip() or name
    return f"MkDocs failed: {text}" if type(exc).__module__.startswith("mkdocs") else text


def _os_message(exc: OSError, doing: str) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{doing}: {exc.strerror or exc}{where}"
