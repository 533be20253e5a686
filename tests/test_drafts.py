"""#24.2: text typed into an open dialog (a new goal, an action item, a goal's status reason, a quote) is kept as a
draft within a second and offered back, as it was, the next time the conversation opens. The kill -9 case in a real
terminal is in ``test_signals.py``."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from textual.widgets import Input, Label

from cc_tui.dialogs.basic import PromptScreen
from cc_tui.dialogs.draft import RESTORED_NOTE
from cc_tui.dialogs.forms import ActionForm, GoalForm
from cc_tui.screens.conversation import ConversationScreen
from cc_tui.store import Store

from .app_support import NOW, demo_app, fixed_clock, open_conversation, resume, saved, settle, stop, type_text

HOSTILE = "\x1b]52;c;aGk=\x07[b]bold[/b] \u202e"


async def escape_and_save(pilot, app) -> None:
    """Escape (the dialog drops what it held), then everything handed to the saver on disk."""
    await pilot.press("escape")
    await settle(pilot)
    await saved(app)


def demo_folder(folder: Path) -> None:
    """The demo team in ``folder``, as an app would find it."""
    from cc_tui.demo import build_demo

    with Store.open(folder, clock=fixed_clock) as store:
        build_demo(store, now=NOW)


def drafts_on_disk(folder: Path) -> list[dict]:
    path = folder / "drafts.json"
    if not path.exists():
        return []
    return list(json.loads(path.read_text())["drafts"].values())


async def test_new_goal_typed_then_closed_is_offered_back_and_saved(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot, stage="f3")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, GoalForm)
        await type_text(pilot, "Lead the Q3 launch")
        await pilot.press("tab", "tab")  # past the kind, into the target date
        await type_text(pilot, "+3m")
        await saved(app)
        conversation_id = screen.conv.id
        # on disk while the dialog is still open, owner-only, for this conversation
        (row,) = drafts_on_disk(folder)
        assert row["conversation_id"] == conversation_id and row["kind"] == "goal:new"
        assert row["values"]["title"] == "Lead the Q3 launch" and row["values"]["target"] == "+3m"
        assert stat.S_IMODE((folder / "drafts.json").stat().st_mode) == 0o600
        # the app stops with the dialog open (the terminal closed: no dismiss)
    stop(app)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        form = app.screen
        assert isinstance(form, GoalForm), "the dialog is offered back when the conversation opens"
        assert form.query_one("#title", Input).value == "Lead the Q3 launch"
        assert form.query_one("#target", Input).value == "+3m"
        note = form.query_one(".draft-note", Label)
        assert str(note.render()) == RESTORED_NOTE
        await pilot.press("ctrl+s")
        await settle(pilot)
        conv_screen = app.screen
        assert isinstance(conv_screen, ConversationScreen)
        await saved(app)
        titles = [g.title for g in conv_screen.session.data.goals]
        assert titles.count("Lead the Q3 launch") == 1
    stop(app)
    assert drafts_on_disk(folder) == []  # saved, so no longer a draft
    with Store.open(folder) as store:
        amara = store.find_employee("Amara")
        assert "Lead the Q3 launch" in [g.title for g in store.goals(amara.id)]


async def test_the_succession_form_typed_then_closed_is_offered_back(tmp_path: Path) -> None:
    """The succession form (F9) kept no draft: what was typed in it was lost to a kill or a closed terminal."""
    from cc_tui.dialogs.forms import SuccessionForm

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot, stage="f2")
        await pilot.press("f9")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SuccessionForm)
        form.query_one("#role", Input).focus()
        await type_text(pilot, "Tech lead, Payments")
        await settle(pilot)
        await saved(app)
        (row,) = drafts_on_disk(folder)
        person_id = screen.conv.employee_ids[0]
        assert row["kind"] == f"succession:{person_id}" and row["values"]["role"] == "Tech lead, Payments"
    stop(app)  # with the form open
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        form = app.screen
        assert isinstance(form, SuccessionForm), "offered back when the conversation opens"
        assert form.query_one("#role", Input).value == "Tech lead, Payments"
        assert str(form.query_one(".draft-note", Label).render()) == RESTORED_NOTE
        await escape_and_save(pilot, app)
    stop(app)
    assert drafts_on_disk(folder) == []  # escape drops it


async def test_escape_drops_the_draft_and_untouched_dialogs_write_none(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_conversation(pilot, stage="f4")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionForm)
        await saved(app)
        assert drafts_on_disk(folder) == []  # opening a dialog is not typing
        await type_text(pilot, "Book the course")
        await saved(app)
        assert [r["values"]["text"] for r in drafts_on_disk(folder)] == ["Book the course"]
        await escape_and_save(pilot, app)
        assert drafts_on_disk(folder) == []


    stop(app)
async def test_status_reason_and_action_item_come_back_in_order(tmp_path: Path) -> None:
    """Two dialogs' drafts of one conversation (a status reason, an action item typed before it): both come back;
    hostile text in a draft is shown as text."""
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot, stage="f4")
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Shadow the staff engineer")
        await saved(app)
        await pilot.press("escape")  # dropped again: it must not come back
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        goal = screen.session.goal_rows()[0]
        await pilot.press("s")  # change status: pick one, then the reason
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "They moved teams " + HOSTILE
        await settle(pilot)
        await saved(app)
        (row,) = drafts_on_disk(folder)
        assert row["kind"].startswith(f"status:{goal.id}:")
    stop(app)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert prompt.query_one(Input).value == "They moved teams " + HOSTILE
        await pilot.press("enter")
        await settle(pilot)
        conv_screen = app.screen
        assert isinstance(conv_screen, ConversationScreen)
        await saved(app)
        changed = next(g for g in conv_screen.session.data.goals if g.id == goal.id)
        assert changed.history[-1].reason.startswith("They moved teams")
    stop(app)
    assert drafts_on_disk(folder) == []


async def test_a_draft_whose_record_is_gone_is_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot)
        conversation_id = screen.conv.id
    stop(app)
    with Store.open(folder) as store:
        store.save_draft(conversation_id, "goal:" + "f" * 32, {"title": "edit of a goal since removed"})
        store.save_draft(conversation_id, "unknown-kind", {"x": "y"})
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        assert isinstance(app.screen, ConversationScreen)
        await saved(app)
    stop(app)
    assert drafts_on_disk(folder) == []


async def test_a_damaged_drafts_file_is_left_alone_and_the_conversation_opens(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_conversation(pilot)
    stop(app)
    (folder / "drafts.json").write_text('{"drafts": {"1": {"evil": 1}}}')
    before = (folder / "drafts.json").read_bytes()
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_conversation(pilot, stage="f3")
        assert isinstance(app.screen, ConversationScreen)
        assert any("drafts.json" in str(n.message) for n in app._notifications)  # noqa: SLF001
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "typed anyway")
        app.submit_edits()
        await settle(pilot)
    stop(app)
    assert (folder / "drafts.json").read_bytes() == before  # never overwritten


async def test_quit_on_a_full_disk_lists_what_is_not_saved(tmp_path: Path, monkeypatch) -> None:
    """ctrl+q while the disk is full: the dialog names what would be lost (in words), and staying keeps it."""
    import errno
    import os

    from cc_tui.dialogs.basic import ConfirmScreen
    from cc_tui.store import files

    class FullDisk:
        def __getattr__(self, name):
            return getattr(os, name)

        def write(self, fd, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_conversation(pilot, stage="f2")
        monkeypatch.setattr(files, "os", FullDisk())
        await type_text(pilot, "words")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.pause(0.5)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert "Not saved yet: the notes of the conversation with Amara Okafor." in dialog.message
        assert "the disk is full" in dialog.message
        await pilot.press("enter")  # a reflexive Enter stays (it was "Quit anyway": the notes lost)
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen) and app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.pause(0.5)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # stay
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
        monkeypatch.setattr(files, "os", os)  # space freed
        await saved(app)
    stop(app)
    with Store.open(folder) as store:
        amara = store.find_employee("Amara")
        assert store.conversation(store.history(amara.id)[0].id).shared_notes.endswith("words")


async def test_a_pasted_prep_page_is_kept_while_its_dialog_is_open_and_offered_back(tmp_path: Path) -> None:
    """The prep page's paste dialog (i) kept no draft: a page pasted (and edited) there was lost to a kill."""
    from textual.widgets import TextArea

    from cc_tui.dialogs.prep_page_dialog import PrepAnswersDialog

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_conversation(pilot)
        screen.query_one("#carry").focus()
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PrepAnswersDialog)
        await type_text(pilot, "## Aspirations [b]lead[/b]")
        await settle(pilot)
        await saved(app)
        (row,) = drafts_on_disk(folder)
        assert row["kind"] == "prep-answers" and row["values"]["prep-paste"] == "## Aspirations [b]lead[/b]"
    stop(app)  # the dialog open
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(140, 45)) as pilot:
        await resume(pilot)
        dialog = app.screen
        assert isinstance(dialog, PrepAnswersDialog), "offered back when the conversation opens"
        assert dialog.query_one("#prep-paste", TextArea).text == "## Aspirations [b]lead[/b]"
        assert str(dialog.query_one(".draft-note", Label).render()) == RESTORED_NOTE
        await escape_and_save(pilot, app)
    stop(app)
    assert drafts_on_disk(folder) == []


