"""Lock helper: open a Store on FOLDER, print READY, then sleep until killed."""

from __future__ import annotations

import sys
import time

from cc_tui.store import Store

store = Store.open(sys.argv[1])
print("READY", flush=True)
while True:
    time.sleep(60)
