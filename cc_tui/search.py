"""Full-text search over every conversation: an in-memory index, plain logic (no Textual).

What is searched, per conversation: the manager's prep (five topics), the employee's prep (five topics), shared and
private notes, aspirations (three fields), the goals created in it (title, why, success measure), its action items'
text, and the summary.

How (measured with ``benchmarks/search_bench.py`` on 20,000 conversations, ~4.6 KB of searchable text each):

* one ``bytes`` object per conversation: its fields, each ``str.casefold()``-ed, joined with NUL (which a query can
  never contain, so a match never spans two fields), encoded as UTF-8 (1 byte per ASCII character whatever else the
  text holds; a ``str`` holding one character above U+00FF would take 2-4 bytes per character);
* a query is a few ``term in blob`` loops over that list: the longest term over every conversation, each further term
  only over the conversations still matching. This was as fast as one big concatenated string with a ``find`` /
  ``bisect`` loop (within ~20%; faster for common words, which the big string has to step through one conversation
  at a time) and faster than ``re``; and an update is just replacing one list item (the big string would need a
  rebuild or an overlay);
* the ORIGINAL text is not kept for conversation fields (it would double the memory): for the <= ``limit`` hits
  shown, the field is re-read from the conversation's file (or taken from the last ``update_conversation``) and the
  match is located in it again, mapping casefolded offsets back to original ones (``casefold`` can change a string's
  length: 'ß' -> 'ss', 'İ' -> 'i̇'). Goal and action-item text is kept (it is small and lives in big person files);
* typing a query one key at a time refines the previous result: when every previous term is part of a new term and
  nothing changed in between, only the previous matches are scanned.

Thread safety: ``build`` runs in a worker thread and returns a new index; afterwards ``search`` (UI thread) and the
``update_*`` methods (saver thread) take one lock, so a search never sees half an update.
"""

from __future__ import annotations

import bisect
import heapq
import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .models import ActionItem, Conversation, Goal
from .text import one_line

MANAGER_PREP_FIELDS = ("performance_history", "strengths", "growth_areas", "company_needs", "past_feedback")
EMPLOYEE_PREP_FIELDS = ("aspirations", "achievements", "challenges", "skills_to_develop", "roadblocks")
ASPIRATION_FIELDS = ("ideal_role", "responsibilities", "skills_to_use")

# Field keys, in the order a conversation is read (the same keys as cc_tui.history.Document.offsets):
#   manager_prep.<topic>, employee_prep.<topic>, shared_notes, private_notes, aspirations.<field>, summary,
#   goal:<goal-id> (title), goal_why:<goal-id>, goal_success:<goal-id>, action:<action-id>
CONVERSATION_FIELDS: tuple[str, ...] = (
    *(f"manager_prep.{t}" for t in MANAGER_PREP_FIELDS),
    *(f"employee_prep.{t}" for t in EMPLOYEE_PREP_FIELDS),
    "shared_notes",
    "private_notes",
    *(f"aspirations.{a}" for a in ASPIRATION_FIELDS),
    "summary",
)

LABELS = {
    "manager_prep.performance_history": "Prep — performance history",
    "manager_prep.strengths": "Prep — strengths",
    "manager_prep.growth_areas": "Prep — growth areas",
    "manager_prep.company_needs": "Prep — company needs",
    "manager_prep.past_feedback": "Prep — past feedback",
    "employee_prep.aspirations": "They sent — aspirations",
    "employee_prep.achievements": "They sent — achievements",
    "employee_prep.challenges": "They sent — challenges",
    "employee_prep.skills_to_develop": "They sent — skills to develop",
    "employee_prep.roadblocks": "They sent — roadblocks",
    "shared_notes": "Shared notes",
    "private_notes": "Private notes",
    "aspirations.ideal_role": "Ideal role",
    "aspirations.responsibilities": "Responsibilities",
    "aspirations.skills_to_use": "Skills to use",
    "summary": "Summary",
    "goal": "Goal",
    "goal_why": "Goal — why",
    "goal_success": "Goal — success measure",
    "action": "Action item",
}

