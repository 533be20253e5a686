"""Tests for cc_tui.guides (parsing, lint, loading) and cc_tui.guides_cli."""

from __future__ import annotations

import argparse
import pathlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cc_tui import guides as guides_mod
from cc_tui.guides import (
    STAGES,
    Guide,
    Problem,
    check_paths,
    lint_guide,
    load_guides,
    parse_guide,
    read_guide_file,
    shipped_guides_dir,
    user_guides_dir,
)
from cc_tui.guides_cli import register

REPO = pathlib.Path(__file__).resolve().parent.parent
SHIPPED = sorted((REPO / "guides").glob("*.md"))

GOOD = """\
---
id: sample
title: A sample guide
stages: [discussion, goals]   # comment
audience: manager
minutes: 30
---

Intro paragraph one.

Intro *paragraph* two.

## Your story so far
> Facilitator tip: let them tell it.

- Which project of the last year would you **happily** do again?
- What made it good?
1. Which project of the last year would you avoid next time?

## Your story so far
Some section text.

- What surprised you this month?
- What surprised you this month about the team?
"""


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory, monkeypatch):
    """Never read the real user's config folder."""
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return config


def write(folder: pathlib.Path, name: str, text: str | bytes) -> pathlib.Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def guide_text(gid: str = "g", title: str = "T", body: str = "## S\n- What helps you most this week?\n", **extra: str) -> str:
    fields = {"id": gid, "title": title, "stages": "[discussion]", "audience": "manager", "minutes": "20", **extra}
    fm = "\n".join(f"{k}: {v}" for k, v in fields.items() if v is not None)
    return f"---\n{fm}\n---\n{body}"


