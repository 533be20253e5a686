"""Command line: ``cc-tui`` opens the app; subcommands manage people, demo data, guides and exports.

Exit codes: 0 ok, 1 an error (one readable line on stderr), 2 usage, 130 interrupted.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import argparse

from . import __version__
from .errors import CCError, UserError
from .text import counted, drop_controls

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _data_options() -> argparse.ArgumentParser:
    import argparse  # here, not at the top: a plain start never builds a parser (see _plain_start)

    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="data folder (default: $CC_TUI_DATA_DIR, else the user data folder)",
    )
    parent.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS, help="use the demo folder (created if needed)"
    )
    parent.add_argument(
        "--guides",
        dest="guides_dirs",
        type=Path,
        action="append",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="a folder of your own guides (may repeat)",
    )
    parent.add_argument(
        "--passphrase-fd", type=int, default=argparse.SUPPRESS, metavar="N",
        help="an encrypted folder: read the passphrase from file descriptor N (one a line), not the terminal",
    )
    parent.add_argument("--config", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                        help="settings file (default: $CC_TUI_CONFIG, else config.toml in the user config folder)")
    return parent


class _NotTheApp(Exception):
    """The command line is not a plain start of the app: the full parser reads it (and reports what is wrong)."""


def _app_only_parser(**kwargs: Any) -> argparse.ArgumentParser:
    import argparse

    class AppOnlyParser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise _NotTheApp(message)

    return AppOnlyParser(**kwargs)


def _top_level(parser_class: Any = None, *, version: bool = True,
               **kwargs: Any) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The parser of ``cc-tui [OPTIONS]`` (start the app), and the data options its commands share. ``version``:
    with ``--version`` (the options-only parser has none: its action would print and exit before the rest of the line
    was read, and ``cc-tui people --version`` printed the version instead of its usage error)."""
    import argparse

    common = _data_options()
    parser = (parser_class or argparse.ArgumentParser)(
        prog="cc-tui",
        description="A keyboard-first companion for live career conversations.",
        parents=[common],
        **kwargs,
    )
    if version:
        parser.add_argument("--version", action="version", version=f"cc-tui {__version__}")
    parser.add_argument("--share-safe", action="store_true",
                        help="start in the share-safe view (for a shared screen: nothing private shows; F12 leaves)")
    parser.set_defaults(func=cmd_open)
    return parser, common


# a plain start's options, spelled out in full, each with a value or none (see _plain_start)
_VALUE_OPTIONS: dict[str, tuple[str, Any]] = {
    "--data-dir": ("data_dir", Path), "--config": ("config", Path), "--passphrase-fd": ("passphrase_fd", int),
}
_FLAGS = {"--demo": "demo", "--share-safe": "share_safe"}


def _plain_start(args: list[str]) -> argparse.Namespace | None:
    """The arguments of the usual start (``cc-tui``, ``--demo``, ``--data-dir DIR``, ...), read without argparse:
    its import, with gettext's, was ~2 ms of every start before the first frame (#25). Anything else (a command, an
    abbreviation, ``--help``, a value that is not plainly one) is None, for argparse to read and report on: the
    result is argparse's own for every command line this accepts (tests/test_cli.py compares them)."""
    found: dict[str, Any] = {"share_safe": False, "func": cmd_open}
    index = 0
    while index < len(args):
        arg = args[index]
        name, has_value, value = arg.partition("=")
        if name in _FLAGS and not has_value:
            found[_FLAGS[name]] = True
            index += 1
            continue
        if name == "--guides":
            key, kind = "guides_dirs", Path
        elif name in _VALUE_OPTIONS:
            key, kind = _VALUE_OPTIONS[name]
        else:
            return None
        if not has_value:
            if index + 1 >= len(args):
                return None
            value = args[index + 1]
            index += 1
        index += 1
        if not value or value.startswith("-") or (kind is int and not value.isascii()):
            return None  # argparse's call: an empty or dash-led value, a number in other digits
        try:
            converted = kind(value)
        except ValueError:
            return None
        if key == "guides_dirs":
            found.setdefault(key, []).append(converted)
        else:
            found[key] = converted
    return SimpleNamespace(**found)  # type: ignore[return-value]  # (what the commands read of a Namespace)


