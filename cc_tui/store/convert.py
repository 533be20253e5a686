"""Turning a data folder encrypted and back, changing its passphrase, and unlocking it (``cc-tui encrypt``,
``decrypt``, ``passphrase``, ``remember-key``, ``forget-key``; the command line is ``cc_tui/crypto_cli.py``).

A conversion holds the folder's lock and rewrites one file at a time, atomically, so that a conversion killed at any
moment leaves every file whole, either as it was or converted; the key file's ``state`` ("encrypting",
"decrypting") says a conversion is unfinished (the store refuses to open such a folder), and running the same command
again finishes it: a file already converted is recognised by its first bytes and left alone.

The OS keyring (``keyring``) holds the data key itself, so an unlock from it needs no key derivation: service
``cc-tui``, user ``data-key:<key_id>``. Passphrases come from a callable (the CLI asks with ``getpass`` or reads a
file descriptor); nothing here reads the terminal, the environment or the command line.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from pathlib import Path

from ..errors import StoreError, UserError
from .crypto import (
    KEY_FILE,
    SCRYPT_N,
    Cipher,
    KeyFile,
    SealError,
    check_data_key,
    is_sealed,
    key_path,
    new_key_file,
    read_key_file,
    rewrapped,
    unwrap,
    write_key_file,
)
from .files import atomic_write, ensure_dir, fsync_dir, remove_stale_temp_files
from .lock import DataLock

Ask = Callable[[], str]
KEYRING_SERVICE = "cc-tui"


def data_files(folder: Path) -> list[Path]:
    """Every file of ``folder`` that holds data: ``*.json`` and ``*.json.bak`` in the folder, its subfolders and
    ``backups/`` (not the key file, the lock or a temp file; never through a symbolic link)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(root)
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or (here == folder and name == KEY_FILE) or path.is_symlink():
                continue
            if name.endswith((".json", ".json.bak")):
                found.append(path)
    return found


def _sweep(folder: Path, files: list[Path]) -> None:
    """Temp files a killed conversion left (in any folder it writes to)."""
    subfolders = sorted({str(p.parent.relative_to(folder)) for p in files} | {"", "people", "conversations"})
    remove_stale_temp_files(folder, [("" if s == "." else s) for s in subfolders])


def _locked(folder: Path) -> DataLock:
    try:
        ensure_dir(folder)
    except OSError as exc:
        raise StoreError(f"Cannot use {folder} as the data folder: {exc.strerror}.") from None
    lock = DataLock(folder)
    lock.acquire()
    return lock


def encrypt_folder(folder: Path, new_passphrase: Ask, passphrase: Ask, *, n: int = SCRYPT_N) -> tuple[bytes, int]:
    """Encrypt every data file of ``folder`` (a new or empty folder starts encrypted). ``new_passphrase`` is asked
    for a folder not yet begun, ``passphrase`` to finish an interrupted run. Returns the data key and how many files
    were converted by this run."""
    folder = Path(folder)
    # the passphrase first: a new folder refused at the prompt is left as it was (not created, not locked)
    begun = key_path(folder).exists()
    if begun:
        key_file = read_key_file(folder)
        if key_file.state == "encrypted":
            raise UserError(f"{folder} is encrypted already.")
        if key_file.state == "decrypting":
            raise UserError(f"{folder} was being decrypted when that stopped; run cc-tui decrypt to finish it "
                            "first.")
        data_key = unwrap(key_file, passphrase(), folder)
    else:
        chosen = new_passphrase()
    lock = _locked(folder)
    try:
        if key_path(folder).exists() != begun:
            raise StoreError(f"{folder} changed while the passphrase was asked; run cc-tui encrypt again.")
        if not begun:
            key_file, data_key = new_key_file(chosen, "encrypting", n=n)
            write_key_file(folder, key_file)
        cipher = Cipher(data_key, folder)
        files = data_files(folder)
        _sweep(folder, files)
        done = 0
        for path in files:
            raw = path.read_bytes()
            if is_sealed(raw):
                continue  # converted by the run that was interrupted
            atomic_write(path, raw, keep_backup=False, cipher=cipher)
            done += 1
        key_file.state = "encrypted"
        write_key_file(folder, key_file)
    finally:
        lock.release()
    if not (folder / "index.json").exists():  # a new folder: its index is written sealed from the start
        from .repository import Store

        Store.open(folder, cipher=cipher).close()
    return data_key, done


