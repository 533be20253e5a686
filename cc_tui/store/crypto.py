"""Encryption at rest (optional, off unless ``cc-tui encrypt`` was run on the folder).

An encrypted data folder holds ``key.json`` (0600, plain JSON, never encrypted itself)::

    {"format": "cc-tui-key", "version": 1, "key_id": hex, "state": "encrypted" | "encrypting" | "decrypting",
     "kdf": {"name": "scrypt", "n": 131072, "r": 8, "p": 1, "salt": b64}, "wrapped": b64(nonce + AES-GCM(data key)),
     "keyring": false}

The data key (32 random bytes) encrypts every data file, ``.bak`` and backup copy with AES-256-GCM; it is stored only
wrapped (AES-GCM) under a key derived from the passphrase with scrypt, whose parameters are kept beside it. Changing
the passphrase rewraps the data key and touches no data file. ``state`` says whether a conversion (``cc-tui encrypt``
or ``decrypt``) was interrupted: the store refuses to open until it is finished (running the command again does).

A sealed file is ``MAGIC + version byte + 12-byte nonce + ciphertext and tag``; a fresh random nonce at every write;
the associated data is the file's *logical name*, its path inside the data folder with any ``backups/<copy>/`` prefix
and ``.bak`` suffix taken off (``conversations/<id>.json``): a file moved to another name, or brought from another
folder (another key), fails to open instead of showing someone else's notes.

No Textual here; ``cryptography`` is imported only when a folder is encrypted (``MAGIC`` and :func:`is_sealed` are
all the plain path uses).
"""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path
from typing import Any

from ..errors import StoreError

MAGIC = b"CCTUIENC"
VERSION = 1
NONCE = 12
HEADER = len(MAGIC) + 1 + NONCE
KEY_FILE = "key.json"
KEY_FORMAT = "cc-tui-key"
# scrypt's cost: n=2**17, r=8 (128 MiB, ~0.45 s on the benchmark machine; OWASP's recommendation). Stored per folder,
# so a later cc-tui can raise it (cc-tui passphrase rewraps under the current default).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
MAX_SCRYPT_N = 2**22  # a key file asking for more is refused rather than left to eat the machine's memory
STATES = ("encrypted", "encrypting", "decrypting")


class SealError(ValueError):
    """A sealed file that does not open: changed, truncated, from another file or another folder."""


def is_sealed(raw: bytes) -> bool:
    return raw[: len(MAGIC)] == MAGIC


def logical_name(root: Path, path: Path) -> str:
    """``path``'s name inside the data folder ``root``, the same for the file, its ``.bak`` and its backup copies."""
    try:
        parts = list(Path(path).relative_to(root).parts)
    except ValueError:
        parts = [Path(path).name]
    if len(parts) > 2 and parts[0] == "backups":
        parts = parts[2:]
    if parts and parts[-1].endswith(".bak"):
        parts[-1] = parts[-1][: -len(".bak")]
    return "/".join(parts)


class Cipher:
    """AES-256-GCM under the folder's data key; ``root`` is the data folder the logical names are taken from."""

    def __init__(self, key: bytes, root: Path) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if len(key) != 32:
            raise ValueError("a data key is 32 bytes")
        self.key = key
        self.root = Path(root)
        self._aead = AESGCM(key)

    def _ad(self, path: Path) -> bytes:
        return b"cc-tui file v1:" + logical_name(self.root, path).encode("utf-8")

    def seal(self, path: Path, plaintext: bytes) -> bytes:
        nonce = os.urandom(NONCE)
        return MAGIC + bytes([VERSION]) + nonce + self._aead.encrypt(nonce, plaintext, self._ad(path))

    def open(self, path: Path, blob: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag

        if not is_sealed(blob):
            raise SealError("it is not encrypted, though the folder is")
        if len(blob) < HEADER + 16 or blob[len(MAGIC)] != VERSION:
            raise SealError("it is cut short or of an unknown encryption version")
        nonce = blob[len(MAGIC) + 1 : HEADER]
        try:
            return self._aead.decrypt(nonce, blob[HEADER:], self._ad(path))
        except InvalidTag:
            raise SealError("it does not decrypt: it was changed, or it is another file's or folder's") from None

    def for_root(self, root: Path) -> Cipher:
        return Cipher(self.key, root)


# ------------------------------------------------------------------------------------------------ the key file


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


class KeyFile:
    """What ``key.json`` holds (see the module's docstring). A plain class, not a dataclass: this module is imported
    on the way to the first frame, where making a dataclass costs ~0.5 ms (#25)."""

    __slots__ = ("key_id", "state", "kdf", "wrapped", "keyring")

    def __init__(self, key_id: str, state: str, kdf: dict[str, Any], wrapped: bytes, keyring: bool = False) -> None:
        self.key_id = key_id
        self.state = state  # "encrypted", or "encrypting" / "decrypting" while a conversion is under way
        self.kdf = kdf
        self.wrapped = wrapped
        self.keyring = keyring  # the data key was put in the OS keyring (cc-tui looks there first)

    def __repr__(self) -> str:  # (never the wrapped key: a repr can end up in a log)
        return f"KeyFile(key_id={self.key_id!r}, state={self.state!r}, keyring={self.keyring!r})"

    def to_bytes(self) -> bytes:
        data = {"format": KEY_FORMAT, "version": VERSION, "key_id": self.key_id, "state": self.state,
                "kdf": self.kdf, "wrapped": _b64(self.wrapped), "keyring": self.keyring}
        return (json.dumps(data, indent=1) + "\n").encode("utf-8")


def key_path(folder: Path) -> Path:
    return Path(folder) / KEY_FILE


def is_encrypted(folder: Path) -> bool:
    """Whether ``folder`` has a key file (an encrypted folder, or one being converted)."""
    return key_path(folder).exists()


def read_key_file(folder: Path) -> KeyFile:
    path = key_path(folder)
    try:
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
            raise ValueError("not a cc-tui key file")
        if data.get("version") != VERSION:
            raise ValueError(f"key file version {data.get('version')!r}; this cc-tui reads {VERSION}")
        kdf = data["kdf"]
        state = data["state"]
        if state not in STATES or not isinstance(data["key_id"], str) or not isinstance(kdf, dict):
            raise ValueError("unknown fields")
        _check_kdf(kdf)
        wrapped = _unb64(data["wrapped"])
        if len(wrapped) != NONCE + 32 + 16 or not re.fullmatch(r"[0-9a-f]{32}", data["key_id"]):
            raise ValueError("its wrapped key or key id is not one cc-tui writes")
        return KeyFile(data["key_id"], state, kdf, wrapped, data.get("keyring") is True)
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}.") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{path} is damaged ({exc}); without it the encrypted data cannot be read. "
                         "Restore it from your own backup; cc-tui did not change it.") from None


