"""Search text rules, no index: which fields of a conversation are searched and how they are called, how text and
queries are folded and cut into tokens, where a term is in the original text, and the snippet shown around it.
``cc_tui.search`` builds its word index on these; the search screen and the palette show ``Hit``/``Results``.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .text import drop_c0_controls, one_line

MANAGER_PREP_FIELDS = ("performance_history", "strengths", "growth_areas", "company_needs", "past_feedback")
EMPLOYEE_PREP_FIELDS = ("aspirations", "achievements", "challenges", "skills_to_develop", "roadblocks")
ASPIRATION_FIELDS = ("ideal_role", "responsibilities", "skills_to_use")

# Field keys, in the order a conversation is read (the same keys as cc_tui.history.Document.offsets):
#   manager_prep.<topic>, employee_prep.<topic>, shared_notes, private_notes, aspirations.<field>, summary,
#   goal:<goal-id> (title), goal_why:<goal-id>, goal_success:<goal-id>, action:<action-id>,
#   status_note:<action-id> (a note on last time's item, in the conversation it was written in),
#   goal_reason:<goal-id> (why a goal's status changed, in the conversation it changed in)
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
    "status_note": "Status note",
    "goal_reason": "Goal status — why",
}

SEPARATOR = "\x00"  # between fields; removed from queries, replaced in texts
_ENCODING = ("utf-8", "surrogatepass")  # a lone surrogate read from JSON must not make a conversation unsearchable
_QUERY_RE = re.compile(r'"([^"]*)"?|(\S+)')
SNIPPET_BEFORE = 40
SNIPPET_WIDTH = 140
# A word: a run of letters/digits (any script; ``str.isalnum``, so not "_") and combining marks (the casefolded 'İ' is
# 'i' + U+0307). Every other non-space character (punctuation, symbols, emoji, "_") is a one-character token.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_TOKEN_RE = re.compile(f"(?:[^\\W_]|[{_MARKS}])+|\\S")
_WORD_CHAR = re.compile(f"[^\\W_]|[{_MARKS}]")
_NOT_AFTER_WORD = f"(?<![^\\W_])(?<![{_MARKS}])"
_MAX_CHAR = "\U0010ffff"
_VERIFY_BUDGET_S = 0.05  # phrase verification stops after this long (then ``Results.approximate``)
_PREFIX_CACHE_MIN = 8  # cache the union of a prefix spanning at least this many words
_PREFIX_CACHE_SIZE = 512
_CHUNK_CACHE_SIZE = 200_000  # distinct white-space-separated chunks remembered while building
_YIELD_EVERY = 64  # files read between two GIL releases while building (keeps the UI thread fluent)


def _word_start_re(term: str) -> re.Pattern[str]:
    return re.compile(_NOT_AFTER_WORD + re.escape(term))  # re caches compiled patterns


def _tokens(folded: str) -> list[str]:
    """The distinct tokens of casefolded text, in order."""
    return list(dict.fromkeys(_TOKEN_RE.findall(folded)))


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
    # True when ``total`` counts candidates not all checked: a phrase query stopped verifying once ``limit`` hits
    # (or its time budget) were reached, so ``total`` is an upper bound
    approximate: bool = False


def parse_query(query: str) -> list[str]:
    """Casefolded terms, in the order typed: words split on white space; a "quoted phrase" is one term (an unclosed
    quote runs to the end). Control characters are dropped; duplicates and empty terms too."""
    terms: list[str] = []
    for m in _QUERY_RE.finditer(query):
        raw = m.group(1) if m.group(1) is not None else m.group(2)
        term = drop_c0_controls(raw).casefold()
        if term.strip() and term not in terms:
            terms.append(term)
    return terms


def _fold(text: str) -> str:
    return text.replace(SEPARATOR, " ").casefold()


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
    for update in doc.get("status_updates") or []:
        # goals' reasons are indexed from the goal's history (goal_reason), once
        if isinstance(update, dict) and update.get("kind") == "action" and isinstance(update.get("item_id"), str):
            out.append((f"status_note:{update['item_id']}", _str(update.get("note"))))
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
        for change in g.get("history") or []:
            where, reason = (change.get("conversation_id"), _str(change.get("reason"))) if isinstance(change, dict) \
                else (None, "")
            if isinstance(where, str) and reason:
                out.setdefault(where, []).append((f"goal_reason:{gid}", reason))
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


def _find(folded: str, term: str, word_start: bool) -> int:
    """Index of the first occurrence of ``term`` in ``folded``; with ``word_start``, the first one where a word (or a
    symbol) starts, i.e. not in the middle of a word (the rule the word index follows)."""
    if not word_start or not _WORD_CHAR.match(term):
        return folded.find(term)
    m = _word_start_re(term).search(folded)
    return m.start() if m else -1


def locate(original: str, term: str, *, word_start: bool = False) -> tuple[int, int] | None:
    """(start, length) in ``original`` of the first case-insensitive occurrence of ``term`` (already casefolded);
    with ``word_start``, of the first one that does not begin in the middle of a word."""
    folded = _fold(original)
    at = _find(folded, term, word_start)
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


_BIT_POSITIONS = tuple(tuple(i for i in range(8) if byte >> i & 1) for byte in range(256))


def _bits_of(bitmap: int) -> list[int]:
    """The set bits of a bitmap, ascending."""
    out: list[int] = []
    data = bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")
    for n, byte in enumerate(data):
        if byte:
            base = n << 3
            out.extend(base + i for i in _BIT_POSITIONS[byte])
    return out


def _bitmap(slots: Iterable[int], nbytes: int) -> int:
    data = bytearray(nbytes)
    for s in slots:
        data[s >> 3] |= 1 << (s & 7)
    return int.from_bytes(data, "little")


def _pack_ids(ids: Iterable[int]) -> array:
    """A conversation's word ids, sorted, as compact as they fit (2 bytes each while the vocabulary is < 65,536)."""
    ordered = sorted(ids)
    return array("H" if not ordered or ordered[-1] < 0x10000 else "I", ordered)
