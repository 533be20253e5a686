"""The key bindings as the code defines them, and the ``[keys]`` table of the config file checked against them.

Every binding with an ``id`` in the app, its screens, their panes, the dialogs and the widgets is found by reading
their ``BINDINGS`` (nothing listed by hand, so ``cc-tui keys`` cannot drift from the code). A ``[keys]`` entry is
checked for an unknown binding id, a key name Textual does not know, and a key that two bindings would share where
both can fire (the same screen: the app's keys, the screen's, and one of its panes' or a widget's).

Imports every screen module: used by ``cc-tui keys``/``config check`` and, in the app, only when the config has a
``[keys]`` table (after the first frame).
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, KEY_TO_UNICODE_NAME, Keys, key_to_character
from textual.screen import Screen

from .config import Loaded, Problem

PACKAGES = ("cc_tui.screens", "cc_tui.dialogs", "cc_tui.widgets")
MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_NAMED = {"space", "enter", "tab", "escape", "backspace", "delete", "insert", "home", "end", "pageup", "pagedown",
          "up", "down", "left", "right", *(f"f{n}" for n in range(1, 25))}


@dataclass(frozen=True)
class BindingInfo:
    id: str
    key: str  # the default key(s), comma separated, as written in BINDINGS
    action: str
    description: str  # what it does (the tooltip, else the key bar's label)
    owner: type[DOMNode]
    shown: bool

    @property
    def where(self) -> str:
        return where(self.owner)


# where a binding works, in the words of the screen (the class names that do not say it by themselves)
PLACES = {
    "CCApp": "everywhere",
    "TeamPrepPane": "Team session prep",
    "TeamDiscussionPane": "Team session discussion",
    "ConfirmScreen": "A yes/no question",
    "PromptScreen": "A one-line question",
    "PickScreen": "A list to pick from",
    "PickManyScreen": "A list to tick",
    "EraseDialog": "Erase a person",
    "ExportDialog": "Export",
    "FormScreen": "Any form",
    "KeysScreen": "This list of keys",
    "PrepPageWriteDialog": "Write their prep page",
    "PrepAnswersDialog": "Paste their prep page",
    "GuidePanel": "The guide's questions",
    "MotivationTable": "The motivators",
}


def where(owner: type[DOMNode]) -> str:
    name = owner.__name__
    if name in PLACES:
        return PLACES[name]
    for suffix in ("Screen", "Pane"):
        if name.endswith(suffix) and name != suffix:
            name = name[: -len(suffix)] + (" stage" if suffix == "Pane" else "")
    return name


# ------------------------------------------------------------------------------------------------- the bindings


def _modules() -> Iterable[str]:
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        yield package_name
        for info in pkgutil.walk_packages(package.__path__, prefix=package_name + "."):
            yield info.name


@cache
def binding_owners() -> tuple[type[DOMNode], ...]:
    """The app, then every class of the screens, dialogs and widgets packages that declares its own ``BINDINGS``."""
    from .app import CCApp

    owners: list[type[DOMNode]] = [CCApp]
    for name in _modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, DOMNode) and value.__module__ == name
                    and "BINDINGS" in vars(value) and value not in owners):
                owners.append(value)
    return tuple(owners)


def own_bindings(owner: type[DOMNode]) -> list[Binding]:
    return [b for b in vars(owner).get("BINDINGS", []) if isinstance(b, Binding)]


@cache
def all_bindings() -> tuple[BindingInfo, ...]:
    """Every binding with an id, the app's first; an id declared twice (a subclass's copy) is listed once."""
    seen: set[str] = set()
    found: list[BindingInfo] = []
    for owner in binding_owners():
        for binding in own_bindings(owner):
            if binding.id and binding.id not in seen:
                seen.add(binding.id)
                found.append(BindingInfo(binding.id, binding.key, binding.action,
                                         binding.tooltip or binding.description or binding.action, owner,
                                         binding.show))
    return tuple(found)


def binding_ids() -> set[str]:
    return {info.id for info in all_bindings()}


# ------------------------------------------------------------------------------------------------- key names


def normal_key(key: str) -> str:
    """A key as Textual matches it: a single character by its name (``?`` → ``question_mark``)."""
    key = key.strip()
    if len(key) != 1 or key.isalnum():
        return key
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return key
    return KEY_NAME_REPLACEMENTS.get(name, name)


@cache
def _known_names() -> frozenset[str]:
    names = set(_NAMED) | set(KEY_TO_UNICODE_NAME) | set(KEY_NAME_REPLACEMENTS.values())
    names |= {k.value.rsplit("+", 1)[-1] for k in Keys}
    return frozenset(n for n in names if n)


def key_problem(key: str) -> str | None:
    """Why Textual would never fire ``key`` (one key, no comma), or None when it is a key Textual knows."""
    if not key:
        return "an empty key"
    *mods, base = key.split("+") if key != "+" else ["+"]
    bad = [m for m in mods if m not in MODIFIERS]
    if bad or (mods and not base):
        return f"{key!r}: {', '.join(repr(m) for m in bad) or 'nothing'} is not a modifier (ctrl, shift, alt, meta, " \
               "super, hyper)"
    if len(base) == 1:
        if base.isprintable() and not base.isspace():
            return None
        return f"{key!r} is not a key"
    if base in _known_names() or key_to_character(base) is not None:
        return None
    return f"{key!r} is not a key name Textual knows (like a, ctrl+e, f11, escape, question_mark)"


def split_keys(keys: str) -> list[str]:
    return [k.strip() for k in keys.split(",")]


# ------------------------------------------------------------------------------------------------- checking [keys]


def _scopes() -> list[tuple[str, list[type[DOMNode]]]]:
    """Where bindings can fire together: the app's with a screen's, and with one of the screen's panes (a pane or
    widget class of the same screen package) or a widget's; two panes of one screen are never on screen together."""
    owners = binding_owners()
    app = owners[0]
    screens = [o for o in owners[1:] if issubclass(o, Screen)]
    scopes: list[tuple[str, list[type[DOMNode]]]] = [(where(s), [app, s]) for s in screens]
    for owner in owners[1:]:
        if issubclass(owner, Screen):
            continue
        package = owner.__module__.rsplit(".", 1)[0] if owner.__module__.count(".") > 2 else owner.__module__
        if package == "cc_tui.widgets":  # the widgets with keys of their own live in the conversation
            package = "cc_tui.screens.conversation"
        hosts = [s for s in screens if s.__module__.startswith(package) and package.startswith("cc_tui.screens")]
        for host in hosts or [None]:
            scope = [app] + ([host] if host is not None else []) + [owner]
            scopes.append((f"{where(host)}, {where(owner)}" if host is not None else where(owner), scope))
    return scopes


