"""A replayed meeting, measured the way a manager feels it (#25): ``python -m benchmarks meeting``.

The real app (``python -m cc_tui``) runs in a real pseudo-terminal at 120x40 on the 20,000-conversation store, with
its search index building in the background and its collector on, as in use. The script opens home, rests on a
person, opens their history (once after dropping that store's pages from the OS cache), opens conversations from
home, then replays a 30-minute meeting compressed to a few minutes: typing in bursts of 3–8 keys a second with
pauses, stage switches, guide questions ticked, motivators rated, a quote, goals and action items with dates, the
split view, a search, the talk-time toggles, the export dialog, the wrap-up.

What it records:

- **key -> frame**: for every key written to the terminal, the time until the end of the output it caused (the burst
  of output that starts after the key and ends at 40 ms of quiet or at the next key). That is when the terminal has
  drawn the last change the key made.
- **stalls**: the app logs every stall of its event loop longer than 16 ms, with what was running
  (``cc_tui/stall_watch.py``, switched on by ``CC_TUI_STALL_LOG``). Those that begin after ctrl+q (the app closing:
  no key waits for a frame then) are listed apart, with the time from ctrl+q to the app's process ending.
- **open a conversation from home**, **history with a cold page cache** (``posix_fadvise(DONTNEED)`` on every file of
  the store first), **first frame** (process start to the first output showing a person's name) against a bare
  Textual app (Header + Footer) in the same pseudo-terminal, interleaved, and **resident memory** after the meeting.

Options: ``--conversations 20000`` (100 people x N/100 each), ``--first-frames 8``, ``--opens 10``, ``--json FILE``,
``--off NAMES`` (the app with some of its Textual workarounds off, as ``benchmarks/workarounds_off.py`` names them:
``steady_option_list,steady_text_area,clear_styles_cache,prune_watchers,paint_when_settled,styled_once``),
``--compare`` (the meeting with everything on, then with each of those off in turn: one table).

It also counts the objects alive after each conversation closed (at the collector's full pass on home, which the app
logs with its stalls): objects left per closed conversation over ``--opens`` conversations.
"""

from __future__ import annotations

import argparse
import collections
import fcntl
import json
import os
import pty
import random
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Row, table
from benchmarks.generate import clone_store, ensure_store

COLS, ROWS = 120, 40
QUIET = 0.040  # seconds of no output that end a key's frame burst
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
KEYS = {"enter": b"\r", "tab": b"\t", "escape": b"\x1b", "down": b"\x1b[B", "up": b"\x1b[A", "space": b" ",
        "backspace": b"\x7f", "f1": b"\x1bOP", "f2": b"\x1bOQ", "f3": b"\x1bOR", "f4": b"\x1bOS",
        "f5": b"\x1b[15~", "f6": b"\x1b[17~", "f7": b"\x1b[18~", "f8": b"\x1b[19~", "f10": b"\x1b[21~",
        "ctrl+s": b"\x13", "ctrl+r": b"\x12", "ctrl+l": b"\x0c", "ctrl+q": b"\x11", "right": b"\x1b[C"}
LAUNCHER = """
import sys
sys.path.insert(0, {root!r})
from cc_tui import textual_compat
from cc_tui.widgets import settle
for name in [n for n in sys.argv[1].split(",") if n]:
    if name == "paint_when_settled":  # bound by name when the screens are imported: before that, so they get this
        settle.paint_when_settled = lambda widgets, *, timeout=0.0: None
    else:
        textual_compat.set_enabled(name, False)
from cc_tui.cli import main
sys.exit(main(sys.argv[2:]))
"""
# (light on purpose: importing benchmarks.workarounds_off, which imports the benchmark modules, added ~0.3 s to the
# first frame of every run with a workaround off)
OFF: list[str] = []  # workarounds switched off in the app (--off), see benchmarks/workarounds_off.py


def app_argv(folder: Path) -> list[str]:
    if not OFF:
        return [sys.executable, "-m", "cc_tui", "--data-dir", str(folder)]
    root = str(Path(__file__).resolve().parent.parent)
    return [sys.executable, "-c", LAUNCHER.format(root=root), ",".join(OFF), "--data-dir", str(folder)]


BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header
class Bare(App):
    TITLE = "bare textual first frame"
    def compose(self):
        yield Header()
        yield Footer()
