"""Atomic whole-file writes: temp file in the same directory, fsync, rename, fsync directory.

A reader (or a crash) sees either the old file or the new one, never a partial target. The
temp file is named ``.<name>.tmp-<pid>-<token>`` next to the target; a crash can leave one
behind, which `remove_leftover_temp_files` deletes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "fsync_directory",
    "make_dirs_durably",
    "fsync_file",
    "remove_leftover_temp_files",
    "temp_path_for",
    "write_all",
    "write_temp_file",
]

#: ``O_BINARY`` matters on Windows only (no newline translation); 0 elsewhere.
O_BINARY: int = getattr(os, "O_BINARY", 0)


def _temp_prefix(target: Path) -> str:
    return f".{target.name}.tmp-"


def temp_path_for(target: Path) -> Path:
    """A fresh temp path next to *target* (unique per process and call)."""
    return target.with_name(f"{_temp_prefix(target)}{os.getpid()}-{os.urandom(4).hex()}")


def remove_leftover_temp_files(target: Path) -> list[Path]:
    """Delete temp files left next to *target* by a crashed atomic write; return them.

    Only call this while holding the right to write *target* (for a session file: its
    lock), otherwise a concurrent writer's temp file could be deleted under it.
    """
    prefix = _temp_prefix(target)
    removed: list[Path] = []
    try:
        candidates = [p for p in target.parent.iterdir() if p.name.startswith(prefix)]
    except FileNotFoundError:
        return removed
    for leftover in candidates:
        try:
            leftover.unlink()
        except FileNotFoundError:
            continue
        removed.append(leftover)
    return removed


def fsync_directory(directory: Path) -> None:
    """Make a rename or unlink in *directory* durable (POSIX; a no-op on Windows)."""
    if os.name == "nt":  # directories cannot be opened for fsync there
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs_durably(directory: Path) -> None:
    """``mkdir -p`` *directory*, fsyncing the parent of every folder it creates, so that a new
    committee folder (and the session file in it) survives a power cut."""
    directory = Path(directory)
    missing: list[Path] = []
    while not directory.exists() and directory != directory.parent:
        missing.append(directory)
        directory = directory.parent
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        fsync_directory(folder.parent)


def fsync_file(fd: int) -> None:
    """Flush *fd*'s data to stable storage.

    On macOS plain fsync does not flush the drive's cache, so ``F_FULLFSYNC`` is used.
    """
    if sys.platform == "darwin":  # pragma: no cover - untested here
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass  # not supported by this file system: plain fsync is the best we have
    os.fsync(fd)


def write_all(fd: int, data: bytes) -> None:
    """`os.write` until every byte of *data* is written (short writes are legal)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_temp_file(target: Path, data: bytes) -> tuple[Path, int]:
    """Write *data* to a new temp file next to *target* and fsync it.

    Returns the temp path and its still-open descriptor, opened for reading and appending
    so that it can go on growing the file after it is renamed into place (the caller
    closes it). On error nothing is left behind.
    """
    temp = temp_path_for(target)
    fd = os.open(temp, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_EXCL | O_BINARY, 0o644)
    try:
        write_all(fd, data)
        fsync_file(fd)
    except BaseException:
        os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    return temp, fd


def atomic_write_bytes(path: Path | str, data: bytes, *, overwrite: bool = True) -> None:
    """Replace (or, with ``overwrite=False``, create) *path* with *data* atomically.

    With ``overwrite=False`` an existing *path* is never touched and `FileExistsError` is
    raised; the new file is put in place with a hard link, which fails if the name exists.
    """
    target = Path(path)
    temp, fd = write_temp_file(target, data)
    try:
        if overwrite:
            os.replace(temp, target)
        else:
            _link_no_overwrite(temp, target, data)
        fsync_directory(target.parent)
    finally:
        os.close(fd)
        temp.unlink(missing_ok=True)


def atomic_write_text(path: Path | str, text: str, *, encoding: str = "utf-8") -> None:
    """Replace *path* with *text* atomically (for TOML and other small text files)."""
    atomic_write_bytes(path, text.encode(encoding))


def _link_no_overwrite(temp: Path, target: Path, data: bytes) -> None:
    """Give the complete *temp* file the name *target*, failing if *target* exists."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except (OSError, NotImplementedError):
        # The file system has no hard links (FAT, some network shares): fall back to an
        # exclusive create. Not atomic, but it still never overwrites an existing file.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_BINARY, 0o644)
        try:
            write_all(fd, data)
            fsync_file(fd)
        except BaseException:
            os.close(fd)
            target.unlink(missing_ok=True)
            raise
        os.close(fd)
