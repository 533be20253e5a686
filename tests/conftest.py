"""Shared fixtures: a fixed clock, an empty store and a demo store, both in a temporary folder."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from cc_tui.store import Store

FIXED_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


def fixed_clock() -> datetime:
    return FIXED_NOW


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
