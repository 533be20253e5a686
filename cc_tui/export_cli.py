"""``cc-tui export``: action items as Markdown, CSV, JSON or iCalendar, to stdout or a file.

    cc-tui export --person NAME_OR_ID [--conversation ID | --last | --current | --all-open] [--open-only]
                  [--format md|csv|json|ics] [--out FILE | -] [--force] [--no-summary] [--all-day-events]
    cc-tui export --conversation ID ...
    cc-tui export --all-open ...

With ``--person`` and neither ``--conversation`` nor ``--all-open``, the person's last finished conversation is
exported (``--last`` is the default; ``--current`` is the one in progress). ``--format`` defaults to the extension of
``--out`` (``.md``, ``.csv``, ``.json``, ``.ics``), else ``md``. See docs/export-format.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from .basics import ID_RE, system_clock
from .errors import UserError

__all__ = ["register", "cmd_export"]

EPILOG = """\
examples:
  cc-tui export --person Amara                      last conversation's items, Markdown, on stdout
  cc-tui export --person Amara --format ics --out amara.ics
  cc-tui export --person 8d116ece --conversation 4259 --open-only --format csv --out items.csv
  cc-tui export --all-open --format json --out - | jq .

--out FILE refuses to replace an existing file unless --force; files are written owner-only (0600).
Private notes are never exported.
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``export`` command to ``sub`` (the sub-parsers of ``cc-tui``)."""
    parser = sub.add_parser(
        "export",
        parents=[common],
        help="export action items (Markdown, CSV, JSON, iCalendar)",
        description="Export action items with the shared summary as Markdown, CSV, JSON or iCalendar. "
        "Private notes are never exported.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--person", metavar="NAME_OR_ID", help="whose items: a name, part of a name, or an id")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--conversation", metavar="ID", help="one conversation, by id (or a unique id prefix)")
    which.add_argument(
        "--last", action="store_true", help="the person's last finished conversation (the default with --person)"
    )
    which.add_argument("--current", action="store_true", help="the person's conversation in progress (unfinished)")
    which.add_argument(
        "--all-open",
        action="store_true",
        help="every open item of everyone (or, with --person, of that person), whatever the conversation",
    )
    parser.add_argument("--open-only", action="store_true", help="only items still open (open, in progress, blocked)")
    parser.add_argument(
        "--format",
        dest="fmt",
        metavar="FORMAT",
        help="md, csv, json or ics (default: from the --out extension, else md)",
    )
    parser.add_argument("--out", metavar="FILE", help="write to FILE ('-' or nothing: standard output)")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument(
        "--each-attendee",
        action="store_true",
        help="a team session: one file per attendee in the folder --out (their own items and the group summary)",
    )
    parser.add_argument(
        "--no-summary", dest="summary", action="store_false", help="leave out the shared summary (md, json, ics)"
    )
    parser.add_argument(
        "--all-day-events",
        action="store_true",
        help="ics: one all-day event per item instead of a to-do (for calendars that ignore to-dos)",
    )
    parser.set_defaults(func=cmd_export, _export_parser=parser)


def _format(args: argparse.Namespace) -> str:
    from .export import check_format

    if args.fmt is not None:
        return check_format(args.fmt)
    out = args.out
    if out and out != "-":
        suffix = Path(out).suffix.lower().lstrip(".")
        if suffix in ("md", "markdown", "csv", "json", "ics", "ical"):
            return check_format(suffix)
    return "md"


def resolve_conversation(store: Any, query: str, person: Any | None) -> str:
    """A conversation id from an id or a unique prefix (at least 4 characters); a one-line error otherwise."""
    q = query.strip().lower()
    if not q or not re.fullmatch(r"[0-9a-z_-]+", q):
        raise UserError(f"{query!r} is not a conversation id; ids are letters and digits, like 4259405278e4.")
    if person is not None:
        candidates = [s.id for s in store.history(person.id)]
        where = f" among {person.name}'s conversations"
    else:
        candidates = list(store.iter_conversation_ids())
        where = ""
    if q in candidates and ID_RE.fullmatch(q):
        return q
    hits = [c for c in candidates if len(q) >= 4 and c.startswith(q)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise UserError(f"{query!r} matches {len(hits)} conversations{where}; give more of the id.")
    hint = "leave out --conversation to export the last one" if person else "check the id, or use --person NAME --last"
    raise UserError(f"No conversation matches {query!r}{where}; {hint}.")


def _export_each_attendee(args: argparse.Namespace) -> int:
    """``--each-attendee``: after a team session, every attendee's own file (their items, the group summary)."""
    from . import export as ex
    from .cli import open_store

    if not args.conversation or not args.out or args.out == "-":
        raise UserError("--each-attendee needs --conversation ID (a team session) and --out FOLDER.")
    fmt = _format(args)  # --format, else md (a folder has no extension to go by)
    folder = Path(args.out).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file; --each-attendee writes one file per attendee into a folder.")
    store = open_store(args, lock=False)
    try:
        cid = resolve_conversation(store, args.conversation, None)
        bundle = ex.bundle_for_conversation(store, cid, open_only=args.open_only, include_summary=args.summary,
                                            now=system_clock())
    finally:
        store.close()
    if len(bundle.people) < 2:
        raise UserError("--each-attendee is for a team session; this conversation has one person.")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:  # a read-only disk, a path through a file: one line, as for a single --out file
        raise UserError(f"Cannot make the folder {folder}: {exc.strerror or exc}.") from None
    written = []
    for own in ex.bundles_for_each_attendee(bundle):
        name = ex.default_filename(own, fmt)
        if name in written:  # two attendees whose names make the same file name
            name = name.replace("cc-", f"cc-{next(iter(own.people))[:6]}-", 1)
        target = folder / name
        if target.exists() and not args.force:
            raise UserError(f"{target} already exists; add --force to replace it.")
        ex.write_export(target, ex.render(own, fmt, all_day_events=args.all_day_events), overwrite=args.force)
        written.append(target.name)
    print(f"Wrote {len(written)} files to {folder}: {', '.join(written)}.")
    return 0


