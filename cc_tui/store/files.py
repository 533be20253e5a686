"""Owner-only, atomic files: the one place that writes bytes to the disk.

:func:`atomic_write` replaces a data file (temp file in the same folder, fsync, ``os.replace``, fsync of the folder;
the previous version kept as ``.bak``); :func:`write_new_file` writes an export or handover file that must not replace
anything by accident; :func:`ensure_dir` makes owner-only folders; :func:`remove_stale_temp_files` sweeps what a killed
writer left behind.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SaveError, StoreError

if TYPE_CHECKING:
    from .crypto import Cipher

DIR_MODE = 0o700
FILE_MODE = 0o600


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(folder: Path) -> None:
    """Create ``folder`` and every missing parent owner-only (0700, whatever the umask); an existing folder loses any
    group or other permission, and one the user made stricter than 0700 is never loosened: cc-tui says so instead."""
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=DIR_MODE)
        except FileExistsError:  # made meanwhile by another process: checked below like any existing folder
            continue
        os.chmod(path, DIR_MODE)  # the umask may have taken bits away from the mode asked for
    mode = folder.stat().st_mode & 0o777
    if mode & 0o077:
        os.chmod(folder, mode & 0o700)
        mode &= 0o700
    if mode != DIR_MODE:
        raise StoreError(
            f"{folder} is mode {mode:04o}: cc-tui needs to read and write in it and did not change the mode you set. "
            "Give yourself access (chmod u+rwx) or choose another --data-dir."
        )


def atomic_write(path: Path, data: bytes, *, keep_backup: bool = True, cipher: Cipher | None = None) -> None:
    """Replace ``path`` with ``data`` so that any reader, at any moment, sees the old file or the new one.

    The old version stays as ``path.bak`` (a hard link, so it costs no copy). On any failure (disk full, permission)
    the temp file is removed, the old file is untouched, and :class:`SaveError` says what happened.

    With a ``cipher`` (an encrypted folder, see :mod:`.crypto`) the bytes written are ``data`` sealed under the
    file's name; without one, ``data`` itself, as always.
    """
    if cipher is not None:
        data = cipher.seal(path, data)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if keep_backup and path.exists():
            bak_tmp = tmp.with_name(tmp.name + ".bak")
            # a process killed between link and replace leaves this name behind; a later process with the same pid
            # (containers, reboots) would then fail every save of this file with EEXIST
            try:
                os.unlink(bak_tmp)
            except FileNotFoundError:
                pass
            os.link(path, bak_tmp)
            os.replace(bak_tmp, backup_path(path))
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        for leftover in (tmp, tmp.with_name(tmp.name + ".bak")):
            try:
                leftover.unlink()
            except OSError:
                pass
        reason = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or str(exc))
        raise SaveError(
            f"Could not save {path}: {reason}. The file on disk is unchanged and your text is kept in memory; "
            "it will be saved as soon as a save succeeds.",
            reason=reason,
        ) from None


def remove_stale_temp_files(folder: Path, subfolders: Iterable[str] = ("", "people", "conversations")) -> None:
    """Delete the temp files of writes a killed process never finished (only while holding the lock). This process's
    own temp files (its pid is in their names) are left alone, so the sweep may run while it saves."""
    mine = f".{os.getpid()}."
    for sub in (folder / name for name in subfolders):
        try:
            entries = os.scandir(sub)  # scandir, not glob: 20,000 names cost a few ms
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if (
                    name.startswith(".")
                    and name.endswith((".tmp", ".tmp.bak"))
                    and mine not in name
                    and entry.is_file()
                ):
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass


def write_new_file(path: Path, data: bytes, *, overwrite: bool = False, tag: str = "cc-tui") -> None:
    """Write ``data`` to ``path`` owner-only (0600) and atomically (exports, handover files).

    Without ``overwrite`` an existing file is never replaced: the last step is a hard link, which fails if the file
    appeared meanwhile (:class:`FileExistsError`); on a file system without hard links, check then rename. Other
    failures raise :class:`OSError`; callers turn both into one readable line.
    """
    folder = path.parent
    tmp = folder / f".{tag}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                if path.exists():
                    raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
                os.replace(tmp, path)
        try:
            fsync_dir(folder)
        except OSError:
            pass
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")
