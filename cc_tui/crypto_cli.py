"""``cc-tui encrypt`` / ``decrypt`` / ``passphrase`` / ``remember-key`` / ``forget-key``: encryption at rest (off
unless asked; see README "Encryption at rest" and ``cc_tui/store/crypto.py``).

    cc-tui encrypt [--keyring]      encrypt the data folder (a new folder starts encrypted); asks a new passphrase twice
    cc-tui decrypt                  back to plain JSON files
    cc-tui passphrase               change the passphrase (the data files are not rewritten)
    cc-tui remember-key             keep the data key in the OS keyring: cc-tui opens without asking
    cc-tui forget-key               remove it from the keyring

Passphrases are asked on the terminal (``getpass``), or read one a line from ``--passphrase-fd N`` (scripts and
tests: a pipe); never from the command line or the environment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UserError

if TYPE_CHECKING:  # (argparse only for a command: a plain start, which imports this module, never needs it)
    import argparse

__all__ = ["PassphraseSource", "register", "unlock_folder"]

MIN_PASSPHRASE = 8


class PassphraseSource:
    """Where passphrases come from: the lines of ``--passphrase-fd`` (read once, to its end), else the terminal."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd
        self._lines: list[str] | None = None

    def _from_fd(self) -> str:
        if self._lines is None:
            assert self.fd is not None
            chunks = []
            try:
                while chunk := os.read(self.fd, 65536):
                    chunks.append(chunk)
            except OSError as exc:
                raise UserError(f"--passphrase-fd {self.fd}: {exc.strerror}.") from None
            text = b"".join(chunks).decode("utf-8", "replace")
            self._lines = [line.rstrip("\r") for line in text.split("\n")]
            if self._lines and self._lines[-1] == "":
                self._lines.pop()
        if not self._lines:
            raise UserError(f"--passphrase-fd {self.fd}: no passphrase left to read (one a line).")
        return self._lines.pop(0)

    def ask(self, prompt: str, *, new: bool = False) -> str:
        if self.fd is not None:
            return self._from_fd()
        if not sys.stdin.isatty():
            if new:  # encrypt, or a new passphrase: the folder is not (yet) encrypted with it
                raise UserError("There is no terminal to ask the new passphrase on; use --passphrase-fd N. "
                                "Nothing was changed.")
            raise UserError("The data folder is encrypted and there is no terminal to ask its passphrase on; "
                            "use --passphrase-fd N, or keep the key in the keyring (cc-tui remember-key).")
        import getpass

        try:
            return getpass.getpass(prompt)
        except EOFError:
            raise UserError("No passphrase given.") from None

    def ask_new(self, what: str = "New passphrase") -> str:
        first = self.ask(f"{what}: ", new=True)
        if len(first) < MIN_PASSPHRASE:
            raise UserError(f"A passphrase needs at least {MIN_PASSPHRASE} characters; nothing was changed.")
        if self.fd is None and self.ask(f"{what} again: ", new=True) != first:
            raise UserError("The two passphrases differ; nothing was changed.")
        return first


def _source(args: argparse.Namespace) -> PassphraseSource:
    return PassphraseSource(getattr(args, "passphrase_fd", None))


def unlock_folder(folder: Path, args: argparse.Namespace) -> Any:
    """The cipher of ``folder`` if it is encrypted (keyring first, else the passphrase), else None. Used by every
    command that opens the store, the app included (before the app takes the terminal)."""
    from .store.crypto import is_encrypted

    if not is_encrypted(folder):
        return None
    from .store.convert import unlock

    return unlock(folder, lambda: _source(args).ask(f"Passphrase for {folder}: "))


