"""The real cc-tui (``cc_tui.cli.main``) on a disk that fills up: while the file named by ``CC_TUI_TEST_DISK_FULL``
exists, every write of the store's file helpers fails with ENOSPC (only theirs: the terminal still works)."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from cc_tui.store import files

FLAG = Path(os.environ["CC_TUI_TEST_DISK_FULL"])


class _FillingDisk:
    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    def write(self, fd: int, data: bytes) -> int:
        if FLAG.exists():
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return os.write(fd, data)


files.os = _FillingDisk()  # type: ignore[assignment]

from cc_tui.cli import main  # noqa: E402

sys.exit(main())
