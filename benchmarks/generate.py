"""Generate realistic cc-tui data folders: N people x M conversations each.

Every file is written by the real store code (``Store``, its TinyDB tables and ``AtomicJSONStorage``) on a fixed
clock, so the bytes are what the app itself writes. Two shortcuts keep 20,000 conversations under a minute:

* ``os.fsync`` is a no-op while generating (one ``os.sync()`` at the end): same bytes, no durability wait;
* a person's conversation summaries and goals go in with one ``insert_multiple`` each instead of one
  ``save_conversation`` / ``save_goal`` per record (each of which rewrites the growing person file and the index).
  TinyDB gives the same doc ids in the same order, so the files are byte-identical: ``--verify`` builds a small store
  both ways (the slow way through the public API only) and compares every ``*.json``.

Generated stores are cached under ``$CC_TUI_BENCH_CACHE`` (default: ``<tmp>/cc-tui-bench``) keyed by size, seed
and generator version; a second run reuses them.

    python benchmarks/generate.py --people 100 --conversations 200 --out DIR
    python benchmarks/generate.py --verify
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``cc_tui`` and ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tinydb.table import Document

from cc_tui.models import (
    MANAGER_PREP_TOPICS,
    SCHEMA_VERSION,
    ActionItem,
    ActionStatus,
    ActivityKind,
    Aspirations,
    Conversation,
    ConversationKind,
    DevActivity,
    Employee,
    EmployeePrep,
    FeedbackStyle,
    Goal,
    GoalKind,
    GoalStatus,
    ItemKind,
    ManagerPrep,
    MotivationRating,
    MotivationSource,
    Motivator,
    Owner,
    PathClarity,
    QuestionAsked,
    Stage,
    StatusUpdate,
    StyleHints,
)
from cc_tui.store import Store, _dump

GENERATOR_VERSION = 4  # 3: a long tail of rare words (names, jargon, places), as real notes have; 4: home stats v2
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
SEED = 20261120


def fixed_clock() -> datetime:
    return NOW


def cache_root() -> Path:
    return Path(os.environ.get("CC_TUI_BENCH_CACHE") or Path(tempfile.gettempdir()) / "cc-tui-bench")


# --------------------------------------------------------------------------------------------------------- text

FIRST = ["Amara", "Jonas", "Priya", "Mateo", "Lena", "Kwame", "Sofia", "Hiroshi", "Fatima", "Liam", "Chloé", "Ravi",
         "Ingrid", "Tomás", "Aylin", "Noah", "Zanele", "Mei", "Oskar", "Nadia", "Diego", "Elif", "Yusuf", "Hannah",
         "Björn", "Ama", "Luca", "Saanvi", "Pierre", "Olga"]
LAST = ["Okafor", "Weber", "Raman", "García", "Kowalski", "Mensah", "Rossi", "Tanaka", "Haddad", "O'Brien", "Martin",
        "Iyer", "Larsen", "Silva", "Demir", "Cohen", "Dlamini", "Chen", "Nilsson", "Petrova", "Morales", "Yılmaz",
        "Ahmed", "Schmidt", "Lindqvist", "Boateng", "Bianchi", "Sharma", "Dubois", "Ivanova"]
ROLES = ["Backend Engineer", "Senior Backend Engineer", "Frontend Engineer", "Product Designer", "Data Analyst",
         "QA Engineer", "Engineering Manager", "Site Reliability Engineer", "Product Manager", "Support Engineer",
         "Data Engineer", "Staff Engineer", "UX Researcher", "Mobile Engineer", "Security Engineer"]
TEAMS = ["Payments", "Growth", "Insights", "Platform", "Customer Care", "Checkout", "Identity", "Mobile", "Search",
         "Infrastructure"]
PROJECTS = ["the ledger split", "the checkout rewrite", "the on-call rotation", "the data warehouse migration",
            "the design system", "the refund flow", "the search relevance work", "the onboarding revamp",
            "the incident review process", "the mobile release train", "the pricing experiment", "the SSO rollout"]
SKILLS = ["system design", "public speaking", "SQL performance tuning", "stakeholder management", "test automation",
          "user research", "technical writing", "delegation", "estimation", "mentoring", "incident command",
          "data modelling", "accessibility", "prioritisation", "negotiation"]
PEOPLE_REF = ["the tech lead", "the product manager", "a staff engineer", "the research lead", "two new joiners",
              "the platform team", "HR", "their skip-level", "the design lead", "the support team"]
FEELINGS = ["energised", "stretched but positive", "a bit tired", "frustrated with the pace", "proud",
            "unsure where this leads", "more confident than last quarter", "keen to try something new"]

SHARED_SENTENCES = [
    "{n} opened with what went well since last time: {p} shipped and {n} enjoyed explaining the design to {r}.",
    "We talked about what made the last month satisfying; {n} felt {f} after leading {p}.",
    "{n} wants more work that uses {s} and less coordination; we listed what could move to {r}.",
    "Reviewed last time's goals. The course on {s} started; the sessions with {r} were irregular because of on-call.",
    "{n} asked how promotions to the next level work here and which projects would stretch them, {p} in particular.",
    "Discussed whether a rotation into another team is possible next quarter and what {n} would hope to learn there.",
    "{n} described a moment of flow: pairing with {r} on {p}, when the hard part finally clicked.",
    "We compared the current role with the ideal one {n} described: more ownership, more {s}, fewer context switches.",
    "{n} would like regular feedback on {s}; we agreed on a short written note after each design review.",
    "Talked through the roadblocks: release weeks leave little time for learning, and {p} keeps slipping.",
    "{n} is curious about {s} and asked for an introduction to {r}; they want to see the day-to-day first.",
    "We looked at the company's needs for next year: more people who can lead cross-team work like {p}.",
    "{n} reflected that the last quarter felt {f}; the incident review went well and others asked for their notes.",
    "Agreed that {n} leads the next planning session for {p}, with {r} as a sounding board.",
    "{n} shared three moments that gave energy this month and two that drained it; most energy came from {s}.",
]
PRIVATE_SENTENCES = [
    "Seemed {f}; on-call load is high. Check the workload before adding stretch work.",
    "Possible successor for the tech lead role in 12-18 months. Don't promise anything yet.",
    "Mentioned an outside offer in passing; retention risk is moderate. Talk to HR about the band.",
    "Took feedback on the slipped estimate for {p} well this time.",
    "Unsure about management; keep both paths open and revisit after {p}.",
    "Peers say {n} is the person they ask about {s}; make that visible in the next calibration.",
    "Needs a clearer scope on {p}; the ambiguity is part of the frustration.",
    "Ask {r} for a second opinion on readiness for the next level before the review cycle.",
    "Careful: {n} hears direct feedback as criticism when tired. Lead with specifics.",
    "Budget for the {s} course is approved; remind finance before the quarter closes.",
]
PREP_SENTENCES = [
    "Delivered {p} on time; two incidents handled calmly.",
    "Clear writing; calm under pressure; helps others debug.",
    "Growth areas: {s}; saying no to side requests.",
    "We need more people who can lead cross-team work like {p} next year.",
    "Peers ask for more design reviews from {n}.",
    "Asked for help with {s} twice this quarter.",
]
SUMMARY_SENTENCES = [
    "Agreed on the next steps below; next time we start from these goals.",
    "{n} will focus on {s} this quarter; I will find a mentor and protect time during release weeks.",
    "Goal for {p} stays; action items below, reviewed at the next conversation.",
]
GOAL_TITLES = ["Lead the design of a cross-team service", "Get confident with {s}", "Run one study end to end",
               "Present at the engineering all-hands", "Coach two junior colleagues", "Own {p} end to end",
               "Automate the regression suite for checkout", "Write the RFC for {p}", "Grow in {s}"]
ACTION_TEXTS = ["Share the expectations doc for the next level", "Book a slot with {r}", "Send the {s} course link",
                "Draft a one-page proposal for {p}", "Ask the platform team about a rotation",
                "Write down three moments this month that gave energy", "Introduce {n} to {r}",
                "Review the talk outline together", "Find a mentor outside the team",
                "List the skills the next role needs",
                "Protect two hours a week for {s}", "Collect feedback from {r} on {p}"]
QUESTIONS = [("check-in", "energy", "What gave you energy since we last talked?"),
             ("check-in", "progress", "How did last time's goals go?"),
             ("first-conversation", "ideal-day", "Describe an ideal working day a year from now."),
             ("first-conversation", "proud", "What are you most proud of this year?"),
             ("skill-gaps", "gap", "Which skill would change your work the most?"),
             ("grow-coaching", "options", "What options do you see?"),
             ("actions-wrapup", "first-step", "What is the first small step?")]


def _tail_words(n: int = 40_000) -> list[str]:
    """A long tail of distinct, made-up words (names of systems, places, people, jargon, typos): real notes written
    over years hold tens of thousands of distinct words, most of them rare. Deterministic."""
    rng = random.Random(7)
    onsets = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kl", "l", "m", "n", "p", "pl", "r", "s",
              "sh", "st", "t", "tr", "v", "w", "z"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ee", "ä", "ö", "é"]
    codas = ["", "n", "r", "s", "l", "m", "t", "x", "nd", "rk", "st"]
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                          for _ in range(rng.randint(2, 4))))
    return sorted(words)


TAIL = _tail_words()
TAIL_SENTENCES = ["Also came up: {w}, {w} and {w}.", "{n} mentioned {w} and the {w} review.",
                  "Notes for later: {w} ({w}), ask about {w}.", "Context: the {w} team and {w}."]


class Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def rare(self) -> str:
        """A word of the long tail, Zipf-like: a few are common, most appear a handful of times in 20,000
        conversations."""
        return TAIL[int(len(TAIL) ** self.rng.random()) - 1]

    def details(self, name: str) -> str:
        template = self.rng.choice(TAIL_SENTENCES).replace("{n}", name)
        while "{w}" in template:
            template = template.replace("{w}", self.rare(), 1)
        return template

    def fill(self, template: str, name: str) -> str:
        r = self.rng
        return template.format(n=name, p=r.choice(PROJECTS), s=r.choice(SKILLS), r=r.choice(PEOPLE_REF),
                               f=r.choice(FEELINGS))

    def text(self, pool: list[str], name: str, target: int) -> str:
        paragraphs: list[str] = []
        size = 0
        while size < target:
            para = " ".join(self.fill(self.rng.choice(pool), name) for _ in range(self.rng.randint(2, 4)))
            para += " " + self.details(name)
            paragraphs.append(para)
            size += len(para) + 2
        return "\n\n".join(paragraphs)

    def one(self, pool: list[str], name: str) -> str:
        return self.fill(self.rng.choice(pool), name)


def rng_id(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


# --------------------------------------------------------------------------------------------------------- model

@dataclass
class PersonData:
    employee: Employee
    conversations: list[Conversation]
    goals: list[Goal]
    actions: list[ActionItem]


def build_people(n_people: int, n_conversations: int, seed: int = SEED) -> Iterator[PersonData]:
    """Yield each person with their whole history (deterministic for a seed)."""
    rng = random.Random(seed)
    w = Writer(rng)
    span_days = 5 * 365
    step = max(1, span_days // max(1, n_conversations))
    employees = []
    for i in range(n_people):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7 + i // len(FIRST)) % len(LAST)]}"
        if i >= len(FIRST):
            name += f" {i // len(FIRST) + 1}"
        employees.append(Employee(
            id=rng_id(rng), name=name, role=rng.choice(ROLES), team=rng.choice(TEAMS),
            email=f"{name.split()[0].lower().replace('é', 'e').replace('ö', 'o')}{i}@example.com",
            cadence_days=rng.choice([14, 21, 28, 30, 42]),
            style=StyleHints(path_clarity=rng.choice(list(PathClarity)), feedback=rng.choice(list(FeedbackStyle)),
                             notes=w.one(PRIVATE_SENTENCES, name.split()[0])),
            private_notes=w.text(PRIVATE_SENTENCES, name.split()[0], 300),
            created_at=NOW - timedelta(days=span_days + 30),
        ))
    for p_index, person in enumerate(employees):
        first = person.name.split()[0]
        goals: list[Goal] = []
        actions: list[ActionItem] = []
        conversations: list[Conversation] = []
        # every 10th person has an unfinished (open) last conversation, like a meeting in progress
        open_last = p_index % 10 == 0
        for c in range(n_conversations):
            days_ago = (n_conversations - c) * step + rng.randint(-2, 2)
            start = datetime.combine((NOW - timedelta(days=days_ago)).date(), dtime(10, rng.choice([0, 15, 30])),
                                     tzinfo=timezone.utc)
            last = c == n_conversations - 1
            finished = not (last and open_last)
            conv_id = rng_id(rng)
            # quick status updates on a few of last time's open items
            updates: list[StatusUpdate] = []
            for item in [a for a in actions if a.is_open]:
                # most of last time's items get closed; a few stay in progress or blocked for a while
                status = rng.choice([ActionStatus.DONE] * 5 + [ActionStatus.DROPPED, ActionStatus.IN_PROGRESS,
                                                              ActionStatus.BLOCKED])
                item.status = status
                item.updated_at = start + timedelta(minutes=5)
                updates.append(StatusUpdate(kind=ItemKind.ACTION, item_id=item.id, status=status.value,
                                            note=w.one(PREP_SENTENCES, first)[:200], at=start + timedelta(minutes=5)))
            active = [g for g in goals if g.status is GoalStatus.ACTIVE]
            if active and rng.random() < 0.35:
                goal = rng.choice(active)
                new_status = rng.choice([GoalStatus.ACHIEVED, GoalStatus.CHANGED, GoalStatus.DROPPED])
                reason = w.one(SUMMARY_SENTENCES, first)[:200]
                goal.change_status(new_status, reason, start + timedelta(minutes=8), conv_id)
                updates.append(StatusUpdate(kind=ItemKind.GOAL, item_id=goal.id, status=new_status.value,
                                            note=reason, at=start + timedelta(minutes=8)))
            asked = [QuestionAsked(guide_id=g, question_id=q, text=t, asked_at=start + timedelta(minutes=10 + k))
                     for k, (g, q, t) in enumerate(rng.sample(QUESTIONS, rng.randint(2, 5)))]
            conv = Conversation(
                id=conv_id,
                kind=ConversationKind.INDIVIDUAL,
                employee_ids=[person.id],
                title=f"Career conversation with {person.name}",
                created_at=start,
                updated_at=start + timedelta(minutes=50),
                finished_at=start + timedelta(minutes=50) if finished else None,
                stage=Stage.WRAPUP if finished else Stage.DISCUSSION,
                stage_seconds={Stage.PREP: 240.0 + rng.randint(0, 120), Stage.DISCUSSION: 1400.0 + rng.randint(0, 300),
                               Stage.GOALS: 500.0 + rng.randint(0, 200), Stage.ACTIONS: 300.0, Stage.WRAPUP: 200.0},
                manager_prep=ManagerPrep(
                    **{t: w.one(PREP_SENTENCES, first) for t in MANAGER_PREP_TOPICS},
                    done=rng.sample(MANAGER_PREP_TOPICS, rng.randint(2, 5)),
                ),
                employee_prep=EmployeePrep(
                    aspirations=w.one(SHARED_SENTENCES, first), achievements=w.one(SHARED_SENTENCES, first),
                    challenges=w.one(SHARED_SENTENCES, first), skills_to_develop=", ".join(rng.sample(SKILLS, 3)),
                    roadblocks=w.one(SHARED_SENTENCES, first),
                ),
                shared_notes=w.text(SHARED_SENTENCES, first, 2000),
                private_notes=w.text(PRIVATE_SENTENCES, first, 1000),
                motivations=[
                    MotivationRating(
                        motivator=m, rating=rng.randint(0, 5),
                        source=MotivationSource.EXTRINSIC
                        if m in (Motivator.FINANCIAL_REWARD, Motivator.PUBLIC_RECOGNITION)
                        else MotivationSource.INTRINSIC,
                        note=w.one(PREP_SENTENCES, first)[:120] if rng.random() < 0.3 else "",
                    )
                    for m in Motivator
                ],
                aspirations=Aspirations(ideal_role=w.one(SHARED_SENTENCES, first),
                                        responsibilities=w.one(SHARED_SENTENCES, first),
                                        skills_to_use=", ".join(rng.sample(SKILLS, 3))),
                questions_asked=asked,
                status_updates=updates,
                guide_choice={Stage.DISCUSSION: "first-conversation"} if rng.random() < 0.2 else {},
                summary=w.one(SUMMARY_SENTENCES, first) if finished else "",
                next_date=(start + timedelta(days=person.cadence_days)).date() if finished else None,
            )
            conversations.append(conv)
            for _ in range(rng.randint(1, 2)):
                title = w.fill(rng.choice(GOAL_TITLES), first)[:200]
                goals.append(Goal(
                    id=rng_id(rng), employee_id=person.id, title=title, kind=rng.choice(list(GoalKind)),
                    why=w.one(SHARED_SENTENCES, first), target_date=(start + timedelta(days=180)).date(),
                    success_measure=w.one(SUMMARY_SENTENCES, first)[:300],
                    activities=[DevActivity(kind=rng.choice(list(ActivityKind)),
                                            description=w.one(PREP_SENTENCES, first),
                                            done=rng.random() < 0.4) for _ in range(rng.randint(1, 3))],
                    conversation_id=conv.id, created_at=start + timedelta(minutes=30),
                ))
            for a in range(rng.randint(2, 3)):
                actions.append(ActionItem(
                    id=rng_id(rng), employee_id=person.id, conversation_id=conv.id,
                    text=w.fill(rng.choice(ACTION_TEXTS), first), owner=Owner.MANAGER if a == 1 else Owner.EMPLOYEE,
                    due=(start + timedelta(days=14 + 7 * a)).date(), status=ActionStatus.OPEN,
                    goal_id=goals[-1].id if a == 0 else None,
                    created_at=start + timedelta(minutes=40 + a), updated_at=start + timedelta(minutes=40 + a),
                ))
        yield PersonData(person, conversations, goals, actions)


# --------------------------------------------------------------------------------------------------------- writing


@contextlib.contextmanager
def no_fsync() -> Iterator[None]:
    """Skip fsync while generating (the bytes are the same); one os.sync() at the end."""
    real = os.fsync
    os.fsync = lambda fd: None  # type: ignore[assignment]
    try:
        yield
    finally:
        os.fsync = real  # type: ignore[assignment]
        os.sync()


def write_store(folder: Path, n_people: int, n_conversations: int, *, seed: int = SEED, slow: bool = False) -> None:
    """Write the store. ``slow``: only the public API, one call per record (for --verify)."""
    store = Store.open(folder, clock=fixed_clock, lock=False)
    try:
        people = list(build_people(n_people, n_conversations, seed))
        store.add_employees(p.employee for p in people)
        for p in people:
            if slow:
                for conv in p.conversations:
                    store.save_conversation(conv, touch=False)
                for goal in p.goals:
                    store.save_goal(goal)
            else:
                # == save_conversation(conv, touch=False) for each new conversation, without rewriting the person
                # file and the index once per conversation (see the module docstring)
                for conv in p.conversations:
                    store._conversation_db(conv.id).table("conversation").insert(Document(_dump(conv), doc_id=1))
                pdb = store._person_db(p.employee.id)
                pdb.table("conversations").insert_multiple(_dump(c.summary_row()) for c in p.conversations)
                pdb.table("goals").insert_multiple(_dump(g) for g in p.goals)
            store.save_actions(p.actions)  # public API; also refreshes the home-list stats in the index
            store._people.pop(p.employee.id, None)  # keep memory flat
    finally:
        store.close()


def store_path(n_people: int, n_conversations: int, seed: int = SEED) -> Path:
    name = f"p{n_people}-c{n_conversations}-s{seed}-v{GENERATOR_VERSION}-schema{SCHEMA_VERSION}"
    return cache_root() / "stores" / name


def ensure_store(n_people: int, n_conversations: int, *, seed: int = SEED, quiet: bool = False) -> Path:
    """The cached store for this size, generated if missing. Returns its folder (treat it as read-only)."""
    target = store_path(n_people, n_conversations, seed)
    if (target / "index.json").exists() and (target / ".complete").exists():
        return target
    partial = target.with_name(target.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with no_fsync():
        write_store(partial, n_people, n_conversations, seed=seed)
    (partial / ".complete").write_text(f"{time.perf_counter() - t0:.2f}\n")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(partial, target)
    if not quiet:
        print(f"generated {n_people} x {n_conversations} = {n_people * n_conversations} conversations in "
              f"{time.perf_counter() - t0:.1f} s -> {target}", file=sys.stderr)
    return target


def clone_store(source: Path, dest: Path) -> Path:
    """A cheap writable copy: hard links. Every store write replaces a file (never edits in place), so the source
    stays untouched. The lock file (the one thing written in place) is not linked."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest, copy_function=os.link, ignore=shutil.ignore_patterns(".lock", ".complete"))
    return dest


