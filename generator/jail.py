"""The content folder is a jail: nothing is read or written through a link that leads out of it.

A content folder comes from a repository anyone can send a pull request to, and git keeps
symbolic links. A `patients.en.yaml` linked to a key file was read, and its line echoed in the
error that CI logs publish; `translations update` and `import` wrote through linked catalogs
and trial folders to any path (issue 14). Every command that reads or writes `content/` checks
it first: a link whose target is outside the folder, or missing, is refused by name; links
between files inside it are allowed.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ContentError, ContentErrors


def outside_links(content_dir: Path) -> list[ContentError]:
    """Return one error per symbolic link under `content_dir` that leads out of it."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        return []
    root = content_dir.resolve()
    errors = []
    for folder, dirs, files in os.walk(content_dir):  # never descends into a linked folder
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            target = path.resolve()
            if not target.exists():
                message = f"a symbolic link to {os.readlink(path)}, which does not exist"
            elif not target.is_relative_to(root):
                message = f"a symbolic link to {os.readlink(path)}, outside {content_dir}/"
            else:
                continue
            errors.append(ContentError(
                f"{message}: trialsite reads and writes only inside the content folder; "
                "put the file itself here instead of a link",
                path,
            ))  # fmt: skip
    return errors


def check_jail(content_dir: Path) -> None:
    """Raise every link out of `content_dir` as one error, before anything is read or written."""
    errors = outside_links(content_dir)
    if errors:
        raise ContentErrors(errors, "nothing was read or written")
