"""Shared fixtures: a fixed clock, an empty store and a demo store in a temporary folder, and the CLI run as a
subprocess with HOME, XDG folders and CC_TUI_DATA_DIR pointed into the test's own folder."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cc_tui.store import Store

from .app_support import NOW as FIXED_NOW
from .app_support import fixed_clock


@pytest.fixture
def clock():
    """The fixed clock (a callable returning FIXED_NOW)."""
    return fixed_clock


@pytest.fixture
def store(tmp_path):
    """An empty, locked store in ``tmp_path/data``; closed after the test."""
    s = Store.open(tmp_path / "data", clock=fixed_clock)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def demo_store(store):
    """``store`` filled with the deterministic demo team (built at FIXED_NOW)."""
    from cc_tui.demo import build_demo

    build_demo(store, now=FIXED_NOW)
    return store


@pytest.fixture
def env(tmp_path, monkeypatch):
    """The environment for CLI subprocesses: nothing of the real user's folders is ever touched."""
    home = tmp_path / "home"
    values = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "CC_TUI_DATA_DIR": str(tmp_path / "default-data"),
    }
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("CC_TUI_DEBUG", raising=False)
    monkeypatch.delenv("CC_TUI_CONFIG", raising=False)  # the config file is the one in XDG_CONFIG_HOME unless a test says
    return dict(os.environ)


@pytest.fixture
def cli(env):
    """Run ``cc-tui ARGS`` as a subprocess; never a traceback; ``ok=True`` also asserts exit 0."""

    def run(*args: str, ok: bool | None = None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "cc_tui.cli", *args], capture_output=True, text=True, env=env, timeout=60
        )
        assert "Traceback" not in result.stderr, result.stderr
        if ok is True:
            assert result.returncode == 0, result.stderr
        return result

    return run
