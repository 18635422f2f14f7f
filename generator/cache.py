"""Content-hash cache of values made from one trial: a key, a fetch, a memory (issue 7).

What is cached (pages, data files, gate findings) is the callers' business: a value's key is
the trial's own files (record, catalogs, plain-language text), a digest of every shared input
(site.yaml, glossary.yaml, terms.yaml, templates and UI catalogs, the generator's own code and
library versions) and whatever context the caller adds (the other trials a page names, the
pages a gate reads). Any change to one of them is a different key, so a stale value is never served.
Entries live in `.trialsite-cache/` beside the content folder (git-ignored);
`TRIALSITE_CACHE=0` turns it off.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from .model import Trial
from .registry import ID_IN_BYTES_RE
from .terms import TERMS_FILE

logger = logging.getLogger(__name__)
T = TypeVar("T")
CACHE_DIR = ".trialsite-cache"
FORMAT = b"trialsite-cache 1"
GENERATOR_DIR = Path(__file__).resolve().parent
LIBRARIES = ("jinja2", "markdown-it-py", "babel", "pydantic", "pyyaml", "textstat", "pyphen")
_NCT_ID = ID_IN_BYTES_RE


class TrialCache:
    """Pickled values per trial, keyed by content hash; a miss makes the value and stores it."""

    def __init__(self, root: Path | None, salt: str, memory: dict[str, Any] | None = None) -> None:
        self.root = root
        self.salt = salt
        self.hits = 0
        self.misses = 0
        self.memory = memory
        """Values kept in this process between builds (the preview's), by key."""
        self.used: set[str] = set()
        """The keys fetched so far: what a memory needs to keep for the next build."""
        self._files: dict[str, tuple[str, frozenset[str]]] = {}

    @classmethod
    def for_content(
        cls, content_dir: Path, templates_dir: Path, memory: dict[str, Any] | None = None,
        base_url: str | None = None,
    ) -> TrialCache:  # fmt: skip
        """Return the cache of a content folder (disabled when TRIALSITE_CACHE=0).

        `memory`, a dict the caller keeps from build to build, holds values in memory too.
        `base_url`, when it overrides site.yaml's, is part of every key: pages hold it.
        """
        off = os.environ.get("TRIALSITE_CACHE", "1") == "0"
        root = None if off else Path(content_dir).absolute().parent / CACHE_DIR
        memory = None if off else memory
        salt = shared_digest(Path(content_dir), Path(templates_dir))
        return cls(root, salt if base_url is None else _sha256(salt, base_url), memory)

    def forget_unused(self) -> None:
        """Drop from memory every value this cache did not fetch (the previous build's)."""
        if self.memory is not None:
            for key in set(self.memory) - self.used:
                del self.memory[key]

    def trial_files(self, trial: Trial) -> tuple[str, frozenset[str]]:
        """Return the digest of a trial's folder and the NCT ids its files mention.

        With a memory (the preview's), a folder whose files keep their size and modification
        time is not read again.
        """
        if trial.folder not in self._files:
            folder = trial.folder
            if self.memory is None:
                self._files[folder] = _folder_digest(folder)
            else:
                key = f"files\0{folder}\0{file_signature(Path(folder))}"
                self._files[folder] = self._in_memory(key, lambda: _folder_digest(folder))
        return self._files[trial.folder]

    def key(self, trial: Trial, kind: str, context: Any) -> str:
        """Return the key of one value of one trial: its files, the shared inputs, `context`."""
        files, _ = self.trial_files(trial)
        extra = json.dumps([kind, context], sort_keys=True, default=str)
        return _sha256(self.salt, files, extra)

    def remember(self, trial: Trial, kind: str, make: Callable[[], T]) -> T:
        """Return a value of one trial kept in memory only (the preview's), or make it.

        For values cheap enough to make in a full build but worth keeping between the
        preview's rebuilds, such as a registry row: they are never written to disk.
        """
        if self.memory is None:
            return make()
        return self._in_memory(self.key(trial, kind, None), make)

    def fetch(
        self, kind: str, key: str, make: Callable[[], T], valid: Callable[[Any], bool] | None = None
    ) -> T:
        """Return the stored value of `key`, or make it, store it and return it.

        `valid(value)` says whether an entry read from disk has the shape `make` returns; an
        entry that has not is only a miss.
        """
        if self.memory is None:
            return self._fetch_stored(kind, key, make, valid)
        return self._in_memory(key, lambda: self._fetch_stored(kind, key, make, valid))

    def _in_memory(self, key: str, make: Callable[[], T]) -> T:
        assert self.memory is not None
        self.used.add(key)
        if key in self.memory:
            self.hits += 1
            return self.memory[key]  # type: ignore[no-any-return]
        value = self.memory[key] = make()
        return value

    def _fetch_stored(
        self, kind: str, key: str, make: Callable[[], T], valid: Callable[[Any], bool] | None
    ) -> T:
        path = self.root / kind / key[:2] / f"{key}.pickle" if self.root else None
        if path is not None:
            try:
                value: T = _DataUnpickler(io.BytesIO(path.read_bytes())).load()
                if valid is not None and not valid(value):
                    raise pickle.UnpicklingError(f"not a {kind} entry")
                self.hits += 1
                return value
            except FileNotFoundError:
                pass
            except Exception as error:  # any bad entry is only a miss
                logger.debug("unreadable cache entry %s: %s", path, error)
        self.misses += 1
        value = make()
        if path is not None:
            _store(path, value)
        return value


class _DataUnpickler(pickle.Unpickler):
    """Load an entry as data: only our own dataclasses and models may be rebuilt (issue 8).

    A pickle can call any function when loaded, and anyone who can write the cache folder (a
    CI cache restored from another run, a shared disk) writes entries. Plain pickle would run
    their code; this one refuses every global but a generator dataclass or pydantic model.
    """

    def find_class(self, module: str, name: str) -> Any:
        """Return a generator dataclass or model named by the entry; refuse anything else."""
        if module == "generator" or module.startswith("generator."):
            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type) and (is_dataclass(found) or issubclass(found, BaseModel)):
                return found
        raise pickle.UnpicklingError(f"cache entry names {module}.{name}: refused")


