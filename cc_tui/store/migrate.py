"""Data versions: which version this cc-tui writes, the migrations between versions, and the backup made first."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .. import basics
from ..basics import Clock, system_clock
from ..errors import StoreError
from .crypto import KEY_FILE
from .files import FILE_MODE, ensure_dir, fsync_dir


def current_schema_version() -> int:
    """The data version this cc-tui writes; read at call time so tests (and one constant) rule it."""
    return basics.SCHEMA_VERSION


# MIGRATIONS[n] turns a folder at schema n into schema n + 1, in place. A backup of the whole folder is written first.
MIGRATIONS: dict[int, Callable[[Path], None]] = {}


def backup_folder(folder: Path, label: str, clock: Clock = system_clock) -> Path:
    """Copy every data file of ``folder`` into ``folder/backups/<stamp>-<label>/`` (owner-only)."""
    stamp = clock().strftime("%Y%m%dT%H%M%S")
    target = folder / "backups" / f"{stamp}-{label}"
    ensure_dir(folder / "backups")
    n = 0
    while target.exists():
        n += 1
        target = folder / "backups" / f"{stamp}-{label}-{n}"
    ensure_dir(target)
    for src in sorted(folder.rglob("*.json")):
        rel = src.relative_to(folder)
        if rel.parts[0] == "backups" or rel.parts == (KEY_FILE,):
            continue  # an encrypted folder's copies stay sealed under the same key, kept in its one key file
        dst = target / rel
        ensure_dir(dst.parent)
        shutil.copyfile(src, dst)
        os.chmod(dst, FILE_MODE)
    fsync_dir(target)
    return target


def _data_files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*.json")
                  if p.relative_to(folder).parts[0] != "backups" and p.relative_to(folder).parts != (KEY_FILE,))


def same_backup(folder: Path, label: str) -> Path | None:
    """The newest backup of ``label`` that holds exactly the data files ``folder`` holds now, byte for byte: a
    migration that failed before changing anything left it, and the next attempt needs no other full copy."""
    root = folder / "backups"
    if not root.is_dir():
        return None
    candidates = sorted(
        (p for p in root.iterdir() if p.is_dir() and (p.name.endswith(f"-{label}") or f"-{label}-" in p.name)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    import filecmp  # only a migration needs it, never a start

    files = _data_files(folder)
    for candidate in candidates[:1]:
        if _data_files(candidate) == files and all(
            filecmp.cmp(folder / rel, candidate / rel, shallow=False) for rel in files
        ):
            return candidate
    return None


def migrate_folder(folder: Path, version: int, schema: int, clock: Clock = system_clock) -> Path:
    """Back up ``folder``, then run every migration from ``version`` up to ``schema``; returns the backup's folder.

    A failed migration is reported with the backup's place; trying again reuses that backup while the data is
    unchanged (each command used to leave another full copy). The caller reopens the index afterwards and records
    the new version in it."""
    label = f"before-v{version}-to-v{schema}"
    target = same_backup(folder, label) or backup_folder(folder, label, clock)
    for step in range(version, schema):
        migration = MIGRATIONS.get(step)
        if migration is None:
            raise StoreError(f"No migration from data version {step}; the backup is at {target}.")
        try:
            migration(folder)
        except StoreError as exc:
            raise StoreError(f"{exc} The backup made before the update is at {target}.") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(
                f"Updating {folder} from data version {step} failed ({type(exc).__name__}: {exc}); "
                f"the backup made before the update is at {target}."
            ) from None
    return target
