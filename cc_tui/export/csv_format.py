"""The CSV export: RFC 4180, one row per action item, cells a spreadsheet could run as a formula neutralised."""

from __future__ import annotations

import csv
import io

from .bundle import ExportBundle, _iso, _stamp, goal_of

CSV_BOM = "\ufeff"

CSV_COLUMNS = (
    "person",
    "conversation_date",
    "text",
    "owner",
    "due",
    "status",
    "goal",
    "carried_over",
    "person_id",
    "conversation_id",
    "item_id",
    "goal_id",
    "exported_at",
    "owner_name",
    "status_note",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet could take for a formula (and to one that starts with ``'`` itself, so
    the rule can be undone without guessing: drop one leading ``'``, see :func:`csv_restore`)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_restore(cell: str) -> str:
    """The original text of a cell read back from a cc-tui CSV."""
    return cell[1:] if cell.startswith("'") else cell


def csv_rows(b: ExportBundle) -> list[list[str]]:
    rows = []
    for item in b.items:
        goal = goal_of(b, item)
        rows.append(
            [
                b.person_name(item.employee_id),
                _iso(b.conversation_date(item.conversation_id)),
                item.text,
                item.owner.value,
                _iso(item.due),
                item.status.value,
                goal.title if goal else "",
                str(item.carried_over),
                item.employee_id,
                item.conversation_id,
                item.id,
                item.goal_id or "",
                _stamp(b.exported_at),
                item.owner_name,
                item.status_note,
            ]
        )
    return rows


def to_csv(b: ExportBundle, *, bom: bool = True) -> str:
    """RFC 4180 CSV (``\\r\\n`` line ends, minimal quoting), one row per item, with a header row.

    The text starts with a UTF-8 byte-order mark (U+FEFF) so that Excel reads it as UTF-8; ``bom=False`` leaves it
    out. Cells that could start a formula get a leading ``'`` (see :func:`csv_neutralise`).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(b):
        writer.writerow([csv_neutralise(cell) for cell in row])
    return (CSV_BOM if bom else "") + buffer.getvalue()

