"""The shape of the code, checked in the test command (so CI keeps it): ruff (lint and import order), the
import-linter contracts in pyproject.toml (the core imports neither Textual nor Rich; app → screens → dialogs →
widgets, nothing upwards; no screen imports another), no module over 700 lines, and no private Textual name outside
cc_tui/textual_compat/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MAX_LINES = 700


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    result = run(str(BIN / "ruff"), "check", "--no-cache", "cc_tui", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_are_kept() -> None:
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_module_does_too_many_jobs() -> None:
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "cc_tui").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them by job): {long}"


def test_every_import_resolves_even_the_lazy_ones() -> None:
    """Imports inside functions (kept there for start-up time) run only on their path: one left pointing at a module
    that moved crashed ctrl+q on a full disk. Every ``from X import Y`` in the package must name a real module and
    a real name."""
    import ast
    import importlib

    broken = []
    for path in sorted((ROOT / "cc_tui").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        package = ".".join(rel.parts[:-1])  # a module's package; an __init__'s is its own folder, the same parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            if not name.startswith("cc_tui"):
                continue
            try:
                module = importlib.import_module(name)
            except ImportError as exc:
                broken.append(f"{rel}:{node.lineno}: {name} ({exc})")
                continue
            for alias in node.names:
                if alias.name == "*" or hasattr(module, alias.name):
                    continue
                try:
                    importlib.import_module(f"{name}.{alias.name}")
                except ImportError:
                    broken.append(f"{rel}:{node.lineno}: {name} has no {alias.name}")
    assert not broken, "\n".join(broken)


def test_no_f_string_reaches_a_markup_parser() -> None:
    """A person's text in an f-string given to something that parses markup ('[/]' in a name crashes it,
    '[@click=…]' runs an action): notify, Label, Static, Button and update take Text/Content, or markup=False."""
    import ast

    parsers = {"notify", "Label", "Static", "Button", "update"}
    found = []
    for path in sorted((ROOT / "cc_tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in parsers or not any(isinstance(n, ast.JoinedStr) for n in ast.walk(node.args[0])):
                continue
            if isinstance(node.args[0], ast.Call):  # Text(f"..."), Content(f"..."): not markup
                continue
            markup = next((k.value for k in node.keywords if k.arg == "markup"), None)
            if not (isinstance(markup, ast.Constant) and markup.value is False):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}(f-string) without markup=False")
    assert not found, "\n".join(found)


def _assigned_names(node: ast.AST) -> set[str]:
    """The names a class body defines: its methods, its class attributes and what its code stores on ``self``/``cls``."""
    names: set[str] = set()
    for item in getattr(node, "body", []):
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            names.update(t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    for sub in ast.walk(node):
        if (isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store) and isinstance(sub.value, ast.Name)
                and sub.value.id in ("self", "cls")):
            names.add(sub.attr)
    return names


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


COMPAT = ROOT / "cc_tui" / "textual_compat"


def test_no_private_textual_name_outside_the_compat_package() -> None:
    """Textual's private names change in any release, so they all live in ``cc_tui/textual_compat/`` (version-checked,
    each with a plain fallback). Anywhere else in cc_tui: no import of a ``textual._x`` (or ``rich._x``) module, no
    class that defines or stores a name a Textual/Rich base class keeps private (an override of ``_on_resize``, or an
    attribute that would shadow one), no ``obj._x`` read of a name only Textual defines, and no import of the compat
    package's own modules (only the package's names)."""
    import importlib
    import inspect
    import pkgutil
    import textwrap

    import textual

    import cc_tui

    found: list[str] = []
    textual_private: set[str] = set()  # every private name a Textual class defines or stores
    for path in Path(textual.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                textual_private.update(n for n in _assigned_names(node) if _private(n))
    ours = [p for p in sorted((ROOT / "cc_tui").rglob("*.py")) if COMPAT not in p.parents]
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in ours}
    own: set[str] = set()  # what cc_tui's own classes define: ``self._store`` is not Textual's
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                own |= _assigned_names(node)
    for path, tree in trees.items():
        where = path.relative_to(ROOT)
        other_modules = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
                         if a.name.split(".")[0] not in ("textual", "rich")}  # os._exit is not Textual's
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                if parts[0] in ("textual", "rich") and (any(map(_private, parts)) or any(
                        _private(a.name) for a in node.names)):
                    found.append(f"{where}:{node.lineno}: imports private {node.module}")
                if "textual_compat" in parts and parts[-1] != "textual_compat":
                    found.append(f"{where}:{node.lineno}: imports {node.module} (import from cc_tui.textual_compat)")
            elif isinstance(node, ast.Import):
                found += [f"{where}:{node.lineno}: imports private {a.name}" for a in node.names
                          if a.name.split(".")[0] in ("textual", "rich") and any(map(_private, a.name.split(".")))]
            elif (isinstance(node, ast.Attribute) and _private(node.attr) and node.attr in textual_private
                  and node.attr not in own
                  and not (isinstance(node.value, ast.Name) and node.value.id in other_modules)):
                found.append(f"{where}:{node.lineno}: uses Textual's private {node.attr}")
    # classes built on Textual or Rich: nothing they define may be a private name of those bases
    cache: dict[type, set[str]] = {}

    def base_names(base: type) -> set[str]:
        if base not in cache:
            names = set(vars(base))
            try:
                names |= _assigned_names(ast.parse(textwrap.dedent(inspect.getsource(base))).body[0])
            except (OSError, TypeError, SyntaxError, IndexError):
                pass
            cache[base] = names
        return cache[base]

    modules = [m.name for m in pkgutil.walk_packages(cc_tui.__path__, "cc_tui.")
               if m.name != "cc_tui.__main__" and not m.name.startswith("cc_tui.textual_compat")]
    for name in modules:
        module = importlib.import_module(name)
        tree = trees[Path(module.__file__ or "")]
        for node in ast.walk(tree):
            cls = getattr(module, node.name, None) if isinstance(node, ast.ClassDef) else None
            if not inspect.isclass(cls):
                continue
            bases = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] in ("textual", "rich")]
            theirs = set().union(*map(base_names, bases)) if bases else set()
            found += [f"{name}.{node.name}: defines {n}, private to {bases[0].__name__}'s Textual/Rich bases"
                      for n in sorted(_assigned_names(node) & theirs) if _private(n)]
    assert not found, "\n".join(found)
