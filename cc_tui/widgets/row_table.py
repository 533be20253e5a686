"""A light table: one OptionList line per row, columns padded to fit, a header line above.

Textual's DataTable renders every visible cell through Rich (``Padding`` + ``render_lines``), ~0.3 ms a cell here, so
the home list's first frame (35 rows x 8 columns) took ~100 ms of a ~550 ms start-up, and it sizes its columns on an
Idle event that sometimes never came in a real terminal. RowTable builds one ``Content`` line per row once (cells cut
with an ellipsis so a row never wraps; the least important column gives way first on a narrow terminal) and lets
OptionList draw only the lines on screen, from its cache.

The cells are the caller's ``Text``/``Content`` objects: nothing is parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.content import Content, Span
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

Cell = Text | Content | str

GAP = 2  # blank cells between columns


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    max_width: int = 60
    shrink: int = 0  # 0: never cut; otherwise cut when the terminal is narrow, higher numbers first
    min_width: int = 6


def as_content(cell: Cell) -> Content:
    if isinstance(cell, Content):
        return cell
    if isinstance(cell, Text):
        return Content.from_rich_text(cell)
    return Content(cell)


def fit_widths(natural: Sequence[int], columns: Sequence[Column], available: int) -> list[int]:
    """Column widths: each column's natural width (capped); while the row is wider than ``available``, the widest
    column of the highest shrink priority loses a cell (never below its minimum)."""
    widths = [min(w, c.max_width) for w, c in zip(natural, columns)]
    total = sum(widths) + GAP * (len(widths) - 1)
    while total > available:
        candidates = [i for i, c in enumerate(columns) if c.shrink and widths[i] > c.min_width]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: (columns[i].shrink, widths[i]))
        widths[widest] -= 1
        total -= 1
    return widths


def fit(cell: Content, width: int) -> Content:
    if cell.cell_length > width:
        return cell.truncate(width, ellipsis=True)
    return cell


class Line(Content):
    """One table row: already cut to the table's width, so it is one line high without measuring it (OptionList
    asks every option for its height, and wrapping 100 rows to find "1" cost more than drawing them)."""

    __slots__ = ()

    def get_height(self, rules: object, width: int) -> int:  # type: ignore[override]
        return 1

    def render_strips(self, width: int, height: int | None, style: Style,  # type: ignore[override]
                      options: RenderOptions) -> list[Strip]:
        """One strip, cropped (never wrapped) to ``width``: Content.render_strips word-wraps every line first,
        which was most of drawing the home list's first frame."""
        if not width:
            return []
        line = self if self.cell_length <= width else self.truncate(width)
        if options.post_style is not None:
            line = line.stylize(options.post_style)
        # ``rich_style``, not ``rich_style_with_offset``: offsets are for text selection, which an OptionList does not
        # allow (ALLOW_SELECT = False), and the combined style and its Rich style are cached, the offset ones not
        # (a fresh Rich style per cell of every row was most of drawing the home list)
        segments = [Segment(text, (style + text_style).rich_style)
                    for text, text_style in line.render(style, end="", parse_style=options.get_style)]
        return [Strip(segments, line.cell_length)]


def join_cells(cells: Sequence[Content], widths: Sequence[int]) -> Line:
    """The cells side by side, each cut or padded to its column's width, GAP cells apart: one Line."""
    text: list[str] = []
    spans: list[Span] = []
    offset = 0
    last = len(widths) - 1
    for index, (cell, width) in enumerate(zip(cells, widths)):
        cell = fit(cell, width)
        plain = cell.plain
        spans += [Span(s.start + offset, s.end + offset, s.style) for s in cell.spans]
        pad = (width - cell.cell_length) + (GAP if index < last else 0)
        text += [plain, " " * pad]
        offset += len(plain) + pad
    return Line("".join(text), spans, sum(widths) + GAP * last, strip_control_codes=False)


def _lay_out(columns: Sequence[Column], rows: Sequence[tuple[str, Sequence[Content]]],
             available: int) -> tuple[list[Option], Line]:
    natural = [len(c.label) for c in columns]
    for _, cells in rows:
        for i, cell in enumerate(cells):
            natural[i] = max(natural[i], cell.cell_length)
    widths = fit_widths(natural, columns, available)
    options = [Option(join_cells(cells, widths), id=key) for key, cells in rows]
    return options, join_cells([Content(c.label) for c in columns], widths)


@dataclass(frozen=True)
class Space:
    """The room a table has for its rows: ``width`` cells without a vertical scroll bar, ``height`` lines; more rows
    than lines bring the scroll bar, ``bar`` cells wide, and the rows are laid out that much narrower."""

    width: int
    height: int
    bar: int

    def width_for(self, count: int) -> int:
        return self.width - self.bar if count > self.height else self.width


@dataclass
class Prepared:
    """Rows laid out ahead (in a worker) for a table of ``width`` cells; see :func:`prepare_rows`."""

    columns: list[Column]
    width: int
    rows: list[tuple[str, list[Content]]]
    options: list[Option]
    header: Line