def parse_command_line(argv: list[str] | None) -> argparse.Namespace:
    """The arguments. A plain start of the app is read without argparse (:func:`_plain_start`); any other start with
    options only (no command, no --help) by the top-level parser alone: building every command's parser imports
    their modules and cost ~55 ms before the first frame."""
    args = sys.argv[1:] if argv is None else argv
    plain = _plain_start(args)
    if plain is not None:
        return plain
    if not any(arg in ("-h", "--help") for arg in args):
        parser, _ = _top_level(_app_only_parser, version=False, add_help=False)
        try:
            found, rest = parser.parse_known_args(args)
        except _NotTheApp:  # argparse reports every error through error()
            pass
        else:
            if not rest:
                return found
    return build_parser().parse_args(args)


def build_parser() -> argparse.ArgumentParser:
    parser, common = _top_level()
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = sub.add_parser("demo", parents=[common], help="write the demo team into the demo folder")
    demo.add_argument("--force", action="store_true", help="replace an existing demo folder")
    demo.set_defaults(func=cmd_demo)

    people = sub.add_parser("people", parents=[common], help="add, list, import, archive and restore people")
    people_sub = people.add_subparsers(title="people commands", metavar="ACTION", required=True)
    add = people_sub.add_parser("add", parents=[common], help="add one person")
    add.add_argument("name")
    add.add_argument("--role", default="")
    add.add_argument("--team", default="")
    add.add_argument("--email", default="")
    add.add_argument("--cadence-days", type=int, default=None, metavar="N",
                     help="days between conversations (default: default_cadence_days in the config, else 30)")
    add.set_defaults(func=cmd_people_add)
    lst = people_sub.add_parser(
        "list", parents=[common], help="everyone, with last and next conversation and open items"
    )
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.add_argument(
        "--include-archived", action="store_true", help="also the archived people (after the others, marked archived)"
    )
    lst.set_defaults(func=cmd_people_list)
    imp = people_sub.add_parser("import", parents=[common], help="import people from a CSV file (all rows or none)")
    imp.add_argument("file", type=Path, metavar="FILE.csv")
    imp.set_defaults(func=cmd_people_import)
    arc = people_sub.add_parser(
        "archive",
        parents=[common],
        help="archive someone who left the team: home and 'people list' leave them out; history and exports stay",
    )
    arc.add_argument("name", metavar="NAME", help="a name, a unique part of one, or an id")
    arc.set_defaults(func=cmd_people_archive, archived=True)
    res = people_sub.add_parser("restore", parents=[common], help="bring an archived person back")
    res.add_argument("name", metavar="NAME", help="a name, a unique part of one, or an id")
    res.set_defaults(func=cmd_people_archive, archived=False)
    era = people_sub.add_parser(
        "erase",
        parents=[common],
        help="remove every trace of a person, backups included (their one-to-ones; team sessions keep the others)",
    )
    era.add_argument("name", metavar="NAME", help="a name, a unique part of one, or an id")
    era.add_argument("--yes", action="store_true", help="do not ask to type the name (needed without a terminal)")
    era.set_defaults(func=cmd_people_erase)

    try:
        from . import guides_cli
    except ImportError:  # pragma: no cover - the guides module is optional during development
        guides_cli = None  # type: ignore[assignment]
    if guides_cli is not None:
        guides_cli.register(sub)
    for name in ("export_cli", "handover_cli", "prep_cli", "serve_cli", "config_cli", "retention_cli", "crypto_cli"):
        try:
            module = __import__(f"{__package__}.{name}", fromlist=["register"])
        except ImportError:
            continue
        module.register(sub, common)
    return parser


# --------------------------------------------------------------------------------------------------------- helpers


