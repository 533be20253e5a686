"""Broad questions, caught like a coach would (``cc-tui guides check``, issue #18 point 11).

A corpus of questions too broad to answer in a meeting (each must be flagged by the named rule) and of specific
questions that merely mention a goal, a plan, a month or the future (each must pass the whole lint); the shipped
guides stay clean; and the command line prints the question, the rule and the hint on one line.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest

from cc_tui.guides import Problem, check_paths, lint_guide, parse_guide
from cc_tui.guides.lint import BROAD_RULES, broad_finding

REPO = pathlib.Path(__file__).resolve().parent.parent
RULES = {rule.name: rule for rule in BROAD_RULES}

# (question, the rule that must flag it)
BROAD = [
    # far horizons without the word "years"
    ("Where do you see yourself in the future?", "far-horizon"),
    ("Where do you see yourself?", "far-horizon"),
    ("Now, where do you see yourself in the future?", "far-horizon"),
    ("What will you be doing one day next year?", "far-horizon"),
    ("Someday, what would you like to lead?", "far-horizon"),
    ("What kind of leader do you want to be one day?", "far-horizon"),
    ("What do you want to be doing a decade from now?", "far-horizon"),
    ("What does your future look like?", "far-horizon"),
    ("What would you like to eventually become?", "far-horizon"),
    ("What would you ultimately like to achieve here?", "far-horizon"),
    ("Which role do you picture for yourself down the road?", "far-horizon"),
    ("How do you imagine your career in the long run?", "far-horizon"),
    ("Which direction do you want to go in the longer term?", "far-horizon"),
    ("What are you working towards in the distant future?", "far-horizon"),
    ("At some point in your career, what would you like to try?", "far-horizon"),
    ("What would you like to be doing when you retire?", "far-horizon"),
    ("What do you want from the rest of your career?", "far-horizon"),
    # counts of years (the rule that was there before, with two more phrasings)
    ("What do you want to be doing in the years to come?", "years-ahead"),
    ("Which skills will matter to you in the coming years?", "years-ahead"),
    ("What do you want to be doing in five years, starting this month?", "years-ahead"),
    # life plans and dream jobs
    ("What's your dream job?", "life-plan"),
    ("What would your dream role look like?", "life-plan"),
    ("What's the job of your dreams?", "life-plan"),
    ("What is your life plan?", "life-plan"),
    ("How would you describe your ideal life?", "life-plan"),
    ("What is your ideal job?", "life-plan"),
    ("What would your ideal role look like?", "life-plan"),
    ("What is your ultimate career goal?", "life-plan"),
    ("What do you want out of life?", "life-plan"),
    ("What do you want to achieve in your career?", "life-plan"),
    ("What are your goals in life?", "life-plan"),
    ("What is your purpose in life?", "life-plan"),
    ("Who do you want to become?", "life-plan"),
    ("What do you want to be when you grow up?", "life-plan"),
    ("What legacy do you want to leave?", "life-plan"),
    # goals with no anchor in the present
    ("What are your goals?", "unanchored-goals"),
    ("What's your career goal?", "unanchored-goals"),
    ("What are your career aspirations?", "unanchored-goals"),
    ("What are your plans?", "unanchored-goals"),
    ("What would you like to achieve?", "unanchored-goals"),
    ("What do you want to achieve in the course of your career?", "unanchored-goals"),
    ("What is your development goal?", "unanchored-goals"),
    ("How would you describe your career goals?", "unanchored-goals"),
    ("Tell me about your ambitions?", "unanchored-goals"),
    ("What are your professional objectives?", "unanchored-goals"),
    # feelings and topics with no edge
    ("Tell me about yourself.", "too-general"),
    ("How would you describe yourself?", "too-general"),
    ("How do you feel about everything?", "too-general"),
    ("How's everything going?", "too-general"),
    ("How are things in general?", "too-general"),
    ("What do you enjoy in general?", "too-general"),
    ("How are things?", "too-general"),
    ("How is work?", "too-general"),
    ("How are you feeling?", "too-general"),
    ("How do you feel about your job?", "too-general"),
    ("How do you feel about things?", "too-general"),
    ("What are your strengths and weaknesses?", "too-general"),
]

# Specific questions: they mention a goal, a plan, a month, the future or a broad word, but are anchored in the
# present or in a concrete thing. Each must pass the whole lint (no problem of any kind).
SPECIFIC = [
    "Which goal from last time do you want to work on this month?",
    "What plan do we need for the Q3 launch?",
    "What did you learn in the last month?",
    "What is your goal for the next review cycle?",
    "What would you like to be doing more of by the spring?",
    "What would you like to do more of in the next few months?",
    "Which skill would you most like to build this quarter?",
    "What are your goals for this quarter?",
    "Right now, what goal matters most?",
    "What are your goals for the course next month?",
    "What is your plan for the next two weeks?",
    "What would you like to achieve with the current project?",
    "How do you feel about the project you finished this month?",
    "How do you feel about your role in the Q3 launch?",
    "Which of your goals has moved most since our last conversation?",
    "Which goal shall we set for the coming quarter?",
    "What are your priorities for the next sprint?",
    "What would you like to have finished by March?",
    "Which month of last year felt best, and why?",
    "What future project would you like to pick up next month?",
    "What did the long-term project teach you about estimating?",
    "What did you learn one day last week that surprised you?",
    "Which project could use one day a week of your time?",
    "Which part of your dream job could you try this quarter?",
    "What parts of that ideal role could you start doing in your current job?",
    "What would a typical good week in your ideal role look like?",
    "What new skill would your ideal role stretch you to develop?",
    "Where do you see yourself contributing most on the current project?",
    "What is everything you need from me before the Q3 launch?",
    "In general, how did the release go last week?",
    "What have you learned about yourself since joining this team?",
    "What are your goals for public speaking this quarter?",
    "What would you like to achieve with your presentation skills by June?",
    "What are your strengths, with an example from recent work?",
    "How are things going with the data migration?",
    "How is work on the onboarding redesign going?",
    "What questions about the present could you ask instead of questions about a distant future?",
    "What is your ambition for the mentoring programme this half?",
    "What do you plan to try before our next check-in?",
    "Which skills from the course last month are you using already?",
    "What did you learn in the last five years?",
    "Tell me about a day this month that went really well?",
    "How important is financial reward to you at this point in your life?",
    "Which decision in your career so far are you most glad you made?",
]


def lint_questions(*questions: str) -> list[Problem]:
    body = "".join(f"- {q}\n" for q in questions)
    text = f"---\nid: corpus\ntitle: Corpus\nstages: [discussion]\naudience: manager\n---\n\n## S\n{body}"
    guide, problems = parse_guide(text, "corpus.md")
    assert guide is not None and problems == []
    return lint_guide(guide)


def rule_tags(problems: list[Problem]) -> list[str]:
    return [m.group(1) for p in problems for m in [re.search(r"\[([a-z-]+)\]: ", p.message)] if m]


@pytest.mark.parametrize("question, rule", BROAD, ids=[q for q, _ in BROAD])
def test_broad_question_is_flagged_by_its_rule(question, rule):
    problems = lint_questions(question)
    assert rule_tags(problems) == [rule], [str(p) for p in problems]
    finding = next(p for p in problems if f"[{rule}]" in p.message)
    assert finding.severity == "error" and finding.line == 9
    assert repr(question) in finding.message
    assert finding.message.endswith(RULES[rule].hint)


@pytest.mark.parametrize("question", SPECIFIC)
def test_specific_question_passes(question):
    problems = lint_questions(question)
    assert problems == [], [str(p) for p in problems]


def test_corpus_size_precision_and_recall():
    assert len(BROAD) >= 30 and len(SPECIFIC) >= 30
    assert len({q for q, _ in BROAD}) == len(BROAD) and len(set(SPECIFIC)) == len(SPECIFIC)
    flagged = sum(broad_finding(q) is not None for q, _ in BROAD)
    right_rule = sum((f := broad_finding(q)) is not None and f[0].name == rule for q, rule in BROAD)
    false_alarms = sum(broad_finding(q) is not None for q in SPECIFIC)
    assert (flagged, right_rule, false_alarms) == (len(BROAD), len(BROAD), 0)
    for name in RULES:  # every rule has its share of the corpus
        assert sum(rule == name for _, rule in BROAD) >= 3, name


def test_rules_are_named_and_hints_are_specific_questions_themselves():
    assert list(RULES) == ["years-ahead", "far-horizon", "life-plan", "unanchored-goals", "too-general"]
    for rule in BROAD_RULES:
        example = re.search(r"e\.g\. '(.+\?)'$", rule.hint)
        assert example, rule.hint
        assert lint_questions(example.group(1)) == [], rule.name  # the rewrite it suggests passes the lint


def test_one_broad_finding_per_question_and_closed_questions_still_reported():
    problems = lint_questions("Where do you see yourself in the future, in your dream job, in general?")
    assert rule_tags(problems) == ["far-horizon"]
    problems = lint_questions("Do you have a dream job?")
    assert rule_tags(problems) == ["life-plan"]
    assert any("closed question" in p.message for p in problems)


def test_every_shipped_guide_is_clean_of_broad_questions():
    shipped = sorted((REPO / "guides").glob("*.md"))
    assert len(shipped) >= 11
    problems = check_paths(shipped)
    assert problems == [], [str(p) for p in problems]


def test_guides_check_command_names_question_rule_and_hint(tmp_path):
    folder = tmp_path / "guides"
    folder.mkdir()
    (folder / "broad.md").write_text(
        "---\nid: broad\ntitle: Broad\nstages: [discussion]\naudience: manager\n---\n\n"
        "## Looking ahead\n"
        "- Which goal from last time do you want to work on this month?\n"
        "- Where do you see yourself in the future?\n"
        "- What's your [bold]dream job[/]?\n",
        encoding="utf-8",
    )
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "CC_TUI_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [sys.executable, "-m", "cc_tui.cli", "guides", "check", str(folder)],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    path = folder / "broad.md"
    far = [line for line in lines if line.startswith(f"{path}:10: error: ")]
    dream = [line for line in lines if line.startswith(f"{path}:11: error: ")]
    assert len(far) == 1 and len(dream) == 1, result.stdout
    assert "'Where do you see yourself in the future?'" in far[0]
    assert "[far-horizon]" in far[0] and RULES["far-horizon"].hint in far[0]
    assert "What's your [bold]dream job[/]?" in dream[0]  # guide text is printed as written, never as markup
    assert "[life-plan]" in dream[0] and RULES["life-plan"].hint in dream[0]
    assert not any(line.startswith(f"{path}:9:") for line in lines)  # the anchored goal question passes
    assert lines[-1].startswith("2 errors, 0 warnings in ")
