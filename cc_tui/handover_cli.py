"""``cc-tui handover``: move one person's whole history to another manager's cc-tui.

    cc-tui handover export --person NAME_OR_ID --out FILE [--include-private] [--force]
    cc-tui handover import FILE

See docs/handover-format.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .errors import UserError

__all__ = ["register", "cmd_handover_export", "cmd_handover_import"]

EPILOG = """\
examples:
  cc-tui handover export --person Amara --out amara-handover.json
  cc-tui handover export --person 8d116ece --out amara.json --include-private
  cc-tui handover import amara-handover.json        (on the new manager's machine)

The file holds the person's record, every conversation they took part in, their goals and action items.
Private notes are left out unless --include-private. Team sessions keep only this person.
--out refuses to replace an existing file unless --force; the file is written owner-only (0600).
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``handover export`` and ``handover import`` to ``sub`` (the sub-parsers of ``cc-tui``)."""
    parser = sub.add_parser(
        "handover",
        parents=[common],
        help="hand one person's whole history over to another manager",
        description="Export one person's whole history to a file, or import such a file.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(title="handover commands", metavar="ACTION", required=True)

    exp = actions.add_parser(
        "export",
        parents=[common],
        help="write one person's history to a handover file",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("--person", required=True, metavar="NAME_OR_ID", help="a name, part of a name, or an id")
    exp.add_argument("--out", required=True, type=Path, metavar="FILE",
                     help="the handover file to write (- for standard output)")
    exp.add_argument(
        "--include-private",
        action="store_true",
        help="also export your private notes (left out by default)",
    )
    exp.add_argument("--force", action="store_true", help="replace FILE if it exists")
    exp.set_defaults(func=cmd_handover_export)

    imp = actions.add_parser("import", parents=[common], help="add a person from a handover file")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.set_defaults(func=cmd_handover_import)


def cmd_handover_export(args: argparse.Namespace) -> int:
    from . import handover as ho
    from .cli import _plain, open_store

    target = Path(args.out).expanduser()
    to_stdout = str(args.out) == "-"  # as export and prep send: standard output (it wrote a file named "-")
    if not to_stdout and (target.exists() or target.is_symlink()) and not args.force:
        raise UserError(
            f"{target} already exists; add --force to replace it, or choose another --out. Nothing written."
        )
    with open_store(args, lock=False) as store:
        person = store.find_employee(args.person)
        bundle = ho.build_bundle(store, person, include_private=args.include_private)
    if to_stdout:  # the JSON escapes every control character (json_escaped_controls): nothing raw reaches a terminal
        sys.stdout.flush()
        sys.stdout.buffer.write(ho.dump_bundle(bundle))
        sys.stdout.buffer.flush()
        return 0
    ho.write_bundle(target, ho.dump_bundle(bundle), overwrite=args.force)
    private = "private notes included" if args.include_private else "private notes left out"
    print(
        f"Wrote {_plain(person.name)}'s handover ({_count(bundle['conversations'], 'conversation')}, "
        f"{_count(bundle['goals'], 'goal')}, {_count(bundle['actions'], 'action item')}; {private}) to {target}."
    )
    return 0


def cmd_handover_import(args: argparse.Namespace) -> int:
    from . import handover as ho
    from .cli import _plain, open_store

    bundle = ho.read_bundle(args.file)  # the whole file is checked before the data folder is even opened
    with open_store(args) as store:
        result = ho.apply_bundle(store, bundle)
    private = "with private notes" if result.private_notes_included else "without private notes"
    print(
        f"Imported {_plain(result.employee.name)} ({result.employee.id[:8]}): "
        f"{_count(range(result.conversations), 'conversation')}, {_count(range(result.goals), 'goal')}, "
        f"{_count(range(result.actions), 'action item')}, {private}, from {args.file}."
    )
    return 0


def _count(rows: Any, noun: str) -> str:
    n = len(rows)
    return f"{n} {noun}{'' if n == 1 else 's'}"
