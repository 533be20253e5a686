"""#18: the thread from one conversation to the next — changed goals and what replaced them, the full goal status
model, status notes carried into the next prep, history and search, and an item's goal link kept on edit."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from cc_tui.dialogs.basic import PickScreen, PromptScreen
from cc_tui.dialogs.forms import ActionForm, GoalForm
from cc_tui.flow import finish_conversation, set_motivation, start_conversation
from cc_tui.models import (
    ActionItem,
    ActionStatus,
    Employee,
    Goal,
    GoalStatus,
    MotivationRating,
    MotivationSource,
    Motivator,
)
from cc_tui.search import SearchIndex
from cc_tui.session import goal_status_for_key
from cc_tui.store import Store
from cc_tui.widgets.row_table import RowTable

from .app_support import NOW, demo_app, resume, saved, settle, stop, type_text

WEEK = timedelta(days=7)


def first_conversation(folder: Path) -> dict[str, str]:
    """Sam, one finished conversation: goal G (active), item A serving G, goal H (achieved) with item B serving it."""
    with Store.open(folder, clock=lambda: NOW) as store:
        sam = Employee(name="Sam Rivers", role="Engineer", created_at=NOW)
        store.add_employees([sam])
        conv = start_conversation(store, [sam.id], lambda: NOW)
        g = Goal(employee_id=sam.id, title="Lead the billing rewrite", conversation_id=conv.id, created_at=NOW)
        h = Goal(employee_id=sam.id, title="Give a conference talk", conversation_id=conv.id, created_at=NOW)
        h.change_status(GoalStatus.ACHIEVED, "Spoke at PyCon", NOW, conv.id)
        store.save_goal(g)
        store.save_goal(h)
        a = ActionItem(employee_id=sam.id, conversation_id=conv.id, text="Draft the billing RFC", goal_id=g.id,
                       created_at=NOW, updated_at=NOW)
        b = ActionItem(employee_id=sam.id, conversation_id=conv.id, text="Write up the talk", goal_id=h.id,
                       created_at=NOW, updated_at=NOW)
        store.save_action(a)
        store.save_action(b)
        conv.aspirations.ideal_role = "Staff engineer on the platform"
        set_motivation(conv, MotivationRating(motivator=Motivator.SKILL_DEVELOPMENT, rating=4,
                                              source=MotivationSource.INTRINSIC))
        finish_conversation(store, conv, lambda: NOW, next_date=(NOW + WEEK).date())
        return {"person": sam.id, "conv": conv.id, "g": g.id, "h": h.id, "a": a.id, "b": b.id}


def carry_rows(screen) -> list[str]:
    table = screen.query_one("#carry", RowTable)
    return [" | ".join(c.plain for c in table.get_row_at(i)) for i in range(table.row_count)]


def test_every_goal_status_is_reachable_from_every_other() -> None:
    for start in GoalStatus:
        for target in GoalStatus:
            if start is target:
                continue
            goal = Goal(employee_id="a" * 32, title="x", status=start, created_at=NOW)
            goal.change_status(target, "because", NOW, "b" * 32)
            assert goal.status is target and goal.history[-1].status_from is start
    closed = Goal(employee_id="a" * 32, title="x", status=GoalStatus.ACHIEVED, created_at=NOW)
    assert goal_status_for_key(closed, "p") is GoalStatus.REOPENED  # in progress again: reopened
    held = Goal(employee_id="a" * 32, title="x", status=GoalStatus.ON_HOLD, created_at=NOW)
    assert goal_status_for_key(held, "p") is GoalStatus.ACTIVE
    assert goal_status_for_key(held, "b") is GoalStatus.ON_HOLD


async def test_changed_goal_is_replaced_in_one_step_and_the_next_prep_tells_its_story(tmp_path: Path, cli) -> None:
    folder = tmp_path / "data"
    ids = first_conversation(folder)

    # ---- conversation 2: the goal changes (with the goal that replaces it); an item is blocked with a note
    app = demo_app(folder, demo=False, clock=lambda: NOW + WEEK)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        screen = app.screen
        rows = carry_rows(screen)
        assert any("Draft the billing RFC" in r for r in rows) and any("Lead the billing rewrite" in r for r in rows)
        table = screen.query_one("#carry", RowTable)
        table.move_cursor(row=table.get_row_index(f"action:{ids['a']}"))
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await type_text(pilot, "waiting on the platform team")
        await pilot.press("enter")
        await settle(pilot)
        table.move_cursor(row=table.get_row_index(f"goal:{ids['g']}"))
        await pilot.press("c")
        await settle(pilot)
        await type_text(pilot, "billing moved to another team")
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GoalForm), "changing a goal offers to write the one that replaces it"
        assert "replaces" in form.TITLE_TEXT
        title = form.query_one("#title", Input)
        assert title.value == "Lead the billing rewrite"  # starts from what it replaces
        title.value = "Lead the payments API"
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = carry_rows(screen)
        changed = next(r for r in rows if "Lead the billing rewrite" in r)
        assert "changed → new goal" in changed and "billing moved to another team" in changed
        blocked = next(r for r in rows if "Draft the billing RFC" in r)
        assert "blocked" in blocked and "waiting on the platform team" in blocked
        second = screen.conv.id
        await saved(app)
        await pilot.press("ctrl+f")  # finish
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await saved(app)
    stop(app)

    with Store.open(folder) as store:
        goals = {g.id: g for g in store.goals(ids["person"])}
        old = goals[ids["g"]]
        new = goals[old.replaced_by]
        assert new.title == "Lead the payments API" and new.replaces == old.id and new.conversation_id == second
        assert old.status is GoalStatus.CHANGED
        assert (old.history[-1].reason, old.history[-1].conversation_id) == ("billing moved to another team", second)
        item = next(a for a in store.actions(ids["person"]) if a.id == ids["a"])
        assert item.status is ActionStatus.BLOCKED and item.status_note == "waiting on the platform team"
        # the note and the reason are found by search, in the conversation they were written in
        index = SearchIndex.build(folder)
        for words, field in (("platform team", "status_note"), ("another team", "goal_reason")):
            hits = index.search(words).hits
            assert [(h.conversation_id, h.field.split(":")[0]) for h in hits] == [(second, field)], words
    # ... and in every export where the item appears
    for fmt, expected in (("md", "| blocked — waiting on the platform team |"), ("csv", "waiting on the platform team"),
                          ("json", '"status_note": "waiting on the platform team"'),
                          ("ics", "Note: waiting on the platform team")):
        out = cli("export", "--conversation", second, "--format", fmt, "--data-dir", str(folder), ok=True).stdout
        assert expected in out, fmt

    # ---- conversation 3: the changed goal is still in prep, with its story and what replaced it
    app = demo_app(folder, demo=False, clock=lambda: NOW + 2 * WEEK)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        screen = app.screen
        rows = carry_rows(screen)
        assert any("Lead the billing rewrite" in r and "changed" in r for r in rows)
        assert any("Lead the payments API" in r and "active" in r for r in rows)
        assert any("waiting on the platform team" in r for r in rows)  # the note, in the next prep's table
        table = screen.query_one("#carry", RowTable)
        table.move_cursor(row=table.get_row_index(f"goal:{ids['g']}"))
        await settle(pilot)
        story = str(screen.query_one("#carry-detail", Static).render())
        assert "billing moved to another team" in story and "Replaced by: Lead the payments API" in story
    stop(app)


async def test_editing_an_item_keeps_its_goal_whatever_that_goal_became(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    ids = first_conversation(folder)
    app = demo_app(folder, demo=False, clock=lambda: NOW + WEEK)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        screen = app.screen
        # B (still open, so carried) serves H, a goal achieved last time
        await pilot.press("f4")
        await settle(pilot)
        actions = screen.query_one("#action-table", RowTable)
        actions.move_cursor(row=actions.get_row_index(ids["b"]))
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionForm)
        labels = [label for label, _ in form.goal_choices]
        assert labels == ["active · Lead the billing rewrite", "achieved · Give a conference talk"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        await saved(app)
    stop(app)
    with Store.open(folder) as store:
        assert next(a for a in store.actions(ids["person"]) if a.id == ids["b"]).goal_id == ids["h"]


@pytest.mark.parametrize("status", [GoalStatus.ACHIEVED, GoalStatus.CHANGED])
async def test_the_goals_stage_offers_every_other_status(tmp_path: Path, status: GoalStatus) -> None:
    folder = tmp_path / "data"
    first_conversation(folder)
    app = demo_app(folder, demo=False, clock=lambda: NOW + WEEK)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        screen = app.screen
        await pilot.press("f3")
        await settle(pilot)
        goals = screen.query_one("#goal-table", RowTable)
        wanted = next(g for g in screen.session.goal_rows() if g.status is GoalStatus.ACTIVE)
        wanted.status = status
        screen.query_one("#goal-table", RowTable).move_cursor(row=goals.get_row_index(wanted.id))
        await pilot.press("s")
        await settle(pilot)
        pick = app.screen
        assert isinstance(pick, PickScreen)
        assert {value for _, value in pick.choices} == set(GoalStatus) - {status}
    stop(app)


async def test_the_discussion_shows_what_they_said_last_time(tmp_path: Path) -> None:
    """#18.2: beside each aspiration, last time's words; beside each motivator, last time's rating, and a changed
    intrinsic/extrinsic mark stands out."""
    folder = tmp_path / "data"
    first_conversation(folder)
    app = demo_app(folder, demo=False, clock=lambda: NOW + WEEK)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        screen = app.screen
        await pilot.press("f2")
        await settle(pilot)
        was = screen.query_one("#was-ideal_role", Static)
        assert was.display and str(was.render()) == "Last time: Staff engineer on the platform"
        assert not screen.query_one("#was-responsibilities", Static).display  # nothing said: nothing shown
        table = screen.query_one("#motivations", RowTable)
        row = table.get_row_index(Motivator.SKILL_DEVELOPMENT.value)
        assert table.get_row_at(row)[3].plain == "was 4"
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("i", "5")  # now extrinsic, 5
        await settle(pilot)
        assert table.get_row_at(row)[3].plain == "was 4 · was intrinsic"
        assert table.get_row_at(table.get_row_index(Motivator.CREATIVE_FREEDOM.value))[3].plain == "not rated"
    stop(app)


async def test_the_right_guide_first_time_and_the_same_guides_when_resumed(tmp_path: Path) -> None:
    """#18.5: a first conversation opens with the first-conversation guide in prep and discussion; a regular one
    with the check-in; a guide chosen for a stage is there again, at that stage, after leaving and resuming."""
    folder = tmp_path / "data"
    with Store.open(folder, clock=lambda: NOW) as store:
        store.add_employees([Employee(name="New Starter", created_at=NOW)])
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        screen = app.screen
        assert screen.current_guide().id == "first-conversation"
        assert screen.side.guide_panel.guide.id == "first-conversation"  # what is on screen, not only the choice
        await pilot.press("f2")
        await settle(pilot)
        assert screen.current_guide().id == "first-conversation"
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        pick = app.screen
        assert isinstance(pick, PickScreen)
        motivations = next(i for i, (_, gid) in enumerate(pick.choices) if gid == "motivations")
        pick.query_one("OptionList").highlighted = motivations
        await pilot.press("enter")
        await settle(pilot)
        assert screen.current_guide().id == "motivations"
        await pilot.press("escape")  # leave, everything saved
        await settle(pilot)
        await saved(app)
    stop(app)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")  # resume: it opens at the stage it was left in
        await settle(pilot)
        screen = app.screen
        assert screen.session.conv.stage.value == "goals"
        assert screen.side.guide_panel.guide.id == "motivations"
        for key, guide in (("f1", "first-conversation"), ("f2", "first-conversation")):
            await pilot.press(key)
            await settle(pilot)
            assert screen.side.guide_panel.guide.id == guide
        assert {s.value: g for s, g in screen.session.conv.guide_choice.items()} == {
            "prep": "first-conversation", "discussion": "first-conversation", "goals": "motivations"}
    stop(app)

    # a regular conversation (Sam had one before): the check-in
    other = tmp_path / "other"
    first_conversation(other)
    app = demo_app(other, demo=False, clock=lambda: NOW + WEEK)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        assert app.screen.side.guide_panel.guide.id == "check-in"
    stop(app)


async def test_what_they_receive_is_the_same_from_the_app_and_the_cli(tmp_path: Path, cli) -> None:
    """#18.8: the in-app export (the wrap-up preview is the same render) and `cc-tui export --current` of the same
    conversation are the same bytes but for the export's own time stamp — a carried item keeps the day it was raised;
    a goal achieved here is listed; motivator ratings only when the manager ticks "share"."""
    from textual.widgets import Checkbox

    from cc_tui.export.formats import render

    folder = tmp_path / "data"
    ids = first_conversation(folder)
    app = demo_app(folder, demo=False, clock=lambda: NOW + WEEK)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        screen = app.screen
        session = screen.session
        goal = next(g for g in session.data.goals if g.id == ids["g"])
        session.change_goal_status(goal, GoalStatus.ACHIEVED, "shipped the rewrite")
        await pilot.press("f5")
        await settle(pilot)
        in_app = render(session.export_bundle(), "md")
        assert "Skill development" not in in_app  # motivators are not shared unless ticked
        screen.query_one("#share-motivators", Checkbox).value = True
        await settle(pilot)
        shared = render(session.export_bundle(), "md")
        assert "Skill development: 4/5" in shared
        assert "Skill development: 4/5" in str(screen.query_one("#preview", Static).render())
        await saved(app)
    stop(app)

    def without_stamp(text: str) -> str:
        return "\n".join(line for line in text.splitlines() if not line.startswith("- **Exported:**"))

    out = cli("export", "--person", "Sam", "--current", "--format", "md", "--data-dir", str(folder), ok=True).stdout
    assert without_stamp(out) == without_stamp(shared)
    raised = NOW.date().isoformat()
    assert f"| Draft the billing RFC | Sam Rivers | — | open | Lead the billing rewrite | {raised} | 1× |" in out
    assert "- Lead the billing rewrite — achieved" in out  # achieved here: listed, with its status
    # --last is the last *finished* conversation (the first one), --current the one in progress
    last = cli("export", "--person", "Sam", "--last", "--format", "json", "--data-dir", str(folder), ok=True).stdout
    assert f'"id": "{ids["conv"]}"' in last
    finished_only = tmp_path / "fresh"
    first_conversation(finished_only)
    none = cli("export", "--person", "Sam", "--current", "--data-dir", str(finished_only))
    assert none.returncode == 1 and "no conversation in progress" in none.stderr


async def test_an_item_someone_else_owns_says_who_everywhere(tmp_path: Path, cli) -> None:
    """#18.7: owner is the employee, the manager, or someone else by name; the item lists, the exports and the next
    prep say who."""
    from textual.widgets import Select

    folder = tmp_path / "data"
    first_conversation(folder)
    app = demo_app(folder, demo=False, clock=lambda: NOW + WEEK)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        screen = app.screen
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionForm)
        await type_text(pilot, "Introduce Sam to the payments lead")
        form.query_one("#owner", Select).value = "other"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "say who does it" in str(form.query_one("#form-error").render())
        form.query_one("#owner-name", Input).value = "Priya (mentor) [b]x[/b]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = screen.query_one("#action-table", RowTable)
        cells = [c.plain for c in table.get_row_at(table.row_count - 1)]
        assert cells[0] == "Introduce Sam to the payments lead" and cells[1].startswith("Priya (mentor)")
        await saved(app)
    stop(app)
    md = cli("export", "--person", "Sam", "--current", "--data-dir", str(folder), ok=True).stdout
    assert "| Introduce Sam to the payments lead | Priya (mentor) \\[b\\]x\\[/b\\] |" in md
    csv_text = cli("export", "--person", "Sam", "--current", "--format", "csv", "--data-dir", str(folder),
                   ok=True).stdout
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    row = next(r for r in rows if r["text"] == "Introduce Sam to the payments lead")
    assert (row["owner"], row["owner_name"]) == ("other", "Priya (mentor) [b]x[/b]")
    # ... and home's "who owes what" says so
    app = demo_app(folder, demo=False, clock=lambda: NOW + WEEK)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one("#home-summary").render())
        assert "you owe 0 open action items" in line and "1 open item with others" in line
    stop(app)


def test_compare_and_timeline_show_a_changed_kind_of_motivation_and_changed_aspirations() -> None:
    """#18.2: a motivator that went intrinsic → extrinsic shows in compare and in the timeline; compare lists the
    aspirations that changed."""
    from cc_tui.history import diff_conversations, diff_text
    from cc_tui.models import Conversation
    from cc_tui.reports import timeline_text

    person = Employee(name="Sam Rivers", created_at=NOW)
    older = Conversation(employee_ids=[person.id], created_at=NOW, title="one")
    newer = Conversation(employee_ids=[person.id], created_at=NOW + WEEK, title="two")
    set_motivation(older, MotivationRating(motivator=Motivator.SKILL_DEVELOPMENT, rating=4,
                                           source=MotivationSource.INTRINSIC))
    set_motivation(newer, MotivationRating(motivator=Motivator.SKILL_DEVELOPMENT, rating=4,
                                           source=MotivationSource.EXTRINSIC))
    older.aspirations.ideal_role = "Staff engineer"
    newer.aspirations.ideal_role = "Engineering manager"
    newer.aspirations.skills_to_use = "Coaching"
    text = diff_text(diff_conversations(older, newer, [], []), older, newer)
    assert "⇄ Skill development" in text and "intrinsic → extrinsic" in text
    assert "~ Ideal role: Staff engineer → Engineering manager" in text
    assert "~ Skills to use: — → Coaching" in text
    assert "Responsibilities" not in text  # unchanged: not listed
    timeline = timeline_text(person, [older, newer], [])
    assert "Why it matters to them changed" in timeline
    assert f"{(NOW + WEEK).date().isoformat()}  Skill development" in timeline and "intrinsic → extrinsic" in timeline


async def test_a_goal_from_their_own_words_is_marked_as_theirs(tmp_path: Path, cli) -> None:
    """#20.3: what they wrote in their prep (aspirations, skills to build) becomes a goal with one key, in their
    words, marked as proposed by them — in the goals list, the store and what they receive."""
    folder = tmp_path / "data"
    ids = first_conversation(folder)
    app = demo_app(folder, demo=False, clock=lambda: NOW + WEEK)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        screen = app.screen
        screen.session.set_text("employee_prep.aspirations", "- Lead the **payments** migration\n- Mentor a new hire")
        screen.session.set_text("employee_prep.skills_to_develop", "* System design [b]x[/b]")
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        pick = app.screen
        assert isinstance(pick, PickScreen)
        assert [v for _, v in pick.choices] == ["Lead the **payments** migration", "Mentor a new hire",
                                                "System design [b]x[/b]"]
        await pilot.press("down", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GoalForm) and form.query_one("#title", Input).value == "Mentor a new hire"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "(proposed by them)" in str(screen.query_one("#goal-detail", Static).render())
        await saved(app)
    stop(app)
    with Store.open(folder) as store:
        goal = next(g for g in store.goals(ids["person"]) if g.title == "Mentor a new hire")
        assert goal.proposed_by_employee
    md = cli("export", "--person", "Sam", "--current", "--data-dir", str(folder), ok=True).stdout
    assert "- Mentor a new hire — active (their proposal)" in md