SEPARATOR = "\x00"  # between fields; removed from queries, replaced in texts
_SEP = b"\x00"
_ENCODING = ("utf-8", "surrogatepass")  # a lone surrogate read from JSON must not make a conversation unsearchable
_QUERY_RE = re.compile(r'"([^"]*)"?|(\S+)')
_CONTROL_IN_QUERY = re.compile("[\x00-\x1f\x7f]")
SNIPPET_BEFORE = 40
SNIPPET_WIDTH = 140
_YIELD_EVERY = 64  # files read between two GIL releases while building (keeps the UI thread fluent)


def field_label(key: str) -> str:
    """A short human label for a field key ("Shared notes", "Goal — why", ...)."""
    return LABELS.get(key.split(":", 1)[0], key)


@dataclass(frozen=True)
class Hit:
    conversation_id: str
    employee_ids: tuple[str, ...]
    created_at: datetime
    field: str  # a field key (see CONVERSATION_FIELDS and the goal/action keys above)
    snippet: str  # one line, control characters removed, the matched text in its original case
    start: int  # offset of the match within that field's ORIGINAL text (for "open at the match")
    length: int = 0  # length of the match within the original text

    @property
    def label(self) -> str:
        return field_label(self.field)


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    elapsed_ms: float = 0.0


def parse_query(query: str) -> list[str]:
    """Casefolded terms, in the order typed: words split on white space; a "quoted phrase" is one term (an unclosed
    quote runs to the end). Control characters are dropped; duplicates and empty terms too."""
    terms: list[str] = []
    for m in _QUERY_RE.finditer(query):
        raw = m.group(1) if m.group(1) is not None else m.group(2)
        term = _CONTROL_IN_QUERY.sub("", raw).casefold()
        if term.strip() and term not in terms:
            terms.append(term)
    return terms


def _fold(text: str) -> str:
    return text.replace(SEPARATOR, " ").casefold()


def _blob(texts: Iterable[str]) -> bytes:
    return SEPARATOR.join(_fold(t) for t in texts).encode(*_ENCODING)


def _parse_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("no created_at")
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


_MANAGER_KEYS = tuple((f"manager_prep.{t}", t) for t in MANAGER_PREP_FIELDS)
_EMPLOYEE_KEYS = tuple((f"employee_prep.{t}", t) for t in EMPLOYEE_PREP_FIELDS)
_ASPIRATION_KEYS = tuple((f"aspirations.{a}", a) for a in ASPIRATION_FIELDS)


def _conversation_fields(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, original text) of the conversation's own non-empty fields, from its JSON document. The keys are shared
    constants (20,000 conversations x 16 fresh key strings would cost ~25 MB)."""
    out: list[tuple[str, str]] = []
    manager = doc.get("manager_prep") or {}
    employee = doc.get("employee_prep") or {}
    aspirations = doc.get("aspirations") or {}
    out.extend((key, _str(manager.get(name))) for key, name in _MANAGER_KEYS)
    out.extend((key, _str(employee.get(name))) for key, name in _EMPLOYEE_KEYS)
    out.append(("shared_notes", _str(doc.get("shared_notes"))))
    out.append(("private_notes", _str(doc.get("private_notes"))))
    out.extend((key, _str(aspirations.get(name))) for key, name in _ASPIRATION_KEYS)
    out.append(("summary", _str(doc.get("summary"))))
    return [(k, v) for k, v in out if v]


# A person's goals/action items of one conversation, packed into two objects: "key\0key..." and the UTF-8 of
# "text\0text..." (thousands of small strings kept from big parsed person files pin memory the parser freed).
_Packed = tuple[str, bytes]


def _pack(rows: list[tuple[str, str]]) -> _Packed:
    return SEPARATOR.join(k for k, _ in rows), SEPARATOR.join(t.replace(SEPARATOR, " ") for _, t in rows).encode(
        *_ENCODING
    )


def _unpack(packed: _Packed) -> list[tuple[str, str]]:
    keys, texts = packed
    return list(zip(keys.split(SEPARATOR), texts.decode(*_ENCODING).split(SEPARATOR)))


def _item_fields(goals: Iterable[dict[str, Any]], actions: Iterable[dict[str, Any]]) -> dict[str, _Packed]:
    """conversation id -> the goals created in it (title, why, success measure) and its action items, packed."""
    out: dict[str, list[tuple[str, str]]] = {}
    for g in goals:
        cid, gid = g.get("conversation_id"), g.get("id")
        if not isinstance(cid, str) or not isinstance(gid, str):
            continue
        rows = out.setdefault(cid, [])
        for prefix, name in (("goal", "title"), ("goal_why", "why"), ("goal_success", "success_measure")):
            text = _str(g.get(name))
            if text:
                rows.append((f"{prefix}:{gid}", text))
    for a in actions:
        cid, aid, text = a.get("conversation_id"), a.get("id"), _str(a.get("text"))
        if isinstance(cid, str) and isinstance(aid, str) and text:
            out.setdefault(cid, []).append((f"action:{aid}", text))
    return {cid: _pack(rows) for cid, rows in out.items() if rows}


def _conversation_doc(data: Any) -> dict[str, Any]:
    """The conversation document inside a conversation file's TinyDB JSON."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    table = data.get("conversation")
    if not isinstance(table, dict) or not table:
        raise ValueError("no conversation in it")
    doc = table.get("1") or next(iter(table.values()))
    if not isinstance(doc, dict):
        raise ValueError("no conversation in it")
    return doc


