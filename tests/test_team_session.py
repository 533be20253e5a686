"""#19: a team session is its own kind of conversation, shown to the group: its own stages (opportunities, group
notes, who is interested in what, items the team or anyone owns), nothing individual on screen or in its export, and
a follow-up in each attendee's next one to one."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cc_tui.dialogs.forms import ActionForm, OpportunityForm
from cc_tui.flow import finish_conversation, start_conversation
from cc_tui.models import (
    ActionItem,
    ActionStatus,
    ConversationKind,
    Employee,
    MotivationRating,
    MotivationSource,
    Motivator,
    Owner,
    Readiness,
    SuccessionEntry,
)
from cc_tui.screens.conversation import ConversationScreen
from cc_tui.screens.home import HomeScreen
from cc_tui.store import Store
from cc_tui.widgets.row_table import RowTable

from .app_support import NOW, demo_app, fixed_clock, open_conversation, saved, screen_text, settle, stop, type_text

MARK = "INDIVIDUAL-7f3a"  # in every individual field of every attendee: it must never be on the group's screen


def mark_everything_individual(folder: Path) -> list[str]:
    """Put MARK in every individual field of the first two demo people; return their ids."""
    with Store.open(folder) as store:
        people = store.employees()[:2]
        for person in people:
            person.private_notes = f"notes {MARK}"
            person.style = person.style.model_copy(update={"notes": f"style {MARK}"})
            person.succession = [SuccessionEntry(role=f"Lead {MARK}", readiness=Readiness.READY_NOW, updated_at=NOW)]
            store.save_employee(person)
            for goal in store.goals(person.id):
                goal.title = f"{goal.title} {MARK}"
                store.save_goal(goal)
            items = store.actions(person.id)
            for item in items:
                item.text = f"{item.text} {MARK}"
            store.save_actions(items, touch=False)
            for summary in store.history(person.id):
                conv = store.conversation(summary.id)
                conv.private_notes = f"private {MARK}"
                conv.shared_notes = f"one to one {MARK}"
                conv.manager_prep.strengths = f"prep {MARK}"
                conv.aspirations.ideal_role = f"ideal {MARK}"
                conv.motivations = [MotivationRating(motivator=Motivator.SKILL_DEVELOPMENT, rating=5,
                                                     source=MotivationSource.INTRINSIC)]
                store.save_conversation(conv, touch=False)
        return [p.id for p in people]


async def test_a_whole_team_session_by_keyboard_shows_nothing_individual(tmp_path: Path, cli) -> None:
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)):
        pass
    stop(app)
    first, second = mark_everything_individual(folder)

    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("space", "down", "space", "enter")  # the first two people
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen) and screen.conv.kind is ConversationKind.TEAM
        assert screen.side.guide_panel.guide.id == "team-session"

        # ---- prep: the opportunities to present
        assert "GROUP VIEW" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, OpportunityForm)
        await type_text(pilot, "Mentoring programme")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Six months, one senior mentor, from January")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Platform rotation")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [o.title for o in screen.conv.opportunities] == ["Mentoring programme", "Platform rotation"]

        # ---- discussion: group notes; who is interested in what
        await pilot.press("f2")
        await settle(pilot)
        await type_text(pilot, "The group wants more cross-team work.")
        screen.query_one("#interest", RowTable).focus()
        await settle(pilot)
        await pilot.press("1", "2", "down", "2")  # both on mentoring; the second attendee on the rotation
        await settle(pilot)
        rows = [" ".join(c.plain for c in screen.query_one("#interest", RowTable).get_row_at(i)) for i in range(2)]
        names = screen.session.names()
        assert names[first] in rows[0] and names[second] in rows[0]
        assert names[second] in rows[1] and names[first] not in rows[1]

        # ---- every stage, and the past view, shows nothing individual
        for key in ("f1", "f2", "f3", "f4", "f5"):
            await pilot.press(key)
            await settle(pilot)
            shown = screen_text(app)
            assert MARK not in shown, (key, shown)
            assert "Financial reward" not in shown and "Skill development" not in shown  # no ratings
        await pilot.press("f7")
        await settle(pilot)
        assert MARK not in screen_text(app)
        await pilot.press("f7")
        await pilot.press("f9")  # succession: not in front of the group
        await settle(pilot)
        assert MARK not in screen_text(app)

        # ---- actions: the team as a whole owns one
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionForm)
        await type_text(pilot, "Pair up across teams for a sprint")
        form.query_one("#owner").value = Owner.TEAM
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await type_text(pilot, "Mentoring from January; rotation in spring.")
        await saved(app)
        team_id = screen.conv.id
        assert MARK not in screen_text(app)
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await saved(app)
    stop(app)

    # ---- the group's export: the session's own items, the team as owner, nothing individual
    for fmt in ("md", "csv", "json", "ics"):
        out = cli("export", "--conversation", team_id, "--format", fmt, "--data-dir", str(folder), ok=True).stdout
        assert MARK not in out, fmt
        assert "Pair up across teams for a sprint" in out
    md = cli("export", "--conversation", team_id, "--data-dir", str(folder), ok=True).stdout
    assert "| Pair up across teams for a sprint | Team |" in md
    # one command: every attendee's own file (their items, the group's summary), nothing of anyone else's
    out = tmp_path / "each"
    done = cli("export", "--conversation", team_id, "--each-attendee", "--out", str(out), "--data-dir", str(folder),
               ok=True)
    files = sorted(out.iterdir())
    assert len(files) == 2 and "Wrote 2 files" in done.stdout
    for path in files:
        text = path.read_text()
        assert MARK not in text and "Mentoring from January" in text
        assert "Pair up across teams" not in text  # the team's item is in the group's export, not in anyone's own
    again = cli("export", "--conversation", team_id, "--each-attendee", "--out", str(out), "--data-dir", str(folder))
    assert again.returncode == 1 and "already exists" in again.stderr
    through_a_file = cli("export", "--conversation", team_id, "--each-attendee", "--out", str(files[0] / "each"),
                         "--data-dir", str(folder))  # was "internal error (NotADirectoryError)"
    assert through_a_file.returncode == 1 and "Cannot make the folder" in through_a_file.stderr
    with Store.open(folder) as store:  # one attendee's own item, done: --open-only leaves it out of their file
        item = ActionItem(employee_id=first, conversation_id=team_id, text="Shadow the on-call lead once",
                          owner=Owner.EMPLOYEE, status=ActionStatus.DONE, created_at=NOW, updated_at=NOW)
        store.save_action(item)
    for extra, shown in (([], True), (["--open-only"], False)):
        cli("export", "--conversation", team_id, "--each-attendee", "--out", str(out), "--force", *extra,
            "--data-dir", str(folder), ok=True)
        assert any(item.text in path.read_text() for path in out.iterdir()) == shown, extra

    # ---- each attendee's next one to one follows it up
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home_rows = app.screen.rows
        index = next(i for i, r in enumerate(home_rows) if r.employee.id == second)
        app.screen.query_one(RowTable).move_cursor(row=index)
        await pilot.press("s")
        await settle(pilot)
        follow_up = str(app.screen.query_one("#team-follow-up").render())
        day = NOW.strftime("%-d %b")
        assert f"From the team session of {day}: interested in Mentoring programme; Platform rotation" in follow_up
        assert app.screen.session.data.carry.previous is None or (
            app.screen.session.data.carry.previous.kind is ConversationKind.INDIVIDUAL)
    stop(app)


async def open_payments_session(pilot: Any) -> ConversationScreen:
    """From home: t, the whole Payments team ticked at once, Enter: their team session."""
    from cc_tui.dialogs.basic import PickManyScreen

    app = pilot.app
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    pick = app.screen
    assert isinstance(pick, PickManyScreen)
    index = [label for label, _ in pick.choices].index("Whole team: Payments (2 people)")
    await pilot.press(*["down"] * index, "space", "enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ConversationScreen)
    return screen


async def test_a_team_is_picked_as_a_whole(tmp_path: Path) -> None:
    """#19.5: the people sharing a team name today are picked in one tick; someone who left (archived) is not."""
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_payments_session(pilot)
        assert sorted(screen.session.names().values()) == ["Amara Okafor", "Lena Kowalski"]
        await pilot.press("escape")
        await settle(pilot)
        await saved(app)
    stop(app)
    with Store.open(folder) as store:
        lena = store.find_employee("Lena")
        store.set_archived(lena.id, True)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        labels = [label for label, _ in app.screen.choices]
        assert not any("Payments" in label for label in labels)  # one person left in it: no team to pick
    stop(app)


