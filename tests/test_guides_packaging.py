"""The wheel ships every guide as cc_tui/_guides/*.md, and the installed code finds them.

Builds the wheel with ``pip wheel`` (pip fetches hatchling into its isolated build
environment) from a copy of the project, so nothing is written into the work tree.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import zipfile

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
SHIPPED = sorted(p.name for p in (REPO / "guides").glob("*.md"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> pathlib.Path:
    src = tmp_path_factory.mktemp("src")
    shutil.copy2(REPO / "pyproject.toml", src / "pyproject.toml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "cc_tui", src / "cc_tui", ignore=ignore)
    shutil.copytree(REPO / "guides", src / "guides", ignore=ignore)
    for name in ("README.md", "ARCHITECTURE.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, src / name)
    if not (src / "README.md").exists():  # the project readme may not be written yet
        (src / "README.md").write_text("cc-tui\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(out.glob("cc_tui-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contains_every_guide(wheel):
    assert len(SHIPPED) >= 11
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        packaged = sorted(n.split("/")[-1] for n in names if n.startswith("cc_tui/_guides/") and n.endswith(".md"))
        assert packaged == SHIPPED
        for name in SHIPPED:
            assert zf.read(f"cc_tui/_guides/{name}") == (REPO / "guides" / name).read_bytes()
        assert "cc_tui/guides/__init__.py" in names and "cc_tui/guides/library.py" in names
        assert "cc_tui/guides_cli.py" in names
        assert "cc_tui/widgets/guide_panel.py" in names
        # cc-tui serve: its page and the entry point each browser tab's app is started with
        assert {"cc_tui/serve_page.html", "cc_tui/serve.py", "cc_tui/__main__.py", "cc_tui/home.tcss",
                "cc_tui/screens.tcss"} <= names


def test_installed_code_loads_guides_from_the_wheel(wheel, tmp_path):
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    code = (
        "import json, cc_tui, cc_tui.guides as g;"
        "lib = g.load_guides(include_user=False);"
        "print(json.dumps({'pkg': cc_tui.__file__, 'dir': str(g.shipped_guides_dir()),"
        " 'ids': sorted(lib.guides), 'origins': sorted({x.origin for x in lib.guides.values()}),"
        " 'problems': [str(p) for p in lib.problems]}))"
    )
    env = {**os.environ, "PYTHONPATH": str(target), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert pathlib.Path(info["pkg"]).is_relative_to(target)
    assert pathlib.Path(info["dir"]) == target / "cc_tui" / "_guides"
    assert info["ids"] == sorted(name[: -len(".md")] for name in SHIPPED)
    assert info["origins"] == ["shipped"]
    assert info["problems"] == []
