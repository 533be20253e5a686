"""``cc-tui guides list`` and ``cc-tui guides check [PATH ...]``.

The lead's ``cc_tui.cli`` calls :func:`register` with its sub-parsers object; each
handler is stored with ``set_defaults(func=handler)`` and returns an exit code.
An optional global ``--guides DIR`` option is read as ``args.guides_dirs``.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from typing import Any

# cc_tui.guides (markdown-it) is imported by the commands, not here: every ``cc-tui`` start builds this parser.

__all__ = ["register", "cmd_list", "cmd_check"]


def register(subparsers: Any) -> None:
    """Add the ``guides`` command (with ``list`` and ``check``) to ``subparsers``."""
    guides = subparsers.add_parser(
        "guides",
        help="list or check facilitation guides",
        description="List the facilitation guides cc-tui offers, or check guide files for problems.",
    )
    guides.set_defaults(func=_help(guides))
    sub = guides.add_subparsers(title="guides commands", metavar="{list,check}")

    p_list = sub.add_parser(
        "list",
        help="one line per guide: id, stages, minutes, title, origin",
        description="List every guide (shipped, your own, and --guides folders); "
        "a later guide with the same id replaces an earlier one.",
    )
    p_list.set_defaults(func=cmd_list)

    p_check = sub.add_parser(
        "check",
        help="check guides for problems (default: shipped and your own guides)",
        description="Parse and lint guide files or folders; print each problem as 'path:line: severity: message'. "
        "Exit status 1 if any error.",
    )
    p_check.add_argument(
        "paths", nargs="*", type=pathlib.Path, metavar="PATH", help="a guide file or a folder of *.md guides"
    )
    p_check.set_defaults(func=cmd_check)


def _help(parser: argparse.ArgumentParser):
    def show_help(args: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    return show_help


def _guides_dirs(args: argparse.Namespace) -> list[pathlib.Path]:
    """The --guides folders, each checked as the app checks them (a missing one is one line, not a silent nothing)."""
    from .cli import checked_guides_dirs

    return checked_guides_dirs(args)


def cmd_list(args: argparse.Namespace) -> int:
    from cc_tui.guides import load_guides

    library = load_guides(_guides_dirs(args))
    guides = sorted(library.guides.values(), key=lambda g: (min(_stage_rank(s) for s in g.stages), g.id))
    width = max((len(g.id) for g in guides), default=2)
    stage_width = max((len(",".join(g.stages)) for g in guides), default=6)
    for g in guides:
        minutes = f"{g.minutes} min" if g.minutes else "-"
        print(f"{g.id:<{width}}  {','.join(g.stages):<{stage_width}}  {minutes:>7}  {g.title}  ({g.origin})")
    if not guides:
        print("no guides found", file=sys.stderr)
    for problem in library.problems:
        print(problem, file=sys.stderr)
    return 0


def _stage_rank(stage: str) -> int:
    from cc_tui.guides import STAGES

    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def cmd_check(args: argparse.Namespace) -> int:
    from cc_tui.guides import check_paths, shipped_guides_dir, summarize, user_guides_dir

    paths: list[Any] = list(getattr(args, "paths", None) or [])
    if not paths:
        paths = [shipped_guides_dir()]
        user_dir = user_guides_dir()
        if user_dir.is_dir():
            paths.append(user_dir)
        paths.extend(_guides_dirs(args))
    problems = check_paths(paths)
    for problem in problems:
        print(problem)
    errors, warnings = summarize(problems)
    checked = ", ".join(str(p) for p in paths)
    print(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} in {checked}")
    return 1 if errors else 0