def prepare_rows(columns: Sequence[Column], rows: Sequence[tuple[str, Sequence[Cell]]],
                 space: Space | int) -> Prepared:
    """Lay rows out for a table with this much room (a :class:`Space`, or a width), off the UI thread (pure: no widget
    is touched). A table of another width lays them out again itself."""
    contents = [(key, [as_content(c) for c in cells]) for key, cells in rows]
    width = space.width_for(len(contents)) if isinstance(space, Space) else space
    options, header = _lay_out(columns, contents, width)
    return Prepared(list(columns), width, contents, options, header)


class SteadyOptionList(OptionList):
    """An OptionList that keeps its rendered lines when a resize leaves its width as it was.

    Textual sends a Resize to every widget that is shown again (a stage pane coming back, a panel un-hidden), and
    OptionList answers every Resize by dropping its caches and asking for a repaint: one more frame, ~20-30 ms on a
    2-core machine, after the frame that showed the widget. Its lines depend on the width only, so a resize at the same
    width keeps them (the layout pass that resized the widget has already repainted it)."""

    _lines_width: int | None = None

    def _on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width == self._lines_width and self._line_cache.lines:
            event.prevent_default()  # Textual calls each class's handler: this stops OptionList's
        self._lines_width = width


class RowTable(SteadyOptionList):
    """Rows of cells under a :class:`RowHeader`; ``cursor_row``/``move_cursor`` like DataTable's, Enter posts
    ``OptionList.OptionSelected``."""

    DEFAULT_CSS = """
    RowTable {
        height: 1fr;
        max-height: 100%;
        border: none;
        padding: 0 1;
        &:focus { border: none; }
    }
    """

    def __init__(self, columns: Sequence[Column], *, header: RowHeader | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.columns = list(columns)
        self.header = header
        self._rows: list[tuple[str, list[Content]]] = []
        self._width = 0

    # ---------------------------------------------------------------- DataTable-like reading

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> list[Content]:
        return list(self._rows[index][1])

    @property
    def cursor_row(self) -> int:
        return -1 if self.highlighted is None else self.highlighted

    def move_cursor(self, *, row: int) -> None:
        if self._rows:
            self.highlighted = max(0, min(row, len(self._rows) - 1))

    def get_row_index(self, key: str) -> int:
        """The index of the row with ``key`` (KeyError if there is none)."""
        for index, (row_key, _) in enumerate(self._rows):
            if row_key == key:
                return index
        raise KeyError(key)

    # ---------------------------------------------------------------- filling

    def set_rows(self, rows: Sequence[tuple[str, Sequence[Cell]]] | Prepared) -> None:
        """Replace every row (``(key, cells)``, or rows laid out ahead by :func:`prepare_rows`), keeping the cursor on
        the same index where it can."""
        keep = self.highlighted
        if isinstance(rows, Prepared):
            self._rows = rows.rows
            if rows.width == self._available(len(rows.rows)) and rows.columns == self.columns:
                self._width = rows.width
                self.set_options(rows.options)
                if self.header is not None:
                    self.header.update(rows.header)
            else:  # laid out for another width: again, here
                self._layout_rows(force=True)
        else:
            self._rows = [(key, [as_content(c) for c in cells]) for key, cells in rows]
            self._layout_rows(force=True)
        if self._rows:
            self.highlighted = min(keep or 0, len(self._rows) - 1)

    @property
    def layout_space(self) -> Space:
        """The room rows are laid out in (what :func:`prepare_rows` needs to lay them out ahead)."""
        region = self.scrollable_content_region
        width = region.width if region.width > 0 else self.app.size.width - 2
        height = region.height if region.height > 0 else self.app.size.height
        shown = self.scrollbar_size_vertical  # cells the region already goes without
        if shown:  # a scroll bar on screen (or a stable gutter, which stays whatever the rows)
            return Space(width + shown, height, shown) if self.show_vertical_scrollbar else Space(width, height, 0)
        bar = self.styles.scrollbar_size_vertical if self.styles.overflow_y == "auto" else 0
        return Space(width, height, bar)

    def _available(self, count: int | None = None) -> int:
        """The width to lay ``count`` rows out in: without the scroll bar they will bring, a first frame would draw
        every row cut by two cells, then the table would lay them out again on the Resize (two renders of the list,
        ~20 ms each at start-up)."""
        return self.layout_space.width_for(len(self._rows) if count is None else count)

    def _layout_rows(self, force: bool = False) -> None:
        available = self._available()
        if not force and available == self._width:
            return
        self._width = available
        options, header = _lay_out(self.columns, self._rows, available)
        self.set_options(options)
        if self.header is not None:
            self.header.update(header)

    def _on_resize(self, event: events.Resize) -> None:
        if self._rows:  # new column widths only if the width changed; then SteadyOptionList decides on the caches
            keep = self.highlighted
            self._layout_rows()
            self.highlighted = keep


def table_with_header(columns: Sequence[Column], *, id: str, **kwargs: object) -> tuple[RowHeader, RowTable]:
    """A RowHeader (``#<id>-header``) and its RowTable (``#<id>``), to yield one after the other."""
    header = RowHeader(id=f"{id}-header")
    return header, RowTable(columns, header=header, id=id, **kwargs)


class RowHeader(Static):
    """The column labels of a RowTable (kept aligned by the table)."""

    DEFAULT_CSS = """
    RowHeader {
        height: 1;
        padding: 0 1;
        text-style: bold;
        color: $text-accent;
        background: $panel;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
