"""Full-text search over every conversation: an in-memory word index, plain logic (no Textual).

What is searched, per conversation: the manager's prep (five topics), the employee's prep (five topics), shared and
private notes, aspirations (three fields), the goals created in it (title, why, success measure), its action items'
text, and the summary.

Matching rule: text and query are casefolded and cut into tokens: a word is a run of letters/digits (any script, plus
combining marks); every other non-space character (punctuation, symbols, emoji) is a one-character token. A query
term that is ONE token matches a conversation holding a word that STARTS with it ("budg" finds "budget"; "udget"
finds nothing: no mid-word matches). Every term must occur in the same conversation (AND). A term of several tokens
-- a "quoted phrase", or an unquoted term with punctuation such as "on-call" -- must occur as written, starting at a
word start, inside one field: its tokens select candidates, then the candidates' text is checked, newest first, until
``limit`` hits (or ~50 ms); when not every candidate was checked, ``total`` is the candidate count (an upper bound)
and ``Results.approximate`` is True. Results are newest first.

How (measured with ``benchmarks/search_bench.py`` on 20,000 conversations):

* a vocabulary (word -> id, plus the words sorted, so a prefix is a ``bisect`` range); per word its postings: an
  ``array('I')`` of conversation numbers, or a bitmap (a Python int, bit = conversation number) once that is smaller
  (a word in more than 1/32 of the conversations). A term is the OR of its prefix range (cached for wide ranges);
  terms are ANDed as ints. Conversation numbers are given in time order at build, so the highest bits are the newest;
* per conversation only its id, people, creation time and the sorted (2-byte) ids of its own words, to remove them
  when it is updated -- NOT its text. For the <= ``limit`` hits shown, the fields are re-read from the conversation's
  file (or taken from the last ``update_conversation``) and the match is located in them (``locate`` maps casefolded
  offsets back to original ones). Goal and action-item text is kept in memory (it lives in big person files).

Thread safety: ``build`` runs in a worker thread and returns a new index; afterwards ``search`` (UI thread) and the
``update_*`` methods (saver thread) take one lock, so a search never sees half an update.
"""

from __future__ import annotations

import bisect
import itertools
import json
import threading
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from .models import ActionItem, Conversation, Goal
from .search_text import (  # noqa: F401 - the text rules are part of the search API
    _ASPIRATION_KEYS,
    _BIT_POSITIONS,
    _CHUNK_CACHE_SIZE,
    _EMPLOYEE_KEYS,
    _ENCODING,
    _MANAGER_KEYS,
    _MARKS,
    _MAX_CHAR,
    _NOT_AFTER_WORD,
    _PREFIX_CACHE_MIN,
    _PREFIX_CACHE_SIZE,
    _QUERY_RE,
    _TOKEN_RE,
    _VERIFY_BUDGET_S,
    _WORD_CHAR,
    _YIELD_EVERY,
    ASPIRATION_FIELDS,
    CONVERSATION_FIELDS,
    EMPLOYEE_PREP_FIELDS,
    LABELS,
    MANAGER_PREP_FIELDS,
    SEPARATOR,
    SNIPPET_BEFORE,
    SNIPPET_WIDTH,
    Hit,
    Results,
    _bitmap,
    _bits_of,
    _conversation_doc,
    _conversation_fields,
    _find,
    _fold,
    _item_fields,
    _original_to_folded,
    _pack,
    _pack_ids,
    _Packed,
    _parse_time,
    _str,
    _tokens,
    _unpack,
    _word_start_re,
    field_label,
    locate,
    parse_query,
    snippet,
)


class _Chunks(dict):  # type: ignore[type-arg]
    """White-space-separated chunk -> the ids of its tokens (adding new words to the vocabulary): most chunks repeat,
    so each is tokenized once."""

    def __init__(self, index: SearchIndex) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, chunk: str) -> tuple[int, ...]:
        word_id = self.index._word_id
        ids = tuple(word_id(t) for t in _TOKEN_RE.findall(chunk))
        if len(self) >= _CHUNK_CACHE_SIZE:
            self.clear()
        self[chunk] = ids
        return ids


