"""Search every conversation (shared and private notes, prep, goals, action items) and open one at the match."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import Hit as PaletteHit
from textual.command import Hits, Provider
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from .. import nav
from ..dates import show
from ..search import Hit, Results, parse_query
from ..services import Services
from ..text import one_line
from ..textual_compat import PaintedOnce, StyledOnce
from ..widgets.keybar import KeyBar
from ..widgets.row_table import SteadyOptionList


def open_hit(hit: Hit) -> nav.OpenHistory:
    """The history of the hit's person, at the match."""
    return nav.OpenHistory(hit.employee_ids[0], select=hit.conversation_id, field=hit.field, start=hit.start)


def hit_text(hit: Hit, names: dict[str, str], query_terms: list[str] | None = None) -> Text:
    who = ", ".join(names.get(e, "?") for e in hit.employee_ids)
    line = Text()
    line.append(one_line(who, 30), style="bold")
    line.append(f"  {show(hit.created_at.date())}  ", style="dim")
    line.append(f"{hit.label}: ", style="italic")
    snippet = Text(hit.snippet)
    for term in query_terms or []:
        snippet.highlight_words([term], style="reverse", case_sensitive=False)
    line.append_text(snippet)
    return line


class SearchScreen(PaintedOnce, StyledOnce, Screen[None]):

    SHARE_SAFE = False  # it shows what a shared screen must not: closed by the share-safe view (F12)
    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("down", "results", "Results", id="search.results", show=False),
    ]

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__(id="search")
        self.services = services
        self.initial = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(self.initial, placeholder="Search all conversations: words, \"a phrase\"…", id="search-input")
        yield Static(id="search-status", classes="hint")
        yield SteadyOptionList(id="search-results", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Search"
        self.set_focus(self.query_one(Input), scroll_visible=False)  # now: in the first frame
        self.post_message(nav.NeedSearchIndex())
        self.run_search(self.initial)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_results()

    def action_results(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        index = self.services.search.index
        if index is None:
            self.app.call_from_thread(self._show, query, None)
            return
        self.app.call_from_thread(self._show, query, index.search(query, limit=50))

    def _show(self, query: str, results: Results | None) -> None:
        status = self.query_one("#search-status", Static)
        options = self.query_one(OptionList)
        if results is None:
            status.update(Text("Indexing your conversations… results appear in a moment."))
            self.set_timer(0.5, lambda: self.run_search(self.query_one(Input).value))
            return
        if self.query_one(Input).value != query:
            return  # a newer query is on its way
        self.hits = results.hits
        names = self.services.names()
        terms = [t.strip('"') for t in parse_query(query)]
        # one replacement, not clear + add: clearing hid the scroll bar and adding showed it again, two layouts and
        # two line maps for one key (SteadyOptionList keeps the map through the layout that follows)
        options.set_options([Option(hit_text(h, names, terms), id=str(i)) for i, h in enumerate(results.hits)])
        if not query.strip():
            status.update(Text("Type to search shared notes, private notes, prep, goals and action items."))
        else:
            more = "+" if results.approximate else ""
            noun = "conversation" if results.total == 1 and not more else "conversations"
            status.update(Text(f"{results.total}{more} {noun} · enter opens the conversation at the match"))

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[int(event.option.id or 0)]
        self.post_message(open_hit(hit))

    def action_back(self) -> None:
        if self.query_one(OptionList).has_focus:
            self.query_one(Input).focus()
            return
        self.app.pop_screen()


class SearchProvider(Provider):
    """Command palette: the conversations that match what is typed (after a few characters)."""

    @property
    def services(self) -> Services:
        services: Any = getattr(self.app, "services", None)
        assert isinstance(services, Services)
        return services

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 3 or self.services.share_safe:  # no one else's words on a shared screen
            return
        self.app.post_message(nav.NeedSearchIndex())
        index = self.services.search.index
        if index is None:
            return
        results = await asyncio.to_thread(index.search, query, 8)
        names = self.services.names()
        for hit in results.hits:
            yield PaletteHit(
                0.9,
                hit_text(hit, names),
                partial(self.app.post_message, open_hit(hit)),
                text=one_line(f"{hit.label} {hit.snippet}", 80),
                help="Open the conversation at the match",
            )

    async def discover(self) -> Hits:
        if self.services.share_safe:
            return
        yield PaletteHit(1.0, "Search conversations…", partial(self.app.post_message, nav.OpenSearch()),
                         help="Search every conversation (/)")