# ------------------------------------------------------------------------------------------------ home's person form


async def test_the_person_form_on_home_typed_then_closed_is_offered_back_and_saved(tmp_path: Path) -> None:
    """The person form on home kept no draft: a new person's name and private notes typed in it were lost to a
    kill or a closed terminal. Now they are on disk while it is open and offered back at the next start."""
    from textual.widgets import TextArea

    from cc_tui.dialogs.forms import PersonForm

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        await type_text(pilot, "Noor Haddad")
        app.screen.query_one("#private-notes", TextArea).focus()
        await type_text(pilot, "wants to lead [b]the team[/b] [/]")
        await settle(pilot)
        await saved(app)
        (row,) = drafts_on_disk(folder)
        assert row["kind"] == "person:new" and row["values"]["name"] == "Noor Haddad"
        assert row["values"]["private-notes"] == "wants to lead [b]the team[/b] [/]"
        assert stat.S_IMODE((folder / "drafts.json").stat().st_mode) == 0o600
    stop(app)  # with the form open: the terminal closed
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        # never opened by itself (enter, meant for home, would save it unseen): home says where it is
        assert not isinstance(app.screen, PersonForm)
        told = [str(n.message) for n in app._notifications]  # noqa: SLF001
        assert any("a new person (a)" in m and "opens with your text" in m for m in told), told
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonForm)
        assert form.query_one("#name", Input).value == "Noor Haddad"
        assert form.query_one("#private-notes", TextArea).text == "wants to lead [b]the team[/b] [/]"
        assert str(form.query_one(".draft-note", Label).render()) == RESTORED_NOTE
        await pilot.press("ctrl+s")
        await settle(pilot)
        await saved(app)
        assert not isinstance(app.screen, PersonForm)
    stop(app)
    assert drafts_on_disk(folder) == []  # saved, so no longer a draft
    with Store.open(folder) as store:
        assert store.find_employee("Noor Haddad").private_notes == "wants to lead [b]the team[/b] [/]"