def verify(n_people: int = 4, n_conversations: int = 6) -> bool:
    """Build a small store the fast way and through the public API only; every *.json must be byte-identical."""
    with tempfile.TemporaryDirectory() as tmp:
        fast, slow = Path(tmp) / "fast", Path(tmp) / "slow"
        with no_fsync():
            write_store(fast, n_people, n_conversations)
            write_store(slow, n_people, n_conversations, slow=True)
        names = sorted(str(p.relative_to(fast)) for p in fast.rglob("*.json"))
        other = sorted(str(p.relative_to(slow)) for p in slow.rglob("*.json"))
        if names != other:
            print("different file sets", file=sys.stderr)
            return False
        _, mismatch, errors = filecmp.cmpfiles(fast, slow, names, shallow=False)
        print(f"verify: {len(names)} files compared, {len(mismatch)} differ, {len(errors)} errors")
        return not mismatch and not errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--conversations", type=int, default=50, help="conversations per person")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, help="write here (default: the cache, reused when present)")
    parser.add_argument("--verify", action="store_true", help="check fast == public-API output, byte for byte")
    args = parser.parse_args(argv)
    if args.verify:
        return 0 if verify() else 1
    t0 = time.perf_counter()
    if args.out:
        if args.out.exists() and any(args.out.iterdir()):
            parser.error(f"{args.out} is not empty")
        with no_fsync():
            write_store(args.out, args.people, args.conversations, seed=args.seed)
        folder = args.out
    else:
        folder = ensure_store(args.people, args.conversations, seed=args.seed, quiet=True)
    total = args.people * args.conversations
    size = sum(f.stat().st_size for f in folder.rglob("*.json"))
    print(f"{total} conversations ({args.people} people x {args.conversations}) in {folder}: "
          f"{time.perf_counter() - t0:.1f} s, {size / 1e6:.1f} MB of JSON")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