Bare().run()
"""

# the same, also drawing a list of 100 rows (home's size): what drawing a full list costs Textual itself
BARE_LIST_APP = """
from textual.app import App
from textual.widgets import Footer, Header, OptionList, Static
class BareList(App):
    TITLE = "bare textual first frame"
    def compose(self):
        yield Header()
        yield Static("100 people, 12 due now, 30 items you owe", markup=False)
        yield OptionList(*[f"Person {i:03d} Listed   Staff Engineer   last 12 Nov 2026   next 03 Dec 2026   3 / 2"
                           for i in range(100)])
        yield Footer()
BareList().run()
"""


class Terminal:
    """A program in a pseudo-terminal; a thread reads its output and notes when each piece arrived."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path | None = None) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.chunks: list[tuple[float, bytes]] = []
        self.keys: list[tuple[float, str]] = []
        self._open = True
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while self._open:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.01)
                if not ready:
                    continue
                chunk = os.read(self.master, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            self.chunks.append((time.perf_counter(), chunk))

    def text(self, since: int = 0, until: int | None = None) -> str:
        raw = b"".join(c for _, c in self.chunks[since:until])
        return ESCAPES.sub(b"", raw).decode("utf-8", "replace")

    def shown_at(self, text: str, since: int = 0) -> float | None:
        """The time of the first chunk (from ``since`` on) by which the output showed ``text``, or None. The
        escape sequences are stripped from the output joined (a name can be split across chunks or styles), and the
        first such chunk is found by bisection: a few passes over the output, not one per chunk."""
        end = len(self.chunks)
        if text not in self.text(since, end):
            return None
        low, high = since, end - 1  # the answer is the smallest i with text in chunks[since:i + 1]
        while low < high:
            middle = (low + high) // 2
            if text in self.text(since, middle + 1):
                high = middle
            else:
                low = middle + 1
        return self.chunks[low][0]

    def wait_for(self, text: str, timeout: float = 60.0, since: int = 0) -> float:
        """The time the output first showed ``text`` (in the chunks from ``since`` on). It looks again only when
        more output came: the harness must not take the CPU the app needs (two cores)."""
        deadline = time.perf_counter() + timeout
        looked = -1
        while time.perf_counter() < deadline:
            count = len(self.chunks)
            if count != looked:
                looked = count
                shown = self.shown_at(text, since)
                if shown is not None:
                    return shown
            time.sleep(0.005)
        raise TimeoutError(f"{text!r} never appeared: {self.text(since)[-1500:]!r}")

    def key(self, name: str, label: str = "") -> float:
        data = KEYS.get(name, name.encode())
        t = time.perf_counter()
        os.write(self.master, data)
        self.keys.append((t, label or name))
        return t

    def quit(self) -> None:
        """Ctrl+Q, then wait for the app to exit (killed if it has not after 20 s)."""
        self.key("ctrl+q")
        try:
            self.close(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.close(5)

    def close(self, timeout: float = 30.0) -> int:
        try:
            return self.proc.wait(timeout)
        finally:
            self._open = False
            self._reader.join(1)
            try:
                os.close(self.master)
            except OSError:
                pass


def draws(chunk: bytes) -> bool:
    """Whether this output puts anything on the screen: text, once the escape sequences are taken out. Textual also
    writes sequences that draw nothing, such as the mouse pointer's shape (OSC 22) when the screen under the pointer
    changes: on an open it came ~25 ms after Enter and ~50 ms before the frame, and a burst that began with it ended
    before the frame came (the open was counted at ~25 ms)."""
    return bool(ESCAPES.sub(b"", chunk).strip(b"\r\n"))


CURSOR_TO = re.compile(rb"\x1b\[(\d+);\d+H")
CLOCK_ROW = 2  # the conversation's stage bar, whose clocks move every second whatever the keys do


def clock_only(chunk: bytes) -> bool:
    """Whether this output draws only on the stage bar's row: the stage and meeting clocks' tick, once a second. A
    key's frame burst does not take it in (a key typed ~30 ms before a tick was counted to the tick's frame); a key
    whose first frame it is (talk time, a stage switch that drew nothing else yet) still counts it."""
    parts = CURSOR_TO.split(chunk)  # text before the first move, then (row, text) pairs
    rows = [int(row) for row, text in zip(parts[1::2], parts[2::2]) if draws(text)]
    return bool(rows) and not draws(parts[0]) and all(row == CLOCK_ROW for row in rows)


def latencies(term: Terminal) -> list[tuple[str, float | None]]:
    """Each key's time to the end of the burst of frames it caused (None: it drew nothing before the next key)."""
    out: list[tuple[str, float | None]] = []
    drawn = [(t, clock_only(chunk)) for t, chunk in term.chunks if draws(chunk)]
    times = [t for t, _ in drawn]
    for index, (t0, label) in enumerate(term.keys):
        limit = term.keys[index + 1][0] if index + 1 < len(term.keys) else t0 + 2.0
        first = next((i for i, t in enumerate(times) if t >= t0), None)
        if first is None or times[first] >= limit:
            out.append((label, None))
            continue
        last = seen = first
        while seen + 1 < len(times) and times[seen + 1] < limit and times[seen + 1] - times[seen] < QUIET:
            seen += 1
            if not drawn[seen][1]:
                last = seen  # the clocks' tick is not this key's frame
        out.append((label, times[last] - t0))
    return out


def drop_page_cache(folder: Path) -> int:
    """posix_fadvise(DONTNEED) on every file of the store: their pages leave the OS cache (clean pages only)."""
    count = 0
    for path in folder.rglob("*.json"):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            count += 1
        finally:
            os.close(fd)
    return count


def byte_compile() -> None:
    """Byte-compile cc_tui, as ``pip install .`` (the README's command) does when it installs the package. This
    machine sets PYTHONDONTWRITEBYTECODE=1, so an editable checkout is otherwise compiled from source at every start
    (42 modules, ~55 ms of the first frame), while the bare Textual app it is compared with runs from the bytecode pip
    wrote. ``compileall`` writes the ``__pycache__`` files whatever that variable says."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "cc_tui"), quiet=1)


def app_env(home: Path, stall_log: Path | None) -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color", "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "COLUMNS": str(COLS), "LINES": str(ROWS)}
    for name in ("TEXTUAL", "CC_TUI_CONFIG", "CC_TUI_DEBUG", "CC_TUI_STALL_LOG"):
        env.pop(name, None)
    if stall_log is not None:
        env["CC_TUI_STALL_LOG"] = str(stall_log)
    return env


def person_names(folder: Path) -> list[str]:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    people = index.get("employees", {})
    return [doc["employee"]["name"] for doc in people.values()
            if isinstance(doc, dict) and isinstance(doc.get("employee"), dict) and "name" in doc["employee"]]


def first_frames(folder: Path, home: Path, runs: int, log: Any) -> dict[str, list[float]]:
    """Process start -> first output showing a person's name (cc-tui), the title (bare Textual) or the list's first
    row (bare Textual with a list), interleaved."""
    names = person_names(folder)
    result: dict[str, list[float]] = {"cc-tui": [], "bare": [], "bare list": []}
    apps = {"bare": BARE_APP, "bare list": BARE_LIST_APP}
    shows = {"bare": ["bare textual first frame"], "bare list": ["Person 000 Listed"]}
    for run in range(runs + 1):  # the first round warms the OS cache and is not counted
        for kind in result:
            argv = app_argv(folder) if kind == "cc-tui" else [sys.executable, "-c", apps[kind]]
            term = Terminal(argv, app_env(home, None))
            wanted = shows.get(kind, names)
            deadline = time.perf_counter() + 60
            seen = None
            looked = -1
            while time.perf_counter() < deadline and seen is None:
                count = len(term.chunks)
                if count != looked:  # look again only when more output came (see wait_for)
                    looked = count
                    text = term.text(0, count)
                    if any(name in text for name in wanted):
                        seen = min(t for t in (term.shown_at(name) for name in wanted if name in text)
                                   if t is not None)
                time.sleep(0.002)
            if seen is None:
                raise RuntimeError(f"{kind}: no first frame: {term.text()[-800:]!r}")
            if run:
                result[kind].append(seen - term.started)
            term.quit()
        log(f"  first frame run {run}: " + " ".join(f"{kind} {result[kind][-1:] or '-'}" for kind in result))
    return result


def type_text(term: Terminal, text: str, rng: random.Random, label: str) -> None:
    """A person typing: 3-8 keys a second, a pause of 0.4-1.2 s between phrases."""
    for word_index, word in enumerate(text.split(" ")):
        for ch in word + (" " if word_index < len(text.split(" ")) - 1 else ""):
            term.key(ch, label)
            time.sleep(1.0 / rng.uniform(3, 8) / 2.5)  # compressed x2.5: a 30-minute meeting in a few minutes
        if rng.random() < 0.25:
            time.sleep(rng.uniform(0.4, 1.2) / 2.5)


def step(term: Terminal, key: str, label: str, pause: float = 0.35) -> None:
    term.key(key, label)
    time.sleep(pause)


def meeting(folder: Path, home: Path, opens: int, log: Any) -> dict[str, Any]:
    stall_log = home / "stalls.jsonl"
    stall_log.unlink(missing_ok=True)
    rng = random.Random(25)
    term = Terminal(app_argv(folder), app_env(home, stall_log))
    names = person_names(folder)
    start = len(term.chunks)
    deadline = time.perf_counter() + 60
    looked = -1
    while True:
        count = len(term.chunks)
        if count != looked:  # look again only when more output came (see Terminal.wait_for)
            looked = count
            if any(name in term.text(start, count) for name in names):
                break
        if time.perf_counter() > deadline:
            raise RuntimeError("home never showed")
        time.sleep(0.01)
    time.sleep(1.0)
    result: dict[str, Any] = {"history_warm": [], "history_cold": [], "open": []}

    # rest on a person (the app reads their history ahead), then h; back
    for _ in range(3):
        step(term, "down", "rest on a person", 0.6)
        mark = len(term.chunks)
        t0 = term.key("h", "history (read ahead)")
        result["history_warm"].append(term.wait_for("History —", 20, mark) - t0)
        time.sleep(0.5)
        step(term, "escape", "back home", 0.6)
    # the page cache dropped, then down + h at once (no read-ahead): the history read from disk after the key
    for _ in range(3):
        dropped = drop_page_cache(folder)
        step(term, "down", "move", 0.0)
        mark = len(term.chunks)
        t0 = term.key("h", "history (cold cache)")
        result["history_cold"].append(term.wait_for("History —", 30, mark) - t0)
        time.sleep(0.6)
        step(term, "escape", "back home", 0.6)
    log(f"  history: warm {[round(x * 1000) for x in result['history_warm']]} ms, cold "
        f"{[round(x * 1000) for x in result['history_cold']]} ms ({dropped} files dropped from the cache each time)")

    # open conversations from home: Enter -> the conversation's stage bar on screen and the output quiet; back home
    # and a pause there (between two meetings: the collector's full pass frees the closed screen, and the app logs
    # how many objects it tracks then: objects left per closed conversation)
    result["closed_at"] = []
    for _ in range(opens):
        step(term, "down", "move", 0.5)
        mark = len(term.chunks)
        t0 = term.key("enter", "open conversation")
        shown = term.wait_for("Wrap-up", 30, mark)
        time.sleep(0.6)
        ends = [t for t, _ in term.chunks[mark:] if t <= shown + 0.3]
        result["open"].append(max(ends + [shown]) - t0)
        step(term, "escape", "back home", 2.0)
        result["closed_at"].append(time.perf_counter())
    log(f"  open from home: {[round(x * 1000) for x in result['open']]} ms")

    # the meeting, on the next person
    step(term, "down", "move", 0.5)
    step(term, "enter", "open conversation", 1.5)
    step(term, "f1", "stage", 0.6)
    for _ in range(2):
        step(term, "down", "carry-over row", 0.4)
        step(term, "p", "carry-over status", 0.5)
    step(term, "f2", "stage", 0.8)
    type_text(term, "They want to lead the ledger split and talk to the platform team about it this month", rng,
              "typing shared notes")
    step(term, "tab", "next field", 0.5)
    type_text(term, "Retention risk if the staff role stays vague", rng, "typing private notes")
    step(term, "tab", "next field", 0.5)
    for rating in "4352":
        step(term, rating, "rate a motivator", 0.4)
        step(term, "down", "next motivator", 0.3)
    step(term, "f6", "guide questions", 0.5)
    for _ in range(3):
        step(term, "down", "guide question", 0.3)
        step(term, "space", "tick a question", 0.4)
    step(term, "f6", "back to notes", 0.5)
    step(term, "ctrl+r", "quote", 0.8)
    type_text(term, "I want to build things people use", rng, "typing a quote")
    step(term, "enter", "quote line", 0.8)
    step(term, "enter", "quote tag", 0.8)
    step(term, "f7", "split view", 1.2)
    step(term, "f7", "close split view", 0.8)
    step(term, "f8", "talk time", 0.6)
    step(term, "f8", "talk time", 0.6)
    step(term, "f8", "talk time", 0.6)
    step(term, "f3", "stage", 0.8)
    step(term, "a", "add goal", 0.8)
    type_text(term, "Lead the ledger split design", rng, "typing a goal")
    step(term, "ctrl+s", "save goal", 0.8)
    step(term, "f4", "stage", 0.8)
    for text, due in (("Book a session with the platform lead", "+2w"), ("Send the course list", "fri")):
        step(term, "a", "add action item", 0.8)
        type_text(term, text, rng, "typing an action item")
        step(term, "tab", "next field", 0.3)
        step(term, "tab", "next field", 0.3)
        type_text(term, due, rng, "typing a due date")
        step(term, "ctrl+s", "save action item", 0.8)
    step(term, "ctrl+l", "search", 1.0)
    type_text(term, "ledger", rng, "typing a search")
    time.sleep(1.0)
    step(term, "escape", "close search", 0.8)
    step(term, "f5", "stage", 0.8)
    type_text(term, "Agreed to focus on the ledger split", rng, "typing the summary")
    step(term, "f10", "export dialog", 1.0)
    step(term, "escape", "close export dialog", 0.8)
    time.sleep(1.0)
    result["rss_mb"] = _rss_mb(term.proc.pid)
    quit_at = term.key("ctrl+q", "quit")
    term.close(30)
    result["quit_ms"] = (time.perf_counter() - quit_at) * 1000  # ctrl+q -> the process has ended
    result["keys"] = latencies(term)
    lines = [json.loads(line) for line in stall_log.read_text(encoding="utf-8").splitlines() if line]
    stalls = [x for x in lines if x.get("kind", "stall") == "stall"]
    # the meeting's stalls, and apart from them those of the app closing after ctrl+q (no key waits for a frame then;
    # Textual's input thread is joined, up to its 0.1 s select): both are reported, only the first in the row
    result["stalls"] = [x for x in stalls if x["at"] < quit_at]
    result["quit_stalls"] = [x for x in stalls if x["at"] >= quit_at]
    result["objects"] = objects_after_each_close(
        [x for x in lines if x.get("kind") == "objects" and x.get("label") == "home"], result["closed_at"])
    return result


def objects_after_each_close(counts: list[dict[str, Any]], closed_at: list[float]) -> list[int]:
    """The objects alive (tracked + frozen) at the last full collection on home before each close's pause ended: one
    number per closed conversation (the app and this process share the monotonic clock ``perf_counter`` reads)."""
    found = []
    for end in closed_at:
        before = [c for c in counts if c["at"] <= end]
        if before:
            found.append(before[-1]["tracked"] + before[-1]["frozen"])
    return found


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(conversations: int = 20_000, first_frame_runs: int = 8, opens: int = 10, log: Any = print) -> tuple[
        list[Row], dict[str, Any]]:
    people = 100
    byte_compile()
    source = ensure_store(people, conversations // people)
    with tempfile.TemporaryDirectory(prefix="cc-tui-meeting-", dir=str(source.parent.parent)) as tmp:
        folder = clone_store(source, Path(tmp) / "data")
        home = Path(tmp) / "home"
        home.mkdir()
        log(f"first frame in a pseudo-terminal, {conversations} conversations, {first_frame_runs} runs each")
        frames = first_frames(folder, home, first_frame_runs, log)
        log("replaying the meeting")
        data = meeting(folder, home, opens, log)
    keyed = [(label, s) for label, s in data["keys"] if s is not None]
    all_keys = [s for _, s in keyed]
    typing = [s for label, s in keyed if label.startswith("typing")]
    in_meeting = [s for label, s in keyed if label not in SCREEN_CHANGES]
    stages = [s for label, s in keyed if label == "stage"]
    stalls = data["stalls"]
    ratio = statistics.median(frames["cc-tui"]) / statistics.median(frames["bare"])
    rows = [
        _worst("key -> frame, every key (p99)", all_keys, "p99 <= 33 ms", 33, _p99(all_keys), "p95 column: p99"),
        Row.of("key -> frame, typing", typing),
        Row("key -> frame, no screen change (p99)", "", statistics.median(in_meeting) * 1000,
            _p99(in_meeting) * 1000, len(in_meeting), None, "ms", "p95 column: p99"),
        _worst("longest stall of the event loop", [s["ms"] / 1000 for s in stalls] or [0.0], "<= 100 ms", 100,
               max((s["ms"] / 1000 for s in stalls), default=0.0), "p95 column: the longest"),
        Row.of("open a conversation from home", data["open"], budget="p95 <= 150 ms", limit_ms=150),
        _worst("history, cold page cache", data["history_cold"], "<= 150 ms", 150, max(data["history_cold"]),
               "p95 column: the slowest"),
        Row.of("history, read ahead", data["history_warm"]),
        Row.of("first frame, pty: cc-tui", frames["cc-tui"]),
        Row.of("first frame, pty: bare Textual", frames["bare"]),
        Row.of("first frame, pty: bare Textual + a 100-row list", frames["bare list"]),
    ]
    if stages:  # the five stage keys of the script (F1-F5), each a switch a manager makes in front of the employee
        rows.insert(3, Row.of("key -> frame, stage switch (F1-F5)", stages))
    objects = data["objects"]
    steps = [b - a for a, b in zip(objects, objects[1:])]
    extra = {
        "objects_after_close": objects,
        "objects_per_close": statistics.median(steps) if steps else float("nan"),
        "objects_growth": (objects[-1] - objects[0]) / max(1, len(steps)) if steps else float("nan"),
        "first_frame_ratio": ratio,
        "rss_mb": data["rss_mb"],
        "stalls": stalls,
        "quit_stalls": data["quit_stalls"],
        "quit_ms": data["quit_ms"],
        "keys_without_frame": sum(1 for _, s in data["keys"] if s is None),
        "slowest_keys": sorted(keyed, key=lambda k: -k[1])[:10],
        "keys": keyed,  # every key that drew, in order: (label, seconds to its last changed frame)
    }
    return rows, extra


WORKAROUNDS = ("steady_option_list", "steady_text_area", "clear_styles_cache", "prune_watchers", "paint_when_settled",
               "styled_once", "drop_line_caches", "painted_once", "repainted_once", "quiet_layout_sizes",
               "quiet_background", "held_first_frame", "quiet_focus", "one_frame_layout", "prompt_frames",
               "focus_one_frame")


def _median_ms(keys: list[tuple[str, float]], label: str) -> float:
    times = [s for name, s in keys if name == label]
    return statistics.median(times) * 1000 if times else float("nan")


def compare(conversations: int, first_frames: int, opens: int, out: Path | None,
            names: tuple[str, ...] = WORKAROUNDS, rounds: int = 1) -> int:
    """The same meeting with everything on, then with each workaround off in turn (one app run each), ``rounds``
    times over: this VM's speed drifts by tens of percent within minutes, so one run per variant is not enough."""
    results: list[tuple[str, dict[str, float]]] = []
    for off in [name for _ in range(rounds) for name in ("", *names)]:
        OFF[:] = [off] if off else []
        print(f"meeting with {off or 'every workaround on'} off" if off else "meeting with every workaround on",
              file=sys.stderr)
        rows, extra = run(conversations, first_frames, opens, log=lambda m: print(m, file=sys.stderr))
        by = {r.measure: r for r in rows}
        results.append((off or "(all on)", {
            "key p99 ms": by["key -> frame, every key (p99)"].p95,
            "typing p95 ms": by["key -> frame, typing"].p95,
            "longest stall ms": by["longest stall of the event loop"].p95,
            "open p95 ms": by["open a conversation from home"].p95,
            "history cold ms": by["history, cold page cache"].p95,
            "back home median ms": _median_ms(extra["keys"], "back home"),
            "stage switch median ms": _median_ms(extra["keys"], "stage"),
            "first frame x": extra["first_frame_ratio"],
            "RSS MB": extra["rss_mb"],
            "objects/close": extra["objects_per_close"],
        }))
    names = list(results[0][1])
    print("| off | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for off, values in results:
        print(f"| {off} | " + " | ".join(f"{values[n]:.2f}" if n == "first frame x" else f"{values[n]:.0f}"
                                          for n in names) + " |")
    if out:
        out.write_text(json.dumps(results, indent=2))
    return 0


# keys that open or close a whole screen (their own rows: open, history), apart from the keys of the meeting itself
SCREEN_CHANGES = {"open conversation", "back home", "history (read ahead)", "history (cold cache)"}


def _worst(measure: str, samples: list[float], budget: str, limit_ms: float, worst: float, note: str) -> Row:
    ms = [x * 1000 for x in samples]
    return Row(measure, budget, statistics.median(ms), worst * 1000, len(ms), worst * 1000 <= limit_ms, "ms", note)


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def _stall_line(stall: dict[str, Any]) -> str:
    parts = [f"UI thread CPU {stall['main_cpu_ms']:.0f} ms"] if "main_cpu_ms" in stall else []
    if "main_queued_ms" in stall:
        parts.append(f"waiting for a core {stall['main_queued_ms']:.0f} ms")
    cpu = f" ({', '.join(parts)})" if parts else ""
    running = " <- ".join(reversed(stall["running"][-3:])) or "(not sampled: one call in C held the GIL throughout)"
    return (f"  {stall['ms']:6.1f} ms{cpu}  " + running
            + (f"  | most: {stall['most']}" if stall.get("most") else "")
            + (f"  | threads: {'; '.join(stall.get('threads', []))}" if stall.get("threads") else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks meeting", description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--first-frames", type=int, default=8)
    parser.add_argument("--opens", type=int, default=10)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--off", default="", metavar="NAMES",
                        help="workarounds to switch off in the app, comma separated (benchmarks/workarounds_off.py)")
    parser.add_argument("--compare", action="store_true",
                        help="the meeting with every workaround on, then with each one off in turn (only those of "
                             "--off if given): one table (#25.3)")
    parser.add_argument("--rounds", type=int, default=1, help="with --compare: that many rounds, interleaved")
    args = parser.parse_args(argv)
    if args.compare:
        names = tuple(n for n in args.off.split(",") if n) or WORKAROUNDS
        return compare(args.conversations, args.first_frames, args.opens, args.json, names, args.rounds)
    OFF[:] = [n for n in args.off.split(",") if n]
    rows, extra = run(args.conversations, args.first_frames, args.opens, log=lambda m: print(m, file=sys.stderr))
    print(table(rows))
    ratio = extra["first_frame_ratio"]
    print(f"\nfirst frame in a pty, cc-tui / bare Textual (medians): {ratio:.2f}x (budget <= 1.15x)"
          f"{'  ok' if ratio <= 1.15 else '  OVER'}")
    rss = extra["rss_mb"]
    print(f"resident memory after the meeting: {rss:.0f} MB (budget <= 200 MB){'  ok' if rss <= 200 else '  OVER'}")
    print(f"objects left per closed conversation, {len(extra['objects_after_close'])} conversations: median step "
          f"{extra['objects_per_close']:+.0f}, mean {extra['objects_growth']:+.0f} "
          f"(alive after each: {extra['objects_after_close']})")
    print(f"keys that drew nothing before the next key: {extra['keys_without_frame']}")
    print("slowest keys: " + ", ".join(f"{label} {s * 1000:.0f} ms" for label, s in extra["slowest_keys"]))
    over = collections.Counter(label for label, s in extra["keys"] if s > 0.033)
    print(f"keys over 33 ms: {sum(over.values())} of {len(extra['keys'])} (p99 is the "
          f"{max(1, round(len(extra['keys']) / 100))}th slowest): "
          + ", ".join(f"{label} x{count}" for label, count in over.most_common()))
    stalls = sorted(extra["stalls"], key=lambda s: -s["ms"])
    print(f"stalls over 16 ms: {len(stalls)}")
    for stall in stalls[:8]:
        print(_stall_line(stall))
    print(f"quit: ctrl+q -> the app's process ended in {extra['quit_ms']:.0f} ms; its stalls while closing (not in the "
          f"stall row: no key waits for a frame then): {len(extra['quit_stalls'])}")
    for stall in sorted(extra["quit_stalls"], key=lambda s: -s["ms"])[:3]:
        print(_stall_line(stall))
    if args.json:
        args.json.write_text(json.dumps({"rows": [r.cells() for r in rows], **extra}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
