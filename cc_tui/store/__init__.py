"""The only package that touches the disk.

Layout of a data folder (0700; every file 0600)::

    DATA/
      .lock                        flock held by the one cc-tui that writes here (released by the kernel on death)
      index.json                   TinyDB: meta (schema_version), employees (+ a few numbers for the home list)
      people/<employee-id>.json    TinyDB: that person's goals, action items and conversation summaries
      conversations/<id>.json      TinyDB: one conversation (notes, prep, motivations, ...)
      backups/                     copies made before a migration
      *.json.bak                   the previous version of each file, kept at every save (a hard link: no copy)
      key.json                     only in an encrypted folder: the wrapped data key (see :mod:`.crypto`)

Why this shape: TinyDB rewrites a whole file on every write, so a save costs what its file weighs. Typing in a meeting
rewrites only the open conversation's file (a few KB); goals and action items rewrite that person's file; only
people's details rewrite the index. No save grows with the size of the whole store.

Every write is atomic: temp file in the same folder, fsync, ``os.replace``, fsync of the folder. A damaged file is
never overwritten: reading it raises :class:`DamagedDataError` naming it and its ``.bak``.

Modules (each one job): :mod:`.locations` (where the data folder is), :mod:`.files` (owner-only atomic files),
:mod:`.storage` (the TinyDB storage), :mod:`.lock` (one writer per folder), :mod:`.migrate` (data versions),
:mod:`.records` (model <-> record), :mod:`.home` (the home list's numbers), :mod:`.repository` (the :class:`Store`),
:mod:`.erase` (a person gone, backups included), :mod:`.retention` (what is older than N months gone), :mod:`.drafts`,
:mod:`.crypto` and :mod:`.convert` (optional encryption at rest).
Everything is importable from ``cc_tui.store`` as before.
"""

from __future__ import annotations

from .drafts import HOME_DRAFTS
from .files import (
    DIR_MODE,
    FILE_MODE,
    atomic_write,
    backup_path,
    ensure_dir,
    fsync_dir,
    remove_stale_temp_files,
    write_new_file,
)
from .home import HomeRow, PersonBrief, home_row, person_stats
from .locations import APP_NAME, ENV_DATA_DIR, default_data_dir, demo_data_dir
from .lock import DataLock
from .migrate import MIGRATIONS, backup_folder, current_schema_version, migrate_folder
from .records import _dump, _models, _validate  # noqa: F401 - benchmarks/generate.py imports _dump from here
from .repository import Store, _same_summary, opened  # noqa: F401
from .storage import AtomicJSONStorage, open_db, read_json_file

__all__ = [
    "HOME_DRAFTS",
    "APP_NAME",
    "AtomicJSONStorage",
    "DIR_MODE",
    "DataLock",
    "ENV_DATA_DIR",
    "FILE_MODE",
    "HomeRow",
    "MIGRATIONS",
    "PersonBrief",
    "Store",
    "atomic_write",
    "backup_folder",
    "backup_path",
    "current_schema_version",
    "default_data_dir",
    "demo_data_dir",
    "ensure_dir",
    "fsync_dir",
    "home_row",
    "migrate_folder",
    "open_db",
    "opened",
    "person_stats",
    "read_json_file",
    "remove_stale_temp_files",
    "write_new_file",
]
