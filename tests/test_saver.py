"""The background saver: coalescing, order, retries and flush."""

from __future__ import annotations

import threading
import time

import pytest

from cc_tui.errors import SaveError
from cc_tui.saver import Saver


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return predicate()


@pytest.fixture
def make_saver():
    savers: list[Saver] = []

    def make(**kw) -> Saver:
        s = Saver(**kw)
        savers.append(s)
        return s

    yield make
    for s in savers:
        s.stop(timeout=1.0)


def test_coalesces_by_key_and_keeps_order(make_saver):
    gate = threading.Event()
    done: list[str] = []
    saver = make_saver()
    saver.submit("blocker", lambda: gate.wait(5))
    assert wait_for(lambda: saver.pending == 1)  # the blocker is running
    for i in range(5):
        saver.submit("conversation:a", lambda i=i: done.append(f"a{i}"))
        saver.submit("person:b", lambda i=i: done.append(f"b{i}"))
    saver.submit("index", lambda: done.append("index"))
    assert saver.pending == 4
    gate.set()
    assert saver.flush()
    assert done == ["a4", "b4", "index"]  # only the newest snapshot of each key, in order of first submission
    assert saver.saves == 4 and saver.pending == 0


def test_retries_a_failing_job_and_reports_once(make_saver):
    calls = []
    events: list[str] = []
    failures = iter([True, True])

    def job():
        calls.append(time.monotonic())
        if next(failures, False):
            raise SaveError("Could not save x: the disk is full.")

    saver = make_saver(
        on_error=lambda message: events.append(f"error: {message}"),
        on_recovered=lambda: events.append("recovered"),
        on_saved=lambda key: events.append(f"saved {key}"),
        retry_seconds=0.02,
    )
    saver.submit("conversation:a", job)
    assert wait_for(lambda: "recovered" in events)
    assert len(calls) == 3
    assert events == ["error: Could not save x: the disk is full.", "recovered", "saved conversation:a"]
    assert not saver.failing and saver.last_error is None and saver.flush()


def test_flush_is_false_while_failing_and_true_after(make_saver):
    state = {"full": True, "written": None}
    errors: list[str] = []
    recovered = threading.Event()

    def job(value):
        def run():
            if state["full"]:
                raise SaveError("the disk is full")
            state["written"] = value
        return run

    saver = make_saver(on_error=errors.append, on_recovered=recovered.set, retry_seconds=10)
    saver.submit("k", job("old"))
    assert wait_for(lambda: saver.failing)
    assert saver.flush(timeout=1.0) is False
    saver.submit("k", job("new"))  # a newer snapshot replaces the failing one
    assert saver.flush(timeout=1.0) is False
    assert errors == ["the disk is full"]  # told once per failure streak
    assert saver.last_error == "the disk is full"
    state["full"] = False
    assert saver.flush(timeout=2.0) is True
    assert recovered.is_set() and state["written"] == "new"


def test_an_unexpected_exception_does_not_kill_the_saver(make_saver):
    errors: list[str] = []
    done = []
    boom = iter([True])

    def job():
        if next(boom, False):
            raise RuntimeError("bug")
        done.append(1)

    saver = make_saver(on_error=errors.append, retry_seconds=0.01)
    saver.submit("x", job)
    assert wait_for(lambda: done == [1])
    assert len(errors) == 1 and "RuntimeError" in errors[0]
    saver.submit("y", lambda: done.append(2))
    assert saver.flush() and done == [1, 2]


def test_a_failing_report_to_the_app_does_not_kill_the_saver(make_saver):
    """The app's loop may be gone when the saver tells it (``call_from_thread`` raises CancelledError as the app
    closes): the saver thread must live on, keep the text and retry, or every later save is silently lost."""
    from concurrent.futures import CancelledError

    state = {"full": True}
    written: list[str] = []

    def job():
        if state["full"]:
            raise SaveError("the disk is full")
        written.append("text")

    def closed_app(*_args):
        raise CancelledError()

    saver = make_saver(on_error=closed_app, on_recovered=closed_app, on_saved=closed_app, retry_seconds=0.01)
    saver.submit("conversation:a", job)
    assert wait_for(lambda: saver.failing)
    state["full"] = False
    assert saver.flush(timeout=2.0) and written == ["text"]
    saver.submit("conversation:b", lambda: written.append("more"))
    assert saver.flush(timeout=2.0) and written == ["text", "more"]


def test_stop_flushes_and_refuses_new_work(make_saver):
    done = []
    saver = make_saver()
    saver.submit("a", lambda: done.append("a"))
    assert saver.stop() is True
    assert done == ["a"]
    with pytest.raises(RuntimeError):
        saver.submit("b", lambda: None)


def test_stop_while_failing_does_not_spin(make_saver):
    calls = []

    def job():
        calls.append(1)
        raise SaveError("the disk is full")

    saver = make_saver(retry_seconds=5)
    saver.submit("a", job)
    assert wait_for(lambda: saver.failing)
    assert saver.stop(timeout=0.5) is False
    settled = len(calls)
    time.sleep(0.2)
    assert len(calls) == settled <= 3  # no busy retry loop after stop
    assert not saver._thread.is_alive()