def _original_to_folded(text: str) -> list[int]:
    """For each index i of ``text`` (and len), the index in ``text.casefold()`` where character i starts."""
    pos = [0]
    acc = 0
    for ch in text:
        acc += len(ch.casefold())
        pos.append(acc)
    return pos


def locate(original: str, term: str) -> tuple[int, int] | None:
    """(start, length) in ``original`` of the first case-insensitive occurrence of ``term`` (already casefolded)."""
    folded = _fold(original)
    at = folded.find(term)
    if at == -1:
        return None
    if len(folded) == len(original):  # the usual case: casefolding kept every length
        return at, len(term)
    table = _original_to_folded(original)
    start = bisect.bisect_right(table, at) - 1  # the character whose folding contains the match start
    end = bisect.bisect_left(table, at + len(term))  # first character starting at or after the match end
    return start, max(1, end - start)


def snippet(original: str, start: int, length: int) -> str:
    """One line around ``original[start:start+length]``, control characters removed, '…' where cut."""
    lo = max(0, start - SNIPPET_BEFORE)
    if lo:
        space = original.find(" ", lo, start)  # begin at a word when one starts close enough
        if space != -1 and space < start:
            lo = space + 1
    hi = min(len(original), max(start + length, lo + SNIPPET_WIDTH))
    piece = original[lo:hi]
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(original) else ""
    flat = one_line(piece, limit=max(SNIPPET_WIDTH, len(piece) + 1))
    return head + flat + tail


