"""The home list (RowTable): one line per person at any width, columns aligned with the header, keys work."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content

from cc_tui.screens.conversation import ConversationScreen
from cc_tui.screens.home import HOME_COLUMNS, HomeScreen
from cc_tui.widgets.row_table import GAP, Column, RowHeader, RowTable, fit_widths, join_cells

from .app_support import demo_app, settle


def prompts(table: RowTable) -> list[str]:
    return [str(table.get_option_at_index(i).prompt) for i in range(table.option_count)]


def test_fit_widths_cuts_the_least_important_column_first() -> None:
    columns = [Column("a", "A", shrink=1, min_width=4), Column("b", "B", shrink=2, min_width=3), Column("c", "C")]
    assert fit_widths([10, 10, 5], columns, 100) == [10, 10, 5]
    assert fit_widths([10, 10, 5], columns, 10 + 6 + 5 + 2 * GAP) == [10, 6, 5]  # b (priority 2) gives way first
    assert fit_widths([10, 10, 5], columns, 4 + 3 + 5 + 2 * GAP) == [4, 3, 5]  # then a; never below the minimums
    assert fit_widths([10, 10, 5], columns, 1) == [4, 3, 5]  # too narrow: the minimums, never less
    assert fit_widths([90, 1, 1], [Column("a", "A", max_width=60), *columns[1:]], 500)[0] == 60


def test_join_cells_pads_cuts_and_keeps_styles_in_place() -> None:
    line = join_cells([Content.styled("Amara Okafor", "bold"), Content("x"), Content.styled("late!", "red")],
                      [6, 3, 5])
    assert line.plain == "Amara…" + " " * GAP + "x  " + " " * GAP + "late!"
    assert line.cell_length == 6 + 3 + 5 + 2 * GAP
    styled = {(line.plain[s.start:s.end], str(s.style)) for s in line.spans}
    assert styled == {("Amara…", "bold"), ("late!", "red")}


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_home_rows_are_one_line_each_and_aligned_with_the_header(tmp_path: Path,
                                                                        size: tuple[int, int]) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#people", RowTable)
        header = str(home.query_one("#people-header", RowHeader).render())
        assert table.row_count == len(home.rows) == 6
        assert table.virtual_size.height == table.row_count  # no row wrapped onto a second line
        lines = [str(table.get_option_at_index(i).prompt) for i in range(table.row_count)]
        width = table.scrollable_content_region.width
        assert all(len(line) <= width for line in lines)
        # every column starts at the same offset in the header and in each row
        # (on a narrow terminal role, team and last talk give way whole: only the columns the header shows)
        starts = [header.index(c.label) for c in HOME_COLUMNS[1:6] if c.label in header]
        assert len(starts) >= 2
        for line, row in zip(lines, home.rows):
            assert line.startswith(row.employee.name[: starts[0] - GAP - 1])
            for start in starts:
                assert line[start - 1] == " " and line[start] != " "
        assert "Smith [/] Jr" in "\n".join(lines)  # markup in a name is shown as typed
    app.store.close()


async def test_home_keys_move_and_open_from_the_list(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#people", RowTable)
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("down", "down")
        assert table.cursor_row == 2 and home.selected() is home.rows[2]
        await pilot.press("end")
        assert home.selected() is home.rows[-1]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
        assert app.screen.conv.employee_ids == [home.rows[-1].employee.id]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is home and home.selected() is home.rows[-1]  # back on the same person
        await pilot.resize_terminal(70, 30)  # the rows are laid out again for the new width
        await settle(pilot)
        assert table.virtual_size.height == table.row_count and home.selected() is home.rows[-1]
    app.store.close()


async def test_rows_made_ready_in_a_worker_are_the_rows_made_here(tmp_path: Path) -> None:
    import asyncio

    from cc_tui.widgets.row_table import prepare_rows

    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#people", RowTable)
        rows = [(str(i), [Content(f"Person {i} [/]"), Content("x" * i), Content("")]) for i in range(30)]
        columns = [Column("a", "A", shrink=1), Column("b", "B", shrink=2, min_width=3), Column("c", "C")]
        table.columns = columns
        table.set_rows(rows)
        await pilot.pause()
        here = prompts(table)
        table.set_rows(await asyncio.to_thread(prepare_rows, columns, rows))
        await pilot.pause()
        assert prompts(table) == here
        assert table.row_count == 30 and table.get_row_index("29") == 29
        other = [Column("a", "A"), Column("b", "B"), Column("c", "C")]
        table.set_rows(prepare_rows(other, rows))  # made ready for other columns: made again for the table's
        await pilot.pause()
        assert prompts(table) == here
    app.store.close()


async def test_rows_fit_whatever_width_the_table_is_drawn_at(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#people", RowTable)
        header = app.screen.query_one("#people-header")
        for width in (120, 70, 100):
            await pilot.resize_terminal(width, 30)
            await settle(pilot)
            room = table.scrollable_content_region.width
            line = str(table.render_line(0).text)
            assert len(line.rstrip()) <= room
            labels = str(header.render_line(0).text)
            # the header's labels sit over their columns: "Next due" starts where the rows' due column starts
            assert labels.index("Next due") == str(table.get_option_at_index(0).prompt).index(
                table.get_row_at(0)[4].plain)
    app.store.close()
