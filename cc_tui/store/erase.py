"""Erase one person from a data folder and from every backup copy under ``backups/``: what `cc-tui people erase`
does. It works on the files themselves (under the store's lock), so that every copy is reached the same way:

* their index row, their own file and every one-to-one conversation are removed (each ``.bak`` too);
* team sessions keep the others: the person's id leaves the attendee lists, their interests, quotes and items go,
  and their name (and e-mail) in any text becomes "a former attendee" — in the other people's files too;
* a rewritten file's ``.bak`` is rewritten with the same content (the old one still held the person).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import atomic_write, backup_path

if TYPE_CHECKING:
    from .crypto import Cipher

FORMER = "a former attendee"
_DROP = object()


def _roots(folder: Path) -> Iterator[Path]:
    yield folder
    backups = folder / "backups"
    if backups.is_dir():
        yield from sorted(p for p in backups.iterdir() if p.is_dir())


def _scrub(value: Any, person_id: str, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, dict):
        if value.get("employee_id") == person_id:
            return _DROP  # their interest, quote, item or status update
        out = {}
        for key, item in value.items():
            if key == "employee_ids" and isinstance(item, list):
                out[key] = [e for e in item if e != person_id]
                continue
            cleaned = _scrub(item, person_id, pattern)
            if cleaned is not _DROP:
                out[key] = cleaned
        return out
    if isinstance(value, list):
        return [v for v in (_scrub(item, person_id, pattern) for item in value) if v is not _DROP]
    if isinstance(value, str):
        return pattern.sub(FORMER, value)
    return value


def _write(path: Path, data: Any, cipher: Cipher | None) -> None:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    atomic_write(path, payload, keep_backup=False, cipher=cipher)
    bak = backup_path(path)
    if bak.exists():
        atomic_write(bak, payload, keep_backup=False, cipher=cipher)


def _read(path: Path, cipher: Cipher | None) -> str:
    raw = path.read_bytes()
    if cipher is None:
        return raw.decode("utf-8")
    from ..errors import DamagedDataError
    from .crypto import SealError

    try:
        return cipher.open(path, raw).decode("utf-8")
    except SealError as exc:  # stop before changing anything more, naming the file (it is left as it is)
        raise DamagedDataError(str(path), str(exc)) from None


def erase_files(folder: Path, person_id: str, name: str, email: str = "", *, cipher: Cipher | None = None) -> list[str]:
    """Remove ``person_id`` from ``folder`` and its backups; returns what was removed or rewritten, one line each.
    ``cipher``: the folder is encrypted (every file read and written sealed, the backups' copies too)."""
    terms = [t for t in (name.strip(), email.strip()) if t]
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in sorted(terms, key=len, reverse=True)),
                         re.IGNORECASE) if terms else re.compile(r"(?!x)x")
    report: list[str] = []
    for root in _roots(folder):
        label = "the data folder" if root == folder else f"backup {root.name}"
        removed = rewritten = 0
        erased: set[str] = set()
        conversations = root / "conversations"
        for path in sorted(conversations.glob("*.json")) if conversations.is_dir() else []:
            raw = _read(path, cipher)
            if person_id not in raw and not pattern.search(raw):
                continue
            data = json.loads(raw)
            doc = next(iter(data.get("conversation", {}).values()), {})
            if doc.get("employee_ids") == [person_id]:
                for p in (path, backup_path(path)):
                    if p.exists():
                        p.unlink()
                erased.add(path.stem)
                removed += 1
            else:
                _write(path, _scrub(data, person_id, pattern), cipher)
                rewritten += 1
        people = root / "people"
        own = people / f"{person_id}.json"
        for p in (own, backup_path(own)):
            if p.exists():
                p.unlink()
        for path in sorted(people.glob("*.json")) if people.is_dir() else []:
            raw = _read(path, cipher)
            if person_id in raw or pattern.search(raw) or any(c in raw for c in erased):
                data = _scrub(json.loads(raw), person_id, pattern)
                for table in data.values():  # summaries of their one-to-ones never sit in others' files; be sure
                    for key in [k for k, row in table.items() if isinstance(row, dict) and row.get("id") in erased]:
                        del table[key]
                _write(path, data, cipher)
        index = root / "index.json"
        if index.exists():
            data = json.loads(_read(index, cipher))
            rows = data.get("employees", {})
            for key in [k for k, row in rows.items() if row.get("id") == person_id]:
                del rows[key]
            _write(index, _scrub(data, person_id, pattern), cipher)
        drafts = root / "drafts.json"
        if drafts.exists():
            data = json.loads(_read(drafts, cipher))
            table = data.get("drafts", {})
            for key in [k for k, row in table.items() if row.get("conversation_id") in erased]:
                del table[key]
            _write(drafts, _scrub(data, person_id, pattern), cipher)
        report.append(f"{label}: their file and index entry, {removed} one-to-one conversation(s) removed; "
                      f"{rewritten} team session(s) kept without them")
    return report


__all__ = ["FORMER", "erase_files"]
