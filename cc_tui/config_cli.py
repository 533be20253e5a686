"""``cc-tui config path|show|check`` and ``cc-tui keys``: the settings file and the key bindings.

    cc-tui config path               where the file is (--config FILE, $CC_TUI_CONFIG, the user config folder)
    cc-tui config show               every setting's effective value and where it came from
    cc-tui config check              the file checked: file:line, the key at fault, why; exit 1 when anything is wrong
    cc-tui keys [--json]             every binding id, its default key, its current key and what it does
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .config import Loaded, Problem, config_path, effective, load_settings, path_source
from .text import counted, printable

__all__ = ["register", "config_options", "read_config", "all_problems"]

EXAMPLE = """\
example config.toml:
  default_cadence_days = 21
  talk_time_threshold = 35        # percent
  timebox_warnings = false
  export_folder = "~/Documents/one-to-ones"
  week_starts_on = "sunday"       # eow = thursday
  date_format = "%d %b %Y"
  share_safe_at_start = false
  theme = "gruvbox"               # ctrl+p → "Change theme" keeps your choice here

  [keys]                          # binding id = key(s); 'cc-tui keys' lists the ids
  "conv.export" = "f11"
  "home.add" = "ctrl+a,a"

  [retention]                     # months, or leave out
  private_notes_months = 24
"""


def config_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                        help="settings file (default: $CC_TUI_CONFIG, else config.toml in the user config folder)")
    return parent


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    options = config_options()
    parser = sub.add_parser("config", parents=[options], help="the settings file: where it is, what it sets, a check",
                            description="The settings file (config.toml).", epilog=EXAMPLE,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = parser.add_subparsers(title="config commands", metavar="ACTION", required=True)
    actions.add_parser("path", parents=[options], help="where the settings file is").set_defaults(
        func=cmd_config_path)
    actions.add_parser("show", parents=[options], help="every setting's value and where it came from").set_defaults(
        func=cmd_config_show)
    actions.add_parser("check", parents=[options], help="check the file (exit 1 when anything is wrong)",
                       epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter).set_defaults(
        func=cmd_config_check)
    keys = sub.add_parser("keys", parents=[options],
                          help="every key binding: id, default key, current key, what it does",
                          description="Every key binding, read from the code, with the keys your config sets.")
    keys.add_argument("--json", action="store_true", help="machine-readable output")
    keys.set_defaults(func=cmd_keys)


def _path(args: argparse.Namespace) -> Path:
    return config_path(getattr(args, "config", None))


def read_config(args: argparse.Namespace) -> Loaded:
    return load_settings(_path(args))


def all_problems(loaded: Loaded) -> list[Problem]:
    """The file's own problems, then what only Textual can tell (binding ids, key names, conflicts, the theme)."""
    from .keymap import keymap_problems, theme_problem

    problems = list(loaded.problems)
    problems += keymap_problems(loaded)
    theme = theme_problem(loaded)
    if theme is not None:
        problems.append(theme)
    return sorted(problems, key=lambda p: p.line)


def in_use(loaded: Loaded) -> list[tuple[str, str, str]]:
    """:func:`config.effective`, with what only Textual can tell: a theme it does not have is not used (textual-dark
    is), and of a ``[keys]`` entry only the key names it knows, for a binding that exists (else its default key). A
    setting the file gets wrong says so beside its default; a key two bindings share says so beside it."""
    from .config import DEFAULTS, toml_value
    from .keymap import all_bindings, theme_problem, usable_keymap

    theme_wrong = theme_problem(loaded) is not None
    applied = usable_keymap(loaded.settings.keys)
    defaults = {info.id: info.key for info in all_bindings()}
    wrong = {problem.key for problem in all_problems(loaded)}
    rows = []
    for name, value, source in effective(loaded):
        binding_id = name.removeprefix("keys.")
        if name == "theme" and theme_wrong:
            value, source = toml_value(DEFAULTS.theme), f"default: {source} names no theme (see config check)"
        elif name.startswith("keys.") and binding_id not in defaults:
            value, source = "(no such binding)", f"{source} is not used (see config check)"
        elif name.startswith("keys.") and binding_id not in applied:
            value, source = toml_value(defaults[binding_id]), f"default: {source} is not used (see config check)"
        elif name.startswith("keys."):
            value = toml_value(applied[binding_id])
            if name in wrong:
                source += " (see config check)"
        elif name in wrong:
            source = "default: the file's value is not used (see config check)" if source == "default" else source
        rows.append((name, value, source))
    return rows


def _plain(text: str) -> str:
    return printable(text, keep_newlines=False)


def cmd_config_path(args: argparse.Namespace) -> int:
    path = _path(args)
    print(_plain(str(path)))
    state = "exists" if path.is_file() else "not created yet: every setting is at its default"
    print(f"(from {path_source(getattr(args, 'config', None))}; {state})", file=sys.stderr)
    return 0


def cmd_config_show(args: argparse.Namespace) -> int:
    loaded = read_config(args)
    if not loaded.exists:
        print(f"# no file at {_plain(str(loaded.path))}: every setting is at its default")
    else:
        print(f"# {_plain(str(loaded.path))}")
    rows = in_use(loaded)
    width = max(len(f"{name} = {value}") for name, value, _ in rows)
    for name, value, source in rows:
        print(_plain(f"{f'{name} = {value}':<{width}}  # {source}"))
    problems = all_problems(loaded)
    if problems:
        print(f"cc-tui: {counted(len(problems), 'problem')} in the file; see 'cc-tui config check'.", file=sys.stderr)
    return 0


def cmd_config_check(args: argparse.Namespace) -> int:
    loaded = read_config(args)
    problems = all_problems(loaded)
    for problem in problems:
        print(_plain(str(problem)), file=sys.stderr)
    if problems:
        print(f"cc-tui: {counted(len(problems), 'problem')}; cc-tui still starts, with what each line says is used.",
              file=sys.stderr)
        return 1
    if not loaded.exists:
        print(f"No config file at {_plain(str(loaded.path))}: every setting is at its default.")
    else:
        set_here = sum(1 for source in loaded.sources.values() if source != "default")
        print(f"{_plain(str(loaded.path))}: ok ({counted(set_here, 'setting')} set, "
              f"{counted(len(loaded.settings.keys), 'key')} remapped).")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from .keymap import key_rows

    loaded = read_config(args)
    rows = key_rows(loaded.settings.keys)
    if args.json:
        print(json.dumps([{"id": i, "default": d, "current": c, "where": w, "does": what}
                          for i, d, c, w, what in rows], ensure_ascii=True, indent=2))
        return 0
    header = ("binding id", "default", "current", "where", "what it does")
    widths = [max(len(str(r[n])) for r in [header, *rows]) for n in range(4)]
    for row in [header, *rows]:
        cells = [f"{str(row[n]):<{widths[n]}}" for n in range(4)]
        changed = "*" if row is not header and row[1] != row[2] else " "
        print(_plain(f"{changed} {'  '.join(cells)}  {row[4]}"))
    print("\n* remapped in the config file ('cc-tui config path'); ctrl+p opens the command palette, where every "
          "action is listed too.")
    problems = all_problems(loaded)
    if problems:
        print(f"cc-tui: {counted(len(problems), 'problem')} in the config file; see 'cc-tui config check'.",
              file=sys.stderr)
    return 0
