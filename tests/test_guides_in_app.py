"""Guides in the live conversation: a guide per stage, chosen by keyboard, questions ticked and recorded."""

from __future__ import annotations

from pathlib import Path

from cc_tui.dialogs.basic import PickScreen
from cc_tui.models import Stage
from cc_tui.store import Store
from cc_tui.timebox import stage_minutes
from cc_tui.widgets.guide_panel import GuidePanel
from cc_tui.widgets.stage_bar import StageBar

from .app_support import demo_app, open_conversation, saved, settle


async def test_choose_a_guide_for_a_stage_and_tick_questions(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data", index_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot, stage="f2")
        panel = screen.query_one(GuidePanel)
        assert panel.guide is not None and "discussion" in panel.guide.stages
        await pilot.press("ctrl+g")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickScreen)
        motivations = next(i for i, (_, gid) in enumerate(picker.choices) if gid == "motivations")
        await pilot.press("home", *["down"] * motivations, "enter")
        await settle(pilot)
        assert panel.guide is not None and panel.guide.id == "motivations"
        # the discussion's guide sets the meeting's length: the stage's share of its minutes is the suggestion
        plan = stage_minutes(panel.guide.minutes, panel.guide.timebox)
        assert screen.query_one(StageBar).suggested_minutes == plan[Stage.DISCUSSION]
        assert screen.query_one(StageBar).meeting_minutes == panel.guide.minutes
        await pilot.press("f6")  # into the questions
        await pilot.press("space", "down", "space")
        await settle(pilot)
        asked = [q for q in screen.conv.questions_asked if q.guide_id == "motivations"]
        assert len(asked) == 2
        await pilot.press("space")  # untick the second
        await settle(pilot)
        assert len([q for q in screen.conv.questions_asked if q.guide_id == "motivations"]) == 1
        # another stage has its own guide; coming back shows the chosen one with its tick
        await pilot.press("f3")
        await settle(pilot)
        assert panel.guide is not None and panel.guide.id != "motivations"
        await pilot.press("f2")
        await settle(pilot)
        assert panel.guide is not None and panel.guide.id == "motivations" and len(panel.asked_ids) == 1
        await saved(app)
        conv_id = screen.conv.id
    app.store.close()
    with Store.open(tmp_path / "data") as store:
        conv = store.conversation(conv_id)
        assert conv.guide_choice.get("discussion") == "motivations"
        [question] = [q for q in conv.questions_asked if q.guide_id == "motivations"]
        assert question.text.endswith("?")
