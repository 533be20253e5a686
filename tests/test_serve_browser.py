"""``cc-tui serve`` in a real browser: Debian's headless Chromium driven through chromedriver (selenium).

The server runs as a subprocess on a temporary data folder, exactly as a manager starts it. The browser opens the
printed address; the test reads what the app sent to the tab (the websocket's frames, recorded by a script the
browser runs before the page's own), types into the terminal like a user, closes the tab, and reads the note back
from the files on disk. The same address without its secret gets 403 and nothing of the app.

Chromium comes from ``.ci/run`` (apt-get as root), or from the test itself when run as root without it. Only where it
cannot be installed (not root, or no apt-get) is the test skipped, with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cc_tui.store import Store

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")

RECORD_FRAMES = """
window.__ccFrames = [];
const Original = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const socket = protocols === undefined ? new Original(url) : new Original(url, protocols);
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') { window.__ccFrames.push(Array.from(new Uint8Array(event.data))); }
  });
  return socket;
};
window.WebSocket.prototype = Original.prototype;
"""


def _browser_or_skip() -> None:
    """Chromium is there (``.ci/run`` installs it), or installable here (root with apt-get: installed now, so that the
    README's test command alone is enough), or the test is skipped with the reason."""
    if os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-q", "chromium", "chromium-driver"]
        done = subprocess.run(install, capture_output=True, env=env, timeout=900).returncode == 0
        if not done:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env, timeout=900)
            done = subprocess.run(install, capture_output=True, env=env, timeout=900).returncode == 0
        if done and os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER):
            return
        pytest.fail("chromium and chromium-driver could not be installed with apt-get (root); the browser test needs them")
    pytest.skip("no browser: the browser test needs Debian's chromium and chromium-driver, which only root can "
                "install with apt-get (.ci/run and this test do so when run as root)")


