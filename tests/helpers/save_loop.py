"""Crash-safety helper: open a Store and save in a loop, printing ``ACK <n>`` after each save returns.

Usage: python save_loop.py FOLDER conversation|actions [--key-stdin]

``conversation``: saves one conversation whose shared_notes holds ``n``.
``actions``: saves one action item whose status_note holds ``n`` and one goal whose why holds ``n`` (person file).
The folder must already hold the person (and the conversation) whose ids are in FOLDER/ids.json.
``--key-stdin``: the folder is encrypted; its data key (hex) is the first line of standard input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cc_tui.store import Store


def main() -> None:
    folder, mode = Path(sys.argv[1]), sys.argv[2]
    ids = json.loads((folder.parent / "ids.json").read_text())
    cipher = None
    if sys.argv[3:] == ["--key-stdin"]:
        from cc_tui.store.crypto import Cipher

        cipher = Cipher(bytes.fromhex(sys.stdin.readline().strip()), folder)
    store = Store.open(folder, cipher=cipher)
    if mode == "conversation":
        conv = store.conversation(ids["conversation"])
        n = int(conv.shared_notes.split()[1]) if conv.shared_notes else 0  # go on from what is on disk
        while True:
            n += 1
            conv.shared_notes = f"note {n}\n" + "x" * (n % 977)
            # change the summary and the home-list numbers too, so the person file and the index are rewritten
            conv.title = f"Chat {n % 3}"
            conv.finished_at = conv.created_at if n % 2 else None
            store.save_conversation(conv)
            print(f"ACK {n}", flush=True)
    else:
        item = next(a for a in store.actions(ids["employee"]) if a.id == ids["action"])
        goal = next(g for g in store.goals(ids["employee"]) if g.id == ids["goal"])
        n = int(item.status_note.split()[1]) if item.status_note else 0
        while True:
            n += 1
            item.status_note = f"step {n}"
            store.save_action(item)
            goal.why = f"why {n}"
            store.save_goal(goal)
            print(f"ACK {n}", flush=True)


if __name__ == "__main__":
    main()