class SearchIndex:
    """An in-memory, case-insensitive substring index over every conversation (see the module docstring)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.problems: list[str] = []
        self.incremental = True  # refine the previous result while a query is being typed
        self._lock = threading.RLock()
        self._ids: list[str] = []
        self._slot: dict[str, int] = {}
        self._blobs: list[bytes] = []
        self._conv_keys: list[tuple[str, ...]] = []  # per slot: keys of its own fields (then its items' keys)
        self._conv_len: list[int] = []  # per slot: bytes of its own fields in the blob
        self._people: list[tuple[str, ...]] = []
        self._created: list[datetime] = []
        self._order: list[tuple[float, str]] = []  # newest-first sort key
        # goals and action items, by the conversation they belong to and by person: {conv: {person: [(key, text)]}}
        self._items: dict[str, dict[str, _Packed]] = {}
        self._person_convs: dict[str, set[str]] = {}
        # original text of conversations updated in this session (their files may lag behind the save)
        self._fresh: dict[str, dict[str, str]] = {}
        self._generation = 0
        self._last: tuple[int, tuple[str, ...], list[int]] | None = None

    # ------------------------------------------------------------------ building

    @classmethod
    def build(cls, folder: Path | str, *, progress: Callable[[int, int], None] | None = None) -> SearchIndex:
        """Read every conversation and person file under ``folder``. Damaged files are skipped and listed in
        ``problems``. Touches nothing shared: safe to call from a worker thread."""
        folder = Path(folder)
        index = cls(folder)
        people_files = sorted((folder / "people").glob("*.json"))
        for path in people_files:
            try:
                data = json.loads(path.read_bytes())
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
                goals = [d for d in (data.get("goals") or {}).values() if isinstance(d, dict)]
                actions = [d for d in (data.get("actions") or {}).values() if isinstance(d, dict)]
            except (OSError, ValueError, AttributeError) as exc:
                index.problems.append(f"{path}: {_reason(exc)}")
                continue
            index._attach(path.stem, _item_fields(goals, actions))
        files = sorted((folder / "conversations").glob("*.json"))
        for n, path in enumerate(files):
            if n % _YIELD_EVERY == 0:
                time.sleep(0)  # let the UI thread run
                if progress is not None:
                    progress(n, len(files))
            try:
                doc = _conversation_doc(json.loads(path.read_bytes()))
                cid = doc.get("id")
                if cid != path.stem:
                    raise ValueError("its id does not match its file name")
                people = doc.get("employee_ids")
                if not isinstance(people, list) or not all(isinstance(p, str) for p in people):
                    raise ValueError("no list of people")
                created = _parse_time(doc.get("created_at"))
                fields = _conversation_fields(doc)
            except (OSError, ValueError, TypeError, AttributeError, StopIteration) as exc:
                index.problems.append(f"{path}: {_reason(exc)}")
                continue
            index._put(cid, tuple(people), created, fields)
        if progress is not None:
            progress(len(files), len(files))
        return index

    def _attach(self, employee_id: str, by_conv: dict[str, _Packed]) -> set[str]:
        """Replace this person's goals/actions; returns the conversations whose items changed."""
        old = self._person_convs.pop(employee_id, set())
        for cid in old:
            rows = self._items.get(cid)
            if rows is not None:
                rows.pop(employee_id, None)
                if not rows:
                    del self._items[cid]
        for cid, rows in by_conv.items():
            self._items.setdefault(cid, {})[employee_id] = rows
        if by_conv:
            self._person_convs[employee_id] = set(by_conv)
        return old | set(by_conv)

    def _item_rows(self, cid: str) -> list[tuple[str, str]]:
        return [row for packed in self._items.get(cid, {}).values() for row in _unpack(packed)]

    def _put(self, cid: str, people: tuple[str, ...], created: datetime, fields: list[tuple[str, str]]) -> None:
        own = _blob(text for _, text in fields)
        items = self._item_rows(cid)
        blob = own + _SEP + _blob(text for _, text in items) if items else own
        slot = self._slot.get(cid)
        if slot is None:
            slot = len(self._ids)
            self._slot[cid] = slot
            self._ids.append(cid)
            self._blobs.append(blob)
            self._conv_keys.append(tuple(k for k, _ in fields))
            self._conv_len.append(len(own))
            self._people.append(people)
            self._created.append(created)
            self._order.append((created.timestamp(), cid))
        else:
            self._blobs[slot] = blob
            self._conv_keys[slot] = tuple(k for k, _ in fields)
            self._conv_len[slot] = len(own)
            self._people[slot] = people
            self._created[slot] = created
            self._order[slot] = (created.timestamp(), cid)

    def _reattach_items(self, cid: str) -> None:
        slot = self._slot.get(cid)
        if slot is None:
            return  # the conversation is not indexed (yet): its items wait in self._items
        own = self._blobs[slot][: self._conv_len[slot]]
        items = self._item_rows(cid)
        self._blobs[slot] = own + _SEP + _blob(text for _, text in items) if items else own

    # ------------------------------------------------------------------ live updates

    def update_conversation(self, conversation: Conversation) -> None:
        """Index (or re-index) a conversation as it is now: new text findable, removed text no longer."""
        doc = conversation.model_dump(mode="json")
        fields = _conversation_fields(doc)
        with self._lock:
            self._put(conversation.id, tuple(conversation.employee_ids), conversation.created_at, fields)
            self._fresh[conversation.id] = dict(fields)
            self._generation += 1

    def update_person(self, employee_id: str, goals: list[Goal], actions: list[ActionItem]) -> None:
        """Replace everything indexed about this person's goals and action items."""
        by_conv = _item_fields(
            ({"id": g.id, "conversation_id": g.conversation_id, "title": g.title, "why": g.why,
              "success_measure": g.success_measure} for g in goals),
            ({"id": a.id, "conversation_id": a.conversation_id, "text": a.text} for a in actions),
        )
        with self._lock:
            for cid in self._attach(employee_id, by_conv):
                self._reattach_items(cid)
            self._generation += 1

    def __len__(self) -> int:
        return len(self._ids)

    # ------------------------------------------------------------------ searching

    def search(self, query: str, limit: int = 50) -> Results:
        """Conversations holding every term (case-insensitive), newest first, at most ``limit`` hits; ``total``
        counts them all."""
        t0 = time.perf_counter()
        terms = parse_query(query)
        if not terms:
            return Results([], 0, (time.perf_counter() - t0) * 1000)
        # a term inside another term adds nothing to an AND
        terms = [t for t in terms if not any(t != o and t in o for o in terms)]
        needles = sorted({t.encode(*_ENCODING) for t in terms}, key=len, reverse=True)
        with self._lock:
            blobs = self._blobs
            key = tuple(terms)
            cand: list[int] | None = None
            last = self._last
            if (
                self.incremental
                and last is not None
                and last[0] == self._generation
                and all(any(o in t for t in terms) for o in last[1])
            ):
                cand = last[2]
            first = needles[0]
            if cand is None:
                matches = [i for i, b in enumerate(blobs) if first in b]
            else:
                matches = [i for i in cand if first in blobs[i]]
            for needle in needles[1:]:
                if not matches:
                    break
                matches = [i for i in matches if needle in blobs[i]]
            self._last = (self._generation, key, matches)
            order = self._order
            top = heapq.nlargest(max(limit, 0), matches, key=order.__getitem__)
            hits = [self._hit(slot, terms) for slot in top]
        return Results(hits, len(matches), (time.perf_counter() - t0) * 1000)

    def _hit(self, slot: int, terms: list[str]) -> Hit:
        """The first query term's first occurrence in this conversation, located in the original text."""
        blob = self._blobs[slot]
        cid = self._ids[slot]
        at, term = -1, terms[0]
        for term in terms:
            at = blob.find(term.encode(*_ENCODING))
            if at != -1:
                break
        if at == -1:  # cannot happen for a matching conversation; stay total anyway
            at, term = 0, ""
        k = blob.count(_SEP, 0, at)
        keys = self._conv_keys[slot]
        if k < len(keys):
            key = keys[k]
            original = self._original(cid, key)
        else:
            items = self._item_rows(cid)
            key, original = items[k - len(keys)] if k - len(keys) < len(items) else ("", "")
        found = locate(original, term) if original and term else None
        if found is None:  # the file changed behind our back: show the indexed (casefolded) text
            base = blob.rfind(_SEP, 0, at) + 1
            end = blob.find(_SEP, at)
            original = blob[base: end if end != -1 else len(blob)].decode(*_ENCODING)
            found = (len(blob[base:at].decode("utf-8", "replace")), len(term))
        start, length = found
        return Hit(cid, self._people[slot], self._created[slot], key, snippet(original, start, length), start, length)

    def _original(self, cid: str, key: str) -> str:
        fresh = self._fresh.get(cid)
        if fresh is not None:
            return fresh.get(key, "")
        if self.folder is None:
            return ""
        try:
            doc = _conversation_doc(json.loads((self.folder / "conversations" / f"{cid}.json").read_bytes()))
        except (OSError, ValueError, StopIteration):
            return ""
        return dict(_conversation_fields(doc)).get(key, "")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON at line {exc.lineno}"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__
