"""``cc-tui serve`` on the command line: refusals are one readable line and exit 1, before anything listens."""

from __future__ import annotations

import socket
from pathlib import Path

from cc_tui.serve import Gate, new_token
from cc_tui.serve_cli import is_loopback
from cc_tui.store import Store

from .app_support import one_error_line


def test_another_host_needs_allow_remote(cli, tmp_path: Path) -> None:
    result = cli("serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1
    line = one_error_line(result)
    assert "--allow-remote" in line and "read the notes" in line
    assert not (tmp_path / "data").exists()


def test_a_busy_port_and_a_bad_port_are_one_line(cli, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1
    assert f"127.0.0.1:{port}" in one_error_line(result)
    result = cli("serve", "--port", "70000", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1 and "1 to 65535" in one_error_line(result)


def test_a_folder_another_cc_tui_uses_is_refused_at_once(cli, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder):
        result = cli("serve", "--data-dir", str(folder))
    assert result.returncode == 1
    assert "already using" in one_error_line(result)


def test_a_folder_the_tab_could_not_open_is_refused_at_once(cli, env, tmp_path: Path) -> None:
    """The tab stayed blank and serve said only "Application failed to start": a damaged index, or an encrypted
    folder whose key is not in the keyring (a tab has no terminal to ask the passphrase on). One line, at once."""
    from .test_encryption import CHEAP, PASS, run

    damaged = tmp_path / "damaged"
    cli("people", "add", "Ana Lima", "--data-dir", str(damaged), ok=True)
    (damaged / "index.json").write_bytes((damaged / "index.json").read_bytes()[:40])
    line = one_error_line(cli("serve", "--data-dir", str(damaged), "--port", "0"))
    assert "index.json" in line and "damaged" in line
    sealed = tmp_path / "sealed"
    assert run(env, "encrypt", "--data-dir", str(sealed), "--scrypt-n", str(CHEAP), passphrases=[PASS]).returncode == 0
    line = one_error_line(cli("serve", "--data-dir", str(sealed), "--port", "0"))
    assert "encrypted" in line and "remember-key" in line


def test_the_gate_admits_only_the_whole_token() -> None:
    token = new_token()
    assert len(token) >= 43  # 32 random bytes, base64url: 256 bits
    gate = Gate(token)
    assert gate.admits(f"/{token}/")
    assert gate.admits(f"/{token}/ws?width=80&height=24")
    for path in ("/", "", f"/{token[:-1]}/", f"/{token}x/", f"/x/{token}/", f"//{token}/", "/é/", f"/{token.upper()}/"):
        assert not gate.admits(path), path
    assert new_token() != token


def test_loopback_names() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.4", "::", "example.com", ""]))


def test_allow_remote_warns_that_others_could_read_the_notes(env, tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "cc_tui.cli", "serve", "--host", "0.0.0.0", "--allow-remote",
                             "--data-dir", str(tmp_path / "data")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stderr is not None
        address = proc.stdout.readline()
        assert address.startswith("cc-tui is served at http://0.0.0.0:")
        warning = proc.stderr.readline()
        assert "warning" in warning and "read and change every note" in warning and "not encrypted" in warning
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in out + err