def keymap_problems(loaded: Loaded) -> list[Problem]:
    """The ``[keys]`` table against the code: unknown ids, unknown key names, keys two bindings would share."""
    keys = loaded.settings.keys
    if not keys:
        return []
    problems: list[Problem] = []
    known = binding_ids()
    for binding_id, value in keys.items():
        line = loaded.line_of(binding_id, "keys")
        if binding_id not in known:
            close = sorted(i for i in known if i.split(".")[-1] == binding_id.split(".")[-1] or binding_id in i)
            hint = f" (did you mean {', '.join(close[:3])}?)" if close else " ('cc-tui keys' lists them)"
            problems.append(Problem(loaded.path, line, f"keys.{binding_id}", f"no binding has this id{hint}"))
            continue
        keys_given = split_keys(value)
        good = [k for k in keys_given if key_problem(k) is None]
        for key in keys_given:
            why = key_problem(key)
            if why is not None:  # (the others given are used, in place of the default key; none: the default stays)
                kept = f"only {', '.join(repr(k) for k in good)} is used" if good else "its default key is kept"
                problems.append(Problem(loaded.path, line, f"keys.{binding_id}", f"{why}; {kept}"))
    usable = usable_keymap(keys)
    reported: set[tuple[str, str, str]] = set()
    for scope_name, owners in _scopes():
        by_key: dict[str, list[tuple[str, bool]]] = {}
        for owner in owners:
            for binding in own_bindings(owner):
                remapped = binding.id is not None and binding.id in usable
                current = usable[binding.id] if remapped and binding.id else binding.key
                for key in split_keys(current):
                    entry = (binding.id or f"'{binding.action}'", remapped)
                    if entry not in by_key.setdefault(normal_key(key), []):
                        by_key[normal_key(key)].append(entry)
        for key, users in by_key.items():
            ids = sorted({name for name, _ in users})
            if len(ids) < 2 or not any(remapped for _, remapped in users):
                continue
            for name, remapped in users:
                others = [o for o in ids if o != name]
                if not remapped or (name, key, ",".join(others)) in reported:
                    continue
                reported.add((name, key, ",".join(others)))
                problems.append(Problem(loaded.path, loaded.line_of(name, "keys"), f"keys.{name}",
                                        f"{key!r} is also the key of {', '.join(others)} ({scope_name})"))
    return problems


def usable_keymap(keys: Mapping[str, str], *, known_ids_only: bool = True) -> dict[str, str]:
    """The ``[keys]`` entries that can be applied: with only the key names Textual knows, and (``known_ids_only``)
    for ids a binding has. The app passes False at start: finding the ids imports every screen (~0.35 s before the
    first frame), and Textual ignores an id no binding has anyway."""
    known = binding_ids() if known_ids_only else None
    usable: dict[str, str] = {}
    for binding_id, value in keys.items():
        good = [k for k in split_keys(value) if key_problem(k) is None]
        if (known is None or binding_id in known) and good:
            usable[binding_id] = ",".join(good)
    return usable


def key_rows(keys: Mapping[str, str]) -> list[tuple[str, str, str, str, str]]:
    """(id, default key, current key, where, what it does) for every binding, for ``cc-tui keys``."""
    usable = usable_keymap(keys)
    return [(info.id, info.key, usable.get(info.id, info.key), info.where, info.description)
            for info in all_bindings()]


def theme_problem(loaded: Loaded) -> Problem | None:
    """A theme Textual does not have (the built-in ones; cc-tui registers none of its own)."""
    from textual.theme import BUILTIN_THEMES

    theme = loaded.settings.theme
    if theme in BUILTIN_THEMES:
        return None
    # the names are not listed: 21 of them filled half of an 80x24 screen as the app's notice. The palette lists them
    return Problem(loaded.path, loaded.line_of("theme"), "theme",
                   f"{theme!r} is not a Textual theme (ctrl+p, Theme, lists them, e.g. textual-light, nord); "
                   "textual-dark is used")