def messages(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


# --------------------------------------------------------------------------- parsing


def test_parse_full_structure():
    guide, problems = parse_guide(GOOD, "x.md")
    assert problems == []
    assert guide is not None
    assert (guide.id, guide.title, guide.stages, guide.audience, guide.minutes) == (
        "sample",
        "A sample guide",
        ("discussion", "goals"),
        "manager",
        30,
    )
    assert guide.origin == "user" and guide.path == "x.md"
    assert guide.intro == "Intro paragraph one.\n\nIntro paragraph two."
    assert [s.title for s in guide.sections] == ["Your story so far", "Your story so far"]
    first, second = guide.sections
    assert first.slug == "your-story-so-far" and second.slug == "your-story-so-far-2"
    assert first.tips == ("Facilitator tip: let them tell it.",)
    assert first.text == "" and second.text == "Some section text."
    assert [q.text for q in first.questions] == [
        "Which project of the last year would you happily do again?",
        "What made it good?",
        "Which project of the last year would you avoid next time?",
    ]
    # ids: <guide>/<section>/<first words>, de-duplicated
    assert [q.id for q in guide.questions()] == [
        "sample/your-story-so-far/which-project-of-the-last-year",
        "sample/your-story-so-far/what-made-it-good",
        "sample/your-story-so-far/which-project-of-the-last-year-2",
        "sample/your-story-so-far-2/what-surprised-you-this-month",
        "sample/your-story-so-far-2/what-surprised-you-this-month-about",
    ]
    assert len({q.id for q in guide.questions()}) == 5
    # line numbers are 1-based lines of the file
    lines = GOOD.splitlines()
    for q in guide.questions():
        assert q.text.split()[0] in lines[q.line - 1]
    assert lines[first.line - 1].startswith("## ")
    assert all(q.section == "Your story so far" for q in guide.questions())


def test_question_ids_are_stable_across_edits_elsewhere():
    guide1, _ = parse_guide(GOOD)
    edited = GOOD.replace("Intro paragraph one.", "A longer intro.\n\nWith more lines.\n").replace(
        "- What made it good?\n", "- What made it good?\n- What would you change?\n"
    )
    guide2, _ = parse_guide(edited)
    ids1 = {q.id for q in guide1.questions()}
    ids2 = {q.id for q in guide2.questions()}
    assert ids1 <= ids2
    assert len(ids2 - ids1) == 1


def test_nested_and_ordered_lists_are_questions_in_order():
    body = "## S\n1. What is first?\n   - What is nested?\n2. What is second?\n"
    guide, problems = parse_guide(guide_text(body=body))
    assert [q.text for q in guide.questions()] == ["What is first?", "What is nested?", "What is second?"]
    assert [q.line for q in guide.questions()] == [9, 10, 11]
    assert problems == []


def test_questions_before_first_section_get_a_section_and_warning():
    guide, problems = parse_guide(guide_text(body="- What is on your mind today?\n"))
    assert guide.sections[0].title == "Questions"
    assert guide.questions()[0].id == "g/questions/what-is-on-your-mind-today"
    assert [p.severity for p in problems] == ["warning"]


def test_other_heading_levels_are_text_with_warning():
    guide, problems = parse_guide(guide_text(body="## S\n### Sub heading\n- What now?\n"))
    assert guide.sections[0].text == "Sub heading"
    assert len(guide.sections) == 1
    assert problems and problems[0].severity == "warning" and problems[0].line == 9


def test_bom_crlf_and_scalar_stage_accepted():
    text = "\ufeff" + guide_text(stages="prep").replace("\n", "\r\n")
    guide, problems = parse_guide(text)
    assert problems == []
    assert guide.stages == ("prep",)
    assert guide.questions()[0].text == "What helps you most this week?"


def test_quoted_values_and_optional_minutes():
    guide, problems = parse_guide(guide_text(title='"Hello: world # not a comment"', minutes=None))
    assert problems == []
    assert guide.title == "Hello: world # not a comment"
    assert guide.minutes is None


@pytest.mark.parametrize(
    "change, line, fragment",
    [
        ({"id": "Not A Slug"}, 2, "id must be a slug"),
        ({"id": None}, 1, "missing the required field 'id'"),
        ({"title": None}, 1, "'title'"),
        ({"stages": "[discussion, lunch]"}, 4, "unknown stage 'lunch'"),
        ({"stages": "[]"}, 4, "at least one"),
        ({"stages": "[discussion"}, 4, "must end with ']'"),
        ({"audience": "boss"}, 5, "audience must be one of"),
        ({"minutes": "0"}, 6, "positive"),
        ({"minutes": "half an hour"}, 6, "positive"),
    ],
)
def test_bad_front_matter_is_an_error_with_line(change, line, fragment):
    guide, problems = parse_guide(guide_text(**change), "bad.md")
    assert guide is None
    errors = [p for p in problems if p.severity == "error"]
    assert errors, problems
    assert any(fragment in p.message and p.line == line for p in errors), messages(problems)
    assert str(errors[0]).startswith(f"bad.md:{errors[0].line}: error: ")


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "empty"),
        ("## S\n- What?\n", "missing front matter"),
        ("---\nid: x\ntitle: y\n", "not closed"),
        ("---\nid: x\nthis is not a field\n---\n", "not 'key: value'"),
        ("---\nid: x\nid: y\n---\n", "given twice"),
    ],
)
def test_front_matter_structure_errors(text, fragment):
    guide, problems = parse_guide(text)
    assert guide is None
    assert any(fragment in p.message for p in problems), messages(problems)


def test_unknown_field_is_a_warning_only():
    guide, problems = parse_guide(guide_text(colour="blue"))
    assert guide is not None
    assert [(p.severity, p.line) for p in problems] == [("warning", 7)]


def test_problem_str_format():
    assert str(Problem("a/b.md", 12, "warning", "hello")) == "a/b.md:12: warning: hello"


# --------------------------------------------------------------------------- lint


def lint_questions(*questions: str) -> list[Problem]:
    body = "## S\n" + "".join(f"- {q}\n" for q in questions)
    guide, problems = parse_guide(guide_text(body=body), "l.md")
    assert guide is not None and problems == []
    return lint_guide(guide)


@pytest.mark.parametrize(
    "question",
    [
        "Where do you see yourself in five years?",
        "What do you want to be doing in 5 years?",
        "What is your ten-year plan?",
        "What are your long-term goals?",
        "What is your long term ambition?",
        "What would you like to achieve over the next ten years?",
        "What do you want to be one day?",
        "What do you want from the rest of your career?",
    ],
)
def test_far_future_questions_are_errors(question):
    problems = lint_questions(question)
    assert [(p.severity, p.line) for p in problems] == [("error", 9)]
    assert "too far ahead" in problems[0].message