def unlocker(folder: Path, args: argparse.Namespace) -> Any:
    """For the app: None for a plain folder; for an encrypted one, a callable that returns its cipher, run in the
    background while the app draws its first frame. What needs the terminal (the passphrase) is asked now; the key
    derivation (~0.4 s) or the keyring (its import alone ~35 ms) is left to the callable."""
    from .store.crypto import is_encrypted

    if not is_encrypted(folder):
        return None
    from .store.convert import encrypted_key_file

    key_file = encrypted_key_file(folder)  # an unfinished conversion: one line now, before the app
    if key_file.keyring:

        def from_keyring() -> Any:
            from .store.convert import key_from_keyring
            from .store.crypto import Cipher, check_data_key

            key = key_from_keyring(folder)
            if key is None:
                from .errors import StoreError

                raise StoreError(f"The OS keyring did not give the key of {folder} (locked, or removed); unlock the "
                                 "keyring and start again, or run cc-tui forget-key to be asked for the passphrase.")
            check_data_key(key_file, key, folder)
            return Cipher(key, folder)

        return from_keyring
    passphrase = _source(args).ask(f"Passphrase for {folder}: ")

    def from_passphrase() -> Any:
        from .store.crypto import Cipher, unwrap

        return Cipher(unwrap(key_file, passphrase, folder), folder)

    return from_passphrase


def _folder(args: argparse.Namespace) -> Path:
    from .cli import checked_data_dir

    return checked_data_dir(args, need_data=False)


def _n(args: argparse.Namespace) -> int:
    from .store.crypto import SCRYPT_N

    return getattr(args, "scrypt_n", None) or SCRYPT_N


def cmd_encrypt(args: argparse.Namespace) -> int:
    from .store.convert import encrypt_folder, remember_key

    folder = _folder(args)
    source = _source(args)
    data_key, done = encrypt_folder(folder, source.ask_new, lambda: source.ask(f"Passphrase for {folder}: "),
                                    n=_n(args))
    print(f"{folder} is encrypted ({done} file(s) converted by this run).")
    if args.keyring:
        remember_key(folder, data_key)
        print("The key is kept in the OS keyring: cc-tui opens the folder without asking (cc-tui forget-key).")
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    from .store.convert import decrypt_folder

    folder = _folder(args)
    source = _source(args)
    done = decrypt_folder(folder, lambda: source.ask(f"Passphrase for {folder}: "))
    print(f"{folder} is no longer encrypted ({done} file(s) converted by this run).")
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    from .store.convert import change_passphrase

    folder = _folder(args)
    source = _source(args)
    change_passphrase(folder, lambda: source.ask(f"Current passphrase for {folder}: "), source.ask_new, n=_n(args))
    print(f"The passphrase of {folder} is changed (the data files were not rewritten).")
    return 0


def cmd_remember_key(args: argparse.Namespace) -> int:
    from .store.convert import remember_key, unlock

    folder = _folder(args)
    source = _source(args)
    cipher = unlock(folder, lambda: source.ask(f"Passphrase for {folder}: "))
    remember_key(folder, cipher.key)
    print(f"The key of {folder} is kept in the OS keyring (cc-tui forget-key removes it).")
    return 0


def cmd_forget_key(args: argparse.Namespace) -> int:
    from .store.convert import forget_key
    from .store.crypto import is_encrypted

    folder = _folder(args)
    if not is_encrypted(folder):
        raise UserError(f"{folder} is not encrypted.")
    removed = forget_key(folder)
    print("The key was removed from the OS keyring." if removed else "No key was kept in the OS keyring.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    import argparse

    def add(name: str, func: Any, help_text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        parser.add_argument("--scrypt-n", type=int, default=None, help=argparse.SUPPRESS)  # tests: a cheaper KDF
        parser.set_defaults(func=func)
        return parser

    enc = add("encrypt", cmd_encrypt, "encrypt the data folder (a new one starts encrypted); asks a new passphrase")
    enc.add_argument("--keyring", action="store_true", help="also keep the key in the OS keyring (no asking)")
    add("decrypt", cmd_decrypt, "turn an encrypted data folder back into plain files")
    add("passphrase", cmd_passphrase, "change the passphrase (only the key file changes)")
    add("remember-key", cmd_remember_key, "keep the data key in the OS keyring, so cc-tui opens without asking")
    add("forget-key", cmd_forget_key, "remove the data key from the OS keyring")
