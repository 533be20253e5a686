"""The benchmark's frame probe: a frame counts as the end of a key's latency only if it changed a visible cell."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

from benchmarks import app_bench


class Tiny(App[None]):
    BINDINGS = [("x", "change", "Change"), ("y", "same", "Same")]

    def compose(self) -> ComposeResult:
        yield Label("before", id="label")

    def action_change(self) -> None:
        self.query_one(Label).update("after")

    def action_same(self) -> None:
        self.query_one(Label).refresh()  # drawn again, identical


async def test_only_frames_that_change_cells_end_a_latency() -> None:
    app_bench.install_frame_probe()
    app = Tiny()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        n = len(app_bench.FRAMES)
        await pilot.press("y")
        await pilot.pause()
        same = app_bench.FRAMES[n:]
        assert same and not any(changed for _, _, changed in same)  # a frame, but nothing visible changed
        n = len(app_bench.FRAMES)
        await pilot.press("x")
        await pilot.pause()
        assert any(changed for _, _, changed in app_bench.FRAMES[n:])
        screen = app_bench.SCREENS[id(app)]
        text = "".join(screen.cells.get((x, 0), (" ", None))[0] for x in range(10))
        assert text.startswith("after")