@pytest.mark.parametrize(
    "question",
    [
        "Do you like your job?",
        "Are you happy here?",
        "Is there anything else?",
        "Have you thought about management?",
        "Can you take on more?",
        "Would you like a mentor?",
        "Will you apply for the role?",
        "Did you enjoy the conference?",
        "Is it going well?",
        "Should we change your goals?",
        "Could you lead the next release?",
        "Any questions?",
        "So, do you feel stretched?",
        "Looking at last quarter: are you learning enough?",
    ],
)
def test_closed_questions_are_errors(question):
    problems = lint_questions(question)
    assert len(problems) == 1, messages(problems)
    assert problems[0].severity == "error" and "closed question" in problems[0].message
    assert problems[0].line == 9


@pytest.mark.parametrize(
    "question",
    [
        "What did you learn in the last five years?",
        "How do you feel about the project you finished this month?",
        "Which skill would you most like to build this quarter?",
        "Tell me about a day this month that went really well?",
        "What would you like to do more of in the next few months?",
    ],
)
def test_open_present_questions_pass(question):
    assert lint_questions(question) == []


def test_question_without_question_mark_is_a_warning():
    problems = lint_questions("Tell me about your best week this month.")
    assert [(p.severity, p.line) for p in problems] == [("warning", 9)]
    assert "'?'" in problems[0].message


def test_other_warnings_double_question_long_and_repeated():
    problems = lint_questions(
        "What went well? What did not?",
        "What " + "really " * 50 + "matters?",
        "What matters now?",
        "What  matters now?",
    )
    assert [p.severity for p in problems] == ["warning"] * 3
    text = messages(problems)
    assert "more than one question" in text and "long question" in text and "same question as on line 11" in text


def test_empty_section_and_no_questions_are_errors():
    guide, _ = parse_guide(guide_text(body="## Empty\n\n## Text only\nSome words.\n"), "e.md")
    problems = lint_guide(guide)
    errors = [p for p in problems if p.severity == "error"]
    assert any("no questions" in p.message for p in errors)
    assert any("'Empty' is empty" in p.message and p.line == 8 for p in errors)
    assert not any("Text only" in p.message for p in errors)


# --------------------------------------------------------------------------- hostile input


HOSTILE = [
    "<script>alert(1)</script>\n<b>bold</b>",
    "[/] [@click=app.quit]x[/] [bold red]boom[/]",
    "\x1b[2J\x1b]0;title\x07 \x9b31m \u202eevil",
    "> " * 5000 + "x",
    "- " * 5000 + "x",
    "".join("  " * i + "- What?\n" for i in range(300)),
    "[" * 20000,
    "*a" * 20000,
    "```\nunclosed fence",
    "\x00\x00\x00",
    "## \n- \n> \n",
]