def data_dir(args: argparse.Namespace) -> Path:
    from .store import default_data_dir, demo_data_dir

    explicit = getattr(args, "data_dir", None)
    if explicit is not None:
        return Path(explicit).expanduser()
    if getattr(args, "demo", False):
        return demo_data_dir()
    return default_data_dir()


def checked_data_dir(args: argparse.Namespace, *, need_data: bool) -> Path:
    """The data folder, refused with one clear line when it cannot be one: a file; for a command that reads
    (``need_data``), a folder without cc-tui data; for any command, a --data-dir that holds other files but no cc-tui
    data (cc-tui never writes its files among someone else's)."""
    folder = data_dir(args)
    explicit = getattr(args, "data_dir", None) is not None
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file, not a data folder; give --data-dir a folder.")
    if (folder / "index.json").exists():
        return folder
    if need_data and (explicit or getattr(args, "demo", False)):
        hint = "run 'cc-tui demo' first" if getattr(args, "demo", False) else "check --data-dir"
        raise UserError(f"No cc-tui data in {folder}; {hint}.")
    if explicit and folder.is_dir() and any(folder.iterdir()):
        raise UserError(f"{folder} holds other files but no cc-tui data; cc-tui does not write there. "
                        "Give --data-dir an empty or new folder, or the folder of your cc-tui data.")
    return folder


def open_store(args: argparse.Namespace, *, lock: bool = True) -> Any:
    from .crypto_cli import unlock_folder
    from .store import Store

    folder = checked_data_dir(args, need_data=not lock)
    return Store.open(folder, lock=lock, cipher=unlock_folder(folder, args))


def checked_guides_dirs(args: argparse.Namespace) -> list[Path]:
    dirs = [Path(d).expanduser() for d in getattr(args, "guides_dirs", [])]
    for folder in dirs:
        if not folder.is_dir():
            raise UserError(f"--guides {folder}: {'not a folder' if folder.exists() else 'no such folder'}.")
    return dirs


def ensure_demo(folder: Path, *, force: bool = False) -> bool:
    """Write the demo team into ``folder`` unless it already holds data. Returns True when written."""
    from .demo import build_demo
    from .store import Store

    if (folder / "index.json").exists() and not force:
        return False
    if force and folder.exists():
        import shutil

        from .store import DataLock

        lock = DataLock(folder)
        lock.acquire()  # never delete a folder another cc-tui is using
        try:
            _refuse_non_demo(folder)
            # cc-tui's own files only, and only if that is all the folder holds: a demo once written among other
            # files (before cc-tui demo refused such a folder) must never take them with it
            foreign = sorted(p.name for p in folder.iterdir() if not _demo_own(p))
            if foreign:
                raise UserError(f"{folder} holds other files besides the demo data ({', '.join(foreign[:3])}"
                                f"{', …' if len(foreign) > 3 else ''}); cc-tui demo --force removes nothing there.")
            for entry in folder.iterdir():
                if entry.name == ".lock":
                    continue  # held: removed with the lock
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        finally:
            lock.release()
    from .models import system_clock

    with Store.open(folder) as store:
        # marked first: a demo interrupted half-way is still known to be demo data (and --force may replace it)
        store._idx.table("meta").update({"demo": True})
        build_demo(store, now=system_clock())
    return True


DEMO_OWN = frozenset({".lock", "index.json", "index.json.bak", "people", "conversations", "drafts.json",
                      "drafts.json.bak", "backups"})


def _demo_own(entry: Path) -> bool:
    """A file or folder cc-tui itself writes at the top of a data folder (or one of its temporary files)."""
    return entry.name in DEMO_OWN or (entry.name.startswith(".") and entry.name.endswith((".tmp", ".tmp.bak")))


def _refuse_non_demo(folder: Path) -> None:
    from .store import read_json_file

    meta = (read_json_file(folder / "index.json") or {}).get("meta", {})
    if not any(isinstance(doc, dict) and doc.get("demo") for doc in meta.values()):
        raise UserError(f"{folder} holds real data, not demo data; cc-tui demo --force will not replace it.")


