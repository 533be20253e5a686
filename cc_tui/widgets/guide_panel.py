"""GuidePanel: one facilitation guide beside the notes, with tick boxes for asked questions.

Rendered with an :class:`~textual.widgets.OptionList` of
:class:`~textual.content.Content` prompts (no Markdown widget, no markup parsing):
questions are the selectable options, the intro, section titles, section text
and facilitator tips are disabled options.  Guide text is untrusted, so it is
only ever placed into ``Content`` as plain text — ``[/]`` or
``[@click=app.quit]`` in a guide are shown literally.

Keys (when the panel has focus): up/down move between questions, space or
enter tick / untick the highlighted question (a click does too).  Each change
posts :class:`GuidePanel.QuestionToggled`.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cc_tui.guides import Guide, Question
from cc_tui.widgets.row_table import SteadyOptionList

__all__ = ["GuidePanel"]

TICKED = "[x] "
UNTICKED = "[ ] "
NO_GUIDE = "No guide for this stage — carry on with your notes."


class GuidePanel(Widget):
    """Shows one :class:`~cc_tui.guides.Guide`; call :meth:`show_guide` to change it."""

    DEFAULT_CSS = """
    GuidePanel {
        width: 1fr;
        height: 1fr;
        layout: vertical;
    }
    GuidePanel > #guide-header {
        /* always two lines (title, then stages/minutes/asked): a title of another length must not resize the
           question list, which would cost a second layout pass on every stage switch */
        height: 2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        background: $panel;
    }
    GuidePanel > #guide-options {
        height: 1fr;
        max-height: 100%;
        border: none;
        padding: 0 0;
    }
    GuidePanel > #guide-options:focus {
        border: none;
    }
    """

    BINDINGS = [
        Binding("space", "toggle_question", "Tick question"),
        Binding("enter", "toggle_question", "Tick question", show=False),
    ]

    class QuestionToggled(Message):
        """The user ticked (``asked=True``) or unticked a question."""

        def __init__(self, panel: GuidePanel, question: Question, asked: bool, guide_id: str) -> None:
            super().__init__()
            self.panel = panel
            self.question = question
            self.asked = asked
            self.guide_id = guide_id

        @property
        def control(self) -> GuidePanel:
            return self.panel

    def __init__(
        self,
        guide: Guide | None = None,
        asked: Iterable[str] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._header = Static("", id="guide-header", markup=False)
        self._options = SteadyOptionList(id="guide-options", markup=False)
        self._guide: Guide | None = None
        self._asked: set[str] = set()
        self._questions: dict[str, Question] = {}
        self.show_guide(guide, asked)

    def compose(self) -> ComposeResult:
        yield self._header
        yield self._options

    # ------------------------------------------------------------------ public API

    @property
    def guide(self) -> Guide | None:
        """The guide shown, or None."""
        return self._guide

    @property
    def asked_ids(self) -> frozenset[str]:
        """Ids of the questions currently ticked in the shown guide."""
        return frozenset(self._asked)

    @property
    def option_list(self) -> OptionList:
        return self._options

    def show_guide(self, guide: Guide | None, asked: Iterable[str] = ()) -> None:
        """Show ``guide`` (None: a friendly "no guide for this stage" text) with ``asked`` ticked.

        Showing the same guide again keeps the highlighted question.
        """
        keep: str | None = None
        if guide is not None and self._guide is not None and guide.id == self._guide.id:
            option = self._options.highlighted_option
            keep = option.id if option is not None else None
        self._guide = guide
        self._questions = {q.id: q for q in guide.questions()} if guide else {}
        self._asked = {a for a in asked if a in self._questions}
        self._options.set_options(self._build_options(guide))
        self._update_header()
        if not self._questions:
            return
        index = None
        if keep is not None and keep in self._questions:
            index = self._options.get_option_index(keep)
        if index is None:
            index = self._options.get_option_index(next(iter(self._questions)))
        self._options.highlighted = index

    def set_asked(self, question_id: str, asked: bool) -> None:
        """Tick or untick a question from outside (posts no message)."""
        if question_id not in self._questions:
            return
        if asked:
            self._asked.add(question_id)
        else:
            self._asked.discard(question_id)
        self._refresh_question(question_id)

    def focus(self, scroll_visible: bool = True) -> GuidePanel:
        """Focus the question list (the panel itself does not take focus)."""
        self._options.focus(scroll_visible)
        return self

    # ------------------------------------------------------------------ actions / events

    def action_toggle_question(self) -> None:
        option = self._options.highlighted_option
        if option is None or option.disabled or option.id not in self._questions:
            return
        self._toggle(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in self._questions:
            self._toggle(event.option.id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    # ------------------------------------------------------------------ rendering

    def _toggle(self, question_id: str) -> None:
        asked = question_id not in self._asked
        if asked:
            self._asked.add(question_id)
        else:
            self._asked.discard(question_id)
        self._refresh_question(question_id)
        assert self._guide is not None
        self.post_message(self.QuestionToggled(self, self._questions[question_id], asked, self._guide.id))

    def _refresh_question(self, question_id: str) -> None:
        question = self._questions[question_id]
        self._options.replace_option_prompt(question_id, self._question_prompt(question))
        self._update_header()

    def _question_prompt(self, question: Question) -> Content:
        if question.id in self._asked:
            return Content.assemble((TICKED, "bold $text-success"), (question.text, "$text-muted"))
        return Content.assemble((UNTICKED, "bold"), question.text)

    def _build_options(self, guide: Guide | None) -> list[Option | None]:
        if guide is None:
            return [Option(Content(NO_GUIDE), disabled=True)]
        options: list[Option | None] = []
        if guide.intro:
            for paragraph in guide.intro.split("\n\n"):
                options.append(Option(Content.styled(paragraph, "italic"), disabled=True))
            options.append(None)
        for section in guide.sections:
            options.append(Option(Content.styled(section.title, "bold $text-accent"), disabled=True))
            if section.text:
                for paragraph in section.text.split("\n\n"):
                    options.append(Option(Content(paragraph), disabled=True))
            for tip in section.tips:
                options.append(Option(Content.assemble(("» ", "bold $text-warning"), (tip, "italic")), disabled=True))
            for question in section.questions:
                options.append(Option(self._question_prompt(question), id=question.id))
            options.append(None)
        if options and options[-1] is None:
            options.pop()
        if not self._questions:
            options.append(Option(Content("This guide has no questions."), disabled=True))
        return options

    def _update_header(self) -> None:
        guide = self._guide
        if guide is None:
            self._header.update(Content.styled("Guide", "bold"))
            return
        # the header is two lines cut to the panel's width: what changes during the meeting comes first
        meta = []
        if self._questions:
            meta.append(f"{len(self._asked)}/{len(self._questions)} asked")
        if guide.minutes:
            meta.append(f"{guide.minutes} min")
        if guide.audience != "manager":
            meta.append(f"for the {guide.audience}")
        meta.append(", ".join(guide.stages))
        self._header.update(
            Content.assemble((guide.title, "bold"), "\n", (" · ".join(meta), "$text-muted"))
        )
