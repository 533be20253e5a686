"""What the start-up path needs without pydantic: the clock, the id rule, the data version.

``cc_tui.models`` (pydantic) re-exports these. The home screen's first frame is built from the index with these
alone; the models are imported after that frame, in the background (see ``Store.warm_up``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, timezone-aware, in the machine's local zone."""
    return datetime.now(timezone.utc).astimezone()


ID_RE = re.compile(r"^[0-9a-z][0-9a-z_-]{7,63}$")

SCHEMA_VERSION = 1