async def test_attendees_join_and_leave_during_the_session(tmp_path: Path) -> None:
    """#19.5: someone who joins late is added, someone who leaves is removed: the session is in the lists of the people
    attending it and no longer in the list of who left; their interests go with them."""
    from cc_tui.dialogs.basic import PickManyScreen

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("space", "down", "space", "enter")  # the first two
        await settle(pilot)
        screen = app.screen
        first, second = screen.conv.employee_ids
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Mentoring programme")
        await pilot.press("ctrl+s")
        await settle(pilot)
        opportunity = screen.conv.opportunities[0].id
        screen.session.toggle_interest(second, opportunity)
        await saved(app)
        await pilot.press("p")
        await settle(pilot)
        pick = app.screen
        assert isinstance(pick, PickManyScreen) and sorted(pick.ticked) == [0, 1]
        await pilot.press("down", "space", "down", "space", "enter")  # the second leaves, the third joins
        await settle(pilot)
        third = next(e for e in screen.conv.employee_ids if e not in (first, second))
        assert screen.conv.employee_ids == [first, third]
        assert screen.conv.interests == []  # the second's interest left with them
        await pilot.press("f2")
        await settle(pilot)
        legend = str(screen.query_one("#attendees").render())
        names = {e: n for e, n in screen.session.names().items()}
        assert names[third] in legend and len(names) == 2
        assert screen.title == ", ".join(names.values())  # the header follows who attends
        await saved(app)
        team_id = screen.conv.id
    stop(app)
    with Store.open(folder) as store:
        assert any(s.id == team_id for s in store.history(first))
        assert any(s.id == team_id for s in store.history(third))
        assert not any(s.id == team_id for s in store.history(second))
        assert store.conversation(team_id).employee_ids == [first, third]


