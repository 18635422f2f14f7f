"""Write the files people commit: atomically, and not at all when the bytes are the same."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, _file_mode(target))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def _file_mode(target: Path) -> int:
    """Keep the mode of the file replaced; a new file gets the usual 0o666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