@pytest.mark.parametrize("body", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_markdown_never_raises(body):
    text = guide_text(body="## S\n- What [/] is [@click=app.quit]x[/]?\n\n" + body)
    start = time.perf_counter()
    guide, problems = parse_guide(text, "h.md")
    assert time.perf_counter() - start < 5
    assert guide is not None
    lint_guide(guide)  # must not raise either
    first = guide.questions()[0]
    assert first.text == "What [/] is [@click=app.quit]x[/]?"
    for q in guide.questions():
        assert "\x1b" not in q.text and "\x00" not in q.text
    assert all(isinstance(p, Problem) for p in problems)


def test_control_characters_removed_with_warning():
    guide, problems = parse_guide(guide_text(body="## S\n- What \x1b[31mnow\x1b[0m?\n"))
    assert guide.questions()[0].text == "What [31mnow[0m?"
    assert any("U+001B" in p.message and p.line == 9 and p.severity == "warning" for p in problems)


def test_raw_html_is_kept_as_literal_text():
    guide, _ = parse_guide(guide_text(body="## S\n- What does <b>this</b> mean?\n"))
    assert guide.questions()[0].text == "What does <b>this</b> mean?"


def test_huge_input_is_refused_quickly():
    text = guide_text() + "x" * (guides_mod.MAX_GUIDE_BYTES + 10)
    start = time.perf_counter()
    guide, problems = parse_guide(text)
    assert time.perf_counter() - start < 1
    assert guide is None and "too large" in problems[0].message


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_parse_never_raises_on_random_text(body):
    for text in (body, guide_text(body=body)):
        guide, problems = parse_guide(text)
        assert guide is None or isinstance(guide, Guide)
        assert all(isinstance(p, Problem) for p in problems)
        if guide is not None:
            assert all(isinstance(p, Problem) for p in lint_guide(guide))
            ids = [q.id for q in guide.questions()]
            assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- files and loading


def test_read_guide_file_problems_never_raise(tmp_path):
    missing, probs = read_guide_file(tmp_path / "missing.md")
    assert missing is None and "cannot read" in probs[0].message
    folder, probs = read_guide_file(tmp_path)
    assert folder is None and probs[0].severity == "error"
    bad = write(tmp_path, "bad.md", b"---\nid: x\n\xff\xfe\n---\n")
    guide, probs = read_guide_file(bad)
    assert guide is None and "UTF-8" in probs[0].message and probs[0].line == 3
    big = write(tmp_path, "big.md", b"x" * (guides_mod.MAX_GUIDE_BYTES + 1))
    guide, probs = read_guide_file(big)
    assert guide is None and "too large" in probs[0].message


def test_shipped_dir_and_user_dir(isolated_config):
    shipped = shipped_guides_dir()
    assert shipped.is_dir()
    assert {p.name for p in shipped.iterdir() if p.name.endswith(".md")} == {p.name for p in SHIPPED}
    assert user_guides_dir() == isolated_config / "cc-tui" / "guides"


def test_load_guides_order_override_and_duplicates(tmp_path, isolated_config):
    user = isolated_config / "cc-tui" / "guides"
    write(user, "mine.md", guide_text("check-in", "My own check-in", stages="[wrapup]"))
    write(user, "extra.md", guide_text("extra", "Extra"))
    extra = tmp_path / "extra"
    write(extra, "a.md", guide_text("extra", "Extra replaced"))
    write(extra, "b-dup.md", guide_text("extra", "Duplicate in one folder"))
    write(extra, "broken.md", "no front matter here\n")
    write(extra, "latin1.md", "---\nid: caf\xe9\n---\n".encode("latin-1"))
    write(extra, ".hidden.md", "garbage")
    write(extra, "notes.txt", "not a guide")

    library = load_guides([extra])
    assert library.get("check-in").title == "My own check-in"
    assert library.get("check-in").origin == "user"
    assert library.get("extra").title == "Extra replaced"
    assert library.get("first-conversation").origin == "shipped"
    assert library.get("nope") is None
    # broken files are reported and skipped; the others still load
    text = messages(library.problems)
    assert "broken.md:1: error: missing front matter" in text
    assert "latin1.md:2: error: not valid UTF-8" in text
    assert "b-dup.md:1: error: duplicate guide id 'extra'" in text
    assert ".hidden" not in text and "notes.txt" not in text
    assert "check-in" in [g.id for g in library.for_stage("wrapup")]
    assert "check-in" not in [g.id for g in library.for_stage("prep")]

    without_user = load_guides(include_user=False)
    assert without_user.get("check-in").origin == "shipped"
    assert without_user.get("extra") is None


def test_for_stage_lists_shipped_guides_for_every_stage():
    library = load_guides(include_user=False)
    for stage in STAGES:
        found = library.for_stage(stage)
        assert found, stage
        assert all(stage in g.stages for g in found)
    assert [g.id for g in library.for_stage("wrapup")] == ["actions-wrapup", "team-session"]


def test_check_paths_files_folders_and_missing(tmp_path):
    a = write(tmp_path / "d", "a.md", guide_text("same", body="## S\n- Do you like it?\n"))
    write(tmp_path / "d", "b.md", guide_text("same"))
    problems = check_paths([tmp_path / "d", tmp_path / "missing.md"])
    text = messages(problems)
    assert f"{a}:9: error: closed question" in text
    assert "duplicate guide id 'same'" in text
    assert "missing.md:1: error: no such file or folder" in text
    assert check_paths([tmp_path / "d" / "b.md"]) == []


# --------------------------------------------------------------------------- shipped guides


EXPECTED = {
    "manager-prep": ({"prep"}, "manager"),
    "employee-prep": ({"prep"}, "employee"),
    "first-conversation": ({"prep", "discussion"}, "manager"),
    "check-in": ({"prep", "discussion"}, "manager"),
    "motivations": ({"discussion"}, "manager"),
    "ideal-role": ({"discussion"}, "manager"),
    "skill-gaps": ({"goals"}, "manager"),
    "leadership-succession": ({"discussion", "goals"}, "manager"),
    "team-session": ({"prep", "discussion", "actions", "wrapup"}, "team"),
    "adapting": ({"prep"}, "manager"),
    "grow-coaching": ({"discussion", "goals"}, "manager"),
    "actions-wrapup": ({"actions", "wrapup"}, "manager"),
}


def test_shipped_guides_are_clean_and_complete():
    assert len(SHIPPED) >= 11
    problems = check_paths([REPO / "guides"])
    assert problems == [], messages(problems)
    seen = {}
    for path in SHIPPED:
        guide, probs = read_guide_file(path, "shipped")
        assert guide is not None and probs == []
        assert path.stem == guide.id
        assert 3 <= len(guide.sections) <= 6, guide.id
        for section in guide.sections:
            assert 3 <= len(section.questions) <= 6, (guide.id, section.title)
        assert 1 <= sum(len(s.tips) for s in guide.sections)
        assert guide.minutes is not None and 10 <= guide.minutes <= 60
        assert guide.intro
        seen[guide.id] = (set(guide.stages), guide.audience)
    assert seen == EXPECTED


def test_motivations_guide_covers_the_six_motivators():
    guide, _ = read_guide_file(REPO / "guides" / "motivations.md")
    everything = (guide.intro + " " + " ".join(q.text for q in guide.questions())).lower()
    for word in ("financial reward", "skill", "society", "decisions", "recognition", "freedom", "intrinsic", "extrinsic"):
        assert word in everything, word


def test_grow_guide_has_the_four_steps_in_order():
    guide, _ = read_guide_file(REPO / "guides" / "grow-coaching.md")
    assert [s.title for s in guide.sections] == ["Goal", "Reality", "Options", "Way forward"]


# --------------------------------------------------------------------------- CLI


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="cc-tui")
    parser.add_argument("--guides", dest="guides_dirs", action="append", type=pathlib.Path, default=[])
    sub = parser.add_subparsers()
    register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_list(capsys, tmp_path):
    rc = run_cli(["guides", "list"])
    out, err = capsys.readouterr()
    assert rc == 0
    lines = out.splitlines()
    assert len(lines) == len(SHIPPED)
    row = next(line for line in lines if line.startswith("first-conversation "))
    assert "discussion" in row and "45 min" in row and "A first career conversation" in row and "(shipped)" in row
    assert lines[0].split()[0] in {"manager-prep", "employee-prep", "check-in", "adapting"}  # prep first
    assert err == ""


