"""The prep page (#20): sent, filled in with any Markdown, imported back exactly; refusals; nothing private sent."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cc_tui.errors import UserError
from cc_tui.models import (
    EMPLOYEE_PREP_TOPICS,
    TOPIC_LABELS,
    ActionItem,
    Conversation,
    Employee,
    Goal,
    Owner,
    Readiness,
    StyleHints,
    SuccessionEntry,
)
from cc_tui.prep_page import (
    apply_answers,
    parse_prep_page,
    plan_import,
    prompt_line,
    render_prep_page,
)
from cc_tui.store import Store
from cc_tui.text import EXPORT_CONTROL

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
DAY = NOW.date()


def clock() -> datetime:
    return NOW


def fill(page: str, answers: dict[str, str]) -> str:
    """The page as the employee returns it: each answer written under its question."""
    lines = page.split("\n")
    for topic, answer in answers.items():
        at = lines.index(prompt_line(topic), lines.index(f"## {TOPIC_LABELS[topic]}"))
        lines[at + 1:at + 1] = ["", *answer.split("\n")]
    return "\n".join(lines)


def expected(answer: str) -> str:
    """The documented normalisation (docs/prep-format.md): line ends become \\n, leading blank lines and trailing
    whitespace go; nothing else changes."""
    lines = answer.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip()


def make_data(folder: Path, *, open_conversation: bool = True, secret: str = "") -> tuple[Employee, Conversation | None]:
    """A person (every private field holding ``secret``), a goal, an item and, if asked, a conversation in progress."""
    person = Employee(name="Amara Okafor", role="Engineer", created_at=NOW - timedelta(days=400))
    if secret:
        person.private_notes = f"private notes {secret}"
        person.style = StyleHints(notes=f"style {secret}")
        person.high_potential = True
        person.succession = [SuccessionEntry(role=f"Head of {secret}", readiness=Readiness.READY_NOW, updated_at=NOW)]
    with Store.open(folder, clock=clock) as store:
        store.save_employee(person)
        old = Conversation(employee_ids=[person.id], created_at=NOW - timedelta(days=30),
                           updated_at=NOW - timedelta(days=30), finished_at=NOW - timedelta(days=30))
        if secret:
            old.private_notes = f"conversation private {secret}"
            old.manager_prep.strengths = f"manager prep {secret}"
            old.manager_prep.past_feedback = f"feedback {secret}"
        store.save_conversation(old, touch=False)
        store.save_goal(Goal(employee_id=person.id, title="Lead a *design* review", target_date=date(2027, 3, 1),
                             conversation_id=old.id, created_at=old.created_at))
        store.save_action(ActionItem(employee_id=person.id, conversation_id=old.id, text="Book the course",
                                     owner=Owner.MANAGER, due=date(2026, 12, 1), created_at=old.created_at))
        conv = None
        if open_conversation:
            conv = Conversation(employee_ids=[person.id], created_at=NOW, updated_at=NOW)
            if secret:
                conv.manager_prep.growth_areas = f"open prep {secret}"
                conv.private_notes = f"open private {secret}"
            store.save_conversation(conv, touch=False)
    return person, conv


def stored_prep(folder: Path, conversation_id: str) -> dict[str, str]:
    with Store.open(folder, lock=False) as store:
        prep = store.conversation(conversation_id).employee_prep
    return {t: getattr(prep, t) for t in EMPLOYEE_PREP_TOPICS}


# ------------------------------------------------------------------------------------------------ generated answers

SAFE = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=8),
        st.sampled_from(["*", "_", "`", "#", "[", "]", "<", ">", "|", "~", "!", "-", "+", "=", "\\", "🎉", "👩‍💻",
                         "\x1b[31m", "[b]", "[/b]", "\u202e", "\u2066", "\x00", "**bold**", "[a](http://x)"]),
    ),
    max_size=8,
).map("".join)


def _line(prefix: str = "") -> st.SearchStrategy[str]:
    # a letter first: a line never starts a block by accident (a fence left open would swallow the next headings)
    return st.builds(lambda first, rest: prefix + first + rest, st.sampled_from("abcXYZéж"), SAFE)


BLOCK = st.one_of(
    st.lists(_line(), min_size=1, max_size=4).map("\n".join),  # a paragraph of any inline Markdown
    _line("### "), _line("#### "), _line("###### "),  # sub-headings of a lower level
    st.lists(_line("- "), min_size=1, max_size=4).map("\n".join),
    st.lists(_line("1. "), min_size=1, max_size=3).map("\n".join),
    st.lists(_line("> "), min_size=1, max_size=3).map("\n".join),
    st.lists(_line(), max_size=3).map(lambda ls: "```python\n" + "\n".join(["## Roadblocks", *ls]) + "\n```"),
    st.just("Setext heading\n---"),
    st.just("🚀 emoji 👩🏽‍🔬 and ZWJ"),
)
ANSWER = st.lists(BLOCK, min_size=1, max_size=6).map("\n\n".join)


def test_generated_answers_round_trip_exactly(tmp_path: Path) -> None:
    person, conv = make_data(tmp_path / "data")
    assert conv is not None
    page = render_prep_page(person, [], [], day=DAY)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from(EMPLOYEE_PREP_TOPICS), ANSWER, min_size=1))
    def check(answers: dict[str, str]) -> None:
        parsed = parse_prep_page(fill(page, answers))
        assert parsed.person_id == person.id
        assert parsed.answers == {t: expected(a) for t, a in answers.items() if expected(a)}
        with tempfile.TemporaryDirectory() as d:
            folder = Path(d)
            with Store.open(folder, clock=clock) as store:
                store.save_employee(person)
                store.save_conversation(conv.model_copy(deep=True), touch=False)
            with Store.open(folder, clock=clock) as store:
                target = store.conversation(conv.id)
                apply_answers(target, parsed, plan_import(target, parsed))
                store.save_conversation(target)
            held = stored_prep(folder, conv.id)
        assert held == {t: expected(answers.get(t, "")) for t in EMPLOYEE_PREP_TOPICS}

    check()


def test_surrounding_whitespace_and_line_ends_are_the_only_normalisation() -> None:
    person = Employee(name="Amara")
    page = render_prep_page(person, [], [], day=DAY)
    answer = "\n  \n    indented code stays\r\nline two  \r\n\n\n"
    parsed = parse_prep_page(fill(page, {"roadblocks": answer}))
    assert parsed.answers == {"roadblocks": "    indented code stays\nline two"}


def test_a_fence_left_open_is_refused_not_misfiled() -> None:
    page = render_prep_page(Employee(name="Amara"), [], [], day=DAY)
    with pytest.raises(UserError, match="code block"):
        parse_prep_page(fill(page, {"aspirations": "```\nnever closed"}))


def test_a_heading_written_twice_is_refused() -> None:
    page = render_prep_page(Employee(name="Amara"), [], [], day=DAY)
    with pytest.raises(UserError, match="twice"):
        parse_prep_page(fill(page, {"aspirations": "mine\n\n## Achievements\n\nmore"}))


def test_text_after_the_end_marker_is_ignored() -> None:
    page = render_prep_page(Employee(name="Amara"), [], [], day=DAY)
    parsed = parse_prep_page(fill(page, {"roadblocks": "time"}) + "\n-- \nSent from my phone\n")
    assert parsed.answers == {"roadblocks": "time"}


def test_the_page_lists_shared_goals_and_items_and_the_questions(tmp_path: Path) -> None:
    person, _ = make_data(tmp_path / "data")
    with Store.open(tmp_path / "data", lock=False) as store:
        page = render_prep_page(person, store.goals(person.id), store.actions(person.id), day=DAY)
    assert page.startswith(f"<!-- cc-tui prep v1 person={person.id} -->\n")
    assert r"Lead a \*design\* review (by 2027-03-01) — active" in page
    assert "Book the course (me, due 2026-12-01; open)" in page
    for topic in EMPLOYEE_PREP_TOPICS:
        assert f"\n## {TOPIC_LABELS[topic]}\n" in page


def test_the_page_holds_no_stored_control_character_raw(tmp_path: Path, cli) -> None:
    """The page is opened in an editor, a mail or a terminal (``cat``): stored controls show as U+FFFD, as in the
    exports, in the file and on standard output; the page still imports."""
    hostile = "\x1b]0;pwned\x07 \x9b31m \x00 \u202eevil\u202c \u2066x\u2069"
    person, conv = make_data(tmp_path / "data")
    assert conv is not None
    with Store.open(tmp_path / "data", clock=clock) as store:
        store.save_goal(Goal(employee_id=person.id, title=f"Goal {hostile}", created_at=NOW))
        store.save_action(ActionItem(employee_id=person.id, conversation_id=conv.id, text=f"Item {hostile}",
                                     owner=Owner.EMPLOYEE, created_at=NOW))
        assert any(hostile in g.title for g in store.goals(person.id))  # stored as given
        page = render_prep_page(person, store.goals(person.id), store.actions(person.id), day=DAY)
    assert not EXPORT_CONTROL.search(page)
    assert "Goal \ufffd\\]0;pwned\ufffd" in page and "Item \ufffd\\]0;pwned\ufffd" in page  # ] escaped for Markdown
    data = ["--data-dir", str(tmp_path / "data")]
    out = tmp_path / "page.md"
    cli("prep", "send", *data, "--person", person.id, "--out", str(out), ok=True)
    printed = cli("prep", "send", *data, "--person", person.id, ok=True).stdout
    for text in (out.read_text(encoding="utf-8"), printed):
        assert not EXPORT_CONTROL.search(text) and "Goal \ufffd\\]0;pwned" in text
    out.write_text(fill(out.read_text(encoding="utf-8"), {"aspirations": "lead"}), encoding="utf-8")
    cli("prep", "import", *data, str(out), "--yes", ok=True)
    assert stored_prep(tmp_path / "data", conv.id)["aspirations"] == "lead"


# ------------------------------------------------------------------------------------------------ the CLI


def test_send_holds_nothing_private(tmp_path: Path, cli) -> None:
    secret = "ZQX-PRIVATE-7731"
    make_data(tmp_path / "data", secret=secret)
    result = cli("prep", "send", "--data-dir", str(tmp_path / "data"), "--person", "Amara", ok=True)
    assert "## Aspirations" in result.stdout
    assert secret not in result.stdout
    assert "Head of" not in result.stdout


def test_send_writes_an_owner_only_file_and_refuses_to_replace(tmp_path: Path, cli) -> None:
    make_data(tmp_path / "data")
    out = tmp_path / "amara.md"
    data = ["--data-dir", str(tmp_path / "data")]
    cli("prep", "send", *data, "--person", "Amara", "--out", str(out), ok=True)
    assert out.stat().st_mode & 0o777 == 0o600
    again = cli("prep", "send", *data, "--person", "Amara", "--out", str(out))
    assert again.returncode == 1 and "already exists" in again.stderr
    cli("prep", "send", *data, "--person", "Amara", "--out", str(out), "--force", ok=True)


def _sent(tmp_path: Path, cli, **kwargs) -> tuple[list[str], Employee, Conversation | None, str]:
    person, conv = make_data(tmp_path / "data", **kwargs)
    data = ["--data-dir", str(tmp_path / "data")]
    page = cli("prep", "send", *data, "--person", person.id, ok=True).stdout
    return data, person, conv, page


def test_import_round_trip_with_a_100_kb_answer_and_hostile_text(tmp_path: Path, cli) -> None:
    data, person, conv, page = _sent(tmp_path, cli)
    assert conv is not None
    big = "\n".join(f"{i:05d} 📈 **progress** on `item` [link](x) — {'x' * 80}" for i in range(1200))
    assert len(big.encode()) > 100_000
    hostile = "\x1b]52;c;aGk=\x07 \x1b[2J [b]markup[/b] [link=https://x]y[/link] \u202eevil\u202c"
    answers = {"achievements": big, "roadblocks": hostile, "skills_to_develop": "### Sub\n\n- one\n- two 🎯"}
    filled = tmp_path / "filled.md"
    filled.write_text(fill(page, answers), encoding="utf-8")
    result = cli("prep", "import", *data, str(filled), "--yes", ok=True)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "[b]markup[/b]" in result.stdout  # shown literally
    assert "Imported 3 answers" in result.stdout
    held = stored_prep(tmp_path / "data", conv.id)
    assert held == {t: answers.get(t, "") for t in EMPLOYEE_PREP_TOPICS}


def test_import_twice_needs_replace_and_the_same_page_changes_nothing(tmp_path: Path, cli) -> None:
    data, person, conv, page = _sent(tmp_path, cli)
    assert conv is not None
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text(fill(page, {"aspirations": "lead"}), encoding="utf-8")
    second.write_text(fill(page, {"aspirations": "teach", "challenges": "focus"}), encoding="utf-8")
    cli("prep", "import", *data, str(first), "--yes", ok=True)
    same = cli("prep", "import", *data, str(first), "--yes", ok=True)
    assert "nothing changed" in same.stdout
    refused = cli("prep", "import", *data, str(second), "--yes")
    assert refused.returncode == 1 and "--replace" in refused.stderr and "Aspirations" in refused.stderr
    assert stored_prep(tmp_path / "data", conv.id)["aspirations"] == "lead"
    assert stored_prep(tmp_path / "data", conv.id)["challenges"] == ""
    cli("prep", "import", *data, str(second), "--yes", "--replace", ok=True)
    held = stored_prep(tmp_path / "data", conv.id)
    assert (held["aspirations"], held["challenges"]) == ("teach", "focus")


def test_import_into_a_folder_without_data_makes_none(tmp_path: Path, cli) -> None:
    """prep import into a new or empty --data-dir failed ("not in your data") after making a data folder there."""
    _, person, _, page = _sent(tmp_path, cli)
    filled = tmp_path / "filled.md"
    filled.write_text(fill(page, {"aspirations": "lead"}), encoding="utf-8")
    for folder in (tmp_path / "new", tmp_path / "empty"):
        if folder.name == "empty":
            folder.mkdir()
        line = cli("prep", "import", "--data-dir", str(folder), str(filled), "--yes")
        assert line.returncode == 1 and "No cc-tui data" in line.stderr
        assert not folder.exists() or not any(folder.iterdir())


def test_import_without_a_terminal_needs_yes(tmp_path: Path, cli) -> None:
    data, person, conv, page = _sent(tmp_path, cli)
    assert conv is not None
    filled = tmp_path / "filled.md"
    filled.write_text(fill(page, {"aspirations": "lead"}), encoding="utf-8")
    result = cli("prep", "import", *data, str(filled))
    assert result.returncode == 1 and "--yes" in result.stderr
    assert "lead" in result.stdout  # the preview was shown
    assert stored_prep(tmp_path / "data", conv.id)["aspirations"] == ""


@pytest.mark.parametrize("case", ["other person", "unrelated file", "nothing filled", "no open conversation",
                                  "unknown person", "not utf-8", "a 5,000-digit version"])
def test_import_refusals_are_one_line(tmp_path: Path, cli, case: str) -> None:
    data, person, conv, page = _sent(tmp_path, cli, open_conversation=case != "no open conversation")
    filled = tmp_path / "filled.md"
    extra: list[str] = []
    text = fill(page, {"aspirations": "lead"})
    if case == "other person":
        cli("people", "add", *data, "Jonas Weber", ok=True)
        extra = ["--person", "Jonas"]
    elif case == "unrelated file":
        text = "# My notes\n\n## Aspirations\n\nlead\n"
    elif case == "nothing filled":
        text = page
    elif case == "unknown person":
        text = text.replace(person.id, "0" * 32)
    elif case == "a 5,000-digit version":  # int() of it raised ValueError: "internal error"
        text = text.replace("cc-tui prep v1 ", f"cc-tui prep v{'9' * 5000} ", 1)
    filled.write_bytes(b"\xff\xfe bad" if case == "not utf-8" else text.encode())
    result = cli("prep", "import", *data, str(filled), "--yes", *extra)
    assert result.returncode == 1, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "nothing imported" in result.stderr.lower()
    if conv is not None:
        assert stored_prep(tmp_path / "data", conv.id)["aspirations"] == ""


def test_usage_errors_exit_2(cli) -> None:
    assert cli("prep").returncode == 2
    assert cli("prep", "send").returncode == 2


def test_prep_is_listed_in_help(cli) -> None:
    assert "prep" in cli("--help", ok=True).stdout


# ------------------------------------------------------------------------------------------------ in the app


async def test_prep_keys_write_the_page_and_paste_answers_back(tmp_path: Path) -> None:
    from textual.widgets import Input, TextArea

    from cc_tui.dialogs.prep_page_dialog import PrepAnswersDialog, PrepPageWriteDialog
    from cc_tui.screens.conversation.common import NotesArea

    from .app_support import demo_app, open_conversation, saved, settle

    exports = tmp_path / "exports"
    exports.mkdir()
    app = demo_app(tmp_path / "data", export_dir=exports)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_conversation(pilot)
        conv = screen.session.conv
        person = screen.session.data.people[conv.employee_ids[0]]
        screen.query_one("#carry").focus()
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PrepPageWriteDialog)
        target = exports / "page.md"
        dialog.query_one(Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        page = target.read_text(encoding="utf-8")
        assert target.stat().st_mode & 0o777 == 0o600
        assert f"person={person.id}" in page

        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PrepAnswersDialog)
        hostile = "### Plan\n\n- [b]lead[/b] \x1b[31m 🎉\n\n```\n## Roadblocks\n```"
        dialog.query_one("#prep-paste", TextArea).load_text(fill(page, {"aspirations": hostile, "roadblocks": "time"}))
        await pilot.pause(0.5)
        await settle(pilot)
        assert "Aspirations (new" in str(dialog.query_one("#prep-preview").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#f-employee_prep--aspirations", NotesArea).text == hostile
        assert screen.query_one("#f-employee_prep--roadblocks", NotesArea).text == "time"
        await saved(app)
    with Store.open(tmp_path / "data", lock=False) as store:
        prep = store.conversation(conv.id).employee_prep
    assert (prep.aspirations, prep.roadblocks) == (hostile, "time")


@pytest.mark.parametrize("case", ["someone else", "a 5,000-digit version"])
async def test_pasting_someone_elses_page_is_refused_in_the_dialog(tmp_path: Path, case: str) -> None:
    from textual.widgets import TextArea

    from cc_tui.dialogs.prep_page_dialog import PrepAnswersDialog

    from .app_support import demo_app, open_conversation, settle

    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_conversation(pilot)
        screen.query_one("#carry").focus()
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PrepAnswersDialog)
        if case == "someone else":
            other = render_prep_page(Employee(name="Someone Else"), [], [], day=DAY)
            pasted, said = fill(other, {"aspirations": "x"}), "someone else"
        else:  # the preview parses as the page is pasted: int() of the version stopped the app (ValueError)
            person = app.store.employee(screen.session.conv.employee_ids[0])
            page = render_prep_page(person, [], [], day=DAY).replace("cc-tui prep v1 ", f"cc-tui prep v{'9' * 5000} ")
            pasted, said = fill(page, {"aspirations": "x"}), "format v99999999999…, which"
        dialog.query_one("#prep-paste", TextArea).load_text(pasted)
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and app.screen is dialog
        assert said in str(dialog.query_one("#prep-answers-error").render()).lower()
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.session.conv.employee_prep.aspirations == ""


def test_the_documented_worked_example_imports_as_documented() -> None:
    import re

    doc = (Path(__file__).resolve().parent.parent / "docs" / "prep-format.md").read_text(encoding="utf-8")
    sent = re.search(r"```markdown\n(.*?)\n```\n", doc, re.S).group(1)  # type: ignore[union-attr]
    filled = re.search(r"````markdown\n(.*?)\n````", doc, re.S).group(1)  # type: ignore[union-attr]
    page = parse_prep_page(sent[: sent.index("## Aspirations")] + filled)
    assert sorted(page.answers) == ["achievements", "aspirations", "challenges", "roadblocks"]
    assert page.answers["aspirations"].endswith("### This year\n\n- lead the payments v3 design\n- mentor one new joiner")
    assert "## Roadblocks   <- inside a code block" in page.answers["challenges"]
    assert page.answers["roadblocks"] == "Release weeks leave no time for learning."


def test_the_next_page_starts_from_what_was_agreed_and_still_imports(tmp_path: Path, cli) -> None:
    """#20.4: the page starts from the last one to one's shared summary (what was agreed, never its private notes),
    under its own heading, and the answers still go where they belong."""
    folder = tmp_path / "data"
    person, conv = make_data(folder, secret="SECRET-44")
    with Store.open(folder, clock=clock) as store:
        old = next(store.conversation(s.id) for s in store.history(person.id) if s.finished_at)
        old.summary = "Focus on the ledger split.\n\n## Not a topic [b]x[/b]\nBook the review."
        store.save_conversation(old, touch=False)
    data = ["--data-dir", str(folder)]
    page = cli("prep", "send", *data, "--person", person.id, ok=True).stdout
    day = (NOW - timedelta(days=30)).date().isoformat()
    assert f"## What we agreed on {day}" in page
    assert "> Focus on the ledger split." in page and "> \\#\\# Not a topic \\[b\\]x\\[/b\\]" in page
    assert "SECRET-44" not in page
    filled = tmp_path / "filled.md"
    filled.write_text(fill(page, {"aspirations": "Lead the ledger split"}), encoding="utf-8")
    cli("prep", "import", *data, str(filled), "--yes", ok=True)
    assert conv is not None and stored_prep(folder, conv.id)["aspirations"] == "Lead the ledger split"
