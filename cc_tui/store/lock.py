"""The data folder's lock: one cc-tui writes to a folder at a time (an ``flock`` the kernel drops on death)."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path

from ..errors import LockedError, StoreError
from .files import FILE_MODE


class DataLock:
    """An exclusive ``flock`` on ``DATA/.lock``. The kernel drops it when the process dies, so a lock left by a killed
    cc-tui never blocks the next start."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        try:  # never through a symbolic link: a .lock planted as a link must not make cc-tui write elsewhere
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK, FILE_MODE)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StoreError(f"{self.path} is a symbolic link, not cc-tui's lock file; cc-tui did not follow it. "
                                 "Remove it and start again.") from None
            raise StoreError(f"Cannot lock {self.path.parent} ({self.path.name}: {exc.strerror}).") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise StoreError(f"{self.path} is not a regular file (cc-tui's lock file is); cc-tui did not use it. "
                             "Remove it and start again.")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise LockedError(
                f"Another cc-tui (pid {holder}) is already using {self.path.parent}; "
                "close it first, or pass --data-dir for another folder."
            ) from None
        # one write of a fixed width, no ftruncate: truncating is a journal operation that can wait behind the disk's
        # other writes for tens of milliseconds at start-up
        os.pwrite(fd, f"{os.getpid():<20}\n".encode(), 0)
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
