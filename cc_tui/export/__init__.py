"""Exports of action items: Markdown, CSV, JSON and iCalendar.

Pure functions (no Textual). The store is read once, by one of the ``bundle_*`` functions, into an
:class:`ExportBundle`; the ``to_*`` renderers only look at that bundle. :func:`write_export` is the only function
here that writes to the disk. The formats are documented in ``docs/export-format.md``.

Privacy: a bundle never holds private notes. The ``bundle_*`` functions blank ``Employee.private_notes``,
``Employee.style.notes`` and ``Conversation.private_notes`` (and the manager's prep) when they gather the data, and
every renderer writes an explicit list of fields, never a whole model dump.

Modules: :mod:`.bundle` (the bundle and the shared/private boundary), one per format (:mod:`.markdown`,
:mod:`.csv_format`, :mod:`.json_format`, :mod:`.icalendar_format`), :mod:`.formats` (the list of formats, ``render``,
file names) and :mod:`.writer` (the file). Everything is importable from ``cc_tui.export`` as before.
"""

from __future__ import annotations

# Every name the single module had is importable from here; those outside __all__ (CSV_BOM, STATUS_LABELS, slug,
# ICS_TODO_STATUS, ...) are used by tests and the benchmarks.
from .bundle import (
    SCOPE_CONVERSATION,
    SCOPE_OPEN,
    STATUS_LABELS,
    ExportBundle,
    bundle_all_open,
    bundle_for_conversation,
    bundle_for_person_last,
    bundle_from_parts,
    bundles_for_each_attendee,
    conversation_day,
    goal_of,
    owner_label,
    select_conversation_items,
)
from .csv_format import CSV_BOM, CSV_COLUMNS, csv_neutralise, csv_restore, csv_rows, to_csv
from .formats import EXTENSIONS, FORMAT_LABELS, FORMATS, check_format, default_filename, render, slug
from .icalendar_format import ICS_TODO_STATUS, UID_DOMAIN, ics_text, item_uid, next_conversation_uid, to_ics
from .json_format import JSON_SCHEMA, JSON_VERSION, json_document, to_json
from .markdown import md_block, md_cell_text, md_escape, to_markdown
from .writer import FILE_MODE, TargetExistsError, write_export

__all__ = [
    "CSV_COLUMNS",
    "EXTENSIONS",
    "ExportBundle",
    "FORMATS",
    "FORMAT_LABELS",
    "JSON_SCHEMA",
    "JSON_VERSION",
    "TargetExistsError",
    "bundle_all_open",
    "bundle_for_conversation",
    "bundle_for_person_last",
    "bundles_for_each_attendee",
    "bundle_from_parts",
    "check_format",
    "csv_neutralise",
    "csv_restore",
    "default_filename",
    "ics_text",
    "item_uid",
    "md_block",
    "md_cell_text",
    "md_escape",
    "next_conversation_uid",
    "render",
    "select_conversation_items",
    "to_csv",
    "to_ics",
    "to_json",
    "to_markdown",
    "write_export",
]