def shared_digest(content_dir: Path, templates_dir: Path) -> str:
    """Return a digest of every input shared by all trials, and of the code that reads them."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(FORMAT)
    shared = [content_dir / name for name in ("site.yaml", "glossary.yaml", TERMS_FILE)]
    for path in [*shared, *_files_under(templates_dir), *_files_under(GENERATOR_DIR, ".py")]:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"<missing>"
        digest.update(b"\0%s\0%d\0" % (str(path).encode("utf-8"), len(data)) + data)
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


def _folder_digest(folder: str) -> tuple[str, frozenset[str]]:
    """Return the digest of a trial folder's files and the NCT ids they mention."""
    digest = hashlib.sha256(folder.encode("utf-8"))
    mentioned: set[str] = set()
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and not path.name.startswith("."):
            data = path.read_bytes()
            digest.update(b"\0%s\0%d\0" % (path.name.encode("utf-8"), len(data)) + data)
            mentioned.update(m.decode() for m in _NCT_ID.findall(data))
    return digest.hexdigest(), frozenset(mentioned)


def file_signature(
    folder: Path, names: tuple[str, ...] | None = None
) -> tuple[tuple[str, int, int], ...]:
    """Return (name, mtime, size) of the files of a folder (or of the named ones).

    What the preview compares to know a folder changed, without reading its files.
    """
    paths = [folder / name for name in names] if names else sorted(folder.iterdir())
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            found.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _files_under(root: Path, suffix: str = "") -> list[Path]:
    return sorted(
        path for path in root.rglob(f"*{suffix}")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".mo")
    )  # fmt: skip


def _sha256(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _store(path: Path, value: Any) -> None:
    """Write one entry atomically; a cache that cannot be written only costs time."""
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".entry-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:
        logger.debug("cannot write cache entry %s: %s", path, error)
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
