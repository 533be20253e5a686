"""``cc-tui retention``: remove what is older than you keep (see ``store/retention.py`` for what goes and what stays).

    cc-tui retention [--private-notes-older-than N] [--conversations-older-than N] [--archived-older-than N]
                     [--dry-run] [--yes]
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .errors import UserError

__all__ = ["register", "cmd_retention"]

EPILOG = """\
examples:
  cc-tui retention --private-notes-older-than 12 --dry-run     what would go, nothing changed
  cc-tui retention --conversations-older-than 36 --archived-older-than 6
  cc-tui retention --private-notes-older-than 12 --yes         without asking (needed without a terminal)

N is a number of months, counted back from today. Without any of the three, the [retention] table of your settings
file (config.toml) gives them; the app also applies that table when you quit it (after everything is saved).
Private notes: a conversation's private notes and your own prep notes (shared notes, their prep and everything else
stay). Whole conversations: the conversation goes; open action
items raised in it stay, done or dropped ones go with it; goals stay. Archived people: archived more than N months
ago, erased completely like 'cc-tui people erase'. Copies under backups/ and every .bak are purged too. Cannot be
undone; without --dry-run it lists what goes and asks first.
"""


def _months(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of months") from None
    if not 1 <= value <= 1200:  # as the [retention] settings: a hundred years at most (99999999 months: no date)
        raise argparse.ArgumentTypeError(f"give 1 to 1200 months (not {value})")
    return value


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``retention`` to ``sub`` (the sub-parsers of ``cc-tui``)."""
    parser = sub.add_parser(
        "retention",
        parents=[common],
        help="remove private notes, conversations and archived people older than N months (backups included)",
        description="Remove what is older than you keep: private notes, whole conversations, archived people.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--private-notes-older-than", type=_months, metavar="N", dest="private_notes_months",
                        help="empty private notes and your prep notes of conversations older than N months")
    parser.add_argument("--conversations-older-than", type=_months, metavar="N", dest="conversations_months",
                        help="remove whole conversations older than N months (open items stay)")
    parser.add_argument("--archived-older-than", type=_months, metavar="N", dest="archived_people_months",
                        help="erase people archived more than N months ago")
    parser.add_argument("--dry-run", action="store_true", help="list what would go; change nothing")
    parser.add_argument("--yes", action="store_true", help="do not ask (needed without a terminal)")
    parser.set_defaults(func=cmd_retention, retention_parser=parser)


def cmd_retention(args: argparse.Namespace) -> int:
    from .basics import system_clock
    from .cli import EXIT_OK, _plain, checked_data_dir, open_store
    from .store.retention import apply_retention, plan_retention

    names = ("private_notes_months", "conversations_months", "archived_people_months")
    rules = {k: getattr(args, k) for k in names}
    if all(v is None for v in rules.values()):  # none given: the [retention] table of the settings file
        from .cli import settings

        policy = settings(args).settings.retention
        rules = {k: getattr(policy, k) for k in names}
    if all(v is None for v in rules.values()):
        args.retention_parser.error("give at least one of --private-notes-older-than, --conversations-older-than, "
                                    "--archived-older-than (or set them in the [retention] table of config.toml)")
    folder = checked_data_dir(args, need_data=True)
    if not (folder / "index.json").exists():
        raise UserError(f"No cc-tui data in {folder}; nothing to remove.")
    now = system_clock()
    if args.dry_run:
        with open_store(args, lock=False) as store:  # reads only, like 'people list': works while the app is open
            plan = plan_retention(store, now, **rules)
        if plan.empty:
            print("Nothing is older than that: nothing would be removed.")
            return EXIT_OK
        print(f"Would remove {plan.summary()}:")
        for line in plan.lines():
            print(f"  {_plain(line)}")
        print("Dry run: nothing was changed.")
        return EXIT_OK
    with open_store(args) as store:
        plan = plan_retention(store, now, **rules)
        if plan.empty:
            print("Nothing is older than that: nothing removed.")
            return EXIT_OK
        if not args.yes:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise UserError("Removing cannot be undone: add --yes, or run it in a terminal to confirm "
                                "(--dry-run lists what would go).")
            print(f"This removes {plan.summary()}:")
            for line in plan.lines():
                print(f"  {_plain(line)}")
            try:
                answer = input("Remove them? This cannot be undone. Type yes to confirm: ")
            except EOFError:  # ctrl+d at the question: no
                answer = ""
            if answer.strip().casefold() != "yes":
                raise UserError("Not confirmed; nothing was removed.")
        report = apply_retention(store, plan)
    print(f"Removed {plan.summary()}:")
    for line in report:
        print(f"  {_plain(line)}")
    return EXIT_OK
