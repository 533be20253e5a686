"""The drafts of home's person form (a new person: "person:new"; an edit: "person:<id>"), kept in ``drafts.json``
under :data:`~cc_tui.store.HOME_DRAFTS` while the form is open, so that a kill, a closed terminal or a failed save
loses nothing typed in it (a person's private notes included).

Home reads them once its first rows are shown (:meth:`PersonFormDrafts.read`, off the UI thread) and says which
forms were kept; ``a`` (or ``e`` on that person) then opens each with its text (:class:`DraftKeeper` memory). A form
is never opened before that read, so what was typed before it can never be written over a kept draft. A draft is
forgotten on escape, or once the person is saved, and only if no newer form of its kind was kept meanwhile. A damaged
drafts file is never written; the forms are then kept in memory only, for this session.

Plain logic over the store and the saver, safe from the UI thread and the workers alike.
"""

from __future__ import annotations

import threading
from functools import partial
from typing import TYPE_CHECKING

from ..errors import CCError
from ..store import HOME_DRAFTS
from ..text import one_line

if TYPE_CHECKING:  # (.draft imports TextArea: not before home's first frame, where this is made)
    from ..saver import Saver
    from ..store import Store
    from .draft import DraftKeeper, DraftValues

SAVER_LABEL = "the person form you were typing"


class PersonFormDrafts:
    def __init__(self, store: Store, saver: Saver) -> None:
        self.store = store
        self.saver = saver
        self.readable: bool | None = None  # drafts.json read (True), damaged (False), not read yet (None)
        self.typed: dict[str, DraftValues] = {}  # what each kind of form was last given (DraftKeeper's memory)
        self._on_disk: set[str] = set()  # the kinds with a draft in the file
        self._generation: dict[str, int] = {}  # bumped at each write of a kind: a save forgets only its own
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- reading (a worker thread)

    def read(self) -> list[str]:
        """Read the kept forms into memory; returns, for home's notice, where each one opens ("a new person (a)",
        "Name (e on their row)"). Raises the store's error (a damaged file: then nothing is ever written to it)."""
        try:
            forms = {kind: values for kind, values in self.store.drafts(HOME_DRAFTS).items()
                     if kind.startswith("person:")}
        except CCError:
            self.readable = False
            raise
        where: list[str] = []
        with self._lock:
            self.readable = True
            self._on_disk |= set(forms)
        for kind, values in forms.items():
            if kind == "person:new":
                where.append("a new person (a)")
            else:
                try:
                    person = self.store.employee(kind.partition(":")[2])
                except CCError:  # no longer listed (erased): nothing to offer
                    self.keep(kind, None)
                    continue
                hidden = ", archived: v shows them" if person.archived else ""
                where.append(f"{one_line(person.name, 40)} (e on their row{hidden})")
            with self._lock:
                self.typed.setdefault(kind, values)
        return where

    def read_again(self) -> None:
        """After an erase: the drafts as it left them (their form gone, their name out of the others), not as they
        were typed (a worker thread)."""
        with self._lock:
            self.typed.clear()
            self._on_disk.clear()
        try:
            self.read()
        except CCError:
            pass  # said at start-up already

    # ---------------------------------------------------------------- keeping (the UI thread)

    def keeper(self, kind: str) -> DraftKeeper:
        """The form's ``keep``: its memory, and the file through the saver."""
        from .draft import DraftKeeper

        return DraftKeeper(self.keep, kind, self.typed)

    def keep(self, kind: str, values: DraftValues | None) -> None:
        """A form's fields at a change (None: as it opened, or the draft goes): written by the saver."""
        with self._lock:
            if not self.readable or (values is None and kind not in self._on_disk):
                return  # damaged or not read: memory only; a form opened and closed untouched writes nothing
            if values is None:
                self._on_disk.discard(kind)
            else:
                self._on_disk.add(kind)
                self._generation[kind] = self._generation.get(kind, 0) + 1
        self.saver.submit(f"draft:{HOME_DRAFTS}:{kind}", partial(self.store.save_draft, HOME_DRAFTS, kind, values),
                          SAVER_LABEL)

    def dropped(self, kind: str) -> None:
        """Escape: what was typed goes; the next form of its kind opens as it is."""
        self.typed.pop(kind, None)
        self.keep(kind, None)

    def saving(self, kind: str) -> tuple[DraftValues | None, int]:
        """ctrl+s: the next form of this kind opens empty at once (not with what is being saved, a second person of
        one name); returns what the form held and the write it was, for :meth:`saved` and :meth:`save_failed`."""
        with self._lock:
            return self.typed.pop(kind, None), self._generation.get(kind, 0)

    def saved(self, kind: str, generation: int) -> None:
        """The person is on disk: their form's draft goes, unless a newer form of its kind was kept since."""
        with self._lock:
            newer = self._generation.get(kind, 0) != generation
        if not newer:
            self.keep(kind, None)

    def save_failed(self, kind: str, values: DraftValues | None) -> None:
        """The save did not happen: the next form of its kind opens with what it held (its draft is still on disk)."""
        if values:
            with self._lock:
                self.typed.setdefault(kind, values)


__all__ = ["PersonFormDrafts", "SAVER_LABEL"]