def write_key_file(folder: Path, key_file: KeyFile) -> None:
    from .files import atomic_write

    atomic_write(key_path(folder), key_file.to_bytes(), keep_backup=False)


def _check_kdf(kdf: dict[str, Any]) -> None:
    if kdf.get("name") != "scrypt":
        raise ValueError(f"unknown key derivation {kdf.get('name')!r}")
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if not all(type(v) is int for v in (n, r, p)) or not (2 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0):
        raise ValueError("scrypt parameters out of range")
    if not (1 <= r <= 32 and 1 <= p <= 16):
        raise ValueError("scrypt parameters out of range")
    if len(_unb64(kdf.get("salt"))) < 16:
        raise ValueError("salt too short")


def new_kdf(n: int = SCRYPT_N) -> dict[str, Any]:
    import secrets  # (here and below: only making a key needs it; a plain folder's start never does)

    return {"name": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(secrets.token_bytes(16))}


def derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    _check_kdf(kdf)
    return Scrypt(salt=_unb64(kdf["salt"]), length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]).derive(
        passphrase.encode("utf-8"))


def _wrap_ad(key_id: str) -> bytes:
    return b"cc-tui data key v1:" + key_id.encode("ascii")


def wrap(data_key: bytes, passphrase: str, key_id: str, kdf: dict[str, Any]) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE)
    return nonce + AESGCM(derive(passphrase, kdf)).encrypt(nonce, data_key, _wrap_ad(key_id))


def unwrap(key_file: KeyFile, passphrase: str, folder: Path) -> bytes:
    """The data key, or :class:`StoreError` ("Wrong passphrase for DATA.")."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = derive(passphrase, key_file.kdf)
    try:
        key = AESGCM(kek).decrypt(key_file.wrapped[:NONCE], key_file.wrapped[NONCE:], _wrap_ad(key_file.key_id))
    except InvalidTag:
        raise StoreError(f"Wrong passphrase for {folder}.") from None
    if len(key) != 32:
        raise StoreError(f"{key_path(folder)} is damaged (its data key is not 32 bytes).")
    return key


def new_key_file(passphrase: str, state: str, *, n: int = SCRYPT_N) -> tuple[KeyFile, bytes]:
    """A fresh data key and the key file that holds it wrapped under ``passphrase``."""
    import secrets

    data_key = secrets.token_bytes(32)
    key_id = secrets.token_hex(16)
    kdf = new_kdf(n)
    return KeyFile(key_id, state, kdf, wrap(data_key, passphrase, key_id, kdf)), data_key


def rewrapped(key_file: KeyFile, data_key: bytes, passphrase: str, *, n: int = SCRYPT_N) -> KeyFile:
    """The same data key under a new passphrase (a new salt): no data file changes."""
    kdf = new_kdf(n)
    return KeyFile(key_file.key_id, key_file.state, kdf, wrap(data_key, passphrase, key_file.key_id, kdf),
                   key_file.keyring)


def check_data_key(key_file: KeyFile, data_key: bytes, folder: Path) -> None:
    """A data key from the keyring or a pipe must be this folder's: it is checked against ``index.json``."""
    index = Path(folder) / "index.json"
    try:
        raw = index.read_bytes()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"Cannot read {index}: {exc.strerror}.") from None
    if is_sealed(raw):
        try:
            Cipher(data_key, folder).open(index, raw)
        except SealError:
            raise StoreError(f"The key kept for {folder} does not open it (another folder's key?); "
                             "run cc-tui forget-key, then open it with the passphrase.") from None


__all__ = [
    "Cipher", "KEY_FILE", "KeyFile", "MAGIC", "SealError", "check_data_key", "derive", "is_encrypted", "is_sealed",
    "key_path", "logical_name", "new_key_file", "read_key_file", "rewrapped", "unwrap", "write_key_file",
]
