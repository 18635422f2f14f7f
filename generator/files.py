"""Write the files people commit: atomically, and not at all when the bytes are the same.

Atomically (issue 14): the new bytes go to a file beside the old one, are flushed to disk,
then renamed over it, and the folder is flushed too. A write that fails half-way (disk full,
file size limit, Ctrl-C) leaves the old file byte for byte; a crash after the rename leaves
the new one whole. Records, catalogs and fetched copies are written here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ContentError


def write_if_changed(target: Path, data: bytes) -> bool:
    """Replace `target` by `data` atomically unless it holds them already; return True if written.

    An update with nothing to change leaves the file as it was, modification time included
    (issue 12): `git status`, editors and `make` see no change where there is none.
    """
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    try:
        _replace(target, data)
    except OSError as exc:
        raise ContentError(
            f"cannot write the file: {exc.strerror or exc}; it was left as it was", target
        ) from None
    return True


def _replace(target: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _file_mode(target))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of a renamed file (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _file_mode(target: Path) -> int:
    """Keep the mode of the file replaced; a new file gets the usual 0o666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
