"""Erase one person from a data folder and from every backup copy under ``backups/``: what `cc-tui people erase`
does. It works on the files themselves (under the store's lock), so that every copy is reached the same way:

* their index row, their own file and every one-to-one conversation are removed (each ``.bak`` too);
* team sessions keep the others: the person's id leaves the attendee lists, their interests, quotes and items go,
  and their name (and e-mail) in any text becomes "a former attendee" — in the other people's files too; never in a
  record's own name or e-mail (another person's), nor inside the name of someone who stays ("Sam Brown" when Sam is
  erased; every mention when two people share the name: it cannot be told whose it is);
* a rewritten file's ``.bak`` is rewritten with the same content (the old one still held the person).

Killed midway, the same erase must find what is left, so what finds the person is changed last: the copies under
``backups/`` first and the data folder last; in each folder the index last; a file's ``.bak`` before the file (and
both are searched). Until the data folder's index is written the person is listed there, and the command finds them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..text import counted
from .drafts import HOME_DRAFTS
from .files import atomic_write, backup_path
from .storage import check_shape, holds_tables

if TYPE_CHECKING:
    from .crypto import Cipher

FORMER = "a former attendee"
_DROP = object()


@dataclass
class FilesChanged:
    """What a rewrite of the data folder's files (an erase, a retention purge) changed there (backups aside). The
    store's listeners get it as ``("files", FilesChanged)`` and keep what they hold in memory (search) true."""

    removed: set[str] = field(default_factory=set)  # conversations that are gone
    rewritten: set[str] = field(default_factory=set)  # conversations whose text changed
    people: set[str] = field(default_factory=set)  # people whose goals or items changed
    gone: set[str] = field(default_factory=set)  # people who are gone


def _roots(folder: Path) -> Iterator[Path]:
    """Every copy under ``backups/``, then the data folder itself (see the module's docstring)."""
    backups = folder / "backups"
    if backups.is_dir():
        yield from sorted(p for p in backups.iterdir() if p.is_dir())
    yield folder


# a record's own name and e-mail: only another person's record still holds one once theirs is gone (their own file and
# index row are removed whole), and it is never rewritten: an erase of one Amara Okafor renamed the other one
_IDENTITY_KEYS = frozenset({"name", "email"})


def name_pattern(terms: list[str], others: list[str]) -> re.Pattern[str]:
    """The erased person's name and e-mail as whole words, any case; and the names of the people who stay that
    hold them ("Sam Brown" when Sam is erased; the other "Amara Okafor" of two), as a ``keep`` group that
    :func:`_replace` leaves as it is: a mention of someone who stays is never taken for the person erased."""
    terms = [t for t in terms if t]
    if not terms:
        return re.compile(r"(?!x)x")
    words = "|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in sorted(terms, key=len, reverse=True))
    gone = re.compile(words, re.IGNORECASE)
    keep = sorted({o.strip() for o in others if o.strip() and gone.search(o.strip())}, key=len, reverse=True)
    if not keep:  # (the usual case: the plain words, as fast to search as before the keep group)
        return gone
    kept = "|".join(rf"(?<!\w){re.escape(k)}(?!\w)" for k in keep)
    return re.compile(rf"(?P<keep>{kept})|{words}", re.IGNORECASE)


def _replace(match: re.Match[str]) -> str:
    kept = "keep" in match.re.groupindex and match.group("keep") is not None
    return match.group() if kept else FORMER


