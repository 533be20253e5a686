"""The shape of the code, checked in the test command (so CI keeps it): ruff (lint and import order), the
import-linter contracts in pyproject.toml (the core imports neither Textual nor Rich; app → screens → dialogs →
widgets, nothing upwards; no screen imports another), and no module over 700 lines."""

from __future__ import annotations

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
