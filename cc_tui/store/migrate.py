"""Data versions: which version this cc-tui writes, the migrations between versions, and the backup made first."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .. import basics
from ..basics import Clock, system_clock
from ..errors import StoreError
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
        if rel.parts[0] == "backups":
            continue
        dst = target / rel
        ensure_dir(dst.parent)
        shutil.copyfile(src, dst)
        os.chmod(dst, FILE_MODE)
    fsync_dir(target)
    return target


def migrate_folder(folder: Path, version: int, schema: int, clock: Clock = system_clock) -> Path:
    """Back up ``folder``, then run every migration from ``version`` up to ``schema``; returns the backup's folder.

    The caller reopens the index afterwards and records the new version in it."""
    target = backup_folder(folder, f"before-v{version}-to-v{schema}", clock)
    for step in range(version, schema):
        migration = MIGRATIONS.get(step)
        if migration is None:
            raise StoreError(f"No migration from data version {step}; the backup is at {target}.")
        migration(folder)
    return target
