"""The settings file: ``config.toml`` in the user config folder (``--config FILE`` or ``$CC_TUI_CONFIG`` instead).

No Textual here: this module reads and checks the file's shape (names, types, ranges), says where each effective
value came from, and keeps the theme line up to date. What only Textual knows (binding ids, key names, theme names) is
checked by ``cc_tui/keymap.py`` with the same :class:`Problem` and the same line lookup.

A bad file never stops anything: each bad value is reported (file:line, the key at fault, why) and its default is used;
a file that is not TOML at all gives the defaults for everything.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from .dates import WEEKDAY_NAMES

ENV_VAR = "CC_TUI_CONFIG"
FILE_NAME = "config.toml"
RETENTION_KEYS = ("private_notes_months", "conversations_months", "archived_people_months")


# NamedTuples and a plain class, not dataclasses: this module is imported on the way to the first frame, where its four
# dataclasses took ~1.5 ms to make (their methods are generated from source; a NamedTuple ~0.1 ms), #25


class Retention(NamedTuple):
    """How long records are kept, in months (None: kept). Parsed and shown here; the purge is elsewhere."""

    private_notes_months: int | None = None
    conversations_months: int | None = None
    archived_people_months: int | None = None


class Settings(NamedTuple):
    default_cadence_days: int = 30  # a new person's cadence (the person form, ``people add``, a CSV without it)
    talk_time_threshold: int = 40  # percent of talk time past which the manager is nudged to listen
    timebox_warnings: bool = True  # "Discussion has run past its 20 minutes" once per stage
    export_folder: Path | None = None  # the export dialog's and the prep page's folder (None: the current folder)
    week_starts_on: str = "monday"  # ``eow`` is the fifth day of the week; ``nw`` the first day of next week
    date_format: str = "%Y-%m-%d"  # how dates are shown on screen (strftime); typed dates stay ISO or quick forms
    share_safe_at_start: bool = False  # start in the share-safe view (as ``--share-safe``)
    theme: str = "textual-dark"
    keys: Mapping[str, str] = MappingProxyType({})  # binding id -> key(s), as Textual's set_keymap
    retention: Retention = Retention()

    @property
    def week_start(self) -> int:
        """The first day of the week as a ``date.weekday()`` number (Monday 0)."""
        return WEEKDAY_NAMES.index(self.week_starts_on)

    @property
    def talk_share(self) -> float:
        return self.talk_time_threshold / 100


DEFAULTS = Settings()

# what each top-level key means, for ``config show`` and the README (the order shown)
DESCRIPTIONS = {
    "default_cadence_days": "days between conversations for a new person (1-366)",
    "talk_time_threshold": "percent of talk time past which you are nudged to listen (1-99)",
    "timebox_warnings": "say once when a stage runs past its share of the meeting (true/false)",
    "export_folder": "folder the export dialog and the prep page suggest (default: the current folder)",
    "week_starts_on": "first day of the week: eow is its fifth day, nw the next one (monday..sunday)",
    "date_format": "how dates are shown (strftime, e.g. \"%d %b %Y\"); typed dates are unchanged",
    "share_safe_at_start": "start in the share-safe view, as --share-safe (true/false)",
    "theme": "a Textual theme (ctrl+p → Change theme keeps it here)",
}


class Problem(NamedTuple):
    """One thing wrong in the file: where (line 0: the file as a whole), which key, why."""

    path: Path
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class Loaded:
    """The settings read from a file, where each came from, and what was wrong in it."""

    __slots__ = ("settings", "sources", "problems", "path", "exists", "text")

    def __init__(self, settings: Settings, sources: dict[str, str], problems: list[Problem], path: Path,
                 exists: bool, text: str = "") -> None:
        self.settings = settings
        self.sources = sources  # setting name (``keys.<id>``, ``retention.<name>``) -> "default" or "FILE:LINE"
        self.problems = problems
        self.path = path
        self.exists = exists
        self.text = text

    def __repr__(self) -> str:
        return f"Loaded(path={self.path!r}, exists={self.exists!r}, problems={len(self.problems)})"

    def line_of(self, key: str, table: str | None = None) -> int:
        return line_of(self.text, key, table)


# ------------------------------------------------------------------------------------------------- where the file is


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("cc-tui", appauthor=False)) / FILE_NAME


def config_path(explicit: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """``--config FILE``, else ``$CC_TUI_CONFIG``, else ``config.toml`` in the user config folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = (os.environ if environ is None else environ).get(ENV_VAR, "")
    if env.strip():
        return Path(env).expanduser()
    return default_config_path()