class Served:
    """``cc-tui serve`` as a subprocess; its first line is the address."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cc_tui.cli", "serve", "--data-dir", str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/([A-Za-z0-9_-]+)/", first)
        assert match, first + (self.proc.stderr.read() if self.proc.poll() is not None else "")  # type: ignore[union-attr]
        self.origin, self.token = match.group(1), match.group(2)
        self.address = f"{self.origin}/{self.token}/"

    def stop(self) -> tuple[int, str, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, out, err


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.fixture
def served(tmp_path: Path, env: dict[str, str], cli):
    folder = tmp_path / "data"
    cli("people", "add", "Ada Lovelace", "--role", "Engineer", "--data-dir", str(folder), ok=True)
    cli("people", "add", "Grace Hopper", "--role", "Architect", "--data-dir", str(folder), ok=True)
    server = Served(folder, env)
    yield server, folder
    if server.proc.poll() is None:
        server.proc.kill()
        server.proc.wait(10)


@pytest.fixture
def browser(tmp_path: Path):
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,900", f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_FRAMES})
    try:
        yield driver
    finally:
        driver.quit()


def _shown(driver) -> str:
    frames = driver.execute_script("return (window.__ccFrames || []).flat()")
    return ESCAPES.sub("", bytes(frames).decode("utf-8", "replace"))


def _wait_for(driver, text: str, timeout: float = 40.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in _shown(driver):
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never reached the browser: {_shown(driver)[-2500:]!r}")


def _newest_notes(folder: Path, name: str) -> str | None:
    with Store.open(folder, lock=False) as store:
        person = store.find_employee(name)
        history = store.history(person.id)
        return store.conversation(history[0].id).shared_notes if history else None


def test_the_app_in_a_browser_tab_saves_what_is_typed(served, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    server, folder = served
    browser.get(server.address)
    _wait_for(browser, "Ada Lovelace")
    assert "Grace Hopper" in _shown(browser)
    assert "http" not in browser.page_source.replace(server.origin, "")  # nothing loaded from elsewhere (offline)

    browser.find_element(By.ID, "terminal").click()
    keyboard = browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    time.sleep(0.5)
    keyboard.send_keys("s")  # start the first person's conversation
    _wait_for(browser, "Prep")
    time.sleep(0.5)
    keyboard.send_keys(Keys.F2)  # the discussion: shared notes
    _wait_for(browser, "Shared notes")
    time.sleep(0.5)
    marker = "typed in the browser tab, then closed"
    keyboard.send_keys(marker)
    _wait_for(browser, marker)

    started = [name for name in ("Ada Lovelace", "Grace Hopper") if _newest_notes(folder, name) is not None]
    assert len(started) == 1, started  # one conversation was started (the first row's)

    browser.get("about:blank")  # the tab leaves: the websocket closes, the app saves and quits
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _newest_notes(folder, started[0]) != marker:
        time.sleep(0.2)
    assert _newest_notes(folder, started[0]) == marker

    code, out, err = server.stop()
    assert code == 0, err
    assert "saved" in out and "Traceback" not in out + err
    assert server.token not in out  # only in the address line it printed first; no log line carries it
    assert server.token not in err


def test_without_the_secret_the_server_answers_403_and_shows_nothing(served, browser) -> None:
    server, _folder = served
    for path in ("/", "/ws", "/static/js/textual.js", f"/{server.token[:-1]}/", f"/{server.token}x/",
                 "/" + "A" * len(server.token) + "/"):
        status, body = _get(server.origin + path)
        assert status == 403, path
        assert "Ada" not in body and "terminal" not in body and server.token not in body
    browser.get(server.origin + "/")
    assert "403" in browser.page_source and "Ada" not in browser.page_source
    assert _shown(browser) == ""  # no app was started for that page

    # a websocket opened by another site's page is refused even with the secret (the Origin is not this server)
    status, _ = _get(f"{server.address}ws", headers={"Origin": "http://evil.example", "Connection": "Upgrade",
                                                     "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                                                     "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    assert status == 403
    status, body = _get(server.address)
    assert status == 200 and "textual-terminal" in body


def test_the_secret_is_on_no_command_line_and_in_no_environment(served, browser) -> None:
    server, _folder = served
    browser.get(server.address)
    _wait_for(browser, "Ada Lovelace")
    seen = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes() if "cc_tui" in cmdline.decode("utf-8", "replace") else b""
        except OSError:
            continue
        if b"cc_tui" in cmdline:
            seen += 1
        assert server.token.encode() not in cmdline + environ, cmdline
    assert seen >= 2  # the server and the tab's app


def _tab_app_pids(folder: Path) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"cc_tui" in cmdline and str(folder).encode() in cmdline and b"serve" not in cmdline:
            pids.append(int(entry.name))
    return pids


def test_a_reload_reopens_and_a_killed_server_still_leaves_the_note_saved(served, browser) -> None:
    from selenium.webdriver.common.by import By

    server, folder = served
    browser.get(server.address)
    _wait_for(browser, "Ada Lovelace")
    browser.refresh()  # the old tab's app saves and closes; the new one waits for the folder, then opens
    _wait_for(browser, "Grace Hopper")
    browser.find_element(By.ID, "terminal").click()
    keyboard = browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    time.sleep(0.5)
    keyboard.send_keys("s")
    _wait_for(browser, "Prep")
    from selenium.webdriver.common.keys import Keys

    keyboard.send_keys(Keys.F2)
    _wait_for(browser, "Shared notes")
    marker = "the server was killed after this"
    keyboard.send_keys(marker)
    _wait_for(browser, marker)
    [app_pid] = _tab_app_pids(folder)
    server.proc.kill()  # kill -9: no chance to ask the app to quit; the app sees its input pipe close
    server.proc.wait(10)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and Path(f"/proc/{app_pid}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{app_pid}").exists() or b"Z" in Path(f"/proc/{app_pid}/stat").read_bytes().split()[2]
    started = [name for name in ("Ada Lovelace", "Grace Hopper") if _newest_notes(folder, name) is not None]
    assert [_newest_notes(folder, name) for name in started] == [marker]
    with Store.open(folder):  # the lock was released: a new cc-tui can open the folder
        pass