async def test_an_edited_person_comes_back_in_their_own_form_and_escape_drops_it(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    from cc_tui.dialogs.forms import PersonForm

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # the first person: Amara
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonForm) and form.employee is not None
        amara = form.employee
        form.query_one("#private-notes", TextArea).focus()
        await pilot.press("end", "ctrl+end")
        await type_text(pilot, " Asked about the staff track.")
        await settle(pilot)
        await saved(app)
        (row,) = drafts_on_disk(folder)
        assert row["kind"] == f"person:{amara.id}"
    stop(app)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        assert any(f"{amara.name} (e on their row)" in str(n.message) for n in app._notifications)  # noqa: SLF001
        await pilot.press("e")  # the cursor is on Amara
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonForm) and form.employee is not None and form.employee.id == amara.id
        assert str(form.query_one(".dialog-title", Label).render()) == f"Edit {amara.name}"
        assert form.query_one("#private-notes", TextArea).text.endswith("Asked about the staff track.")
        await escape_and_save(pilot, app)
    stop(app)
    assert drafts_on_disk(folder) == []
    with Store.open(folder) as store:
        assert "staff track" not in store.employee(amara.id).private_notes  # escape: never saved


async def test_a_form_opened_and_closed_untouched_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ("a", "e"):
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        await saved(app)
    stop(app)
    assert not (folder / "drafts.json").exists()


