"""Advisory, non-blocking exclusive locks on an open file descriptor.

* POSIX: ``fcntl.flock(fd, LOCK_EX | LOCK_NB)``. The lock belongs to the open file
  description and the kernel drops it when the descriptor is closed, including when the
  process dies (SIGKILL, crash, power cut), so a stale lock cannot outlive its owner and
  there is no lock file to clean up. flock works per open: a second ``open()`` of the same
  file in the same process is refused too.
* Windows: ``msvcrt.locking(LK_NBLCK)`` on one byte far beyond any real end of file (a
  Windows byte lock is mandatory, so locking real data would stop read-only viewers from
  reading it). Windows also releases it when the process ends. Untested here.
* Elsewhere, or on a file system that refuses flock (``ENOLCK``/``EOPNOTSUPP``, e.g. some
  network mounts): no locking; `try_lock` succeeds.
"""

from __future__ import annotations

import errno
import os
import sys

__all__ = ["try_lock", "unlock"]

if sys.platform == "win32":  # pragma: no cover - untested here
    import msvcrt

    _LOCK_OFFSET = 2**31 - 2

    def _locking(fd: int, mode: int) -> bool:
        position = os.lseek(fd, 0, os.SEEK_CUR)
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, mode, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, position, os.SEEK_SET)
        return True

    def try_lock(fd: int) -> bool:
        """Take an exclusive lock on *fd* without waiting; False if someone else holds it."""
        return _locking(fd, msvcrt.LK_NBLCK)

    def unlock(fd: int) -> None:
        """Release the lock taken by `try_lock` (closing *fd* releases it as well)."""
        _locking(fd, msvcrt.LK_UNLCK)

else:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - exotic platforms
        fcntl = None  # type: ignore[assignment]

    _LOCKING_UNSUPPORTED = frozenset(
        code for code in (errno.ENOLCK, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", 0)) if code
    )

    def try_lock(fd: int) -> bool:
        """Take an exclusive lock on *fd* without waiting; False if someone else holds it."""
        if fcntl is None:  # pragma: no cover
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            if exc.errno in _LOCKING_UNSUPPORTED:
                return True  # e.g. some network file systems: carry on without a lock
            raise
        return True

    def unlock(fd: int) -> None:
        """Release the lock taken by `try_lock` (closing *fd* releases it as well)."""
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