def test_a_handover_keeps_this_persons_interests_only(tmp_path: Path, cli) -> None:
    """A team session in one attendee's handover: the opportunities and their own interest travel; the other
    attendee's interest (and id) does not."""
    import json

    from cc_tui.demo import build_demo
    from cc_tui.flow import start_conversation
    from cc_tui.models import Interest, Opportunity

    folder = tmp_path / "A"
    with Store.open(folder) as store:
        build_demo(store, now=NOW)
        a, b = store.employees()[:2]
        team = start_conversation(store, [a.id, b.id], lambda: NOW)
        mentoring = Opportunity(title="Mentoring programme")
        team.opportunities = [mentoring]
        team.interests = [Interest(employee_id=a.id, opportunity_id=mentoring.id),
                          Interest(employee_id=b.id, opportunity_id=mentoring.id)]
        store.save_conversation(team)
    out = tmp_path / "a.json"
    cli("handover", "export", "--person", a.id, "--out", str(out), "--data-dir", str(folder), ok=True)
    text = out.read_text()
    assert b.id not in text
    doc = json.loads(text)
    carried = next(c for c in doc["conversations"] if c.get("opportunities"))
    assert carried["opportunities"][0]["id"] == mentoring.id
    assert carried["interests"] == [{"employee_id": a.id, "opportunity_id": mentoring.id}]
    cli("handover", "import", str(out), "--data-dir", str(tmp_path / "B"), ok=True)


def _one_to_one_then_a_team_session(folder: Path) -> tuple[str, date, date]:
    """A person whose last one to one set their next date, then a team session they attended that set the group's."""
    with Store.open(folder, clock=fixed_clock) as store:
        person = Employee(name="Jonas Weber", created_at=NOW - timedelta(days=90))
        other = Employee(name="Lena Kowalski", created_at=NOW - timedelta(days=90))
        for e in (person, other):
            store.save_employee(e)
        mine = NOW.date() - timedelta(days=3)  # their one to one is due: three days ago
        one = start_conversation(store, [person.id], lambda: NOW - timedelta(days=33))
        finish_conversation(store, one, lambda: NOW - timedelta(days=33), next_date=mine)
        group = NOW.date() + timedelta(days=40)
        team = start_conversation(store, [person.id, other.id], lambda: NOW - timedelta(days=1))
        finish_conversation(store, team, lambda: NOW - timedelta(days=1), next_date=group)
        return person.id, mine, group