async def test_a_shared_screen_never_shows_the_form_offered_back(tmp_path: Path) -> None:
    """A person form holds private notes: started share-safe, home does not open it; it waits on disk."""
    from cc_tui.dialogs.forms import PersonForm

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Noor Haddad")
        await saved(app)
    stop(app)
    app = demo_app(folder, demo=False, share_safe=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        assert not isinstance(app.screen, PersonForm)
        assert "Noor" not in app.export_screenshot()
        assert not any("Noor" in str(n.message) for n in app._notifications)  # noqa: SLF001
        await pilot.press("a")  # nothing to act on while shared
        await settle(pilot)
        assert not isinstance(app.screen, PersonForm)
        await pilot.press("f12", "y")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm) and app.screen.query_one("#name", Input).value == "Noor Haddad"
    stop(app)
    assert [row["kind"] for row in drafts_on_disk(folder)] == ["person:new"]


async def test_a_damaged_drafts_file_is_said_on_home_and_never_written(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    demo_folder(folder)
    (folder / "drafts.json").write_text('{"drafts": {"1": {"evil": 1}}}')
    before = (folder / "drafts.json").read_bytes()
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("drafts.json" in str(n.message) for n in app._notifications)  # noqa: SLF001
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "typed anyway")
        await saved(app)
    stop(app)
    assert (folder / "drafts.json").read_bytes() == before  # never overwritten


def test_erasing_a_person_erases_their_form_draft_and_keeps_the_others(tmp_path: Path, cli) -> None:
    from cc_tui.store import HOME_DRAFTS

    folder = tmp_path / "data"
    demo_folder(folder)
    with Store.open(folder) as store:
        amara = store.find_employee("Amara")
        store.save_draft(HOME_DRAFTS, f"person:{amara.id}", {"private-notes": "Amara Okafor wants the staff track"})
        store.save_draft(HOME_DRAFTS, "person:new", {"name": "Noor Haddad", "private-notes": "met Amara Okafor"})
    cli("people", "erase", amara.id, "--yes", "--data-dir", str(folder), ok=True)
    rows = drafts_on_disk(folder)
    assert [row["kind"] for row in rows] == ["person:new"]  # hers gone; the other form kept, her name out of it
    assert "Noor Haddad" in json.dumps(rows) and "Amara" not in json.dumps(rows)


# ------------------------------------------------------------------------------------------------ F12 over a dialog


async def test_a_dialog_closed_by_f12_comes_back_with_its_text_when_opened_again(tmp_path: Path) -> None:
    """F12 closes every dialog (a shared screen). What was typed in one was kept on disk, but the next dialog of its
    kind opened empty, and typing into it replaced that draft: the first text was lost. Now it opens with it."""

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot, stage="f3")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, GoalForm)
        await type_text(pilot, "Lead the Q3 launch")
        await settle(pilot)
        await pilot.press("f12")  # the employee comes round to see the screen
        await settle(pilot)
        assert app.screen is screen and app.services.share_safe
        assert any("What you typed there is kept" in str(n.message) for n in app._notifications)  # noqa: SLF001
        await pilot.press("f12", "y")  # back to the private view
        await settle(pilot)
        assert not app.services.share_safe
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GoalForm)
        assert form.query_one("#title", Input).value == "Lead the Q3 launch"
        assert str(form.query_one(".draft-note", Label).render()) == RESTORED_NOTE
        await pilot.press("ctrl+s")
        await settle(pilot)
        await saved(app)
        assert [g.title for g in screen.session.data.goals].count("Lead the Q3 launch") == 1
        await pilot.press("a")  # saved: the next new goal opens empty
        await settle(pilot)
        assert app.screen.query_one("#title", Input).value == ""
        assert not app.screen.query(".draft-note")
        await escape_and_save(pilot, app)
    stop(app)
    assert drafts_on_disk(folder) == []