class SearchIndex:
    """An in-memory, case-insensitive word index over every conversation (see the module docstring)."""

    def __init__(self, folder: Path | None = None, cipher: Any = None) -> None:
        self.folder = folder
        self.cipher = cipher  # an encrypted folder's (store/crypto.py): files are opened with it, in memory only
        self.problems: list[str] = []
        self.incremental = True  # kept for callers; the word index needs no refining shortcut
        self._lock = threading.RLock()
        # per conversation ("slot"): id, people, creation time, newest-first sort key, its own fields' word ids
        self._ids: list[str] = []
        self._slot: dict[str, int] = {}
        self._people: list[tuple[str, ...]] = []
        self._created: list[datetime] = []
        self._order: list[tuple[float, str]] = []
        self._words: list[array] = []
        self._chrono = True  # slot order is newest-last (set bits read from the top are newest first)
        # vocabulary: word -> id; sorted words (prefix ranges); per word id its postings: an array('I') of slots, or
        # an int bitmap (bit = slot) once that is smaller (a word in more than 1/32 of the conversations)
        self._vocab: dict[str, int] = {}
        self._sorted: list[str] = []
        self._postings: list[array | int] = []
        self._chunks = _Chunks(self)
        self._prefix_cache: dict[str, int] = {}
        # goals and action items, by the conversation they belong to and by person: {conv: {person: [(key, text)]}}
        self._items: dict[str, dict[str, _Packed]] = {}
        self._person_convs: dict[str, set[str]] = {}
        # original text of conversations updated in this session (their files may lag behind the save)
        self._fresh: dict[str, dict[str, str]] = {}
        self._strings: dict[str, str] = {}  # one shared object per employee id
        self._generation = 0

    # ------------------------------------------------------------------ words

    def _word_id(self, word: str) -> int:
        wid = self._vocab.get(word)
        if wid is None:
            wid = self._vocab[word] = len(self._postings)
            self._postings.append(array("I"))
            if self._sorted and word < self._sorted[-1]:
                bisect.insort(self._sorted, word)
            else:
                self._sorted.append(word)
        return wid

    def _ids_of(self, texts: Iterable[str]) -> set[int]:
        chunks = set(_fold(" ".join(texts)).split())
        return set(itertools.chain.from_iterable(map(self._chunks.__getitem__, chunks)))

    def _item_ids(self, cid: str) -> set[int]:
        return self._ids_of(text for _, text in self._item_rows(cid))

    def _nbytes(self) -> int:
        return len(self._ids) // 8 + 1

    def _add_posting(self, wid: int, slot: int) -> None:
        post = self._postings[wid]
        if isinstance(post, int):
            self._postings[wid] = post | (1 << slot)
            return
        post.append(slot)
        if len(post) * 4 > self._nbytes() + 64:
            self._postings[wid] = _bitmap(post, self._nbytes())

    def _remove_posting(self, wid: int, slot: int) -> None:
        post = self._postings[wid]
        if isinstance(post, int):
            self._postings[wid] = post & ~(1 << slot)
        else:
            try:
                post.remove(slot)
            except ValueError:
                pass

    # ------------------------------------------------------------------ building

    @classmethod
    def build(cls, folder: Path | str, *, progress: Callable[[int, int], None] | None = None,
              cipher: Any = None) -> SearchIndex:
        """Read every conversation and person file under ``folder`` (``cipher``: an encrypted folder's). Damaged
        files (and, encrypted, files that do not open) are skipped and listed in ``problems``. Touches nothing
        shared: safe to call from a worker thread."""
        folder = Path(folder)
        index = cls(folder, cipher)
        people_files = sorted((folder / "people").glob("*.json"))
        for path in people_files:
            try:
                data = json.loads(index._read_file(path))
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
                goals = [d for d in (data.get("goals") or {}).values() if isinstance(d, dict)]
                actions = [d for d in (data.get("actions") or {}).values() if isinstance(d, dict)]
            except (OSError, ValueError, AttributeError) as exc:
                index.problems.append(f"{path}: {_reason(exc)}")
                continue
            index._attach(path.stem, _item_fields(goals, actions))
        files = sorted((folder / "conversations").glob("*.json"))
        read: list[tuple[tuple[float, str], tuple[str, ...], datetime, array, array]] = []
        df: Counter[int] = Counter()  # conversations per word id
        seen: set[str] = set()
        for n, path in enumerate(files):
            if n % _YIELD_EVERY == 0:
                time.sleep(0)  # let the UI thread run
                if progress is not None:
                    progress(n, len(files))
            try:
                doc = _conversation_doc(json.loads(index._read_file(path)))
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
            if cid in seen:
                continue
            seen.add(cid)
            own = index._ids_of(text for _, text in fields)
            words = _pack_ids(own)
            if cid in index._items:
                own |= index._item_ids(cid)
                combined = _pack_ids(own)
            else:
                combined = words
            del own
            df.update(combined)
            read.append(((created.timestamp(), cid), index._share(people), created, words, combined))
        # slots in time order: the newest conversations are the highest bits of every bitmap
        read.sort(key=lambda row: row[0])
        nbytes = len(read) // 8 + 1
        common = {wid for wid, n in df.items() if n * 4 > nbytes + 64}
        bitmaps = {wid: bytearray(nbytes) for wid in common}
        loose: dict[int, array] = {}
        for slot, ((ts, cid), people_t, created, words, ids) in enumerate(read):
            if slot % (_YIELD_EVERY * 16) == 0:
                time.sleep(0)
            index._slot[cid] = slot
            index._ids.append(cid)
            index._people.append(people_t)
            index._created.append(created)
            index._order.append((ts, cid))
            index._words.append(words)
            at, bit = slot >> 3, 1 << (slot & 7)
            for wid in ids:
                data = bitmaps.get(wid)
                if data is not None:
                    data[at] |= bit
                else:
                    loose.setdefault(wid, array("I")).append(slot)
        del read
        for wid, data in bitmaps.items():
            index._postings[wid] = int.from_bytes(data, "little")
        for wid, post in loose.items():
            index._postings[wid] = post
        index._chunks.clear()
        if progress is not None:
            progress(len(files), len(files))
        return index

    # ------------------------------------------------------------------ moving a built index between processes

    # what a built index is made of (everything else is a cache or a lock, rebuilt empty)
    _STATE = ("problems", "_ids", "_slot", "_people", "_created", "_order", "_words", "_chrono", "_vocab", "_sorted",
              "_postings", "_items", "_person_convs")
    _PIECE = 2000  # entries of a list or dict per pickled piece

    def to_pieces(self) -> Iterator[bytes]:
        """The built index as pickled pieces (lists and dicts cut into ``_PIECE`` entries), for
        :meth:`from_pieces` in another process. Each piece unpickles in a few ms, so the process that receives them
        never holds the GIL for long (the UI thread keeps drawing)."""
        import pickle

        for name in self._STATE:
            value = getattr(self, name)
            if isinstance(value, dict):
                items = list(value.items())
                chunks = [items[i:i + self._PIECE] for i in range(0, len(items), self._PIECE)] or [[]]
                for k, chunk in enumerate(chunks):
                    yield pickle.dumps((name, "dict", k == 0, chunk), protocol=pickle.HIGHEST_PROTOCOL)
            elif isinstance(value, list):
                chunks = [value[i:i + self._PIECE] for i in range(0, len(value), self._PIECE)] or [[]]
                for k, chunk in enumerate(chunks):
                    yield pickle.dumps((name, "list", k == 0, chunk), protocol=pickle.HIGHEST_PROTOCOL)
            else:
                yield pickle.dumps((name, "value", True, value), protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_pieces(cls, folder: Path | str, pieces: Iterable[bytes], cipher: Any = None) -> SearchIndex:
        """The index that :meth:`to_pieces` wrote (pieces from our own child process, never from a file)."""
        import pickle

        index = cls(Path(folder), cipher)
        for n, blob in enumerate(pieces):
            name, kind, first, value = pickle.loads(blob)
            if name not in cls._STATE:
                raise ValueError(f"unknown part {name!r}")
            if kind == "dict":
                if first:
                    setattr(index, name, {})
                getattr(index, name).update(value)
            elif kind == "list":
                if first:
                    setattr(index, name, [])
                getattr(index, name).extend(value)
            else:
                setattr(index, name, value)
            if n % 4 == 3:
                time.sleep(0)  # let the UI thread run between pieces
        index._people = [index._share(p) for p in index._people]
        if len(index._ids) != len(index._slot) or len(index._postings) != len(index._vocab):
            raise ValueError("an incomplete index")
        return index

    def _share(self, people: Iterable[str]) -> tuple[str, ...]:
        return tuple(self._strings.setdefault(p, p) for p in people)

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

    def _reindex(self, slot: int, old: set[int], new: set[int]) -> None:
        for wid in old - new:
            self._remove_posting(wid, slot)
        for wid in new - old:
            self._add_posting(wid, slot)
        self._prefix_cache.clear()

    def _put(self, cid: str, people: tuple[str, ...], created: datetime, fields: list[tuple[str, str]]) -> None:
        own = self._ids_of(text for _, text in fields)
        items = self._item_ids(cid)
        order = (created.timestamp(), cid)
        slot = self._slot.get(cid)
        if slot is None:
            slot = len(self._ids)
            if self._order and order < self._order[-1]:
                self._chrono = False
            self._slot[cid] = slot
            self._ids.append(cid)
            self._people.append(self._share(people))
            self._created.append(created)
            self._order.append(order)
            self._words.append(_pack_ids(own))
            self._reindex(slot, set(), own | items)
            return
        if order != self._order[slot] and not (
            (slot == 0 or self._order[slot - 1] < order)
            and (slot == len(self._order) - 1 or order < self._order[slot + 1])
        ):
            self._chrono = False
        old = set(self._words[slot]) | items
        self._people[slot] = self._share(people)
        self._created[slot] = created
        self._order[slot] = order
        self._words[slot] = _pack_ids(own)
        self._reindex(slot, old, own | items)

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
            touched = self._person_convs.get(employee_id, set()) | set(by_conv)
            before = {cid: self._item_ids(cid) for cid in touched if cid in self._slot}
            self._attach(employee_id, by_conv)
            for cid, old_items in before.items():
                slot = self._slot[cid]
                own = set(self._words[slot])
                self._reindex(slot, own | old_items, own | self._item_ids(cid))
            self._generation += 1

    def forget_conversation(self, cid: str) -> None:
        """A conversation that is gone (erased, purged): no search finds it any more. Its slot stays (slots are bit
        positions), with no word and no one in it."""
        with self._lock:
            self._fresh.pop(cid, None)
            slot = self._slot.get(cid)
            old = (set(self._words[slot]) | self._item_ids(cid)) if slot is not None else set()
            self._items.pop(cid, None)
            for convs in self._person_convs.values():
                convs.discard(cid)
            if slot is not None:
                self._reindex(slot, old, set())
                self._words[slot] = _pack_ids(set())
                self._people[slot] = ()
            self._generation += 1

    def __len__(self) -> int:
        return len(self._ids)

    # ------------------------------------------------------------------ searching

    def _prefix_bits(self, token: str) -> int:
        """Bitmap of the conversations holding a word that starts with ``token``."""
        cached = self._prefix_cache.get(token)
        if cached is not None:
            return cached
        words = self._sorted
        lo = bisect.bisect_left(words, token)
        hi = bisect.bisect_left(words, token + _MAX_CHAR, lo)
        acc = 0
        loose: list[array] = []
        vocab, postings = self._vocab, self._postings
        for word in itertools.islice(words, lo, hi):
            post = postings[vocab[word]]
            if isinstance(post, int):
                acc |= post
            elif post:
                loose.append(post)
        if loose:
            acc |= _bitmap(itertools.chain.from_iterable(loose), self._nbytes())
        if hi - lo >= _PREFIX_CACHE_MIN:
            if len(self._prefix_cache) >= _PREFIX_CACHE_SIZE:
                self._prefix_cache.clear()
            self._prefix_cache[token] = acc
        return acc

    def _newest_first(self, bitmap: int) -> Iterator[int]:
        if self._chrono:
            while bitmap:
                top = bitmap.bit_length() - 1
                yield top
                bitmap ^= 1 << top
        else:
            yield from sorted(_bits_of(bitmap), key=self._order.__getitem__, reverse=True)

    def search(self, query: str, limit: int = 50) -> Results:
        """Conversations holding every term (each a prefix of a word; a phrase as written), newest first, at most
        ``limit`` hits; ``total`` counts them all (or, with ``approximate``, the candidates of a phrase query)."""
        t0 = time.perf_counter()
        terms = parse_query(query)
        if not terms:
            return Results([], 0, (time.perf_counter() - t0) * 1000)
        limit = max(limit, 0)
        tokens = {term: _tokens(term) for term in terms}
        # a term that is one token is answered by the index alone; any other must be checked in the text
        phrases = [t for t in terms if tokens[t] != [t]]
        with self._lock:
            parts = sorted({tok for toks in tokens.values() for tok in toks}, key=len, reverse=True)
            bits = -1
            for tok in parts:  # the longest (rarest, usually) first: an empty AND stops early
                bits &= self._prefix_bits(tok)
                if not bits:
                    break
            if bits <= 0:
                return Results([], 0, (time.perf_counter() - t0) * 1000)
            if not phrases:
                hits = [self._hit(slot, terms) for slot in itertools.islice(self._newest_first(bits), limit)]
                return Results(hits, bits.bit_count(), (time.perf_counter() - t0) * 1000)
            hits = []
            checked = 0
            complete = True
            deadline = t0 + _VERIFY_BUDGET_S
            for slot in self._newest_first(bits):
                if len(hits) >= limit or time.perf_counter() > deadline:
                    complete = False
                    break
                checked += 1
                hit = self._verified_hit(slot, terms, phrases)
                if hit is not None:
                    hits.append(hit)
            if complete:
                return Results(hits, len(hits), (time.perf_counter() - t0) * 1000)
            return Results(hits, bits.bit_count(), (time.perf_counter() - t0) * 1000, approximate=True)

    def _read_file(self, path: Path) -> bytes:
        """A data file's bytes (opened with the cipher when the folder is encrypted; a file that does not open
        raises ValueError, like a damaged one)."""
        raw = path.read_bytes()
        return raw if self.cipher is None else self.cipher.open(path, raw)  # type: ignore[no-any-return]

    def _fields(self, cid: str) -> list[tuple[str, str]] | None:
        """(key, original text) of every searchable field of a conversation, own fields first; None when its file
        cannot be read."""
        fresh = self._fresh.get(cid)
        if fresh is not None:
            own = list(fresh.items())
        elif self.folder is None:
            own = []
        else:
            try:
                own = _conversation_fields(
                    _conversation_doc(json.loads(self._read_file(self.folder / "conversations" / f"{cid}.json")))
                )
            except (OSError, ValueError, TypeError, AttributeError, StopIteration):
                return None
        return own + self._item_rows(cid)

    def _raw_has(self, cid: str, phrases: list[str]) -> bool:
        """A quick "no" for a phrase query: the conversation's file (with no JSON escapes that could hide a match)
        does not contain every phrase. True when unsure."""
        if self.folder is None or cid in self._fresh or self._items.get(cid):
            return True
        simple = [p for p in phrases if p.isascii() and '"' not in p and "\\" not in p]
        if not simple:
            return True
        try:
            raw = self._read_file(self.folder / "conversations" / f"{cid}.json")
        except (OSError, ValueError):
            return True
        if b"\\u" in raw:
            return True
        text = raw.decode("utf-8", "replace").casefold()
        return all(p in text for p in simple)

    def _verified_hit(self, slot: int, terms: list[str], phrases: list[str]) -> Hit | None:
        cid = self._ids[slot]
        if not self._raw_has(cid, phrases):
            return None
        fields = self._fields(cid)
        if fields is None:
            return None
        folded = [_fold(text) for _, text in fields]
        for phrase in phrases:
            if not any(_find(f, phrase, True) != -1 for f in folded):
                return None
        return self._make_hit(slot, terms, fields)

    def _hit(self, slot: int, terms: list[str]) -> Hit:
        return self._make_hit(slot, terms, self._fields(self._ids[slot]) or [])

    def _make_hit(self, slot: int, terms: list[str], fields: list[tuple[str, str]]) -> Hit:
        """The first query term's first occurrence in this conversation, located in the original text."""
        cid = self._ids[slot]
        for term in terms:
            for key, original in fields:
                found = locate(original, term, word_start=True)
                if found is not None:
                    start, length = found
                    return Hit(cid, self._people[slot], self._created[slot], key, snippet(original, start, length),
                               start, length)
        # the file changed behind our back (or cannot be read): show its beginning
        key, original = fields[0] if fields else ("", "")
        return Hit(cid, self._people[slot], self._created[slot], key, snippet(original, 0, 0) if original else "", 0, 0)

    def stats(self) -> dict[str, int]:
        """Sizes, for benchmarks: conversations, words, words kept as bitmaps, postings in arrays."""
        with self._lock:
            bitmaps = sum(1 for p in self._postings if isinstance(p, int))
            return {
                "conversations": len(self._ids),
                "words": len(self._vocab),
                "bitmap_words": bitmaps,
                "array_postings": sum(len(p) for p in self._postings if not isinstance(p, int)),
                "conversation_word_ids": sum(len(w) for w in self._words),
            }


def _reason(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON at line {exc.lineno}"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__