# --------------------------------------------------------------------------------------------------------- commands


def settings(args: argparse.Namespace) -> Any:
    """The settings (``--config FILE``, ``$CC_TUI_CONFIG`` or the user config folder); a bad file gives defaults."""
    from .config import config_path, load_settings

    return load_settings(config_path(getattr(args, "config", None)))


def has_terminal() -> bool:
    """Whether the app can be shown: standard input and output are a terminal, or a browser tab of ``cc-tui serve``
    (textual-serve's web driver speaks to the server over pipes)."""
    from .terminal_watch import served_in_browser

    return (sys.stdin.isatty() and sys.stdout.isatty()) or served_in_browser()


def cmd_open(args: argparse.Namespace) -> int:
    from .quiet_gc import start_up_pause

    with start_up_pause():  # no automatic garbage collection until the first frame is drawn (see quiet_gc.py)
        return _open_app(args)


def _open_app(args: argparse.Namespace) -> int:
    guides_dirs = checked_guides_dirs(args)
    if getattr(args, "demo", False):
        ensure_demo(data_dir(args))
    folder = checked_data_dir(args, need_data=False)
    if not has_terminal():
        # without a terminal the app would wait on a closed input forever (or spin): refuse at once instead
        raise UserError("cc-tui needs a terminal to open (its input or output is not one); the other commands "
                        "(people, export, handover, guides) work without one.")
    from .crypto_cli import unlocker

    unlock = unlocker(folder, args)  # an encrypted folder: the passphrase is asked now, before the app starts
    from .app import run_app

    loaded = settings(args)
    return run_app(folder, guides_dirs=guides_dirs, share_safe=getattr(args, "share_safe", False), config=loaded,
                   unlock=unlock)


def cmd_demo(args: argparse.Namespace) -> int:
    from .store import demo_data_dir

    folder = Path(args.data_dir).expanduser() if getattr(args, "data_dir", None) else demo_data_dir()
    if getattr(args, "data_dir", None) and not (folder / "index.json").exists():
        checked_data_dir(args, need_data=False)  # a file, or a folder of someone else's files: refused in one line
    if (folder / "index.json").exists() and not args.force:
        _refuse_non_demo(folder)
        print(f"The demo data is already in {folder} (use --force to rebuild it).")
        return EXIT_OK
    ensure_demo(folder, force=args.force)
    print(f"Demo data written to {folder}. Open it with: cc-tui --data-dir {folder}")
    return EXIT_OK


def cmd_people_add(args: argparse.Namespace) -> int:
    from .models import Employee

    employee = _employee_from_fields(
        {"name": args.name, "role": args.role, "team": args.team, "email": args.email,
         "cadence_days": args.cadence_days if args.cadence_days is not None
         else settings(args).settings.default_cadence_days}
    )
    with open_store(args) as store:
        _refuse_duplicates(store, [employee])
        store.save_employee(employee)
    print(f"Added {_plain(employee.name)} ({employee.id}).")
    assert isinstance(employee, Employee)
    return EXIT_OK


