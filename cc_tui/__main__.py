"""``python -m cc_tui``: the same as the ``cc-tui`` command (``cc-tui serve`` starts each browser tab's app so)."""

import sys

from .cli import main

sys.exit(main())
