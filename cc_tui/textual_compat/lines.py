"""Widgets that keep their lines: option lists and text areas shown again at the same width (steady_option_list,
steady_text_area)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from .registry import enabled

if TYPE_CHECKING:
    from textual import events
    from textual.geometry import Size
    from textual.strip import Strip
    from textual.widgets import OptionList, TextArea

    _OptionListBase = OptionList
    _TextAreaBase = TextArea
else:
    _OptionListBase = _TextAreaBase = object


# ------------------------------------------------------------------------------------------------ steady_option_list
#
# Why: Textual sends a Resize to every widget that is shown again (a stage pane coming back, a panel un-hidden), even
# at the size it had. OptionList answers every Resize by dropping its rendered options and its line map
# (``OptionList._on_resize`` -> ``_clear_caches``) and asking for a repaint: one more frame, ~20-30 ms on a 2-core
# machine, after the frame that showed the list. An option list's lines depend on its width only, so a Resize at the
# same width keeps them. Used by every RowTable (home, history, goals, actions, ...) and the guide's question list.
# Also: OptionList keys ``_option_render_cache`` without the width, and the frame after a real resize is drawn before
# the Resize event clears it; ``render_line`` here drops options rendered for another width (a correctness guard: it
# never shows a row cut for the old width).
# Private names: ``OptionList._on_resize`` (stopped with the public ``prevent_default``; a handler defined here runs
# before OptionList's, see ``MessagePump._get_dispatch_methods``), ``_option_render_cache``, ``_line_cache.lines``.
# Measured off (with steady_text_area; ``python benchmarks/workarounds_off.py --off
# steady_option_list,steady_text_area``, and ``--startup 15``; benchmarks/README.md, "Framework workarounds, measured
# off"): the frame it avoids changes no cell (visible frames per key unchanged: 1.09 switch, 1.31 history, 1.10 F7), so
# what it saves is that frame's work: start-up 1.19x -> 1.24x of bare Textual (budget 1.25x: the home list is drawn
# again after its first Resize), first visits of a stage +0 / +42 / +35 ms median in three runs (budget 150 ms);
# switch, history and split-view rows within run-to-run spread. Kept.
# Upstream: no issue found (searched "OptionList resize clears cache", "Resize sent when a widget is shown again";
# closest: Textualize/textual#2582 "Inconsistent events when revealing a widget", closed).
# Off: plain OptionList (drops its caches on every Resize, one more frame when shown again).
# Also (2026-12-04): a layout hands every ScrollView the size of its scrollable region as its virtual size
# (``ScrollView._size_updated``); an OptionList keeps its own (its lines' width less its gutter), which is never that,
# and ScrollView then refreshed both of the list's scroll bars at every layout of the screen: in a pseudo-terminal,
# ~2 KB written after each layout of a conversation (its open, each pane built in a pause, each split view), twice
# after an open, for bars that had not changed. ScrollView uses its own virtual size there anyway, so the one a
# layout hands it is replaced by the list's own: a change of size or container size still updates the bars.
# Also (2026-12-05, a correctness fix): OptionList builds its line map (``_update_lines``: each option's height, at the
# width of its content region) and then sets its virtual size, which can bring in the vertical scroll bar and narrow
# that region: the map stays built for the wider region, so wrapped options are a line short and the last line of
# each (a divider, the end of a question) is not drawn, until some Resize clears the map. An open drew the guide that
# way until Textual's first Resize, which came after the first frame; with the first frame held (held_first_frame)
# it came before, and the guide stayed a line short per divider. Here the map is built again, once, when building it
# changed the width, and whenever it was built for another width than the one it is drawn at. Private names:
# ``OptionList._update_lines`` (extended), ``_line_cache`` (``lines``, ``clear``).
# Also (2026-12-05): a table of one-line rows (RowTable) shown for the first time (a stage's table on its first
# visit) was laid out with no virtual size (OptionList maps its options as they are drawn, and cannot before its first
# layout), then set it while drawing, through the reactive: a second layout and frame ~3-17 ms after the first, the
# same rows. Its virtual size is one line an option, so it is set as the layout sizes the table (quietly: public
# ``set_reactive``), with the scroll bars it needs. Private names: ``OptionList._get_left_gutter_width`` (0 for an
# OptionList), ``Widget._scroll_update`` (what ScrollView calls with a new virtual size).


class SteadyOptionLines(_OptionListBase):
    """Mixin for an OptionList (put it before OptionList): keeps its rendered lines across a same-width Resize.

    ``ONE_LINE_OPTIONS``: every option is one line high at any width (RowTable's rows), so a Resize at the width the
    options were last drawn at keeps everything, even before the line map was built."""

    ONE_LINE_OPTIONS: ClassVar[bool] = False
    _mapped_width: int | None = None  # the width OptionList's line map (each option's height) was built for
    _drawn_width: int | None = None  # the width the options in OptionList's render cache were drawn at

    def render_line(self, y: int) -> Strip:
        if enabled("steady_option_list"):
            width = self.scrollable_content_region.width
            if width != self._drawn_width:
                cache = getattr(self, "_option_render_cache", None)
                if cache is not None:
                    cache.clear()
                self._drawn_width = width
        return super().render_line(y)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        if not enabled("steady_option_list"):
            return super()._size_updated(size, virtual_size, container_size, layout)
        virtual_size = self.virtual_size  # what ScrollView compares with and then uses (see the note above)
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if self.ONE_LINE_OPTIONS and self.options and not self._line_cache.lines and size.area:
            self._size_one_line_options()
        return changed

    def _size_one_line_options(self) -> None:
        """One-line options laid out for the first time: their virtual size is known without mapping them (one line
        each). Set quietly now, with the scroll bars it needs, it is what the frame being laid out draws; OptionList
        maps them as they are drawn and, finding its virtual size set, asks no second layout."""
        from textual.geometry import Size
        from textual.widget import Widget

        target = Size(self.scrollable_content_region.width - self._get_left_gutter_width(), len(self.options))
        if target != self.virtual_size:
            self.set_reactive(Widget.virtual_size, target)
            self._scroll_update(target)  # a scroll bar that comes asks its layout, as Textual does

    def _on_resize(self, event: events.Resize) -> None:
        if not enabled("steady_option_list"):
            return  # OptionList's own handler runs next
        width = self.scrollable_content_region.width
        if self.ONE_LINE_OPTIONS and width == self._drawn_width:
            event.prevent_default()  # drawn at this width already: nothing depends on anything else
            return
        lines = getattr(getattr(self, "_line_cache", None), "lines", None)
        if width == self._mapped_width and lines:
            event.prevent_default()  # Textual calls each class's handler in turn: this stops OptionList's

    def _update_lines(self) -> None:
        cache = getattr(self, "_line_cache", None)
        if not enabled("steady_option_list") or self.ONE_LINE_OPTIONS or cache is None:
            super()._update_lines()
            return
        for _ in range(2):  # once more when the map it built brought in (or took away) the vertical scroll bar
            width = self.scrollable_content_region.width
            if cache.lines and width != self._mapped_width:
                cache.clear()  # mapped for another width: the options' heights are not these
                self._option_render_cache.clear()
            if not cache.lines:
                self._mapped_width = width
            super()._update_lines()
            if self.scrollable_content_region.width == width:
                return
        self._mapped_width = self.scrollable_content_region.width  # a bar that comes and goes: keep this map


# ------------------------------------------------------------------------------------------------ steady_text_area
#
# Why: TextArea re-wraps its whole document on every Resize (``TextArea._on_resize`` ->
# ``_rewrap_and_refresh_virtual_size``), and Textual sends one to each widget shown again (a stage pane coming back,
# the split view opening): a re-wrap, a repaint, and so a second frame ~20-30 ms after the frame that showed it.
# Wrapping depends on the wrap width only, so a Resize that leaves it as it was keeps the wrapped document.
# Private names: ``TextArea._on_resize`` (stopped with ``prevent_default``), ``_rewrap_and_refresh_virtual_size``
# (extended to remember the width wrapped at; Textual has no public "wrapped at" value).
# Also, as for the option lists: every layout of the screen hands each ScrollView its region's size as its virtual
# size, and ``ScrollView._size_updated`` redraws both scroll bars when that differs from the widget's own virtual size
# (a TextArea's is its document's, so it always differs): every layout redrew the scroll bars of every text area on
# screen, identical. Building a stage pane in a pause after an open (a layout, nothing visible changed) wrote ~1.7 KB
# of scroll bars to the terminal ~0.3 s after the open. The widget's own virtual size is passed instead. Private name:
# ``ScrollView._size_updated``.
# Measured off: only together with steady_option_list (numbers there; not measured alone). Kept with it.
# Upstream: no issue found (searched "TextArea rewrap on every resize").
# Off: plain TextArea (re-wraps on every Resize).


class SteadyWrap(_TextAreaBase):
    """Mixin for a TextArea (put it before TextArea): no re-wrap on a Resize that leaves the wrap width unchanged."""

    _wrapped_for: int | None = None  # the wrap width the document was last wrapped at

    def _rewrap_and_refresh_virtual_size(self) -> None:
        super()._rewrap_and_refresh_virtual_size()  # type: ignore[misc]
        self._wrapped_for = self.wrap_width

    def _on_resize(self, event: events.Resize) -> None:
        if enabled("steady_text_area") and self.soft_wrap and self.wrap_width == self._wrapped_for:
            event.prevent_default()  # Textual calls each class's handler in turn: this stops TextArea's re-wrap

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        if enabled("steady_text_area"):
            virtual_size = self.virtual_size  # a TextArea's own (its document's), as for the option lists above
        return super()._size_updated(size, virtual_size, container_size, layout)  # type: ignore[misc]
