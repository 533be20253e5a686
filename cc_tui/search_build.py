"""Build the search index in a child process, so that the app's own process keeps its GIL for the meeting.

Building the index reads every conversation (195 MB of JSON at 20,000 conversations, ~7 s of CPU on a 2-core
machine). In a thread of the app, that thread and the UI thread share one GIL: every time the UI thread waits for
input it gives the GIL away and gets it back only at the builder's next switch (5 ms), and a thread loading a
conversation did the same at every file read. Measured with ``benchmarks/app_bench.py``: opening a conversation
while the index was being built took up to 2.1 s instead of ~0.5 s. In a child process the build runs on the other
core (at a lower priority), and the app only unpickles the finished index, in pieces of a few ms each.

    python -m cc_tui.search_build DATA_FOLDER [--key-stdin]   # writes the index to stdout (nothing is stored)

The child reads the data folder only; the index passes through a pipe and is never written to disk. For an encrypted
folder (``--key-stdin``) the data key comes first on the child's standard input, a pipe from the app: never on its
command line or in its environment, where other processes of the user (``ps``, ``/proc``) could read it.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from .search import SearchIndex

_LENGTH = struct.Struct(">Q")
TIMEOUT_S = 600.0


def _write(out: IO[bytes], index: SearchIndex) -> None:
    for piece in index.to_pieces():
        out.write(_LENGTH.pack(len(piece)))
        out.write(piece)
    out.write(_LENGTH.pack(0))
    out.flush()


def _read(stream: IO[bytes]) -> Iterator[bytes]:
    while True:
        head = stream.read(_LENGTH.size)
        if len(head) != _LENGTH.size:
            raise EOFError("the index builder stopped early")
        (size,) = _LENGTH.unpack(head)
        if size == 0:
            return
        piece = stream.read(size)
        if len(piece) != size:
            raise EOFError("the index builder stopped early")
        yield piece


def build_in_child(folder: Path | str, *, started: Callable[[subprocess.Popen[bytes]], None] | None = None,
                   timeout: float = TIMEOUT_S, cipher: Any = None) -> SearchIndex:
    """Build the index of ``folder`` in a child process and return it. Raises (OSError, EOFError, ValueError,
    RuntimeError) if the child cannot run or fails; the caller may then build in a thread instead.
    ``started`` receives the child process (so that the app can end it if it quits first). ``cipher``: the folder is
    encrypted; its key goes to the child through its standard input."""
    args = [sys.executable, "-m", "cc_tui.search_build", str(folder)]
    proc = subprocess.Popen(
        [*args, "--key-stdin"] if cipher is not None else args,
        stdin=subprocess.PIPE if cipher is not None else subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, close_fds=True,
    )
    if cipher is not None:
        assert proc.stdin is not None
        try:
            proc.stdin.write(cipher.key.hex().encode("ascii") + b"\n")
            proc.stdin.close()
        except OSError:
            proc.kill()
            proc.wait()
            raise
    timer = threading.Timer(timeout, proc.kill)
    timer.daemon = True
    timer.start()
    try:
        if started is not None:
            started(proc)
        assert proc.stdout is not None
        index = SearchIndex.from_pieces(folder, _read(proc.stdout), cipher)
        if proc.wait(timeout=30) != 0:
            raise RuntimeError(f"the index builder exited with {proc.returncode}")
        return index
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def _die_with_parent() -> None:
    """Linux: end this process when the app's process ends, even by SIGKILL (it would otherwise read the data folder
    to the end, ~10 s, before finding nobody to write to)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl here
        return
    if os.getppid() == 1:  # the app was already gone before the line above
        os._exit(1)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    key_stdin = args[1:] == ["--key-stdin"]
    if len(args) != 1 and not key_stdin:
        print("usage: python -m cc_tui.search_build DATA_FOLDER [--key-stdin]", file=sys.stderr)
        return 2
    _die_with_parent()
    cipher = None
    if key_stdin:
        from .store.crypto import Cipher

        line = sys.stdin.buffer.readline(200).strip()
        try:
            cipher = Cipher(bytes.fromhex(line.decode("ascii")), Path(args[0]))
        except (ValueError, UnicodeDecodeError):
            print("search_build: no valid key on standard input", file=sys.stderr)
            return 2
    try:
        os.nice(10)  # the meeting comes first
    except (AttributeError, OSError):  # pragma: no cover - not on every system
        pass
    index = SearchIndex.build(Path(args[0]), cipher=cipher)
    try:
        _write(sys.stdout.buffer, index)
    except BrokenPipeError:  # the app quit before we finished
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
