"""Beside the stage: the facilitation guide, or a past conversation of the same person (the split view)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label

from ...dates import show
from ...dialogs.basic import PickScreen
from ...history import conversation_document
from ...models import Conversation, ConversationSummary
from ...reports import summary_label
from ...session import ConversationSession
from ...widgets.document_view import DocumentView
from ...widgets.guide_panel import GuidePanel
from ...widgets.worker_errors import report_errors

if TYPE_CHECKING:
    from ...guides import Guide


class PastPanel(Vertical):
    """A past conversation, read-only."""

    def compose(self) -> ComposeResult:
        yield Label("", id="past-title", markup=False)
        yield DocumentView(id="past-doc")

    def show(self, title: str, text: str) -> None:
        self.query_one("#past-title", Label).update(Text(title))
        view = self.query_one("#past-doc", DocumentView)
        view.load_text(text)
        view.scroll_home(animate=False)


PAST_SHARES = (50, 67, 33)  # percent of the width the split view's past conversation takes, in the order shift+F7 goes


class SidePanel(Widget):
    """The guide (hidden with ctrl+t, and on a terminal under 100 columns) or, in the split view, a past
    conversation in the guide's place, half the screen wide to start with (shift+F7: two thirds, a third)."""

    def __init__(self, session: ConversationSession, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session
        self.showing_past = False  # F7
        self.guide_hidden = False  # ctrl+t, or a narrow terminal
        self.past_share = 0  # index into PAST_SHARES
        self._guide_list: object | None = None
        self._past_id: str | None = None
        self._past_conversation: Conversation | None = None
        self.share_safe = False  # set by the screen: the split view leaves out what is private

    def compose(self) -> ComposeResult:
        yield GuidePanel(id="guide")
        yield PastPanel(id="past")

    @property
    def past_id(self) -> str | None:
        """The id of the past conversation shown (or last shown) in the split view."""
        return self._past_id

    @property
    def guide_panel(self) -> GuidePanel:
        return self.query_one(GuidePanel)

    @property
    def guide_list(self) -> object:
        """The guide's question list (kept: the screen's key checks ask for it at every refresh)."""
        if self._guide_list is None:
            self._guide_list = self.guide_panel.option_list
        return self._guide_list

    # ---------------------------------------------------------------- the guide

    def show_guide(self, guide: Guide | None) -> None:
        panel = self.guide_panel
        asked = self.session.asked_ids(guide)
        if panel.guide is guide and panel.asked_ids == asked:
            return  # the same guide serves several stages: nothing to redraw
        panel.show_guide(guide, asked)

    def lay_out(self) -> None:
        """Show the guide, the past conversation or neither (``display`` on the panes, not a class on the screen: a
        screen class makes Textual match the CSS of every widget of the screen again, ~0.2 s on a 2-core machine)."""
        past, guide = self.query_one(PastPanel), self.guide_panel
        past.display = self.showing_past
        guide.display = not self.showing_past and not self.guide_hidden
        self.display = past.display or guide.display
        # the split view takes a fair share of the screen (shift+F7 changes it); the guide keeps its column. Inline
        # styles: a class would match this panel's whole subtree against the style sheet again
        if self.showing_past:
            self.styles.width = f"{PAST_SHARES[self.past_share]}%"
            self.styles.max_width = "100%"
        else:
            self.styles.width = None
            self.styles.max_width = None

    def cycle_past_width(self) -> int:
        """shift+F7: the next share of the screen for the past conversation; returns it (percent)."""
        self.past_share = (self.past_share + 1) % len(PAST_SHARES)
        self.lay_out()
        return PAST_SHARES[self.past_share]

    def toggle_guide(self) -> None:
        self.guide_hidden = not self.guide_hidden
        self.lay_out()

    def focus_guide(self) -> None:
        """F6: the guide's questions, shown and focused (the split view closes: its questions were ticked unseen)."""
        self.guide_hidden = False
        self.showing_past = False
        self.lay_out()
        self.guide_panel.option_list.focus()

    # ---------------------------------------------------------------- the split view

    def toggle_past(self) -> bool:
        """F7: show the last conversation beside this one, or close it. True if it is shown now."""
        self.showing_past = not self.showing_past
        self.lay_out()
        if self.showing_past and self._past_id is None:
            previous = self.session.data.carry.previous
            if previous is not None:
                self._show_past(previous)
            else:
                self._load_past(None)
        return self.showing_past

    def pick_past(self) -> None:
        """ctrl+o: choose which past conversation the split view shows."""
        self._load_choices()

    @work(thread=True, exclusive=True, group="past-list")
    @report_errors
    def _load_choices(self) -> None:
        conv = self.session.conv
        # a team session shows only team sessions (never anyone's one to one in front of the group); a one to one
        # shows its person's conversations
        summaries = [s for s in self.session.store.history(conv.employee_ids[0])
                     if s.id != conv.id and (s.kind is conv.kind or not self.session.is_team)]
        self.app.call_from_thread(self._pick_from, summaries)

    def _pick_from(self, summaries: list[ConversationSummary]) -> None:
        if not summaries:
            self.notify("No past conversation to show yet.", markup=False)
            return

        def chosen(conversation_id: str | None) -> None:
            if conversation_id:
                self.showing_past = True
                self.lay_out()
                self._load_past(conversation_id)

        self.app.push_screen(
            PickScreen("Show which past conversation?", [(summary_label(s), s.id) for s in summaries]), chosen
        )

    @work(thread=True, exclusive=True, group="past-load")
    @report_errors
    def _load_past(self, conversation_id: str | None) -> None:
        store, conv = self.session.store, self.session.conv
        if conversation_id is None:
            earlier = [s for s in store.history(conv.employee_ids[0]) if s.id != conv.id and s.kind is conv.kind]
            if not earlier:
                self.app.call_from_thread(self._show_past, None)
                return
            conversation_id = earlier[0].id
        self.app.call_from_thread(self._show_past, store.conversation(conversation_id))

    def refresh_past(self) -> None:
        """Make the split view again (the share-safe view changed what it may show)."""
        if self._past_conversation is not None:
            self._show_past(self._past_conversation)

    def _show_past(self, conversation: Conversation | None) -> None:
        past = self.query_one(PastPanel)
        if conversation is None:
            past.show("Past conversation", "This is the first conversation: nothing to compare with yet.")
            return
        self._past_id = conversation.id
        self._past_conversation = conversation
        data = self.session.data
        shared = self.share_safe  # a shared screen: no private part, no unshared ratings
        if self.session.is_team:  # the group sees the group's record only
            doc = conversation_document(conversation, self.session.names(), [], data.actions, include_private=False,
                                        ratings=conversation.share_motivators)
        elif shared:
            doc = conversation_document(conversation, self.session.names(), data.goals, data.actions,
                                        include_private=False, ratings=conversation.share_motivators)
        else:
            doc = conversation_document(conversation, self.session.names(), data.goals, data.actions)
        past.show(f"Past: {show(conversation.created_at.date())} — F7 close · shift+F7 width · ctrl+o other",
                  doc.text)