def cmd_people_list(args: argparse.Namespace) -> int:
    from datetime import date

    folder = checked_data_dir(args, need_data=True)
    if not (folder / "index.json").exists():  # a read-only command never creates a data folder
        everyone = []
    else:
        with open_store(args, lock=False) as store:
            everyone = store.home_rows(date.today(), include_archived=True)
    rows = [r for r in everyone if args.include_archived or not r.employee.archived]
    if args.json:
        out = [
            {
                "id": r.employee.id,
                "name": r.employee.name,
                "role": r.employee.role,
                "team": r.employee.team,
                "email": r.employee.email,
                "cadence_days": r.employee.cadence_days,
                "last_conversation": r.last_conversation.isoformat() if r.last_conversation else None,
                "next_due": r.next_due.isoformat() if r.next_due else None,
                "open_actions_employee": r.open_employee,
                "open_actions_manager": r.open_manager,
                "archived": r.employee.archived,
            }
            for r in rows
        ]
        # ensure_ascii: a name with C1 or bidi controls cannot reach the terminal raw (JSON readers decode \u escapes)
        print(json.dumps(out, ensure_ascii=True, indent=2))
        return EXIT_OK
    if not rows:
        if everyone:  # only archived people
            print(f"Nobody on the list: {counted(len(everyone), 'person', 'people')} archived "
                  "('cc-tui people list --include-archived' shows them).")
        else:
            print("No people yet. Add one with: cc-tui people add NAME --role ROLE --team TEAM")
        return EXIT_OK
    for r in rows:
        last = r.last_conversation.isoformat() if r.last_conversation else "never"
        # as on home: a date, or "now" for someone never talked with yet
        upcoming = r.next_due.isoformat() if r.next_due else "now"
        print(
            f"{r.employee.id[:8]}  {_plain(r.employee.name):<28} {_plain(r.employee.role):<28} "
            f"{_plain(r.employee.team):<16} last {last:<10}  next {upcoming:<10}  "
            f"open {r.open_employee}+{r.open_manager}{'  (archived)' if r.employee.archived else ''}"
        )
    return EXIT_OK


def cmd_people_import(args: argparse.Namespace) -> int:
    people = read_people_csv(args.file, default_cadence=settings(args).settings.default_cadence_days)
    with open_store(args) as store:
        _refuse_duplicates(store, people)
        store.add_employees(people)
    print(f"Imported {counted(len(people), 'person', 'people')} from {args.file}.")
    return EXIT_OK


def cmd_people_archive(args: argparse.Namespace) -> int:
    """``people archive NAME`` (``args.archived``) and ``people restore NAME``."""
    folder = checked_data_dir(args, need_data=True)
    if not (folder / "index.json").exists():  # never a new data folder just to say nobody is in it
        raise UserError(f"No cc-tui data in {folder}; nobody to {'archive' if args.archived else 'restore'}.")
    with open_store(args) as store:
        person = store.find_employee(args.name)
        store.set_archived(person.id, args.archived)
    who = f"{_plain(person.name)} ({person.id[:8]})"
    if args.archived:
        print(f"Archived {who}: home and 'cc-tui people list' leave them out; their history and exports stay. "
              f"Undo with: cc-tui people restore {person.id}")  # the whole id: no prefix to mistake
    else:
        print(f"Restored {who}: back on home and in 'cc-tui people list'.")
    return EXIT_OK


def cmd_people_erase(args: argparse.Namespace) -> int:
    """``people erase NAME``: every trace of the person, after typing their name (or ``--yes``)."""
    folder = checked_data_dir(args, need_data=True)
    if not (folder / "index.json").exists():
        raise UserError(f"No cc-tui data in {folder}; nobody to erase.")
    with open_store(args) as store:
        person = store.find_employee(args.name)
        who = f"{_plain(person.name)} ({person.id[:8]})"
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError("Erasing cannot be undone: add --yes, or run it in a terminal to type the name.")
            try:
                typed = input(f"Erase {who} and every trace of them, backups included? This cannot be undone. "
                              "Type their name to confirm: ")
            except EOFError:  # ctrl+d at the question: no
                typed = ""
            if typed.strip().casefold() != person.name.strip().casefold():
                raise UserError("The name did not match; nothing was erased.")
        report = store.erase_person(person.id)
    print(f"Erased {who}:")
    for line in report:
        print(f"  {line}")
    return EXIT_OK


# ------------------------------------------------------------------------------------------------------- people parsing

CSV_COLUMNS = ("name", "role", "team", "cadence_days", "email")


