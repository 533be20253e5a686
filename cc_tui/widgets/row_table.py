"""A light table: one OptionList line per row, columns padded to fit, a header line above.

Textual's DataTable renders every visible cell through Rich (``Padding`` + ``render_lines``), ~0.3 ms a cell here, so
the home list's first frame (35 rows x 8 columns) took ~100 ms of a ~550 ms start-up, and it sizes its columns on an
Idle event that sometimes never came in a real terminal. RowTable gives OptionList one :class:`RowLine` per row, which
joins its cells into one ``Content`` line when it is drawn, for the width it is drawn at (cells cut with an ellipsis
so a row never wraps; the least important column gives way first on a narrow terminal), and OptionList draws only the
lines on screen, from its cache. No row is laid out for a width guessed before the table's first layout.

The cells are the caller's ``Text``/``Content`` objects: nothing is parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.content import Content, Span
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..textual_compat import SteadyOptionLines

Cell = Text | Content | str

GAP = 2  # blank cells between columns


class Column(NamedTuple):  # not a dataclass: made at import, before the first frame (see store.home.PersonBrief)
    key: str
    label: str
    max_width: int = 60
    shrink: int = 0  # 0: never cut; otherwise cut when the terminal is narrow, higher numbers first
    min_width: int = 6
    optional: bool = False  # on a narrow terminal left out entirely (before any column is cut): the row's detail
    # line shows it; a column cut to a few cells ("Lead …") tells nothing and takes the room the main text needs


def as_content(cell: Cell) -> Content:
    if isinstance(cell, Content):
        return cell
    if isinstance(cell, Text):
        return Content.from_rich_text(cell)
    return Content(cell)


def fit_widths(natural: Sequence[int], columns: Sequence[Column], available: int) -> list[int]:
    """Column widths: each column's natural width (capped). While the row is wider than ``available``, optional
    columns are left out (width 0), the highest shrink number first; then the widest column of the highest shrink
    priority loses a cell (never below its minimum)."""
    widths = [min(w, c.max_width) for w, c in zip(natural, columns)]

    def total() -> int:
        shown = [w for w in widths if w]
        return sum(shown) + GAP * (len(shown) - 1)

    for i in sorted((i for i, c in enumerate(columns) if c.optional), key=lambda i: -columns[i].shrink):
        if total() <= available:
            break
        widths[i] = 0
    excess = total() - available
    while excess > 0:
        candidates = [i for i, c in enumerate(columns) if c.shrink and widths[i] > c.min_width]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: (columns[i].shrink, widths[i]))
        widths[widest] -= 1
        excess -= 1
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
    """The cells side by side, each cut or padded to its column's width, GAP cells apart: one Line. A column of
    width 0 was left out (``Column.optional``)."""
    text: list[str] = []
    spans: list[Span] = []
    offset = 0
    shown = [(cell, width) for cell, width in zip(cells, widths) if width]
    last = len(shown) - 1
    for index, (cell, width) in enumerate(shown):
        cell = fit(cell, width)
        plain = cell.plain
        spans += [Span(s.start + offset, s.end + offset, s.style) for s in cell.spans]
        pad = (width - cell.cell_length) + (GAP if index < last else 0)
        text += [plain, " " * pad]
        offset += len(plain) + pad
    return Line("".join(text), spans, sum(w for _, w in shown) + GAP * max(last, 0), strip_control_codes=False)


def natural_widths(columns: Sequence[Column], rows: Sequence[tuple[str, Sequence[Content]]]) -> list[int]:
    natural = [len(c.label) for c in columns]
    for _, cells in rows:
        for i, cell in enumerate(cells):
            natural[i] = max(natural[i], cell.cell_length)
    return natural


class Widths:
    """A table's column widths for each width it is drawn at: every column's widest cell, fitted (and cached)."""

    __slots__ = ("columns", "natural", "_fitted")

    def __init__(self, columns: Sequence[Column], natural: Sequence[int]) -> None:
        self.columns = list(columns)
        self.natural = list(natural)
        self._fitted: dict[int, list[int]] = {}

    def at(self, width: int) -> list[int]:
        fitted = self._fitted.get(width)
        if fitted is None:
            fitted = self._fitted[width] = fit_widths(self.natural, self.columns, width)
        return fitted

    @property
    def total(self) -> int:
        return sum(min(w, c.max_width) for w, c in zip(self.natural, self.columns)) + GAP * (len(self.columns) - 1)


class RowLine(Visual):
    """One row, joined for the width it is drawn at, when it is drawn: the columns fit whatever width the table has
    then (a table laid out ahead of its first layout, hidden, or before its scroll bar appeared was drawn with every
    row cut, then laid out and drawn again). OptionList draws only the rows on screen, and keeps them until the width
    changes."""

    __slots__ = ("cells", "widths", "_width", "_line")

    def __init__(self, cells: Sequence[Content], widths: Widths) -> None:
        self.cells = cells
        self.widths = widths
        self._width = -1
        self._line: Line | None = None

    def line(self, width: int) -> Line:
        if self._line is None or width != self._width:
            self._line = join_cells(self.cells, self.widths.at(width))
            self._width = width
        return self._line

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        return self.line(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: object, container_width: int) -> int:  # type: ignore[override]
        return self.widths.total

    def get_height(self, rules: object, width: int) -> int:  # type: ignore[override]
        return 1

    def __str__(self) -> str:
        return self.line(self._width if self._width >= 0 else self.widths.total).plain


class Prepared(NamedTuple):
    """Rows made ready off the UI thread (:func:`prepare_rows`): their cells, column widths and options."""

    columns: list[Column]
    rows: list[tuple[str, list[Content]]]
    widths: Widths
    options: list[Option]


def _prepare(columns: Sequence[Column], contents: list[tuple[str, list[Content]]]) -> Prepared:
    widths = Widths(columns, natural_widths(columns, contents))
    return Prepared(
        list(columns), contents, widths, [Option(RowLine(cells, widths), id=key) for key, cells in contents]
    )


def prepare_rows(columns: Sequence[Column], rows: Sequence[tuple[str, Sequence[Cell]]]) -> Prepared:
    """Make rows ready for a table, in a worker (pure: no widget is touched; whatever width the table has)."""
    return _prepare(columns, [(key, [as_content(c) for c in cells]) for key, cells in rows])


class SteadyOptionList(SteadyOptionLines, OptionList):
    """An OptionList that keeps its rendered lines when a resize leaves its width as it was.

    Textual sends a Resize to every widget that is shown again (a stage pane coming back, a panel un-hidden), and
    OptionList answers every Resize by dropping its caches and asking for a repaint: one more frame, ~20-30 ms on a
    2-core machine, after the frame that showed the widget. Its lines depend on the width only, so a resize at the same
    width keeps them (the layout pass that resized the widget has already repainted it). The private parts are in
    :class:`cc_tui.textual_compat.SteadyOptionLines` (plain OptionList behaviour on another Textual)."""


class RowTable(SteadyOptionList):
    """Rows of cells under a :class:`RowHeader`; ``cursor_row``/``move_cursor`` like DataTable's, Enter posts
    ``OptionList.OptionSelected``."""

    ONE_LINE_OPTIONS = True  # rows are one line whatever the width: a resize at the width drawn at keeps everything

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
        self._widths: Widths | None = None
        if header is not None:
            header.table = self

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
        """Replace every row (``(key, cells)``, or rows made ready by :func:`prepare_rows`), keeping the cursor on
        the same index where it can."""
        keep = self.highlighted
        if not isinstance(rows, Prepared):
            rows = prepare_rows(self.columns, rows)
        elif rows.columns != self.columns:  # made ready for other columns: again, for these
            rows = _prepare(self.columns, rows.rows)
        self._rows = rows.rows
        self._widths = rows.widths
        self.set_options(rows.options)
        if self.header is not None:
            self.header.refresh()
        if self._rows:
            self.highlighted = min(keep or 0, len(self._rows) - 1)

    def header_line(self) -> Line:
        """The column labels at the widths the rows are drawn at now."""
        width = self.scrollable_content_region.width
        widths = self._widths if self._widths is not None else Widths(self.columns, natural_widths(self.columns, []))
        return join_cells([Content(c.label) for c in self.columns],
                          widths.at(width if width > 0 else widths.total))

    def on_resize(self, event: events.Resize) -> None:
        # its labels follow the columns; the layout that resized the table drew them at this width already (the
        # header is drawn from the table's width after the layout): then nothing to draw again
        if self.header is not None and self.header.drawn_width != self.scrollable_content_region.width:
            self.header.refresh()


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
        self.table: RowTable | None = None  # set by the table it labels
        self.drawn_width = -1  # the table's width when the labels were last drawn

    def render(self) -> Line | str:  # type: ignore[override]
        # drawn after the layout, from the table's width then: never a frame with the labels at another width
        if self.table is None:
            return ""
        self.drawn_width = self.table.scrollable_content_region.width
        return self.table.header_line()