async def test_the_person_form_closed_by_f12_comes_back_when_opened_again(tmp_path: Path) -> None:
    from cc_tui.dialogs.forms import PersonForm

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Noor Haddad")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert not isinstance(app.screen, PersonForm)
        assert any("What you typed there is kept" in str(n.message) for n in app._notifications)  # noqa: SLF001
        await pilot.press("f12", "y")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonForm) and form.query_one("#name", Input).value == "Noor Haddad"
        assert str(form.query_one(".draft-note", Label).render()) == RESTORED_NOTE
        await pilot.press("escape")  # dropped this time
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == ""
        await escape_and_save(pilot, app)
    stop(app)
    assert drafts_on_disk(folder) == []


def test_drafts_whose_times_are_not_text_are_read_not_a_crash(tmp_path: Path) -> None:
    """A hand-edited drafts.json with a number for "at": sorting the drafts by it stopped every read (TypeError)."""
    from cc_tui.store import HOME_DRAFTS

    folder = tmp_path / "data"
    Store.open(folder).close()
    rows = {"1": {"conversation_id": HOME_DRAFTS, "kind": "person:new", "values": {"name": "A"}, "at": 5},
            "2": {"conversation_id": HOME_DRAFTS, "kind": "person:new", "values": {"name": "B"}, "at": "x"}}
    (folder / "drafts.json").write_text(json.dumps({"drafts": rows}))
    with Store.open(folder) as store:
        assert store.drafts(HOME_DRAFTS) == {"person:new": {"name": "B"}}


async def test_every_kept_person_form_comes_back_and_a_key_typed_goes_after_its_text(tmp_path: Path) -> None:
    """Two forms kept (a new person's, Amara's): each opens with its text (only the newest did, and the other
    was typed over); the first key after goes at the end of the restored name, not over it (Input selects all)."""
    from textual.widgets import TextArea

    from cc_tui.dialogs.forms import PersonForm
    from cc_tui.store import HOME_DRAFTS

    folder = tmp_path / "data"
    demo_folder(folder)
    with Store.open(folder) as store:
        amara = store.find_employee("Amara")
        store.save_draft(HOME_DRAFTS, "person:new", {"name": "Noor Haddad"})
        store.save_draft(HOME_DRAFTS, f"person:{amara.id}", {"private-notes": "staff track"})
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Noor Haddads"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#private-notes", TextArea).text == "staff track"
        await escape_and_save(pilot, app)
    stop(app)
    assert drafts_on_disk(folder) == []


async def test_a_person_save_that_fails_keeps_the_form_to_open_again(tmp_path: Path, monkeypatch) -> None:
    from cc_tui.dialogs.forms import PersonForm
    from cc_tui.errors import StoreError

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        real = app.store.save_employee
        failures = []

        def full_disk(employee):
            if not failures:
                failures.append(employee.name)
                raise StoreError("the disk is full")
            return real(employee)

        monkeypatch.setattr(app.store, "save_employee", full_disk)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Noor Haddad")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        assert failures == ["Noor Haddad"] and not isinstance(app.screen, PersonForm)
        await pilot.press("a")  # the form comes back with what the failed save held
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Noor Haddad"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await saved(app)
    stop(app)
    assert drafts_on_disk(folder) == []
    with Store.open(folder) as store:
        assert store.find_employee("Noor Haddad")


async def test_no_person_form_opens_on_a_shared_screen_and_an_erase_takes_its_name_out_of_kept_forms(
        tmp_path: Path) -> None:
    from textual.widgets import TextArea

    from cc_tui.dialogs.forms import PersonForm
    from cc_tui.screens.home import HomeScreen

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        amara = home.selected().employee
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#private-notes", TextArea).focus()
        await type_text(pilot, "met Amara Okafor")
        await pilot.press("f12")  # closed, kept
        await settle(pilot)
        full = app.store.employee(amara.id)
        home._push_form(full)  # what the edit's read does when it comes back after F12
        await settle(pilot)
        assert not isinstance(app.screen, PersonForm)
        await pilot.press("f12", "y")
        await settle(pilot)
        home.erase_person(amara.id, type("Counts", (), {"name": amara.name, "one_to_ones": 1, "team_sessions": 0})())
        await pilot.pause(1.0)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        notes = app.screen.query_one("#private-notes", TextArea).text
        assert notes.startswith("met ") and "Amara" not in notes and "Okafor" not in notes
        await escape_and_save(pilot, app)
    stop(app)
    assert "Okafor" not in (folder / "drafts.json").read_text()