def _employee_from_fields(fields: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from .models import Employee

    try:
        return Employee(**fields)
    except ValidationError as exc:
        raise UserError(_explain(exc)) from None


def _explain(exc: Any) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "value"
        msg = err["msg"]
        if field == "name" and err["type"] == "string_too_short":
            msg = "a name is required"
        elif field == "cadence_days":
            msg = "must be a whole number of days from 1 to 366"
        parts.append(f"{field}: {msg}")
    return "; ".join(parts)


def read_people_csv(path: Path, *, default_cadence: int = 30) -> list[Any]:
    """All rows or none: every bad row is reported with its line number."""
    import csv  # only this command reads CSV: not imported for a start of the app

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a CSV file.") from None
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text; save it as UTF-8 CSV and try again.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        # newline="" as the csv module asks: only \r and \n end a line (str.splitlines also splits on \x0c, \x85,
        # U+2028... inside a name, which broke rows and shifted line numbers)
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise UserError(f"{path}: not a readable CSV file ({exc}).") from None
    if "name" not in header:
        raise UserError(
            f"{path}: the first line must name the columns, with at least 'name' ({', '.join(CSV_COLUMNS)})."
        )
    unknown = [h for h in header if h and h not in CSV_COLUMNS]  # an empty header cell (trailing comma) is ignored
    if unknown:
        columns = "column" if len(unknown) == 1 else "columns"
        raise UserError(f"{path}: unknown {columns} {', '.join(unknown)}; allowed: {', '.join(CSV_COLUMNS)}.")
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:  # csv.DictReader keeps the last of two columns of one name: the first would be dropped unseen
        raise UserError(f"{path}: the column {twice[0]} is named twice in the first line; keep one.")
    reader.fieldnames = header
    people, problems, seen = [], [], {}
    ended = reader.line_num  # the line the previous record ended on (a quoted cell may span several lines)
    try:
        for row in reader:
            line, ended = ended + 1, reader.line_num  # a record is named by the line it starts on
            if None in row:
                problems.append(f"line {line}: more cells than columns")
                continue
            # control characters are taken out of every cell, as the app does with what is typed
            fields = {k: drop_controls(v or "").strip() for k, v in row.items() if k}
            if not any(fields.values()):
                continue
            cadence = fields.pop("cadence_days", "") or str(default_cadence)
            try:
                fields["cadence_days"] = int(cadence)
            except ValueError:
                problems.append(f"line {line}: cadence_days {cadence!r} is not a whole number")
                continue
            try:
                employee = _employee_from_fields(fields)
            except UserError as exc:
                problems.append(f"line {line}: {exc}")
                continue
            key = employee.name.casefold()
            if key in seen:
                problems.append(f"line {line}: {employee.name!r} is already on line {seen[key]}")
                continue
            seen[key] = line
            people.append(employee)
    except csv.Error as exc:
        problems.append(f"line {ended + 1}: {exc}")
    if problems:
        shown = "; ".join(problems[:8]) + (f"; and {len(problems) - 8} more" if len(problems) > 8 else "")
        raise UserError(f"{path}: nothing imported, {counted(len(problems), 'bad row')}: {shown}.")
    if not people:
        raise UserError(f"{path}: no people in the file; nothing imported.")
    return people


def _refuse_duplicates(store: Any, people: list[Any]) -> None:
    existing = {e.name.casefold() for e in store.employees(include_archived=True)}
    clash = [p.name for p in people if p.name.casefold() in existing]
    if clash:
        raise UserError(f"Already in the store: {', '.join(clash[:5])}; nothing was added.")


def _plain(text: str) -> str:
    """Strip control characters so that a person's text can never drive the terminal; always one line."""
    from .text import printable

    return printable(text, keep_newlines=False)


# --------------------------------------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> int:
    args = parse_command_line(argv)
    try:
        return int(args.func(args) or 0)
    except CCError as exc:
        print(f"cc-tui: {_plain(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback with their data in it
        if os.environ.get("CC_TUI_DEBUG"):
            raise
        print(
            f"cc-tui: internal error ({type(exc).__name__}); nothing was lost. "
            "Run again with CC_TUI_DEBUG=1 to see details, and please report it.",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
