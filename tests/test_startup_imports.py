"""What home's first frame waits for: the modules imported before it (#25, the first-frame row).

Every module imported before the first frame is time the manager waits at each start (cc-tui's own imports were
~17-21 ms of a ~170 ms start on the 2-core machine, benchmarks/README.md). The app is run in a fresh interpreter (this
test process has imported everything already), on a real store with no settings file, until home shows the person;
then the modules that only later steps need must not have been imported yet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cc_tui.models import Employee
from cc_tui.store import Store

# imported only where they are used: a settings file (tomllib), the CSV import (csv), a migration (filecmp), a new
# encryption key (secrets), a command or an unusual start (argparse: a plain start is read without it); calendar and
# glob not at all any more; the conversation's modules (pydantic models, TextArea, the guides) in pauses on home
# after the first frame (cc_tui/warm_imports.py)
LATER = ("tomllib", "csv", "filecmp", "secrets", "argparse", "calendar", "glob", "pydantic", "cc_tui.models",
         "cc_tui.screens.conversation", "cc_tui.guides", "textual.widgets._text_area", "cryptography")

CODE = """
import asyncio, dataclasses, json, sys
from pathlib import Path
from cc_tui.cli import parse_command_line
from cc_tui.app import make_app
from cc_tui.store import Store

args = parse_command_line(["--data-dir", sys.argv[1]])

async def main():
    app = make_app(Store.open(Path(args.data_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if "Riya Example" in str(app.screen.query_one("#people").get_option_at_index(0).prompt):
                break
        shown = sorted(m for m in sys.modules if m in WATCHED or any(m.startswith(w + ".") for w in WATCHED))
        made = sorted(f"{name}.{key}" for name, module in list(sys.modules.items()) if name.startswith("cc_tui")
                      for key, value in vars(module).items()
                      if isinstance(value, type) and value.__module__ == name and dataclasses.is_dataclass(value))
        print(json.dumps([shown, made]))

WATCHED = set(sys.argv[2].split(","))
asyncio.run(main())
"""


def test_home_first_frame_imports_nothing_a_later_step_needs(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        store.save_employee(Employee(name="Riya Example", role="Engineer"))
    env = {k: v for k, v in os.environ.items() if k not in ("CC_TUI_CONFIG", "CC_TUI_DATA_DIR")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # no settings file: the usual start
    env["HOME"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-c", CODE, str(folder), ",".join(LATER)], capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    imported, dataclasses_made = json.loads(result.stdout.strip().splitlines()[-1])
    assert imported == [], f"imported before home's first frame: {imported}"
    # a dataclass costs ~0.5-2 ms to make (its methods are generated from source), a NamedTuple ~0.1 ms: the classes
    # on the way to the first frame are NamedTuples or plain classes (~4 ms of the start, #25)
    assert dataclasses_made == [], f"dataclasses made before home's first frame: {dataclasses_made}"
