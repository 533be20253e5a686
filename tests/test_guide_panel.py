"""Tests for cc_tui.widgets.guide_panel.GuidePanel (Textual 8.x, run headless)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer

from cc_tui.guides import load_guides, parse_guide
from cc_tui.widgets.guide_panel import GuidePanel

HOSTILE = """\
---
id: hostile
title: Title [/] [@click=app.quit]x[/] 🎯
stages: [discussion]
audience: manager
---

Intro [bold]not bold[/] and [@click=app.quit]click[/].

## Section [/]
> Tip [@click=app.quit]x[/] 😀

- What does [/] mean to you 🚀?
- Which [@click=app.quit]x[/] thing matters?
- What is \\[escaped\\] here?
"""


def hostile_guide():
    guide, problems = parse_guide(HOSTILE, "hostile.md")
    assert guide is not None, problems
    return guide


def library():
    return load_guides(include_user=False)


class PanelApp(App):
    def __init__(self, guide=None, asked=()) -> None:
        super().__init__()
        self.initial = (guide, asked)
        self.toggled: list[GuidePanel.QuestionToggled] = []

    def compose(self) -> ComposeResult:
        yield GuidePanel(*self.initial)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(GuidePanel).focus()

    def on_guide_panel_question_toggled(self, message: GuidePanel.QuestionToggled) -> None:
        self.toggled.append(message)


def panel_lines(panel: GuidePanel) -> list[str]:
    """Plain text of the header and of every option line as rendered."""
    header = panel.query_one("#guide-header")
    lines = [header.render_line(y).text.rstrip() for y in range(header.size.height)]
    options = panel.option_list
    lines += [options.render_line(y).text.rstrip() for y in range(options.size.height)]
    return lines


async def test_shows_title_intro_sections_tips_and_questions():
    guide = library().get("first-conversation")
    app = PanelApp(guide)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        panel = app.query_one(GuidePanel)
        text = "\n".join(panel_lines(panel))
        assert "A first career conversation" in text
        assert "0/19 asked · 45 min · prep, discussion" in text
        assert "For the first proper career conversation" in text
        assert "Your story so far" in text
        assert "» Facilitator tip: let them tell it" in text
        assert "[ ] How did you end up in this line of work?" in text
        # the first question is highlighted, and only questions are selectable
        assert panel.option_list.highlighted_option.id == guide.questions()[0].id
        selectable = [o.id for o in panel.option_list.options if not o.disabled]
        assert selectable == [q.id for q in guide.questions()]


async def test_space_and_enter_toggle_and_post_messages():
    guide = library().get("first-conversation")
    questions = guide.questions()
    app = PanelApp(guide)
    async with app.run_test(size=(100, 40)) as pilot:
        panel = app.query_one(GuidePanel)
        await pilot.press("down", "space")
        await pilot.pause()
        assert [(m.question.id, m.asked, m.guide_id) for m in app.toggled] == [
            (questions[1].id, True, "first-conversation")
        ]
        assert app.toggled[0].question == questions[1]
        assert panel.asked_ids == {questions[1].id}
        text = "\n".join(panel_lines(panel))
        assert f"[x] {questions[1].text[:40]}" in text
        assert "1/19 asked" in text

        await pilot.press("enter")  # untick the same one
        await pilot.press("up", "enter")  # tick the first
        await pilot.pause()
        assert [(m.question.id, m.asked) for m in app.toggled[1:]] == [
            (questions[1].id, False),
            (questions[0].id, True),
        ]
        assert panel.asked_ids == {questions[0].id}
        assert "[ ] " + questions[1].text[:40] in "\n".join(panel_lines(panel))


async def test_down_skips_section_titles_and_tips():
    guide = library().get("first-conversation")
    first_section = guide.sections[0]
    app = PanelApp(guide)
    async with app.run_test(size=(100, 40)) as pilot:
        panel = app.query_one(GuidePanel)
        await pilot.press(*["down"] * len(first_section.questions))
        await pilot.pause()
        # from the last question of section 1 to the first of section 2: title and tip skipped
        assert panel.option_list.highlighted_option.id == guide.sections[1].questions[0].id


async def test_asked_ids_shown_and_kept_when_reshown():
    lib = library()
    guide = lib.get("grow-coaching")
    q = guide.questions()
    app = PanelApp(guide, [q[0].id, "unknown/id"])
    async with app.run_test(size=(100, 40)) as pilot:
        panel = app.query_one(GuidePanel)
        await pilot.pause()
        assert panel.asked_ids == {q[0].id}
        assert "[x] " + q[0].text in "\n".join(panel_lines(panel))
        await pilot.press("down", "down")
        panel.show_guide(guide, [q[0].id, q[1].id])  # same guide again: highlight kept
        await pilot.pause()
        assert panel.option_list.highlighted_option.id == q[2].id
        assert "2/18 asked" in "\n".join(panel_lines(panel))
        panel.set_asked(q[1].id, False)
        await pilot.pause()
        assert panel.asked_ids == {q[0].id}
        assert app.toggled == []  # programmatic changes post nothing


async def test_no_guide_shows_friendly_text_and_keys_do_nothing():
    app = PanelApp(None)
    async with app.run_test(size=(100, 40)) as pilot:
        panel = app.query_one(GuidePanel)
        await pilot.pause()
        assert "No guide for this stage" in "\n".join(panel_lines(panel))
        await pilot.press("space", "enter", "down")
        await pilot.pause()
        assert app.toggled == []
        assert panel.guide is None
        panel.show_guide(library().get("adapting"))
        await pilot.pause()
        assert "Adapting to the person" in "\n".join(panel_lines(panel))
        panel.show_guide(None)
        await pilot.pause()
        assert "No guide for this stage" in "\n".join(panel_lines(panel))


async def test_hostile_text_is_shown_literally_and_app_survives():
    guide = hostile_guide()
    app = PanelApp(guide)
    async with app.run_test(size=(100, 40)) as pilot:
        panel = app.query_one(GuidePanel)
        await pilot.pause()
        text = "\n".join(panel_lines(panel))
        assert "Title [/] [@click=app.quit]x[/] 🎯" in text
        assert "Intro [bold]not bold[/] and [@click=app.quit]click[/]." in text
        assert "Section [/]" in text
        assert "» Tip [@click=app.quit]x[/] 😀" in text
        assert "[ ] What does [/] mean to you 🚀?" in text
        assert "[ ] Which [@click=app.quit]x[/] thing matters?" in text
        assert "[ ] What is [escaped] here?" in text
        await pilot.press("down", "space")
        await pilot.click(GuidePanel, offset=(5, 8))
        await pilot.pause()
        assert app.is_running
        assert app.toggled and app.toggled[0].question.text == "Which [@click=app.quit]x[/] thing matters?"
        assert "[x] Which [@click=app.quit]x[/] thing matters?" in "\n".join(panel_lines(panel))
    assert app.return_code in (None, 0)


async def test_footer_shows_tick_binding():
    app = PanelApp(library().get("check-in"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        descriptions = {b.description for _, b, enabled, _ in app.screen.active_bindings.values() if b.show}
        assert "Tick question" in descriptions


async def test_show_guide_refills_one_list_for_every_shipped_guide():
    """Every shipped guide shows, ticks and all, by refilling the panel's one list: no widget is mounted or removed
    (what keeps a stage switch cheap; its time is the stage-switch row of ``python -m benchmarks``, not a wall-clock
    assertion here, which flaked on a busy machine)."""
    lib = library()
    biggest = max(lib.guides.values(), key=lambda g: len(g.questions()) + len(g.sections))
    app = PanelApp(None)
    async with app.run_test(size=(100, 40)) as pilot:
        panel = app.query_one(GuidePanel)
        await pilot.pause()
        widgets = list(panel.query("*"))
        for guide in [biggest, *lib.guides.values()]:
            ticked = guide.questions()[:3]
            panel.show_guide(guide, [q.id for q in ticked])
            await pilot.pause()
            shown = "\n".join(panel_lines(panel))
            assert guide.title in shown
            assert f"{len(ticked)}/{len(guide.questions())} asked" in shown
            assert list(panel.query("*")) == widgets  # the same widgets, refilled
