"""A whole career conversation driven by the keyboard alone, from an empty store to the next conversation.

Everything is checked in the store afterwards, through a fresh Store on the same folder.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Label, Static, TextArea

from cc_tui.dialogs.forms import ActionForm, GoalForm, PersonForm
from cc_tui.models import ActionStatus, GoalStatus, MotivationSource, Motivator, Owner, Stage
from cc_tui.screens.conversation import PREVIEW_DELAY, ConversationScreen
from cc_tui.screens.home import HomeScreen
from cc_tui.store import Store
from cc_tui.widgets.row_table import RowTable

from .app_support import NOW, demo_app, fixed_clock, open_conversation, saved, settle, stop, type_text

NAME = "Smith [/] Jr"
HOSTILE_NOTE = "Wants to lead [@click=app.quit]x[/] the ledger work 🚀"


async def test_first_and_second_conversation_by_keyboard(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#empty").display  # the friendly first screen
        assert "people import" in str(home.query_one("#empty", Static).render())

        # ---- add a person
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        await type_text(pilot, NAME)
        await pilot.press("tab")
        await type_text(pilot, "Support [b]Engineer[/b]")
        await pilot.press("tab")
        await type_text(pilot, "Care")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#people", RowTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == NAME  # shown literally, not as markup

        # ---- start the first conversation
        screen = await open_conversation(pilot)
        assert screen.conv.stage is Stage.PREP
        assert app.focused is screen.query_one("#f-manager_prep--performance_history", TextArea)
        await type_text(pilot, "Solved the outage calmly")

        # ---- discussion: shared and private notes, motivations, a guide question
        await pilot.press("f2")
        await settle(pilot)
        assert app.focused is screen.query_one("#f-shared_notes", TextArea)
        await type_text(pilot, HOSTILE_NOTE)
        await pilot.press("tab")
        await type_text(pilot, "PRIVATE-MARKER retention risk")
        await pilot.press("tab")  # the motivation table
        await pilot.press("4", "down", "5", "i")
        await pilot.press("f6")  # the guide's questions
        await pilot.press("space")
        await settle(pilot)
        assert screen.conv.questions_asked, "ticking a question records it"

        # ---- goals
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, GoalForm)
        await type_text(pilot, "Lead the ledger split")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
        assert [g.title for g in screen.data.goals] == ["Lead the ledger split"]

        # ---- action items: one for them, one for me, and a bad date that must not crash
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionForm)
        await type_text(pilot, "Draft the RFC")
        await pilot.press("tab", "tab")
        await type_text(pilot, "+2w")
        await pilot.press("ctrl+s")
        await settle(pilot)

        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Book the architecture review")
        await pilot.press("tab", "enter", "down", "enter")  # owner: me (the manager)
        await pilot.press("tab")
        await type_text(pilot, "frobday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionForm), "a bad date keeps the form open"
        assert "not a date" in str(form.query_one("#form-error", Label).render())
        await pilot.press(*["backspace"] * 7)
        await type_text(pilot, "fri")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
        assert len(screen.session.action_rows()) == 2

        # ---- wrap-up
        await pilot.press("f5")
        await settle(pilot)
        assert app.focused is screen.query_one("#f-summary", TextArea)
        await type_text(pilot, "Focus on leading the ledger split.")
        await settle(pilot)
        await pilot.pause(PREVIEW_DELAY + 0.2)  # typing paused: the preview follows
        preview = str(screen.query_one("#preview", Static).render())
        assert "Focus on leading" in preview and "PRIVATE-MARKER" not in preview
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await saved(app)
    app.store.close()

    # ---- everything is in the store
    with Store.open(folder, clock=fixed_clock) as store:
        person = store.employees()[0]
        assert person.name == NAME and person.role == "Support [b]Engineer[/b]"
        [summary] = store.history(person.id)
        conv = store.conversation(summary.id)
        assert conv.finished_at == NOW
        assert conv.manager_prep.performance_history == "Solved the outage calmly"
        assert conv.shared_notes == HOSTILE_NOTE
        assert conv.private_notes == "PRIVATE-MARKER retention risk"
        assert conv.summary == "Focus on leading the ledger split."
        assert conv.next_date is not None and conv.next_date.isoformat() == "2026-12-25"  # cadence 30 days
        financial = conv.motivation(Motivator.FINANCIAL_REWARD)
        skills = conv.motivation(Motivator.SKILL_DEVELOPMENT)
        assert financial is not None and financial.rating == 4
        assert skills is not None and skills.rating == 5 and skills.source is MotivationSource.EXTRINSIC
        assert len(conv.questions_asked) == 1
        [goal] = store.goals(person.id)
        assert goal.title == "Lead the ledger split" and goal.conversation_id == conv.id
        items = {a.text: a for a in store.actions(person.id)}
        assert items["Draft the RFC"].owner is Owner.EMPLOYEE
        assert items["Draft the RFC"].due is not None and items["Draft the RFC"].due.isoformat() == "2026-12-09"
        assert items["Book the architecture review"].owner is Owner.MANAGER
        assert items["Book the architecture review"].due.isoformat() == "2026-11-27"  # type: ignore[union-attr]
        assert all(a.carried_over == 0 for a in items.values())

    # ---- the next conversation starts from the last one, a week later
    app = demo_app(folder, demo=False, clock=lambda: NOW + timedelta(days=7))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot)
        carry = screen.query_one("#carry", RowTable)
        assert app.focused is carry
        assert carry.row_count == 3  # my item first, then theirs, then the goal
        assert "owe" in str(screen.query_one("#commitments", Static).render())
        # motivations start from last time
        assert screen.conv.motivation(Motivator.FINANCIAL_REWARD).rating == 4  # type: ignore[union-attr]
        await pilot.press("d")  # my item: done
        await settle(pilot)
        await type_text(pilot, "booked for Tuesday")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "down", "c")  # the goal changed: a reason is required
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "reason" in str(app.screen.query_one("#prompt-error", Label).render())
        await type_text(pilot, "Scope moved to the payments team")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")  # home; the conversation stays open for later
        await settle(pilot)
        await saved(app)
    app.store.close()

    with Store.open(folder, clock=fixed_clock) as store:
        person = store.employees()[0]
        newest, first = store.history(person.id)
        second = store.conversation(newest.id)
        assert second.finished_at is None
        assert {(u.kind.value, u.status, u.note) for u in second.status_updates} == {
            ("action", "done", "booked for Tuesday"),
            ("goal", "changed", "Scope moved to the payments team"),
        }
        items = {a.text: a for a in store.actions(person.id)}
        assert items["Book the architecture review"].status is ActionStatus.DONE
        assert items["Draft the RFC"].carried_over == 1
        [goal] = store.goals(person.id)
        assert goal.status is GoalStatus.CHANGED
        assert goal.history[-1].conversation_id == second.id
        assert goal.history[-1].reason == "Scope moved to the payments team"
        rows = store.home_rows(NOW.date())
        assert first.id == conv.id
        assert rows[0].unfinished_conversation_id == second.id


async def test_a_new_conversation_is_shown_before_it_is_written_then_saved_with_its_carried_items_once(
    tmp_path: Path,
) -> None:
    """Starting a conversation shows it without waiting for the disk: its file and the carried items it counts go to
    the saver (here the disk is held until the screen is up and notes are typed), and land once, in order."""
    import threading

    folder = tmp_path / "data"
    app = demo_app(folder)
    store = app.store
    person = store.employees()[0]  # the first row on home, with three open items and no conversation under way
    counts = {a.id: a.carried_over for a in store.actions(person.id) if a.is_open}
    assert counts
    release = threading.Event()
    save_conversation = store.save_conversation

    def slow_disk(conversation, **kwargs):  # the saver thread waits here, as on a slow or stuck disk
        release.wait(20)
        save_conversation(conversation, **kwargs)

    store.save_conversation = slow_disk  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, ConversationScreen):
                break
        screen = app.screen
        assert isinstance(screen, ConversationScreen) and not release.is_set()
        conversation_id = screen.session.conv.id
        assert not (folder / "conversations" / f"{conversation_id}.json").exists()  # shown first, written after
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        screen.query_one("#f-shared_notes").focus()
        await type_text(pilot, "said while the disk was slow")
        release.set()
        await saved(app)
        app.exit()
    store.close()
    with Store.open(folder) as s:
        conversation = s.conversation(conversation_id)
        assert conversation.finished_at is None and conversation.shared_notes == "said while the disk was slow"
        after = {a.id: a.carried_over for a in s.actions(person.id) if a.id in counts}
        assert after == {item: n + 1 for item, n in counts.items()}  # counted once, not once per save
        assert [h.id for h in s.history(person.id)].count(conversation_id) == 1


async def test_notes_reopened_go_on_at_their_end(tmp_path: Path) -> None:
    """Notes typed, the conversation closed and opened again (or recovered after a crash): the cursor was at the
    start of each field, so the next word typed landed in front of the notes. It is at their end."""
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot, stage="f2")
        await type_text(pilot, "First line.\nSecond")
        await pilot.press("tab")
        await type_text(pilot, "private words")
        await saved(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        screen = await open_conversation(pilot, stage="f2")
        shared = screen.query_one("#f-shared_notes", TextArea)
        assert app.focused is shared
        await type_text(pilot, " line.")
        await pilot.press("tab")
        await type_text(pilot, ", more")
        await saved(app)
        assert screen.conv.shared_notes == "First line.\nSecond line."
        assert screen.conv.private_notes == "private words, more"
    stop(app)
