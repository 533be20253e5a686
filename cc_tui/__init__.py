"""cc-tui: a keyboard-first terminal companion for live career conversations."""

__version__ = "0.1.0"
