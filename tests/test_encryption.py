"""Encryption at rest (#26.3): cc-tui encrypt / decrypt / passphrase on a demo folder through the CLI, tampered and
swapped files, conversions killed midway, the app saving into an encrypted folder, the search child getting its key
through its pipe, and the damaged-file rules on sealed files."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cc_tui.errors import DamagedDataError, StoreError
from cc_tui.models import Goal
from cc_tui.store import Store, backup_folder
from cc_tui.store.convert import (
    data_files,
    encrypt_folder,
    forget_key,
    remember_key,
    unlock,
)
from cc_tui.store.crypto import MAGIC, Cipher, is_sealed, logical_name, read_key_file, unwrap

from .app_support import NOW, cli_in_terminal, fixed_clock, one_error_line, open_conversation, saved, type_text
from .test_store import DAMAGES, _build, _read_all, _target

PASS = "correct horse battery staple"
CHEAP = 2**14  # scrypt cost for tests (the default, 2**17, takes ~0.45 s)
# text the demo puts in people's files, conversations and the index: none of it may be readable on disk
MARKERS = [b"Amara", b"Okafor", b"schema_version", b"employee_ids", b"shared_notes", b"Payments"]


def run(env, *args: str, passphrases: list[str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """``cc-tui ARGS`` as a subprocess; passphrases (one a line) through a pipe given as --passphrase-fd."""
    extra: list[str] = []
    fds: tuple[int, ...] = ()
    read_end = None
    if passphrases is not None:
        read_end, write_end = os.pipe()
        os.write(write_end, "".join(p + "\n" for p in passphrases).encode())
        os.close(write_end)
        extra, fds = ["--passphrase-fd", str(read_end)], (read_end,)
    try:
        result = subprocess.run([sys.executable, "-m", "cc_tui.cli", *args, *extra], capture_output=True, text=True,
                                env=env, timeout=timeout, pass_fds=fds, stdin=subprocess.DEVNULL)
    finally:
        if read_end is not None:
            os.close(read_end)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def demo(tmp_path, env):
    folder = tmp_path / "data"
    assert run(env, "demo", "--data-dir", str(folder)).returncode == 0
    with Store.open(folder, clock=fixed_clock) as s:  # a save more, so that .bak files differ from their files
        person = s.employees()[0]
        s.save_goal(Goal(employee_id=person.id, title="Lead the Payments ledger split", created_at=NOW))
    backup_folder(folder, "before-test", fixed_clock)  # backups/ too, as a migration leaves it
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in data_files(folder)}


def encrypted(env, folder: Path) -> None:
    result = run(env, "encrypt", "--data-dir", str(folder), "--scrypt-n", str(CHEAP), passphrases=[PASS])
    assert result.returncode == 0, result.stderr
    assert "is encrypted" in result.stdout


def test_encrypt_leaves_no_plain_text_anywhere_and_opens_with_the_passphrase(demo, env):
    before = snapshot(demo)
    assert any(p.endswith(".bak") for p in before) and any(p.startswith("backups/") for p in before)
    encrypted(env, demo)
    files = [p for p in demo.rglob("*") if p.is_file()]
    assert snapshot(demo).keys() == before.keys()  # every file is still there, sealed
    for path in files:
        raw = path.read_bytes()
        for marker in MARKERS:
            assert marker not in raw, (path, marker)
        if path.name not in ("key.json", ".lock"):
            assert raw.startswith(MAGIC), path
        assert path.stat().st_mode & 0o777 == 0o600, path
    key = json.loads((demo / "key.json").read_text())
    assert key["kdf"]["name"] == "scrypt" and key["kdf"]["n"] == CHEAP and key["state"] == "encrypted"
    listed = run(env, "people", "list", "--data-dir", str(demo), passphrases=[PASS])
    assert listed.returncode == 0 and "Amara Okafor" in listed.stdout
    wrong = run(env, "people", "list", "--data-dir", str(demo), passphrases=["not the passphrase"])
    assert one_error_line(wrong) == f"cc-tui: Wrong passphrase for {demo}."
    no_terminal = run(env, "people", "list", "--data-dir", str(demo))
    assert "encrypted" in one_error_line(no_terminal)
    # the plain path never reads a sealed folder as if it were plain
    with pytest.raises(StoreError, match="is encrypted"):
        Store.open(demo)


def test_decrypt_gives_back_every_file_byte_for_byte(demo, env):
    before = snapshot(demo)
    encrypted(env, demo)
    wrong = run(env, "decrypt", "--data-dir", str(demo), passphrases=["nope nope nope"])
    assert "Wrong passphrase" in one_error_line(wrong)
    result = run(env, "decrypt", "--data-dir", str(demo), passphrases=[PASS])
    assert result.returncode == 0, result.stderr
    assert snapshot(demo) == before
    assert not (demo / "key.json").exists()
    with Store.open(demo) as s:
        assert any(e.name == "Amara Okafor" for e in s.employees())


def test_passphrase_change_rewraps_only_the_key_file(demo, env):
    encrypted(env, demo)
    sealed = snapshot(demo)
    key_before = (demo / "key.json").read_bytes()
    bad = run(env, "passphrase", "--data-dir", str(demo), "--scrypt-n", str(CHEAP),
              passphrases=["wrong wrong", "new passphrase 2"])
    assert "Wrong passphrase" in one_error_line(bad)
    short = run(env, "passphrase", "--data-dir", str(demo), passphrases=[PASS, "short"])
    assert "at least 8" in one_error_line(short)
    ok = run(env, "passphrase", "--data-dir", str(demo), "--scrypt-n", str(CHEAP),
             passphrases=[PASS, "new passphrase 2"])
    assert ok.returncode == 0, ok.stderr
    assert snapshot(demo) == sealed
    assert (demo / "key.json").read_bytes() != key_before
    assert "Wrong passphrase" in one_error_line(run(env, "people", "list", "--data-dir", str(demo),
                                                    passphrases=[PASS]))
    assert run(env, "people", "list", "--data-dir", str(demo), passphrases=["new passphrase 2"]).returncode == 0


def _cipher(folder: Path, passphrase: str = PASS) -> Cipher:
    return unlock(folder, lambda: passphrase)


def test_a_flipped_byte_is_one_line_naming_the_file_and_it_is_never_overwritten(demo, env):
    encrypted(env, demo)
    cipher = _cipher(demo)
    with Store.open(demo, cipher=cipher) as s:
        person = s.employees()[0]
        conv_id = s.history(person.id)[0].id
    path = demo / "conversations" / f"{conv_id}.json"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))
    with Store.open(demo, cipher=cipher) as s:
        with pytest.raises(DamagedDataError) as info:
            s.conversation(conv_id)
        message = str(info.value)
        assert str(path) in message and "\n" not in message and "does not decrypt" in message
        assert f"{path}.bak" in message or info.value.backup is None
    assert path.read_bytes() == bytes(raw)
    # the search index skips it and says so; it does not stop
    from cc_tui.search import SearchIndex

    index = SearchIndex.build(demo, cipher=cipher)
    assert any(str(path) in p for p in index.problems)
    # the person's file flipped: a save to it is refused, the file kept as it is
    person_path = demo / "people" / f"{person.id}.json"
    raw = bytearray(person_path.read_bytes())
    raw[-1] ^= 0x80
    person_path.write_bytes(bytes(raw))
    with Store.open(demo, cipher=cipher) as s:
        with pytest.raises(DamagedDataError):
            s.save_goal(Goal(employee_id=person.id, title="would overwrite", created_at=NOW))
    assert person_path.read_bytes() == bytes(raw)


def test_swapped_files_and_a_file_from_another_folder_do_not_open(demo, env, tmp_path):
    encrypted(env, demo)
    cipher = _cipher(demo)
    a, b = sorted((demo / "conversations").glob("*.json"))[:2]
    raw_a, raw_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(raw_b)
    b.write_bytes(raw_a)
    with Store.open(demo, cipher=cipher) as s:
        for path in (a, b):
            with pytest.raises(DamagedDataError, match="another file's or folder's") as info:
                s.conversation(path.stem)
            assert info.value.path == str(path)
    a.write_bytes(raw_a)
    b.write_bytes(raw_b)
    # the same person's folder encrypted again under another key: its files are of no use here
    other = tmp_path / "other"
    shutil.copytree(demo, other)
    run(env, "decrypt", "--data-dir", str(other), passphrases=[PASS])
    run(env, "encrypt", "--data-dir", str(other), "--scrypt-n", str(CHEAP), passphrases=[PASS])
    shutil.copyfile(other / "conversations" / a.name, a)
    with Store.open(demo, cipher=cipher) as s:
        with pytest.raises(DamagedDataError, match="does not decrypt"):
            s.conversation(a.stem)
    # a plain file put into an encrypted folder is refused too
    plain = json.dumps({"conversation": {}}).encode()
    a.write_bytes(plain)
    with Store.open(demo, cipher=cipher) as s:
        with pytest.raises(DamagedDataError, match="not encrypted, though the folder is"):
            s.conversation(a.stem)


def test_logical_names_tie_a_file_its_bak_and_its_backup_copies():
    root = Path("/d")
    assert logical_name(root, root / "conversations" / "x.json") == "conversations/x.json"
    assert logical_name(root, root / "conversations" / "x.json.bak") == "conversations/x.json"
    assert logical_name(root, root / "backups" / "s-l" / "conversations" / "x.json") == "conversations/x.json"
    assert logical_name(root, root / "index.json") == "index.json"


@pytest.mark.parametrize("which", ["index", "person", "conversation"])
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_file_rules_hold_sealed(tmp_path, which, damage):
    """test_store's damaged-file test on an encrypted folder: the damage done to the plain text (then sealed, as a
    bug would write it) or to the sealed bytes is one line naming the file, and the file is never changed."""
    folder = tmp_path / "data"
    e, conv = _build(folder)
    encrypt_folder(folder, lambda: PASS, lambda: PASS, n=CHEAP)
    cipher = _cipher(folder)
    path = _target(folder, which, e, conv)
    plain = cipher.open(path, path.read_bytes())
    bads = [cipher.seal(path, DAMAGES[damage](plain))]
    try:
        bads.append(DAMAGES[damage](path.read_bytes()))  # the same done to the sealed bytes, where it can be
    except ValueError:
        pass
    for bad in bads:
        path.write_bytes(bad)
        with pytest.raises(DamagedDataError) as info:
            with Store.open(folder, clock=fixed_clock, cipher=cipher) as s:
                s.employees()
                s.goals(e.id)
                s.history(e.id)
                s.conversation(conv.id)
        assert info.value.path == str(path) and "\n" not in str(info.value)
        assert path.read_bytes() == bad
    path.write_bytes(cipher.seal(path, plain))
    with Store.open(folder, clock=fixed_clock, cipher=cipher):
        pass
    with pytest.raises(StoreError, match="is encrypted"):
        _read_all(folder, e, conv)


def _state(folder: Path) -> str | None:
    try:
        return read_key_file(folder).state
    except StoreError:
        return None


def _kill_midway(env, args: list[str], folder: Path, state: str, sealed: bool, rng: random.Random) -> bool:
    """Run the conversion; SIGKILL it once the key file says ``state`` and some file already is (``sealed``) as the
    conversion makes them, a few ms later; True if it was killed before it finished."""
    read_end, write_end = os.pipe()
    os.write(write_end, (PASS + "\n").encode())
    os.close(write_end)
    proc = subprocess.Popen([sys.executable, "-m", "cc_tui.cli", *args, "--passphrase-fd", str(read_end)],
                            env=env, pass_fds=(read_end,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(read_end)
    conversations = sorted((folder / "conversations").glob("*.json"))
    deadline = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < deadline:
        if _state(folder) == state and any(is_sealed(p.read_bytes()[:8]) == sealed for p in conversations):
            time.sleep(rng.uniform(0, 0.03))
            break
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=30)
    assert b"Traceback" not in err
    return proc.returncode == -signal.SIGKILL


def test_a_conversion_killed_midway_is_finished_by_the_next_run_and_nothing_is_lost(demo, env):
    # more files, so that a kill lands in the middle of the conversion
    with Store.open(demo, clock=fixed_clock) as s:
        person = s.employees()[1]
        for n in range(60):
            s.save_goal(Goal(employee_id=person.id, title=f"goal {n}", created_at=NOW))
    for n in range(40):
        shutil.copyfile(next((demo / "conversations").glob("*.json")), demo / "backups" / f"extra{n}.json")
    before = snapshot(demo)
    rng = random.Random(26)
    killed = {"encrypting": 0, "decrypting": 0}
    for _ in range(4):
        _kill_midway(env, ["encrypt", "--data-dir", str(demo), "--scrypt-n", str(CHEAP)], demo, "encrypting", True,
                     rng)
        if _state(demo) == "encrypting":
            killed["encrypting"] += 1
            cipher = Cipher(unwrap(read_key_file(demo), PASS, demo), demo)
            with pytest.raises(StoreError, match="run 'cc-tui encrypt' again"):
                Store.open(demo, cipher=cipher)
            with pytest.raises(StoreError):
                Store.open(demo)
        if _state(demo) != "encrypted":
            assert run(env, "encrypt", "--data-dir", str(demo), "--scrypt-n", str(CHEAP),
                       passphrases=[PASS]).returncode == 0
        assert all(is_sealed(raw) for raw in snapshot(demo).values())
        _kill_midway(env, ["decrypt", "--data-dir", str(demo)], demo, "decrypting", False, rng)
        if _state(demo) == "decrypting":
            killed["decrypting"] += 1
        if (demo / "key.json").exists():
            assert run(env, "decrypt", "--data-dir", str(demo), passphrases=[PASS]).returncode == 0
        assert snapshot(demo) == before
    assert killed["encrypting"] >= 2 and killed["decrypting"] >= 2, killed  # the loop did interrupt conversions


def test_a_new_folder_can_start_encrypted(tmp_path, env):
    folder = tmp_path / "new"
    encrypted(env, folder)
    assert is_sealed((folder / "index.json").read_bytes())
    added = run(env, "people", "add", "Zoe Quinn", "--data-dir", str(folder), passphrases=[PASS])
    assert added.returncode == 0, added.stderr
    assert all(b"Zoe" not in raw for raw in snapshot(folder).values())
    assert "Zoe Quinn" in run(env, "people", "list", "--data-dir", str(folder), passphrases=[PASS]).stdout
    again = run(env, "encrypt", "--data-dir", str(folder), passphrases=[PASS])
    assert "encrypted already" in one_error_line(again)


def test_encrypt_without_a_terminal_asks_for_the_new_passphrase_not_the_folders(demo, env):
    """encrypt with no terminal and no --passphrase-fd said "The data folder is encrypted and there is no terminal
    to ask its passphrase on": it was not encrypted, and the passphrase it lacked was the new one."""
    before = snapshot(demo)
    line = one_error_line(run(env, "encrypt", "--data-dir", str(demo), "--scrypt-n", str(CHEAP)))
    assert "new passphrase" in line and "is encrypted" not in line and "Nothing was changed" in line
    assert snapshot(demo) == before


