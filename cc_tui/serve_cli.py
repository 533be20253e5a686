"""``cc-tui serve``: cc-tui in a browser tab on this machine (see ``serve.py`` for what protects it).

    cc-tui serve [--port N] [--host HOST --allow-remote] [--data-dir DIR | --demo] [--share-safe]
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import Any

from .errors import UserError

__all__ = ["register", "cmd_serve", "is_loopback"]

EPILOG = """\
examples:
  cc-tui serve                      on 127.0.0.1, a free port; open the address it prints
  cc-tui serve --demo --port 8765   the demo team, on a port you choose

The address holds a secret (256 random bits): without it the server answers 403 and shows nothing. Every user of
this machine can reach 127.0.0.1, so keep the address to yourself. One browser tab at a time; closing the tab saves,
like closing a terminal. Ctrl+C stops the server (the open tab's app saves first).
"""

REMOTE_WARNING = (
    "cc-tui serve: warning: serving on {host}, not on this machine only. Anyone who can reach it and learns the "
    "address can read and change every note; the connection is not encrypted (plain http)."
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "serve",
        parents=[common],
        help="open cc-tui in a browser tab on this machine (textual-serve; offline; secret address)",
        description="Serve cc-tui to a browser on this machine. It prints the address to open.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="needed for a --host other than loopback (prints a warning: others could read the notes)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--share-safe", action="store_true", help="open each tab in the share-safe view")
    parser.set_defaults(func=cmd_serve)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    from .cli import checked_data_dir, checked_guides_dirs, data_dir, ensure_demo

    if not 0 <= args.port <= 65535:
        raise UserError(f"--port {args.port}: a port is a number from 1 to 65535 (or 0 for a free one).")
    host = args.host.strip("[]")
    if not is_loopback(host):
        if not args.allow_remote:
            raise UserError(f"--host {args.host} is not this machine only: anyone who can reach it could read the "
                            "notes. Add --allow-remote if that is what you want.")
        print(REMOTE_WARNING.format(host=host), file=sys.stderr)
    if host == "localhost":
        host = "127.0.0.1"  # one address, so the printed one is the one that answers
    guides = checked_guides_dirs(args)
    if getattr(args, "demo", False):
        ensure_demo(data_dir(args))
    folder = checked_data_dir(args, need_data=False).resolve()
    _check_free(folder)
    _check_opens(folder)

    from . import serve

    child = ["--data-dir", str(folder)]
    for guide_dir in guides:
        child += ["--guides", str(guide_dir.resolve())]
    if args.share_safe:
        child.append("--share-safe")
    token = serve.new_token()
    try:
        sock = serve.bind(host, args.port)
    except OSError as exc:
        raise UserError(f"Cannot listen on {host}:{args.port} ({exc.strerror or exc}); "
                        "try another --port, or none for a free one.") from None
    serve.quiet_logging(token)
    server = serve.WebServer(serve.app_command(child), token)

    def announce(address: str) -> None:
        print(f"cc-tui is served at {address}", flush=True)
        print(f"Open it in a browser on this machine. Data: {folder}", flush=True)
        print("The address holds a secret: keep it to yourself. Ctrl+C stops (the open tab saves first).", flush=True)

    import asyncio

    asyncio.run(serve.run(server, sock, announce))
    print("cc-tui serve stopped; everything typed is saved.", flush=True)
    return 0


def _check_opens(folder: Any) -> None:
    """What the tab's app would stop on, said here in one line (the tab stayed blank, the reason lost): an encrypted
    folder whose key is not in the OS keyring (a browser tab has no terminal to ask a passphrase on), damaged data."""
    from datetime import date

    from .store import Store
    from .store.crypto import is_encrypted

    cipher = None
    if is_encrypted(folder):
        from .store.convert import encrypted_key_file, key_from_keyring
        from .store.crypto import Cipher, check_data_key

        key_file = encrypted_key_file(folder)
        key = key_from_keyring(folder) if key_file.keyring else None
        if key is None:
            raise UserError(f"{folder} is encrypted, and a browser tab has no terminal to ask its passphrase on: "
                            "keep its key in the OS keyring first (cc-tui remember-key).")
        check_data_key(key_file, key, folder)
        cipher = Cipher(key, folder)
    if not (folder / "index.json").exists():
        return  # a new folder: the app makes it
    with Store.open(folder, lock=False, cipher=cipher) as store:
        store.home_rows(date.today(), include_archived=True)  # a damaged index or person: one line, its backup named


def _check_free(folder: Any) -> None:
    """Refuse at once when another cc-tui holds the folder (the tab would only show 'closed' otherwise)."""
    if not (folder / "index.json").exists():
        return
    from .store import DataLock

    lock = DataLock(folder)
    lock.acquire()  # raises LockedError with a readable line
    lock.release()
