"""Keys typed faster than any person types (a terminal's paste without bracketed paste, ``tmux send-keys`` with no
delay) all arrive, in order: 500 mixed keys, Tab and Backspace among them, written to the app's terminal in one
burst, then read back from the files on disk (#23.5)."""

from __future__ import annotations

import random
import time
import unicodedata
from pathlib import Path
from typing import Any

from cc_tui.store import Store

from .test_signals import F2, Terminal, demo_folder  # noqa: F401 - demo_folder is a fixture

BACKSPACE = "\x7f"
TAB = "\t"


def expected_fields(keys: list[str], fields: int) -> list[str]:
    """What each field holds after ``keys``: Tab moves to the next field, Backspace deletes the last character."""
    texts = [""] * fields
    at = 0
    for key in keys:
        if key == TAB:
            at = min(at + 1, fields - 1)
        elif key == BACKSPACE:
            texts[at] = texts[at][:-1]
        else:
            texts[at] += key
    return texts


def newest_of_amara(folder: Path) -> Any:
    """Amara's newest conversation, read back from the files after the app quit."""
    with Store.open(folder) as store:
        amara = store.find_employee("Amara")
        return store.conversation(store.history(amara.id)[0].id)


def burst(seed: int, count: int = 500) -> list[str]:
    """``count`` keys: letters, digits, spaces, punctuation and Backspace, with exactly one Tab in the middle."""
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 .,;:-'()?"
    keys = [BACKSPACE if rng.random() < 0.12 else rng.choice(alphabet) for _ in range(count - 1)]
    keys.insert(count // 2, TAB)
    return keys


def test_a_burst_of_500_keys_reaches_the_notes_in_order(demo_folder: Path, tmp_path: Path) -> None:  # noqa: F811
    keys = burst(seed=2026)
    shared, private = expected_fields(keys, 2)
    assert len(keys) == 500 and keys.count(TAB) == 1 and keys.count(BACKSPACE) > 30
    term = Terminal(demo_folder, tmp_path / "home")
    try:
        term.open_stage(F2, "Shared notes")
        term.type("".join(keys))  # one write: the whole burst is in the terminal's input at once
        time.sleep(4)  # 500 keys drawn, then the autosave after the last one
        term.type("\x11")  # ctrl+q: save everything and quit
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    conversation = newest_of_amara(demo_folder)
    assert conversation.shared_notes == shared
    assert conversation.private_notes == private
    assert b"Traceback" not in term.output


def test_a_burst_of_list_keys_moves_and_rates_in_order(demo_folder: Path, tmp_path: Path) -> None:  # noqa: F811
    """Arrow keys and digits into the motivation table, as fast as the terminal delivers them: every rating lands
    on the row the keys before it selected."""
    term = Terminal(demo_folder, tmp_path / "home")
    ratings = [3, 5, 1, 4, 2, 5]  # one for each motivator, top to bottom
    try:
        term.open_stage(F2, "Shared notes")
        term.type(TAB + TAB)  # shared notes → private notes → the motivation table
        time.sleep(0.5)
        down = "\x1b[B"
        term.type("".join(f"{r}{down}" for r in ratings))
        time.sleep(1.5)
        term.type("\x11")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    conversation = newest_of_amara(demo_folder)
    got = {m.motivator: m.rating for m in conversation.motivations}
    from cc_tui.models import Motivator

    order = list(Motivator)
    for index, rating in enumerate(ratings):
        assert got.get(order[index]) == rating, (index, got)


async def test_keys_posted_all_at_once_are_handled_in_order(tmp_path: Path) -> None:
    """The same, inside one process: 200 key events posted to the app before it handles any (Pilot's press waits
    for each key; this does not), Backspace and Tab among them."""
    from textual import events

    from cc_tui.screens.conversation.common import NotesArea

    from .app_support import demo_app, open_conversation, settle

    keys = burst(seed=7, count=200)
    shared, private = expected_fields(keys, 2)
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot, stage="f2")
        names = {BACKSPACE: ("backspace", None), TAB: ("tab", "\t"), " ": ("space", " ")}
        for key in keys:
            name, char = names.get(key, (key, key))
            if name == key and not key.isalnum():
                name = unicodedata.name(key).lower().replace(" ", "_").replace("-", "_")  # as Textual names it
            app.post_message(events.Key(name, char))
        for _ in range(40):
            await settle(pilot)
        areas = {a.field: a.text for a in screen.query(NotesArea)}
        assert areas["shared_notes"] == shared
        assert areas["private_notes"] == private
    app.store.close()


async def test_a_signal_lets_the_keys_already_received_reach_the_notes_before_saving(tmp_path: Path) -> None:
    """SIGTERM or SIGHUP just after a burst: the keys the app has received but not yet handled go through first (the
    key line handles one at a time), then everything is saved. The dialog test in test_signals.py lost the last
    letters of a goal's title this way, one run in two."""
    from textual import events

    from .app_support import demo_app, open_conversation

    text = "typed just before the terminal closed"
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot, stage="f2")
        conversation_id = screen.session.conv.id
        screen.query_one("#f-shared_notes").focus()
        await pilot.pause()
        for char in text:
            app.post_message(events.Key("space" if char == " " else char, char))
        app._on_signal()  # as the loop's signal handler calls it, with the keys still queued
        for _ in range(100):
            if not app.is_running:
                break
            await pilot.pause(0.02)
    app.store.close()
    with Store.open(folder) as store:
        assert store.conversation(conversation_id).shared_notes.endswith(text)


def test_in_a_real_terminal_a_lone_escape_goes_home_and_sequences_stay_whole(demo_folder: Path,  # noqa: F811
                                                                               tmp_path: Path) -> None:
    """The input thread waits 15 ms, not 100, for what follows a lone ESC (textual_compat.quick_escape): arrow keys,
    which come as one write of ESC [ D, still move the cursor; Escape alone still goes home."""
    term = Terminal(demo_folder, tmp_path / "home")
    try:
        term.open_stage(F2, "Shared notes")
        term.type("abc")
        time.sleep(0.3)
        term.type("\x1b[D")  # left
        time.sleep(0.2)
        term.type("\x1b[D")
        time.sleep(0.2)
        term.type("X")
        time.sleep(0.5)
        mark = len(term.output)
        term.type("\x1b")  # Escape, alone
        deadline = time.monotonic() + 20
        while b"people" not in bytes(term.output[mark:]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b"people" in bytes(term.output[mark:]), "home never came back after Escape"
        term.type("\x11")  # ctrl+q
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    assert newest_of_amara(demo_folder).shared_notes == "aXbc"
    assert b"Traceback" not in term.output
