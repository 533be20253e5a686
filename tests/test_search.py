"""Full-text search: every field kind, AND, phrases, case, order, limits, hostile text, live updates, damaged files."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cc_tui.demo import build_demo
from cc_tui.models import ActionItem, Aspirations, Conversation, EmployeePrep, Goal, ManagerPrep
from cc_tui.search import SearchIndex, locate, parse_query
from cc_tui.store import Store
from cc_tui.text import CONTROL

NOW = datetime(2026, 11, 25, 10, tzinfo=timezone.utc)
HOSTILE = "Pay [/] and [@click=app.quit]quit[/] 🎉 \u202eevil\u202c \x00nul\x1b[31m ESC; İstanbul Straße"


@pytest.fixture
def folder(tmp_path):
    s = Store.open(tmp_path / "d", clock=lambda: NOW)
    try:
        people = build_demo(s, now=NOW)
        amara = people[0]
        base = NOW - timedelta(days=1)
        conv = Conversation(
            id="hostile0000000001", employee_ids=[amara.id], created_at=base, updated_at=base,
            manager_prep=ManagerPrep(strengths="Calm under pressure; zebracorn strengths"),
            employee_prep=EmployeePrep(roadblocks="Release weeks; ocelotroad blocks"),
            shared_notes=HOSTILE + " " + "padding words " * 5000 + "needle-at-the-end",
            private_notes="Confidential: quokkaprivate remark",
            aspirations=Aspirations(ideal_role="Staff engineer in narwhalrole land"),
            summary="We agreed on the platypussummary plan",
        )
        s.save_conversation(conv, touch=False)
        s.save_goal(Goal(id="goalhostile000001", employee_id=amara.id, title="Master the axolotltitle",
                         why="Because of the wombatwhy", success_measure="Measured by capybarasuccess",
                         conversation_id=conv.id, created_at=base))
        s.save_action(ActionItem(id="actionhostile0001", employee_id=amara.id, conversation_id=conv.id,
                                 text="Email the pangolinaction list", created_at=base, updated_at=base))
    finally:
        s.close()
    return tmp_path / "d"


@pytest.fixture
def index(folder):
    return SearchIndex.build(folder)


def only_hit(index, query):
    res = index.search(query)
    assert res.total == 1, (query, res)
    return res.hits[0]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("zebracorn", "manager_prep.strengths"),
        ("ocelotroad", "employee_prep.roadblocks"),
        ("quokkaprivate", "private_notes"),
        ("narwhalrole", "aspirations.ideal_role"),
        ("platypussummary", "summary"),
        ("axolotltitle", "goal:goalhostile000001"),
        ("wombatwhy", "goal_why:goalhostile000001"),
        ("capybarasuccess", "goal_success:goalhostile000001"),
        ("pangolinaction", "action:actionhostile0001"),
        ("needle-at-the-end", "shared_notes"),
    ],
)
def test_every_field_kind_is_found(index, query, field):
    hit = only_hit(index, query)
    assert hit.conversation_id == "hostile0000000001"
    assert hit.field == field
    assert query in hit.snippet.casefold()
    assert hit.created_at == NOW - timedelta(days=1)
    assert len(hit.employee_ids) == 1


def test_demo_words_case_insensitive_and_start(index, folder):
    res = index.search("LEDGER SPLIT")
    assert res.total >= 1
    for hit in res.hits:
        original = _original(folder, hit)
        assert original[hit.start: hit.start + hit.length].casefold() in ("ledger", "split")
        assert original[hit.start: hit.start + hit.length] in hit.snippet


def _original(folder, hit):
    s = Store.open(folder, lock=False)
    try:
        conv = s.conversation(hit.conversation_id)
        if ":" in hit.field:
            kind, item_id = hit.field.split(":")
            for g in s.goals(conv.employee_ids[0]):
                if g.id == item_id:
                    return {"goal": g.title, "goal_why": g.why, "goal_success": g.success_measure}[kind]
            return next(a.text for a in s.actions(conv.employee_ids[0]) if a.id == item_id)
        obj = conv
        for part in hit.field.split("."):
            obj = getattr(obj, part)
        return obj
    finally:
        s.close()


def test_and_phrase_and_no_hit(index):
    assert index.search("zebracorn quokkaprivate").total == 1  # two fields of one conversation
    assert index.search("zebracorn ledger").total == 0  # never together
    assert index.search('"padding words padding"').total == 1
    assert index.search('"words zebracorn"').total == 0  # both words there, not as a phrase
    assert index.search("nothing-like-this-anywhere").total == 0
    assert index.search("").total == 0 and index.search("   ").hits == []
    assert parse_query('a "b c" "d') == ["a", "b c", "d"]


def test_newest_first_limit_and_total(index):
    res = index.search("the", limit=3)
    assert len(res.hits) == 3 and res.total > 3
    everything = index.search("the", limit=1000)
    assert everything.total == res.total == len(everything.hits)
    dates = [h.created_at for h in everything.hits]
    assert dates == sorted(dates, reverse=True)
    assert everything.hits[:3] == res.hits
    assert res.elapsed_ms >= 0


@pytest.mark.parametrize("query", ["[/]", "[@click=app.quit]", "🎉", "evil", "nul", "[31m", "straße", "STRASSE"])
def test_hostile_text(index, folder, query):
    hit = only_hit(index, query)
    assert hit.field == "shared_notes"
    assert not CONTROL.search(hit.snippet) and "\n" not in hit.snippet
    original = _original(folder, hit)
    assert original[hit.start: hit.start + hit.length].casefold() == query.casefold()


def test_istanbul_casefolding_maps_back_to_the_original(index, folder):
    for query in ("İstanbul", "İSTANBUL", "i̇stanbul"):
        hit = only_hit(index, query)
        original = _original(folder, hit)
        assert original[hit.start: hit.start + hit.length] == "İstanbul"
        assert "İstanbul" in hit.snippet
    # after the length-changing 'İ' the offsets still point at the right place
    hit = only_hit(index, "straße")
    assert _original(folder, hit)[hit.start: hit.start + hit.length] == "Straße"
    assert locate("İİx", "x") == (2, 1)


def test_update_conversation_and_person(index, folder):
    s = Store.open(folder, lock=False)
    try:
        conv = s.conversation("hostile0000000001")
        person = conv.employee_ids[0]
        goals, actions = s.goals(person), s.actions(person)
    finally:
        s.close()
    conv.private_notes = "now about a lemurnew thing"
    index.update_conversation(conv)
    assert index.search("quokkaprivate").total == 0
    hit = only_hit(index, "lemurnew")
    assert hit.field == "private_notes" and hit.snippet == "now about a lemurnew thing" and hit.start == 12
    assert index.search("axolotltitle").total == 1  # the goals stay attached
    goals = [g.model_copy(update={"title": "Master the gecko"}) if g.id == "goalhostile000001" else g for g in goals]
    actions = [a for a in actions if a.id != "actionhostile0001"]
    index.update_person(person, goals, actions)
    assert index.search("axolotltitle").total == 0
    assert index.search("pangolinaction").total == 0
    assert only_hit(index, "gecko").field == "goal:goalhostile000001"
    new = Conversation(id="brandnew000000001", employee_ids=[person], created_at=NOW, updated_at=NOW,
                       shared_notes="Fresh tapirnote")
    before = len(index)
    index.update_conversation(new)
    assert len(index) == before + 1
    assert index.search("tapirnote").hits[0].conversation_id == "brandnew000000001"
    assert index.search("the").hits[0].created_at <= NOW


def test_typing_refines_and_updates_invalidate(index):
    assert index.search("zebra").total == 1
    assert index.search("zebrac").total == 1
    assert index.search("zebracx").total == 0
    assert index.search("zebrac").total == 1  # a shorter query is not a refinement
    conv = Conversation(id="other000000000001", employee_ids=["someone1"], created_at=NOW, updated_at=NOW,
                        summary="zebracorn too")
    index.update_conversation(conv)
    assert index.search("zebracorn").total == 2


def test_damaged_files_are_skipped_and_reported(folder):
    (folder / "conversations" / "broken00000000001.json").write_text("{not json")
    (folder / "conversations" / "empty000000000001.json").write_text("")
    (folder / "conversations" / "wrong000000000001.json").write_text('{"conversation": {"1": {"id": "x"}}}')
    index = SearchIndex.build(folder)
    assert len(index.problems) == 3
    assert any("broken00000000001" in p for p in index.problems)
    assert index.search("zebracorn").total == 1


def test_concurrent_updates_and_searches(index):
    stop = threading.Event()

    def writer():
        n = 0
        while not stop.is_set():
            n += 1
            index.update_conversation(Conversation(id="busy0000000000001", employee_ids=["someone1"],
                                                   created_at=NOW, updated_at=NOW, shared_notes=f"round{n} text"))

    t = threading.Thread(target=writer)
    t.start()
    try:
        for _ in range(50):
            res = index.search("text")
            assert all(h.snippet for h in res.hits)
    finally:
        stop.set()
        t.join()


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄÖÜßİıΣσçÉ😀-", min_size=3, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=WORDS, where=st.sampled_from(["shared_notes", "private_notes", "summary"]), at=st.integers(0, 200))
def test_property_an_inserted_word_is_found_where_inserted(index, word, where, at):
    text = ("lorem ipsum dolor sit amet " * 8)
    text = text[:at] + " " + word + " " + text[at:]
    conv = Conversation(id="property000000001", employee_ids=["someone1"], created_at=NOW + timedelta(days=1),
                        updated_at=NOW, **{where: text})
    index.update_conversation(conv)
    res = index.search(f'"{word}"', limit=500)
    hits = [h for h in res.hits if h.conversation_id == "property000000001"]
    assert hits, (word, res.total)
    hit = hits[0]
    assert hit.field == where
    assert text[hit.start: hit.start + hit.length].casefold() == word.casefold()


# ------------------------------------------------------------------ the word index: prefixes, AND, phrases, updates


def _conv(cid, text, days=0):
    when = NOW + timedelta(days=2 + days)
    return Conversation(id=cid, employee_ids=["someone1"], created_at=when, updated_at=when, shared_notes=text)


def test_a_term_matches_the_start_of_a_word_not_its_middle(index):
    index.update_conversation(_conv("prefix00000000001", "The quorbly budzetplanning meeting"))
    assert only_hit(index, "budz").conversation_id == "prefix00000000001"
    assert only_hit(index, "BUDZETPLAN").start == len("The quorbly ")
    assert index.search("getplanning").total == 0  # mid-word: no longer a match
    assert index.search("udzet").total == 0
    hit = only_hit(index, "quorbly budz")
    assert hit.start == len("The ")


def test_the_hit_points_at_a_word_start_not_an_earlier_mid_word_match(index):
    index.update_conversation(_conv("prefix00000000002", "Another thing: other things and then thermos"))
    res = index.search("thermos")
    assert res.total == 1
    assert res.hits[0].start == len("Another thing: other things and then ")


def test_and_of_common_words_is_an_intersection(index):
    for n in range(6):
        words = ["alpha common"] + (["beta common"] if n % 2 else []) + (["gamma"] if n % 3 == 0 else [])
        index.update_conversation(_conv(f"common0000000000{n}", " ".join(words), days=n))
    assert index.search("alpha").total == 6
    assert index.search("alpha beta").total == 3
    assert index.search("alpha beta gamma").total == 1  # n == 3
    assert [h.conversation_id for h in index.search("alpha beta").hits] == [
        "common00000000005", "common00000000003", "common00000000001"]  # newest first


def test_phrases_are_verified_against_the_text(index):
    index.update_conversation(_conv("phrase00000000001", "we talked about the zeck plead role"))
    index.update_conversation(_conv("phrase00000000002", "plead the zeck side of things", days=1))
    res = index.search('"zeck plead"')
    assert [h.conversation_id for h in res.hits] == ["phrase00000000001"] and not res.approximate
    assert res.hits[0].start == len("we talked about the ")
    assert index.search("zeck plead").total == 2  # unquoted: both words, any order
    assert index.search('"plead the zeck"').total == 1
    assert index.search('"lead the zeck"').total == 0  # a phrase starts at a word start too
    assert index.search("role-zeck").total == 0  # punctuation inside a term makes it a phrase: not "role" AND "zeck"


def test_updates_remove_old_words(index):
    index.update_conversation(_conv("update00000000001", "ferret otter"))
    assert index.search("ferret").total == 1 and index.search("otte").total == 1
    index.update_conversation(_conv("update00000000001", "badger otter"))
    assert index.search("ferret").total == 0 and index.search("ferr").total == 0
    assert index.search("badger otter").total == 1
    assert len(index.search("otter").hits) == 1
    index.update_conversation(_conv("update00000000001", "nothing left"))
    assert index.search("otter").total == 0 and index.search("badger").total == 0


def test_person_updates_keep_the_conversations_own_words(index):
    conv = _conv("update00000000002", "salamander notes")
    index.update_conversation(conv)
    goal = Goal(id="goalupdate0000001", employee_id="someone1", title="learn iguanas", conversation_id=conv.id,
                created_at=NOW)
    index.update_person("someone1", [goal], [])
    assert only_hit(index, "iguana").field == "goal:goalupdate0000001"
    assert index.search("salamander iguanas").total == 1
    index.update_person("someone1", [], [])
    assert index.search("iguana").total == 0
    assert index.search("salamander").total == 1  # its own text stays findable


def test_approximate_total_when_a_phrase_is_not_checked_everywhere(index):
    for n in range(8):
        text = "zorbly quaxwork here" if n % 2 else "quaxwork on the zorbly goal"
        index.update_conversation(_conv(f"approx0000000000{n}", text, days=n))
    res = index.search('"zorbly quaxwork"', limit=2)
    assert len(res.hits) == 2 and res.approximate
    assert res.total == 8  # the candidates (both words), an upper bound
    assert [h.conversation_id for h in res.hits] == ["approx00000000007", "approx00000000005"]
    full = index.search('"zorbly quaxwork"', limit=50)
    assert full.total == 4 and not full.approximate
    assert not index.search("zorbly quaxwork", limit=2).approximate  # no phrase: exact from the index
