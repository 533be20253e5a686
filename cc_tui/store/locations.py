"""Where the data lives: the default data folder (``$CC_TUI_DATA_DIR`` or platformdirs) and the demo folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "cc-tui"
ENV_DATA_DIR = "CC_TUI_DATA_DIR"


def default_data_dir() -> Path:
    """``$CC_TUI_DATA_DIR`` if set, else platformdirs' user data dir for cc-tui."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def demo_data_dir() -> Path:
    """The demo folder: never the real data folder."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME + "-demo", appauthor=False))