def mentions(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` names the person erased (not only someone who stays whose name holds theirs)."""
    if "keep" not in pattern.groupindex:
        return pattern.search(text) is not None
    return any(m.group("keep") is None for m in pattern.finditer(text))


def _scrub(value: Any, person_id: str, pattern: re.Pattern[str], key: str = "") -> Any:
    if isinstance(value, dict):
        if value.get("employee_id") == person_id:
            return _DROP  # their interest, quote, item or status update
        out = {}
        for name, item in value.items():
            if name == "employee_ids" and isinstance(item, list):
                out[name] = [e for e in item if e != person_id]
                continue
            cleaned = _scrub(item, person_id, pattern, name)
            if cleaned is not _DROP:
                out[name] = cleaned
        return out
    if isinstance(value, list):
        return [v for v in (_scrub(item, person_id, pattern, key) for item in value) if v is not _DROP]
    if isinstance(value, str) and key not in _IDENTITY_KEYS:
        return pattern.sub(_replace, value)
    return value


def _orphan(row: dict[str, Any], conversations: Path) -> bool:
    """A conversation's draft whose conversation is gone (home's drafts belong to no conversation)."""
    owner = row.get("conversation_id")
    return owner != HOME_DRAFTS and not (conversations / f"{owner}.json").exists()


def _write(path: Path, data: Any, cipher: Cipher | None = None) -> None:
    """``data`` into ``path`` and into its ``.bak`` if there is one, the ``.bak`` first: killed in between, the file
    still holds the person and the next erase finds it (the other way round, a ``.bak`` would keep them unseen)."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    bak = backup_path(path)
    if bak.exists():
        atomic_write(bak, payload, keep_backup=False, cipher=cipher)
    atomic_write(path, payload, keep_backup=False, cipher=cipher)


def _read(path: Path, cipher: Cipher | None = None) -> str:
    """A data file's text (opened with the cipher in an encrypted folder; one that does not open is named, and the
    erase stops before changing anything more)."""
    raw = path.read_bytes()
    if cipher is None:
        return raw.decode("utf-8")
    from ..errors import DamagedDataError
    from .crypto import SealError

    try:
        return cipher.open(path, raw).decode("utf-8")
    except SealError as exc:
        raise DamagedDataError(str(path), str(exc)) from None


def _parsed(path: Path, cipher: Cipher | None = None) -> dict[str, Any]:
    """A data file's JSON; one that does not read is named (with its backup, if there is one), never half-erased."""
    from ..errors import DamagedDataError

    bak = backup_path(path)
    backup = str(bak) if bak.exists() else None
    try:
        data = json.loads(_read(path, cipher))
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        raise DamagedDataError(str(path), f"not valid JSON ({type(exc).__name__})", backup) from None
    # JSON of another shape stopped the erase half-way too ('internal error': a drafts.json of [] or of a list)
    reason = None if holds_tables(data) else "it does not hold cc-tui tables"
    if reason is None and data and path.name.startswith("drafts.json"):
        reason = check_shape(data, "drafts")
    if reason is not None:
        raise DamagedDataError(str(path), reason, backup)
    return data


def _check_all(folder: Path, person_id: str, terms: list[str], cipher: Cipher | None) -> dict[Path, list[Path]]:
    """Before anything is removed: every file the erase will rewrite, in every copy, reads as JSON. A damaged one is
    named and nothing is changed (the erase once stopped half-way on one, 'internal error', with the person still
    listed and two of their conversations gone). Returns, per copy, the conversation files that name them: the erase
    reads only those again (every conversation of years, read twice, doubled its time)."""
    found: dict[Path, list[Path]] = {}
    for root in _roots(folder):
        pattern = name_pattern(terms, _others(root, person_id, cipher))
        found[root] = []
        for sub in ("conversations", "people"):
            for path in sorted((root / sub).glob("*.json")) if (root / sub).is_dir() else []:
                if sub == "people" and path.stem == person_id:
                    continue  # removed whole, never read
                raw = _text(path, cipher)
                if person_id in raw or mentions(pattern, raw):
                    _parsed(path, cipher)
                    if sub == "conversations":
                        found[root].append(path)
        for name in ("drafts.json", "index.json"):
            if (root / name).exists():
                _parsed(root / name, cipher)
    return found


def _text(path: Path, cipher: Cipher | None = None) -> str:
    """The file's text and its ``.bak``'s: what a search for the person must look at."""
    bak = backup_path(path)
    extra = _read(bak, cipher) if bak.exists() else ""
    return _read(path, cipher) + "\n" + extra


def _others(root: Path, person_id: str, cipher: Cipher | None) -> list[str]:
    """The names of everyone else in ``root``'s index (kept as they are in every text the erase rewrites)."""
    index = root / "index.json"
    if not index.exists():
        return []
    rows = _parsed(index, cipher).get("employees", {})
    return [str((row.get("employee") or {}).get("name", "")) for row in rows.values()
            if isinstance(row, dict) and row.get("id") != person_id]


def erase_files(folder: Path, person_id: str, name: str, email: str = "",
                changed: FilesChanged | None = None, *, cipher: Cipher | None = None) -> list[str]:
    """Remove ``person_id`` from ``folder`` and its backups; returns what was removed or rewritten, one line each (the
    data folder's first). ``changed``, if given, is told what changed in the data folder itself. ``cipher``: the
    folder is encrypted (every file read and written sealed, the backups' copies too)."""
    changed = changed if changed is not None else FilesChanged()
    terms = [name.strip(), email.strip()]
    naming = _check_all(folder, person_id, terms, cipher)
    report: list[str] = []
    for root in _roots(folder):
        label = "the data folder" if root == folder else f"backup {root.name}"
        live = root == folder
        pattern = name_pattern(terms, _others(root, person_id, cipher))
        removed = rewritten = others = 0
        erased: set[str] = set()
        conversations = root / "conversations"
        for path in naming[root]:  # (the files that name them: read once already, in _check_all)
            data = _parsed(path, cipher)
            doc = next(iter(data.get("conversation", {}).values()), {})
            if doc.get("employee_ids") == [person_id]:
                for p in (backup_path(path), path):  # the .bak first: the file is what finds it again
                    if p.exists():
                        p.unlink()
                erased.add(path.stem)
                removed += 1
                if live:
                    changed.removed.add(path.stem)
            else:
                _write(path, _scrub(data, person_id, pattern), cipher)
                rewritten += 1
                if live:
                    changed.rewritten.add(path.stem)
        people = root / "people"
        own = people / f"{person_id}.json"
        for p in (backup_path(own), own):
            if p.exists():
                p.unlink()
        for path in sorted(people.glob("*.json")) if people.is_dir() else []:
            raw = _text(path, cipher)
            if person_id in raw or mentions(pattern, raw) or any(c in raw for c in erased):
                data = _scrub(_parsed(path, cipher), person_id, pattern)
                for table in data.values():  # summaries of their one-to-ones never sit in others' files; be sure
                    for key in [k for k, row in table.items() if isinstance(row, dict) and row.get("id") in erased]:
                        del table[key]
                _write(path, data, cipher)
                others += 1
                if live:
                    changed.people.add(path.stem)
        drafts = root / "drafts.json"
        if drafts.exists():
            data = _parsed(drafts, cipher)
            table = data.get("drafts", {})
            # their one-to-ones' drafts; drafts of a conversation whose file is gone (an erase killed before this
            # step removed it: the next run no longer knows it was theirs); their person form's on home
            for key in [k for k, row in table.items() if row.get("conversation_id") in erased
                        or _orphan(row, conversations) or row.get("kind") == f"person:{person_id}"]:
                del table[key]
            _write(drafts, _scrub(data, person_id, pattern), cipher)
        # the index last: until it is written the person is listed, and the same erase finds what is left
        index = root / "index.json"
        if index.exists():
            data = _parsed(index, cipher)
            rows = data.get("employees", {})
            for key in [k for k, row in rows.items() if row.get("id") == person_id]:
                del rows[key]
            _write(index, _scrub(data, person_id, pattern), cipher)
        if live:
            changed.gone.add(person_id)
        line = (f"{label}: their file and index entry, {counted(removed, 'one-to-one conversation')} removed; "
                f"{counted(rewritten, 'team session')} kept without them")
        if others:
            line += f"; their name taken out of {counted(others, 'other person’s file', 'other people’s files')}"
        if live:
            report.insert(0, line)
        else:
            report.append(line)
    return report


__all__ = ["FORMER", "FilesChanged", "erase_files", "mentions", "name_pattern"]