def test_cli_list_with_guides_dir_reports_broken(capsys, tmp_path):
    write(tmp_path, "mine.md", guide_text("mine", "Mine [/] [@click=app.quit]x[/]"))
    write(tmp_path, "broken.md", "---\nid: Bad Id\ntitle: t\nstages: [prep]\naudience: manager\n---\n")
    rc = run_cli(["--guides", str(tmp_path), "guides", "list"])
    out, err = capsys.readouterr()
    assert rc == 0
    assert "Mine [/] [@click=app.quit]x[/]  (user)" in out
    assert "broken.md:2: error: id must be a slug" in err


def test_cli_check_default_is_clean(capsys):
    rc = run_cli(["guides", "check"])
    out, _ = capsys.readouterr()
    assert rc == 0
    assert out.splitlines()[-1].startswith("0 errors, 0 warnings in ")


def test_cli_check_paths_errors_and_warnings(capsys, tmp_path):
    bad = write(tmp_path, "bad.md", guide_text(body="## S\n- Where do you see yourself in five years?\n- Tell me more.\n"))
    rc = run_cli(["guides", "check", str(bad)])
    out, _ = capsys.readouterr()
    assert rc == 1
    assert f"{bad}:9: error: looks too far ahead" in out
    assert f"{bad}:10: warning: a question should end with '?'" in out
    assert out.splitlines()[-1].startswith("1 error, 1 warning in ")

    warn_only = write(tmp_path, "warn.md", guide_text("w", body="## S\n- Tell me more.\n"))
    assert run_cli(["guides", "check", str(warn_only)]) == 0
    assert "0 errors, 1 warning" in capsys.readouterr().out


def test_cli_guides_without_subcommand_prints_help(capsys):
    rc = run_cli(["guides"])
    assert rc == 0
    assert "list" in capsys.readouterr().out
