"""The search index as a service: built once in the background, kept current by the store's saves.

``build()`` blocks (the app runs it in a worker thread): the index is built in a child process (see
``search_build``; in the calling thread only if no child can run), then installed, and the saves made while it was
built are replayed on it. ``store_changed`` is registered as a store listener: it is called on the saver thread after
each save.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .search import SearchIndex
    from .store import Store


class SearchService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.index: SearchIndex | None = None
        self._building = False
        self._lock = threading.Lock()
        self._changes: list[tuple[str, Any]] | None = None  # saves made while the index is being built
        self._child: Any = None  # the child process building it
        self._closing = False
        store.listeners.append(self.store_changed)

    @property
    def building(self) -> bool:
        return self._building

    def claim_build(self) -> bool:
        """True (once) if the index should be built now: not built, not being built."""
        with self._lock:
            if self.index is not None or self._building:
                return False
            self._building = True
            return True

    def build(self) -> bool:
        """Build the index and install it (blocking; call after :meth:`claim_build`). False if it failed: search is a
        convenience, never a reason to take the app down."""
        from .search import SearchIndex
        from .search_build import build_in_child

        self.store.wait_unlocked()  # an encrypted folder opened in the background: its key first
        with self._lock:
            self._changes = []  # saves from now on are replayed on the new index
        try:
            try:
                index = build_in_child(self.store.folder, started=self._child_started, cipher=self.store.cipher)
            except Exception:  # noqa: BLE001 - no child process here (or it failed): build in this thread
                if self._closing:
                    raise
                index = SearchIndex.build(self.store.folder, cipher=self.store.cipher)
        except Exception:  # noqa: BLE001
            with self._lock:
                self._changes = None
                self._building = False
            return False
        finally:
            self._child = None
        with self._lock:
            for kind, payload in self._changes or []:
                self._apply(index, kind, payload)
            self._changes = None
            self.index = index
            self._building = False
        return True

    def close(self) -> None:
        """The app is closing: a child still building is killed."""
        self._closing = True
        child = self._child
        if child is not None and child.poll() is None:
            child.kill()

    def _child_started(self, proc: Any) -> None:
        self._child = proc
        if self._closing:
            proc.kill()

    def store_changed(self, kind: str, payload: Any) -> None:
        """A store listener (saver thread, inside the store's lock): keep the index current. A person's goals and
        items are read here, so the index lock is never held while waiting for the store's."""
        if self.index is None and self._changes is None:
            return
        try:
            if kind == "person":
                payload = (payload, self.store.goals(payload), self.store.actions(payload))
            elif kind == "files":  # an erase or a purge rewrote files: what they hold now
                payload = _files_now(self.store, payload)
        except Exception:  # noqa: BLE001 - an index update must never fail a save
            return
        with self._lock:
            if self._changes is not None:
                self._changes.append((kind, payload))
                return
            if self.index is not None:
                self._apply(self.index, kind, payload)

    @staticmethod
    def _apply(index: SearchIndex, kind: str, payload: Any) -> None:
        try:
            if kind == "conversation":
                index.update_conversation(payload)
            elif kind == "person":
                index.update_person(*payload)
            elif kind == "files":
                removed, conversations, people = payload
                for cid in removed:
                    index.forget_conversation(cid)
                for conversation in conversations:
                    index.update_conversation(conversation)
                for person in people:
                    index.update_person(*person)
        except Exception:  # noqa: BLE001 - an index update must never fail a save
            pass


def _files_now(store: Store, changed: Any) -> tuple[set[str], list[Any], list[tuple[str, list[Any], list[Any]]]]:
    """A ``FilesChanged`` as the index needs it: the removed ids, the rewritten conversations and every changed
    person's goals and items as they are now (none for someone who is gone). A conversation that cannot be read is
    forgotten rather than left findable with the text it had."""
    removed = set(changed.removed)
    conversations = []
    for cid in sorted(changed.rewritten - changed.removed):
        try:
            conversations.append(store.conversation(cid))
        except Exception:  # noqa: BLE001 - see the docstring
            removed.add(cid)
    people: list[tuple[str, list[Any], list[Any]]] = [(pid, [], []) for pid in sorted(changed.gone)]
    for pid in sorted(changed.people - changed.gone):
        try:
            people.append((pid, store.goals(pid), store.actions(pid)))
        except Exception:  # noqa: BLE001
            people.append((pid, [], []))
    return removed, conversations, people