def path_source(explicit: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> str:
    if explicit:
        return "--config"
    if (os.environ if environ is None else environ).get(ENV_VAR, "").strip():
        return f"${ENV_VAR}"
    return "the user config folder"


# ------------------------------------------------------------------------------------------------- line numbers

_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$")


def _key_pattern(key: str) -> re.Pattern[str]:
    quoted = re.escape(key)
    return re.compile(rf"^\s*(?:{quoted}|\"{quoted}\"|'{quoted}')\s*=")


def line_of(text: str, key: str, table: str | None = None) -> int:
    """The line (1-based) where ``key`` is set, at the top level (``table`` None) or in ``[table]``; the table's
    header line when the key is not found in it; 0 when neither is found (tomllib gives no line numbers)."""
    current: str | None = None
    header_line = 0
    pattern = _key_pattern(key)
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = header.group(1).strip().strip("\"'")
            if table is None and current == key:
                return number
            if table is not None and current == table:
                header_line = number
            continue
        if current == table and pattern.match(line):
            return number
    return header_line


# ------------------------------------------------------------------------------------------------- reading


def _type_name(value: object) -> str:
    return {bool: "true/false", int: "a whole number", float: "a number", str: "a string", dict: "a table",
            list: "a list"}.get(type(value), type(value).__name__)


def _check_value(name: str, value: Any) -> tuple[Any, str | None]:
    """The value to use for top-level setting ``name``, or an error message."""
    if name in ("timebox_warnings", "share_safe_at_start"):
        if not isinstance(value, bool):
            return None, f"must be true or false, not {_type_name(value)}"
        return value, None
    if name in ("default_cadence_days", "talk_time_threshold"):
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"must be a whole number, not {_type_name(value)}"
        low, high = (1, 366) if name == "default_cadence_days" else (1, 99)
        if not low <= value <= high:
            return None, f"must be from {low} to {high}, not {value}"
        return value, None
    if not isinstance(value, str):
        return None, f"must be a string, not {_type_name(value)}"
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        return None, "holds a control character"
    if name == "export_folder":
        if not value.strip():
            return None, "is empty (leave it out to use the current folder)"
        return Path(value).expanduser(), None
    if name == "week_starts_on":
        day = value.strip().lower()
        match = [d for d in WEEKDAY_NAMES if d.startswith(day)] if len(day) >= 3 else []
        if len(match) != 1:
            return None, f"{value!r} is not a day of the week (monday..sunday)"
        return match[0], None
    if name == "date_format":
        if "%" not in value:
            return None, f"{value!r} has no strftime field (like %Y-%m-%d or %d %b %Y)"
        try:
            shown = date(2026, 12, 31).strftime(value)
        except ValueError as exc:
            return None, f"{value!r} is not a strftime format ({exc})"
        if not shown.strip() or len(shown) > 40:
            return None, f"{value!r} shows dates as {shown!r}"
        return value, None
    if name == "theme":
        if not value.strip():
            return None, "is empty"
        return value.strip(), None
    return value, None


def load_settings(path: Path) -> Loaded:
    """Read ``path``: the settings (defaults where the file says nothing or something wrong), where each came from,
    and every problem found. Never raises for a bad or missing file."""
    loaded = Loaded(DEFAULTS, {name: "default" for name in DESCRIPTIONS}, [], path, False)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return loaded
    except IsADirectoryError:
        loaded.problems.append(Problem(path, 0, "", "is a folder, not a config file"))
        return loaded
    except OSError as exc:
        loaded.problems.append(Problem(path, 0, "", f"cannot be read ({exc.strerror})"))
        return loaded
    loaded.exists = True
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        loaded.problems.append(Problem(path, 0, "", "is not UTF-8 text"))
        return loaded
    loaded.text = text
    import tomllib  # here, not at the top: with no settings file (the usual start) it is never needed

    try:
        data = tomllib.loads(text)
    except ValueError as exc:  # TOMLDecodeError, or a plain ValueError: an integer past Python's 4,300 digits
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = (re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
                   if isinstance(exc, tomllib.TOMLDecodeError) else "a number too long to read")
        loaded.problems.append(Problem(path, int(match.group(1)) if match else 0, "",
                                       f"not valid TOML ({message}); every setting is at its default"))
        return loaded
    values: dict[str, Any] = {}
    for name, value in data.items():
        line = line_of(text, name)
        if name == "keys":
            values["keys"] = _read_keys(loaded, value, line)
            continue
        if name == "retention":
            values["retention"] = _read_retention(loaded, value, line)
            continue
        if name not in DESCRIPTIONS:
            known = ", ".join([*DESCRIPTIONS, "[keys]", "[retention]"])
            loaded.problems.append(Problem(path, line, name, f"unknown setting (known: {known})"))
            continue
        checked, error = _check_value(name, value)
        if error is not None:
            loaded.problems.append(Problem(path, line, name, f"{error}; the default is used"))
            continue
        values[name] = checked
        loaded.sources[name] = f"{path}:{line}"
    loaded.settings = DEFAULTS._replace(**values)
    return loaded


def _read_keys(loaded: Loaded, value: Any, line: int) -> dict[str, str]:
    if not isinstance(value, dict):
        loaded.problems.append(Problem(loaded.path, line, "keys", f"must be a table ([keys]), not {_type_name(value)}"))
        return {}
    keys: dict[str, str] = {}
    for binding_id, key in _flat(value).items():
        where = line_of(loaded.text, binding_id, "keys")
        if not isinstance(key, str) or not key.strip():
            what = "is empty" if isinstance(key, str) else f"must be a string of keys, not {_type_name(key)}"
            loaded.problems.append(Problem(loaded.path, where, f"keys.{binding_id}", f"{what} (like \"f11\" or "
                                           "\"ctrl+e,f11\")"))
            continue
        keys[binding_id] = ",".join(k.strip() for k in key.split(","))
        loaded.sources[f"keys.{binding_id}"] = f"{loaded.path}:{where}"
    return keys


def _flat(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``conv.export = "f11"`` without quotes is a nested table in TOML: back to the dotted binding id."""
    flat: dict[str, Any] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def _read_retention(loaded: Loaded, value: Any, line: int) -> Retention:
    if not isinstance(value, dict):
        loaded.problems.append(Problem(loaded.path, line, "retention",
                                       f"must be a table ([retention]), not {_type_name(value)}"))
        return Retention()
    months: dict[str, int] = {}
    for name, item in value.items():
        where = line_of(loaded.text, name, "retention")
        key = f"retention.{name}"
        if name not in RETENTION_KEYS:
            loaded.problems.append(Problem(loaded.path, where, key,
                                           f"unknown retention setting (known: {', '.join(RETENTION_KEYS)})"))
        elif isinstance(item, bool) or not isinstance(item, int):
            loaded.problems.append(Problem(loaded.path, where, key,
                                           f"must be a whole number of months, not {_type_name(item)}"))
        elif not 1 <= item <= 1200:
            loaded.problems.append(Problem(loaded.path, where, key, f"must be from 1 to 1200 months, not {item}"))
        else:
            months[name] = item
            loaded.sources[key] = f"{loaded.path}:{where}"
    return Retention(**months)


def effective(loaded: Loaded) -> list[tuple[str, str, str]]:
    """(name, value as written in TOML, where it came from) for every setting, the tables' entries last."""
    rows: list[tuple[str, str, str]] = []
    settings = loaded.settings
    for name in DESCRIPTIONS:
        rows.append((name, toml_value(getattr(settings, name)), loaded.sources.get(name, "default")))
    for name in Retention._fields:
        rows.append((f"retention.{name}", toml_value(getattr(settings.retention, name)),
                     loaded.sources.get(f"retention.{name}", "default")))
    for binding_id, key in settings.keys.items():
        rows.append((f"keys.{binding_id}", toml_value(key), loaded.sources.get(f"keys.{binding_id}", "default")))
    return rows


def toml_value(value: object) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _toml_string(str(value))


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


# ------------------------------------------------------------------------------------------------- writing the theme

_TOP_THEME = re.compile(r"^(\s*)theme\s*=.*$")


def with_theme(text: str, theme: str) -> str:
    """``text`` with its top-level ``theme = ...`` line set to ``theme`` (added before the first table, after the
    leading comments, when there is none). Every other line, comment and unknown key is kept as it was."""
    new_line = f"theme = {_toml_string(theme)}"
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if _HEADER.match(line):
            break
        match = _TOP_THEME.match(line.rstrip("\r\n"))
        if match:
            comment = _trailing_comment(line.rstrip("\r\n"))
            ending = line[len(line.rstrip("\r\n")):] or "\n"
            lines[i] = f"{match.group(1)}{new_line}{'  ' + comment if comment else ''}{ending}"
            return "".join(lines)
    insert_at = 0
    for i, line in enumerate(lines):
        if _HEADER.match(line):
            break
        if line.strip():
            insert_at = i + 1
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.insert(insert_at, new_line + "\n")
    return "".join(lines)


def _trailing_comment(line: str) -> str:
    """The ``# comment`` after a simple ``theme = "value"`` line (strings without a ``#`` inside)."""
    match = re.match(r"^\s*theme\s*=\s*(\"[^\"#]*\"|'[^'#]*')\s*(#.*)$", line)
    return match.group(2) if match else ""


class ConfigWriteError(Exception):
    pass


def save_theme(path: Path, theme: str) -> None:
    """Keep ``theme`` in the file: only its line changes (comments and unknown keys stay), written atomically, 0600.
    A file that is not valid TOML is left alone (:class:`ConfigWriteError` says why): rewriting it could lose what the
    user meant."""
    import tomllib

    from .store.files import atomic_write

    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigWriteError(f"{path} cannot be read ({exc}); the theme is not kept.") from None
    try:
        tomllib.loads(text)
    except ValueError:  # TOMLDecodeError, or an integer past Python's 4,300 digits
        raise ConfigWriteError(f"{path} is not valid TOML (see 'cc-tui config check'); the theme is not kept "
                               "there until it is fixed.") from None
    new_text = with_theme(text, theme)
    try:
        if tomllib.loads(new_text).get("theme") != theme:  # pragma: no cover - a multi-line or odd theme value
            raise ConfigWriteError(f"{path}: the theme line could not be changed safely; set theme = \"{theme}\" "
                                   "there yourself.")
    except ValueError:
        raise ConfigWriteError(f"{path}: the theme line could not be changed safely; set theme = \"{theme}\" "
                               "there yourself.") from None
    try:
        if not path.parent.exists():
            path.parent.mkdir(mode=0o700, parents=True)
        atomic_write(path, new_text.encode("utf-8"), keep_backup=False)
    except Exception as exc:  # noqa: BLE001 - SaveError or OSError: one line for the notification
        raise ConfigWriteError(str(exc)) from None
