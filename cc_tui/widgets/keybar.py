"""A footer that *renders* the active bindings as one line instead of recomposing a widget per key.

Textual's Footer rebuilds ~20 child widgets on every focus change; in a live conversation, where every stage switch
moves the focus, that cost ~110 ms a switch on a 2-core machine. KeyBar draws the same information (key, description,
dimmed when disabled, the command palette key on the right) with one render call, and a click on a key runs its
action like the Footer does.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget

KEEP = frozenset({"quit"})  # shown whatever the width
PALETTE_ALL = " ^p palette "
PALETTE_MORE = " ^p more keys "  # when some keys gave way (the room for this, the longer hint, is kept)


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._spans: list[tuple[int, int, str, DOMNode]] = []
        self._drawn: tuple[object, ...] | None = None  # what the last render showed

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, screen: object) -> None:
        # this screen is shown again, and its first frame is drawn whole (``Screen._on_screen_resume``; after a layout
        # in that resume, ``textual_compat.one_frame_layout``), the key bar's last lines with it: a repaint only if the
        # keys changed while it was away. An unconditional one was drawn again ~30 ms later (its update lands after
        # that whole frame), the last output of every "back home"
        if screen is self.screen:
            self.sync()

    def _bindings_changed(self, screen: object) -> None:
        self.sync()

    def sync(self) -> None:
        """Repaint only if the keys shown (or their enabled state) changed since the last render.

        Textual publishes "bindings updated" *after* the next frame (``call_after_refresh``), so a repaint on every
        signal is one more frame after each focus change. A screen that moves the focus itself (a stage switch) calls
        this in the same update, and the late signal then finds nothing to redraw."""
        if not self.current():
            self.refresh()

    def current(self) -> bool:
        """Whether what was drawn last is what the bindings and the width are now."""
        return self._drawn == (self._signature(), self.size.width)

    def _signature(self) -> tuple[object, ...]:
        return tuple((b.key, b.action, b.description, enabled) for b, enabled, _ in self.shown())

    def shown(self) -> Iterable[tuple[Binding, bool, DOMNode]]:
        seen: set[str] = set()
        palette = self.app.COMMAND_PALETTE_BINDING
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not binding.description or key == palette or binding.action in seen:
                continue
            seen.add(binding.action)
            yield binding, active.enabled, active.node

    def render(self) -> Content:
        """The keys in order, each whole. When they do not all fit, the last ones give way (the palette lists every
        key, and the hint on the right says so), but Quit is always there, whole: never a lone "^q"."""
        pieces: list[tuple[Content, Binding, DOMNode, bool]] = []
        for binding, enabled, node in self.shown():
            key = Content.styled(
                f" {self.app.get_key_display(binding)} ",
                "bold $footer-key-foreground" if enabled else "$footer-key-foreground 50%",
            )
            label = Content.styled(f"{binding.description} ", "" if enabled else "$footer-foreground 50%")
            pieces.append((key + label, binding, node, binding.action in KEEP))
        palette = self.app.ENABLE_COMMAND_PALETTE
        width = self.size.width
        kept = [p for p in pieces if p[3]]
        room = width - sum(p[0].cell_length for p in kept) - (len(PALETTE_MORE) if palette else 0)
        shown: list[tuple[Content, Binding, DOMNode, bool]] = []
        dropped = False
        for piece in pieces:
            if piece[3]:
                shown.append(piece)
            elif not dropped and piece[0].cell_length <= room:
                shown.append(piece)
                room -= piece[0].cell_length
            else:
                dropped = True  # in order: once one key gives way, the later ones do too (no gaps that look random)
        parts: list[Content] = []
        spans: list[tuple[int, int, str, DOMNode]] = []
        x = 0
        for piece, binding, node, _ in shown:
            spans.append((x, x + piece.cell_length, binding.action, node))
            x += piece.cell_length
            parts.append(piece)
        line = Content("").join(parts)
        if palette:
            words = PALETTE_MORE if dropped else PALETTE_ALL
            hint = Content.styled(" ^p ", "bold $footer-key-foreground") + Content(words[4:])
            gap = width - line.cell_length - hint.cell_length
            if gap > 0:
                line = line + Content(" " * gap) + hint
        self._spans = spans
        self._drawn = (self._signature(), width)
        return line

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(action, node)
                return
