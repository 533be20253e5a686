"""A keyring backend for the encrypted start-up benchmark only: the "OS keyring" is a file in the benchmark's scratch
folder (``CC_TUI_BENCH_KEYRING``), so that the child process unlocks the way the app does with ``--keyring``
(``keyring.get_password``, the key checked against the index) without a desktop keyring on the benchmark machine.

    PYTHON_KEYRING_BACKEND=benchmarks.bench_keyring.FileKeyring
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ["CC_TUI_BENCH_KEYRING"])

    def _all(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._path().read_text()))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._all().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._all()
        data[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(data))
        os.chmod(self._path(), 0o600)

    def delete_password(self, service: str, username: str) -> None:
        data = self._all()
        data.pop(f"{service}/{username}", None)
        self._path().write_text(json.dumps(data))
