"""``cc-tui prep``: the page the employee fills in before the conversation, and their answers coming back.

    cc-tui prep send --person NAME_OR_ID [--out FILE | -] [--force]
    cc-tui prep import FILE [--person NAME_OR_ID] [--yes] [--replace]

The answers go into the person's conversation in progress (the employee prep of its Prep stage); with none in
progress nothing is imported (start the conversation first). See docs/prep-format.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .errors import UserError

__all__ = ["register", "cmd_prep_send", "cmd_prep_import"]

EPILOG = """\
examples:
  cc-tui prep send --person Amara --out amara-prep.md     the page to e-mail them
  cc-tui prep send --person Amara                          the page on standard output
  cc-tui prep import amara-prep.md                         their answers into the conversation in progress
  cc-tui prep import amara-prep.md --yes --replace         without asking; replace answers already there

The page holds no private notes, manager prep or style notes. import shows what it would change and asks first
(without a terminal, add --yes); answers already there are replaced only when confirmed (or with --replace).
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``prep send`` and ``prep import`` to ``sub`` (the sub-parsers of ``cc-tui``)."""
    parser = sub.add_parser(
        "prep",
        parents=[common],
        help="the prep page the employee fills in, and importing their answers",
        description="Write the prep page for an employee to fill in, or import a filled-in page.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(title="prep commands", metavar="ACTION", required=True)
    send = actions.add_parser("send", parents=[common], help="write the prep page for one person",
                              epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    send.add_argument("--person", required=True, metavar="NAME_OR_ID", help="a name, part of a name, or an id")
    send.add_argument("--out", metavar="FILE", help="write to FILE ('-' or nothing: standard output)")
    send.add_argument("--force", action="store_true", help="replace FILE if it exists")
    send.set_defaults(func=cmd_prep_send)

    imp = actions.add_parser("import", parents=[common], help="import a filled-in prep page",
                             epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--person", metavar="NAME_OR_ID", help="check that the page is this person's")
    imp.add_argument("--yes", action="store_true", help="import without asking (needed without a terminal)")
    imp.add_argument("--replace", action="store_true", help="with --yes: replace answers already imported")
    imp.set_defaults(func=cmd_prep_import)


def _write_stdout(text: str) -> None:
    from .text import drop_terminal_controls

    text = drop_terminal_controls(text)
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:  # UTF-8 whatever the locale says
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        sys.stdout.write(text)


def cmd_prep_send(args: argparse.Namespace) -> int:
    from .basics import system_clock
    from .cli import _plain, open_store
    from .export import TargetExistsError, write_export
    from .models import ConversationKind
    from .prep_page import render_prep_page

    out = args.out if args.out not in (None, "", "-") else None
    target = Path(out).expanduser() if out else None
    if target is not None and (target.exists() or target.is_symlink()) and not args.force:
        raise UserError(f"{target} already exists; add --force to replace it, or choose another --out.")
    with open_store(args, lock=False) as store:
        person = store.find_employee(args.person)
        finished = [s for s in store.history(person.id) if s.finished_at and s.kind is ConversationKind.INDIVIDUAL]
        last = store.conversation(finished[0].id) if finished else None
        text = render_prep_page(person, store.goals(person.id), store.actions(person.id), day=system_clock().date(),
                                last=last)
    if target is None:
        _write_stdout(text)
        return 0
    try:
        write_export(target, text, overwrite=args.force)
    except TargetExistsError:
        raise UserError(f"{target} already exists; add --force to replace it, or choose another --out.") from None
    print(f"Wrote {_plain(person.name)}'s prep page to {target}. Send it to them; import their answers with: "
          f"cc-tui prep import FILE")
    return 0


def read_page(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a prep page.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text, so not a cc-tui prep page; nothing imported.") from None


def open_conversation_of(store: Any, person: Any) -> Any | None:
    """The person's newest individual conversation in progress, or None."""
    from .models import ConversationKind

    for summary in store.history(person.id):
        if summary.finished_at is None and summary.kind is ConversationKind.INDIVIDUAL:
            return store.conversation(summary.id)
    return None


def cmd_prep_import(args: argparse.Namespace) -> int:
    from .cli import _plain, checked_data_dir, open_store
    from .models import TOPIC_LABELS
    from .prep_page import apply_answers, parse_prep_page, plan_import, preview_lines
    from .text import printable

    page = parse_prep_page(read_page(args.file), source=str(args.file))
    checked_data_dir(args, need_data=True)  # answers go into a conversation: never a new, empty data folder for it
    with open_store(args) as store:
        try:
            owner = store.employee(page.person_id)
        except UserError:
            raise UserError(f"{args.file} is the prep page of someone who is not in your data "
                            f"({page.person_id[:8]}); nothing imported.") from None
        if args.person:
            wanted = store.find_employee(args.person)
            if wanted.id != owner.id:
                raise UserError(f"{args.file} is {_plain(owner.name)}'s prep page, not {_plain(wanted.name)}'s; "
                                "nothing imported.")
        conv = open_conversation_of(store, owner)
        if conv is None:
            raise UserError(f"{_plain(owner.name)} has no conversation in progress; start the conversation first "
                            "(open cc-tui and press s on their name), then import the page again. Nothing imported.")
        plan = plan_import(conv, page)
        day = conv.created_at.date().isoformat()
        if not plan.changes:
            print(f"{_plain(owner.name)}'s conversation of {day} already holds exactly these answers; nothing changed.")
            return 0
        print(f"Into {_plain(owner.name)}'s conversation of {day} (in progress), what they sent beforehand:")
        for line in preview_lines(page, plan):
            print(printable(line, keep_newlines=False))
        replacing = ", ".join(TOPIC_LABELS[t] for t in plan.replacing)
        if args.yes:
            if replacing and not args.replace:
                raise UserError(f"The conversation already holds other answers for {replacing}; add --replace to "
                                "replace them. Nothing imported.")
        else:
            if not sys.stdin.isatty():
                raise UserError("Not imported: confirm with --yes (standard input is not a terminal to ask on).")
            question = "Import? [y/N] "
            if replacing:
                question = f"Replace the answers there for {replacing} and import? [y/N] "
            try:
                answer = input(question)
            except EOFError:
                answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing imported.")
                return 1
        changed = apply_answers(conv, page, plan)
        store.save_conversation(conv)
    names = ", ".join(TOPIC_LABELS[t] for t in changed)
    print(f"Imported {len(changed)} answer{'' if len(changed) == 1 else 's'} ({names}) into {_plain(owner.name)}'s "
          f"conversation of {day}.")
    return 0