def _keep_new_person_form(folder: Path, values: dict) -> None:
    from cc_tui.store import HOME_DRAFTS

    with Store.open(folder) as store:
        store.save_draft(HOME_DRAFTS, "person:new", values)


async def test_a_form_asked_for_before_the_kept_ones_are_read_opens_with_them(tmp_path: Path, monkeypatch) -> None:
    """a pressed while the drafts were still being read opened an empty form; typing in it wrote over the kept one."""
    import time as _time

    from cc_tui.dialogs.forms import PersonForm

    folder = tmp_path / "data"
    demo_folder(folder)
    _keep_new_person_form(folder, {"name": "Old Kept Text"})
    app = demo_app(folder, demo=False)
    real = app.store.drafts
    monkeypatch.setattr(app.store, "drafts", lambda cid: (_time.sleep(0.6), real(cid))[1])  # a slow disk
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.1)
        await pilot.press("a")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, PersonForm)  # not before the read
        await pilot.pause(1.0)
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        assert app.screen.query_one("#name", Input).value == "Old Kept Text"
        await escape_and_save(pilot, app)
    stop(app)


async def test_a_damaged_drafts_file_still_keeps_forms_in_memory_and_quits_without_a_question(tmp_path: Path) -> None:
    from cc_tui.dialogs.forms import PersonForm

    folder = tmp_path / "data"
    demo_folder(folder)
    (folder / "drafts.json").write_text('{"drafts": []}')
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Noor")
        await pilot.press("f12", "f12", "y")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm) and app.screen.query_one("#name", Input).value == "Noor"
        await pilot.press("escape")
        await settle(pilot)
        assert app.saver.flush(5.0) and not app.saver.unsaved()  # nothing waiting to be written: quits plainly
    stop(app)
    assert (folder / "drafts.json").read_text() == '{"drafts": []}'


async def test_a_save_on_its_way_leaves_the_next_form_empty_and_a_newer_draft_alone(tmp_path: Path,
                                                                                    monkeypatch) -> None:
    """ctrl+s then a at once: the form opened 'Restored' with the person being saved (a second of them on ctrl+s);
    and the save's end forgot the newer form's draft."""
    import time as _time

    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        real = app.store.save_employee
        monkeypatch.setattr(app.store, "save_employee", lambda e: (_time.sleep(0.6), real(e))[1])
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Noor Haddad")
        await pilot.press("ctrl+s")
        await pilot.pause(0.05)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == ""
        await type_text(pilot, "Sam Lee")
        await pilot.pause(1.0)
        await saved(app)
        assert [row["values"]["name"] for row in drafts_on_disk(folder)] == ["Sam Lee"]  # the newer one stays
        await escape_and_save(pilot, app)
    stop(app)
    assert drafts_on_disk(folder) == []


async def test_f12_clears_every_notice_a_name_may_be_in(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # Amara
        await settle(pilot)
        await type_text(pilot, "x")
        await saved(app)
    stop(app)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        assert any("Amara" in str(n.message) for n in app._notifications)  # noqa: SLF001
        await pilot.press("f12")
        await settle(pilot)
        assert not any("Amara" in str(n.message) for n in app._notifications)  # noqa: SLF001
        assert "Amara" not in app.export_screenshot()
    stop(app)


async def test_the_kept_form_notice_shows_a_markup_name_as_typed(tmp_path: Path) -> None:
    """The notice names whose form was kept: a name like "Smith [/] Jr" (the demo has one) is shown as typed, never
    read as markup (which would stop the app)."""
    from cc_tui.store import HOME_DRAFTS

    folder = tmp_path / "data"
    demo_folder(folder)
    with Store.open(folder) as store:
        smith = store.find_employee("Smith")
        assert "[/]" in smith.name
        store.save_draft(HOME_DRAFTS, f"person:{smith.id}", {"private-notes": "kept"})
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        assert app.is_running
        assert any(f"{smith.name} (e on their row)" in str(n.message) for n in app._notifications)  # noqa: SLF001
    stop(app)
