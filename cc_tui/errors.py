"""Errors that carry a message meant for the user (one readable line, no traceback)."""

from __future__ import annotations


class CCError(Exception):
    """Base class: ``str(err)`` is a complete, readable sentence for the user."""

    exit_code = 1


class UserError(CCError):
    """Bad input from the user (a CLI argument, a form field, a file to import)."""


class StoreError(CCError):
    """The data folder cannot be used as asked (damaged, locked, newer, unwritable)."""


class DamagedDataError(StoreError):
    """A file in the data folder cannot be read; it is never overwritten."""

    def __init__(self, path: str, reason: str, backup: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        hint = (
            f" The previous version is kept at {backup}; move the damaged file aside and copy the backup over it."
            if backup
            else " Move it aside (or restore it from your own backup) and start again."
        )
        super().__init__(f"{path} is damaged ({reason}); cc-tui did not change it.{hint}")


class LockedError(StoreError):
    """Another cc-tui process holds the data folder."""


class SaveError(StoreError):
    """A write failed (disk full, permissions); the old data is intact. ``reason`` is the short cause."""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message