def test_the_keyring_opens_without_the_passphrase_and_forget_key_removes_it(demo, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        kept: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.kept.get((service, username))

        def set_password(self, service, username, password):
            self.kept[(service, username)] = password

        def delete_password(self, service, username):
            del self.kept[(service, username)]

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        data_key, _ = encrypt_folder(demo, lambda: PASS, lambda: PASS, n=CHEAP)
        remember_key(demo, data_key)
        assert list(Memory.kept.values()) and PASS not in str(Memory.kept)

        def never() -> str:
            raise AssertionError("asked for the passphrase")

        with Store.open(demo, cipher=unlock(demo, never)) as s:
            assert s.employees()
        assert forget_key(demo) and not Memory.kept
        with pytest.raises(AssertionError, match="asked"):
            unlock(demo, never)
        # a key in the keyring that is not this folder's is refused with one line, never used to write
        remember_key(demo, data_key)
        Memory.kept[next(iter(Memory.kept))] = __import__("base64").b64encode(b"k" * 32).decode()
        with pytest.raises(StoreError, match="does not open it"):
            unlock(demo, never)
    finally:
        keyring.set_keyring(previous)


async def test_the_app_saves_sealed_files_into_an_encrypted_folder(demo):
    from cc_tui.app import make_app

    encrypt_folder(demo, lambda: PASS, lambda: PASS, n=CHEAP)
    cipher = _cipher(demo)
    store = Store.open(demo, clock=fixed_clock, cipher=cipher)
    app = make_app(store, clock=fixed_clock, guides=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot, stage="f2")
        await type_text(pilot, "zebra-crossing-marker")
        await saved(app)
        conv_id = screen.conv.id
        assert "zebra-crossing-marker" in screen.conv.shared_notes
    app.saver.stop(2.0)
    store.close()
    path = demo / "conversations" / f"{conv_id}.json"
    raw = path.read_bytes()
    assert is_sealed(raw) and b"zebra" not in raw
    assert b"zebra-crossing-marker" in cipher.open(path, raw)
    for raw in snapshot(demo).values():
        assert is_sealed(raw) and b"zebra" not in raw


def test_the_search_child_gets_the_key_through_its_pipe(demo):
    from cc_tui.search import SearchIndex
    from cc_tui.search_build import build_in_child

    plain = SearchIndex.build(demo)
    encrypt_folder(demo, lambda: PASS, lambda: PASS, n=CHEAP)
    cipher = _cipher(demo)
    seen: list[list[str]] = []
    index = build_in_child(demo, cipher=cipher, started=lambda proc: seen.append(list(proc.args)))
    assert not index.problems
    assert index._ids == plain._ids
    assert index.search("promotion").total == plain.search("promotion").total > 0
    hit = index.search("promotion").hits[0]  # the hit is verified against the (sealed) file itself
    assert hit.conversation_id in plain._ids and "promotion" in hit.snippet.casefold()
    (args,) = seen
    assert cipher.key.hex() not in " ".join(args) and args[-1] == "--key-stdin"
    # without the key the child cannot read the folder: every file is a problem, nothing is indexed
    assert build_in_child(demo).search("promotion").total == 0


def test_erase_works_in_an_encrypted_folder_and_keeps_it_sealed(demo):
    encrypt_folder(demo, lambda: PASS, lambda: PASS, n=CHEAP)
    cipher = _cipher(demo)
    with Store.open(demo, clock=fixed_clock, cipher=cipher) as s:
        person = next(e for e in s.employees() if e.name == "Amara Okafor")
        s.erase_person(person.id)
        assert all(e.name != "Amara Okafor" for e in s.employees())
    for rel, raw in snapshot(demo).items():
        assert is_sealed(raw), rel
        assert b"Amara" not in cipher.open(demo / rel, raw), rel


def test_a_plain_folder_is_unchanged_and_refuses_a_key(tmp_path):
    folder = tmp_path / "plain"
    with Store.open(folder, clock=fixed_clock):
        pass
    assert not (folder / "key.json").exists()
    assert (folder / "index.json").read_bytes().startswith(b"{")
    with pytest.raises(StoreError, match="not encrypted"):
        Store.open(folder, cipher=Cipher(b"k" * 32, folder))


async def test_home_says_it_is_unlocking_then_shows_the_people(demo):
    from cc_tui.app import make_app

    from .app_support import screen_text, settle

    encrypt_folder(demo, lambda: PASS, lambda: PASS, n=CHEAP)
    released = __import__("threading").Event()

    def slow_unlock() -> Cipher:
        released.wait(10)
        return _cipher(demo)

    store = Store.open_unlocking(demo, slow_unlock, clock=fixed_clock)
    app = make_app(store, clock=fixed_clock, guides=None, index_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert store.unlocking and "Unlocking the encrypted data folder" in screen_text(app)
        released.set()
        assert await __import__("asyncio").to_thread(store.wait_unlocked, 10)
        await settle(pilot)
        text = screen_text(app)
        assert "Amara Okafor" in text and "Unlocking" not in text
    app.saver.stop(2.0)
    store.close()


@pytest.mark.parametrize("when", ["after the first frame", "before the app started"])
async def test_a_wrong_passphrase_closes_the_app_with_one_line(demo, when):
    """As ``run_app`` does it, the key is unlocked once the app has drawn its first frame (``start=False``); an unlock
    that failed before the app started (the thread was quicker than the app) closes it too: it once stayed open on
    home, with nothing to show, and this test ran past 5 s, then 20 s, in whole-suite runs."""
    from cc_tui.app import make_app

    encrypt_folder(demo, lambda: PASS, lambda: PASS, n=CHEAP)
    early = when == "before the app started"
    store = Store.open_unlocking(demo, lambda: _cipher(demo, "a wrong passphrase"), clock=fixed_clock, start=early)
    if early:
        assert not store.wait_unlocked(10) and not store.unlocking
    app = make_app(store, clock=fixed_clock, guides=None, index_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):  # ~0.3 s; up to 10 s allowed on a busy machine
            await pilot.pause(0.05)
            if app.return_code is not None:
                break
    assert app.return_code == 1
    assert str(store.unlock_error) == f"Wrong passphrase for {demo}."
    with pytest.raises(StoreError, match="Wrong passphrase"):
        store.employees()
    store.close()
    with Store.open(demo, cipher=_cipher(demo)) as s:  # the folder's lock was let go
        assert s.employees()


def test_the_app_command_asks_the_passphrase_first_and_says_a_wrong_one_in_one_line(demo, env, monkeypatch):
    """cc-tui (the app) on an encrypted folder, as the benchmark runs it headless: a wrong passphrase from the pipe
    ends it with exit 1 and one line, after the first frame; the right one shows home."""
    from benchmarks.app_bench import CC

    encrypt_folder(demo, lambda: PASS, lambda: PASS, n=CHEAP)
    code = CC.replace('main(["--data-dir", sys.argv[1]])', 'main(["--data-dir", sys.argv[1], *sys.argv[2:]])')
    env = dict(env, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    for passphrase, expect in ((PASS, 0), ("wrong passphrase!", 1)):
        read_end, write_end = os.pipe()
        os.write(write_end, (passphrase + "\n").encode())
        os.close(write_end)
        result = subprocess.run([sys.executable, "-c", code, str(demo), "--passphrase-fd", str(read_end)],
                                capture_output=True, text=True, env=env, timeout=60, pass_fds=(read_end,),
                                stdin=subprocess.DEVNULL)
        os.close(read_end)
        assert result.returncode == expect, result.stderr
        if expect == 0:
            assert "home rows: " in result.stdout
        else:
            assert one_error_line(result) == f"cc-tui: Wrong passphrase for {demo}."


def test_a_store_closed_before_its_unlock_began_never_unlocks(demo):
    encrypt_folder(demo, lambda: PASS, lambda: PASS, n=CHEAP)
    calls: list[int] = []
    store = Store.open_unlocking(demo, lambda: calls.append(1) or _cipher(demo), start=False)
    assert store.unlocking
    store.close()
    assert not store.unlocking and not calls and store.unlock_error is None
    with Store.open(demo, cipher=_cipher(demo)) as s:  # nothing holds the folder
        assert s.employees()


def test_retention_works_in_an_encrypted_folder_and_keeps_it_sealed(demo):
    """The retention purge (#26.2) reads and rewrites the files themselves: sealed in, sealed out."""
    from datetime import timedelta

    from cc_tui.store.retention import apply_retention, plan_retention

    encrypt_folder(demo, lambda: PASS, lambda: PASS, n=CHEAP)
    cipher = _cipher(demo)
    with Store.open(demo, clock=fixed_clock, cipher=cipher) as s:
        plan = plan_retention(s, NOW + timedelta(days=3650), private_notes_months=1, conversations_months=None)
        assert not plan.empty
        apply_retention(s, plan)
        for cid in s.iter_conversation_ids():
            assert not s.conversation(cid).private_notes
    for rel, raw in snapshot(demo).items():
        assert is_sealed(raw), rel
        if "conversations/" in rel:  # the conversations' private notes (a person's own are in the index)
            assert b'"private_notes":"' not in cipher.open(demo / rel, raw).replace(b'"private_notes":""', b""), rel


def test_in_a_terminal_the_passphrase_is_asked_twice_unechoed_and_never_shown(tmp_path, env):
    folder = tmp_path / "data"
    args = ["encrypt", "--data-dir", str(folder), "--scrypt-n", str(CHEAP)]
    out, code = cli_in_terminal(args, [(b"New passphrase: ", PASS.encode() + b"\n"),
                                    (b"New passphrase again: ", b"something else\n")], env)
    assert code == 1 and "The two passphrases differ; nothing was changed." in out
    assert not (folder / "key.json").exists()
    out, code = cli_in_terminal(args, [(b"New passphrase: ", PASS.encode() + b"\n"),
                                    (b"New passphrase again: ", PASS.encode() + b"\n")], env)
    assert code == 0 and "is encrypted" in out and PASS not in out  # getpass: nothing echoed
    out, code = cli_in_terminal(["people", "list", "--data-dir", str(folder)],
                             [(b"Passphrase for ", PASS.encode() + b"\n")], env)
    assert code == 0 and PASS not in out
    # nothing is made where there was nothing: a refused encrypt leaves no folder, decrypt needs an encrypted one
    other = tmp_path / "never"
    out, code = cli_in_terminal(["encrypt", "--data-dir", str(other)], [(b"New passphrase: ", b"short\n")], env)
    assert code == 1 and "at least 8" in out and not other.exists()
    assert "is not encrypted" in one_error_line(run(env, "decrypt", "--data-dir", str(other), passphrases=[PASS]))
    assert not other.exists()


@pytest.mark.parametrize("change", [
    lambda k: {**k, "wrapped": "AAAA"},
    lambda k: {**k, "key_id": "ü" * 32},
    lambda k: {**k, "kdf": {**k["kdf"], "n": 2**40}},
    lambda k: {**k, "kdf": {**k["kdf"], "name": "md5"}},
    lambda k: {**k, "state": "half"},
    lambda k: "not an object",
], ids=["short wrapped key", "key id", "scrypt cost", "kdf", "state", "not an object"])
def test_a_damaged_key_file_is_one_line_and_left_as_it_is(demo, env, change):
    encrypt_folder(demo, lambda: PASS, lambda: PASS, n=CHEAP)
    path = demo / "key.json"
    path.write_text(json.dumps(change(json.loads(path.read_text()))))
    before = path.read_bytes()
    line = one_error_line(run(env, "people", "list", "--data-dir", str(demo), passphrases=[PASS]))
    assert "key.json is damaged" in line
    assert path.read_bytes() == before
