"""Writing an export to a file: owner-only, atomic, never replacing a file by accident; one readable line on failure.

The only part of the export package that touches the disk.
"""

from __future__ import annotations

import errno
from pathlib import Path

from ..errors import UserError

FILE_MODE = 0o600


class TargetExistsError(UserError):
    """The target file exists and overwriting was not asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} already exists; nothing was written.")


def _reason(exc: OSError) -> str:
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ENOENT:
        return "the folder does not exist"
    if code == errno.ENOTDIR:
        return "part of the path is not a folder"
    if code == errno.EROFS:
        return "the disk is read-only"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long"
    if code == errno.EISDIR:
        return "it is a folder"
    return exc.strerror or type(exc).__name__


def write_export(path: Path | str, text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path``, owner-only (0600), atomically: readers see no file or the whole file.

    Refuses an existing file (:class:`TargetExistsError`) unless ``overwrite``; without ``overwrite`` the final step
    is a hard link, which fails if the file appeared meanwhile, so nothing is ever replaced by accident. Any other
    problem is a :class:`UserError` with one readable line. Returns the path written.
    """
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name.")
    if not overwrite and (path.exists() or path.is_symlink()):
        raise TargetExistsError(path)
    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"Could not write {path}: the folder {folder} does not exist.")
    from ..store import write_new_file

    try:
        write_new_file(path, text.encode("utf-8"), overwrite=overwrite, tag="cc-tui-export")
    except FileExistsError:
        raise TargetExistsError(path) from None
    except OSError as exc:
        raise UserError(f"Could not write {path}: {_reason(exc)}.") from None
    return path