def test_a_team_session_does_not_move_anyones_one_to_one(tmp_path: Path) -> None:
    """Finishing a team session set every attendee's "last" and "next" on home to the group's: an overdue one to
    one looked done and due in six weeks. Home's numbers are the one to ones'; the session is followed up in each."""
    folder = tmp_path / "data"
    person_id, mine, group = _one_to_one_then_a_team_session(folder)
    with Store.open(folder, clock=fixed_clock) as store:
        row = next(r for r in store.home_rows(NOW.date()) if r.employee.id == person_id)
        assert row.next_due == mine and row.is_due(NOW.date())
        assert row.last_conversation == (NOW - timedelta(days=33)).date()
        store.warm_up()  # the same through the models
        row = next(r for r in store.home_rows(NOW.date()) if r.employee.id == person_id)
        assert row.next_due == mine


async def test_home_numbers_an_older_cc_tui_wrote_are_read_again_once(tmp_path: Path) -> None:
    """An index written before this rule holds the team session's date as the person's next: the app's warm-up
    (after the first frame, in the background) reads those people's numbers again, writes them once, and home
    shows them."""
    folder = tmp_path / "data"
    person_id, mine, group = _one_to_one_then_a_team_session(folder)
    index = folder / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    for row in data["employees"].values():
        stats = row["stats"]
        del stats["v"]
        stats["last_next_date"], stats["last_at"] = group.isoformat(), (NOW - timedelta(days=1)).isoformat()
    index.write_text(json.dumps(data), encoding="utf-8")
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app._warmed_up:
                break
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        row = next(r for r in home.rows if r.employee.id == person_id)
        assert row.next_due == mine and row.last_conversation == (NOW - timedelta(days=33)).date()
        assert "due" in str(home.query_one("#home-summary").render())
    stop(app)
    stats = [row["stats"] for row in json.loads(index.read_text(encoding="utf-8"))["employees"].values()]
    assert all(s["v"] == 2 for s in stats) and {s["last_next_date"] for s in stats} == {mine.isoformat(), None}


async def test_a_quote_in_a_team_session_is_kept_as_whose_it_is_and_starts_their_next_one_to_one(
        tmp_path: Path) -> None:
    """ctrl+r in a team session said "Quote saved" and kept the words as no one's: no view showed them again. Now
    the manager says whose they are (or the group's); they are in the session's history and in the follow-up of
    that person's next one to one."""
    from cc_tui.dialogs.basic import PickScreen, PromptScreen
    from cc_tui.history import conversation_document

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_payments_session(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await type_text(pilot, "I want to mentor new joiners")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)  # the tag
        await pilot.press("enter")
        await settle(pilot)
        who = app.screen
        assert isinstance(who, PickScreen) and who.title_text == "Who said it?"
        lena = next(value for label, value in who.choices if label == "Lena Kowalski")
        assert [label for label, _ in who.choices][-1] == "The group"
        await pilot.press(*["down"] * [value for _, value in who.choices].index(lena), "enter")
        await settle(pilot)
        assert app.screen is screen
        assert [(q.text, q.employee_id) for q in screen.conv.quotes] == [("I want to mentor new joiners", lena)]
        names = screen.session.names()
        document = conversation_document(screen.conv, names, [], []).text
        assert "“I want to mentor new joiners” (dream) — Lena Kowalski" in document
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await saved(app)
        assert screen.conv.finished and isinstance(app.screen, HomeScreen)
    stop(app)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.query_one(RowTable).move_cursor(row=[r.employee.id for r in home.rows].index(lena))
        screen = await open_conversation(pilot)
        follow_up = str(screen.query_one("#team-follow-up").render())
        assert "in their words: “I want to mentor new joiners” (dream)" in follow_up
    stop(app)


async def test_a_team_sessions_wrap_up_offers_no_motivator_sharing(tmp_path: Path) -> None:
    """The group rates no motivators; the wrap-up offered to share "their motivator ratings" all the same."""
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_payments_session(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
        assert not app.screen.query_one("#share-motivators").display
        assert "motivator ratings" not in screen_text(app)
    stop(app)