def decrypt_folder(folder: Path, passphrase: Ask) -> int:
    """Turn every data file back into plain JSON and remove the key file (and the key kept in the keyring).
    A file that does not open stops it with one line naming the file, which is left as it is."""
    folder = Path(folder)
    if not key_path(folder).exists():  # checked before locking: a folder that is not there is not made
        raise UserError(f"{folder} is not encrypted.")
    lock = _locked(folder)
    try:
        if not key_path(folder).exists():
            raise UserError(f"{folder} is not encrypted.")
        key_file = read_key_file(folder)
        data_key = key_from_keyring(folder) if key_file.keyring else None
        if data_key is None:
            data_key = unwrap(key_file, passphrase(), folder)
        cipher = Cipher(data_key, folder)
        if key_file.state != "decrypting":
            key_file.state = "decrypting"
            write_key_file(folder, key_file)
        files = data_files(folder)
        _sweep(folder, files)
        done = 0
        for path in files:
            raw = path.read_bytes()
            if not is_sealed(raw):
                continue
            try:
                plain = cipher.open(path, raw)
            except SealError as exc:
                raise StoreError(f"{path} cannot be decrypted ({exc}); it was left as it is and the folder stays "
                                 "half decrypted: move that file aside and run cc-tui decrypt again.") from None
            atomic_write(path, plain, keep_backup=False)
            done += 1
        forget_key(folder, key_file=key_file, write=False)
        os.unlink(key_path(folder))
        fsync_dir(folder)
        return done
    finally:
        lock.release()


def change_passphrase(folder: Path, passphrase: Ask, new_passphrase: Ask, *, n: int = SCRYPT_N) -> None:
    """Wrap the same data key under a new passphrase: only the key file changes."""
    folder = Path(folder)
    encrypted_key_file(folder)  # before locking: a folder that is not there is not made
    lock = _locked(folder)
    try:
        key_file = encrypted_key_file(folder)
        data_key = unwrap(key_file, passphrase(), folder)
        write_key_file(folder, rewrapped(key_file, data_key, new_passphrase(), n=n))
    finally:
        lock.release()


def encrypted_key_file(folder: Path) -> KeyFile:
    if not key_path(folder).exists():
        raise UserError(f"{folder} is not encrypted; cc-tui encrypt encrypts it.")
    key_file = read_key_file(folder)
    if key_file.state != "encrypted":
        verb = "encrypt" if key_file.state == "encrypting" else "decrypt"
        raise UserError(f"{folder} was being {verb}ed when that stopped; run cc-tui {verb} again to finish it.")
    return key_file


def unlock(folder: Path, passphrase: Ask) -> Cipher:
    """The cipher of an encrypted folder: from the keyring when its key was kept there, else from the passphrase
    (a wrong one is :class:`StoreError` "Wrong passphrase for DATA.")."""
    folder = Path(folder)
    key_file = encrypted_key_file(folder)
    data_key = key_from_keyring(folder) if key_file.keyring else None
    if data_key is not None:
        check_data_key(key_file, data_key, folder)
    else:
        data_key = unwrap(key_file, passphrase(), folder)
    return Cipher(data_key, folder)


# ------------------------------------------------------------------------------------------------ OS keyring


def _keyring_user(key_id: str) -> str:
    return f"data-key:{key_id}"


def key_from_keyring(folder: Path) -> bytes | None:
    """The data key kept in the OS keyring for ``folder``, or None (none kept, no keyring, keyring locked)."""
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, _keyring_user(read_key_file(folder).key_id))
        if value is None:
            return None
        key = base64.b64decode(value.encode("ascii"), validate=True)
        return key if len(key) == 32 else None
    except Exception:  # noqa: BLE001 - any keyring failure means: ask for the passphrase
        return None


def remember_key(folder: Path, data_key: bytes) -> None:
    """Keep the data key in the OS keyring, so that cc-tui opens the folder without asking."""
    folder = Path(folder)
    key_file = encrypted_key_file(folder)
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _keyring_user(key_file.key_id), base64.b64encode(data_key).decode())
    except Exception as exc:  # noqa: BLE001 - no keyring on this machine, or it refused
        raise StoreError(f"The OS keyring did not keep the key ({type(exc).__name__}: {str(exc)[:120]}); cc-tui "
                         "will ask for the passphrase instead.") from None
    key_file.keyring = True
    write_key_file(folder, key_file)


def forget_key(folder: Path, *, key_file: KeyFile | None = None, write: bool = True) -> bool:
    """Remove the data key from the OS keyring; True if one was removed."""
    key_file = key_file or read_key_file(folder)
    removed = False
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, _keyring_user(key_file.key_id))
        removed = True
    except Exception:  # noqa: BLE001 - none kept, or no keyring
        pass
    if write and key_file.keyring:
        key_file.keyring = False
        write_key_file(folder, key_file)
    return removed


__all__ = ["change_passphrase", "data_files", "decrypt_folder", "encrypt_folder", "encrypted_key_file", "forget_key",
           "key_from_keyring", "remember_key", "unlock"]
