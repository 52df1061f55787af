"""Exceptions raised by the storage layer.

Every exception carries the path it is about and a reason written for a human, so the app
can show it as it is ("line 57 is not valid JSON: ...").
"""

from __future__ import annotations

import errno
from pathlib import Path


class StoreError(Exception):
    """Base class of everything the store raises on purpose."""


class DamagedSessionFile(StoreError):
    """The file is not a readable meeting-tui session file.

    The store never modifies a file it reports as damaged: it is kept byte for byte so that
    a person (or a later version) can look at it.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ReadOnlySession(StoreError):
    """A write was attempted on a session that was opened read-only."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path} is read-only ({reason}); the change was not saved")


class StorageError(StoreError):
    """Writing to disk failed (disk full, permission, I/O error...).

    The in-memory state is left as it was before the failed write; the original `OSError`
    is chained as ``__cause__``.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"could not save to {self.path}: {reason}")


class SessionExists(StoreError, FileExistsError):
    """`SessionFile.create` refuses to overwrite an existing file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(
            errno.EEXIST, "a session file already exists there (not overwritten)", str(path)
        )