def cmd_export(args: argparse.Namespace, *, now: datetime | None = None) -> int:
    from . import export as ex
    from .cli import open_store
    from .text import drop_terminal_controls

    parser: argparse.ArgumentParser | None = getattr(args, "_export_parser", None)
    if args.last and not args.person:
        raise UserError("--last needs --person NAME_OR_ID (whose last conversation?).")
    if args.current and not args.person:
        raise UserError("--current needs --person NAME_OR_ID (whose conversation in progress?).")
    if not (args.person or args.conversation or args.all_open):
        message = "say what to export: --person NAME_OR_ID, --conversation ID or --all-open"
        if parser is not None:
            parser.error(message)  # exits 2 (usage)
        raise UserError(message[0].upper() + message[1:] + ".")
    if args.each_attendee:
        return _export_each_attendee(args)
    fmt = _format(args)
    if args.all_day_events and fmt != "ics":
        raise UserError("--all-day-events only applies to --format ics.")
    out = args.out if args.out not in (None, "", "-") else None
    target = Path(out).expanduser() if out else None
    if target is not None and target.exists() and not args.force:
        raise UserError(f"{target} already exists; add --force to replace it, or choose another --out.")
    when = now or system_clock()

    store = open_store(args, lock=False)
    try:
        person = store.find_employee(args.person) if args.person else None
        if args.all_open:
            bundle = ex.bundle_all_open(store, now=when, employees=[person] if person else None)
        elif args.conversation:
            cid = resolve_conversation(store, args.conversation, person)
            bundle = ex.bundle_for_conversation(
                store, cid, open_only=args.open_only, include_summary=args.summary, now=when
            )
        else:
            assert person is not None
            bundle = ex.bundle_for_person_last(
                store, person, open_only=args.open_only, include_summary=args.summary, now=when, current=args.current
            )
    finally:
        store.close()

    text = ex.render(bundle, fmt, all_day_events=args.all_day_events)
    if target is None:
        # standard output is usually a terminal: no stored control character may drive it (ESC, OSC 52, C1).
        # Files keep the data exact; tab, CR and LF stay so CSV and iCalendar line ends survive.
        text = drop_terminal_controls(text)
        stream = sys.stdout
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:  # UTF-8 whatever the locale says
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            stream.write(text)
        return 0
    try:
        ex.write_export(target, text, overwrite=args.force)
    except ex.TargetExistsError:
        raise UserError(f"{target} already exists; add --force to replace it, or choose another --out.") from None
    n = len(bundle.items)
    print(f"Wrote {n} action item{'' if n == 1 else 's'} ({ex.FORMAT_LABELS[fmt]}) to {target}.")
    return 0
