"""cc-tui in a browser tab: the web server behind ``cc-tui serve``.

textual-serve runs the app in a child process per browser tab and relays its screen over a websocket. This module
puts a gate in front of it and keeps it on this machine:

- **A secret in the address.** A random token of 256 bits is the first part of every path (``/TOKEN/``,
  ``/TOKEN/ws``, ``/TOKEN/static/…``); anything else is answered ``403`` with one line and nothing of the app. The
  token is compared in constant time (:func:`hmac.compare_digest`), made in this process (never on a command line or
  in the child's environment), and never logged (no access log; every log line passes :class:`Redacting`).
- **Loopback by default**; another host only when the caller says so (see ``serve_cli``).
- **Offline**: the page (``serve_page.html``) loads only the files textual-serve ships, from this server.
- **One tab at a time**, because one cc-tui at a time owns a data folder: a second tab waits for the first to close
  (a reload closes the old tab's app first), then is told why it cannot open.
- **Closing the tab saves**: the websocket closes, textual-serve asks the app to quit, and the app saves as when its
  terminal closes. Stopping the server (Ctrl+C, SIGTERM) does the same for the open tab before it exits; the server
  killed outright closes the app's input pipe, which the app watches (``terminal_watch``).
"""

from __future__ import annotations

import asyncio
import hmac
import html
import json
import logging
import re
import secrets
import shlex
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

TOKEN_BYTES = 32  # 256 bits of randomness (the issue asks for at least 128)
STATICS = (Path(textual_serve.__file__).parent / "static").resolve()
PAGE = Path(__file__).with_name("serve_page.html")
TURN_WAIT = 10.0  # seconds a new tab waits for the previous tab's app to save and close
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # a link opened from a note never carries the address (and its token) along
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
FORBIDDEN = "403 Forbidden: this address needs the secret part that 'cc-tui serve' printed.\n"
BUSY = (
    "\r\n  cc-tui is already open in another tab or browser.\r\n"
    "  One cc-tui at a time uses a data folder: close that tab (it saves), then reload this one.\r\n"
)
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def app_command(args: Sequence[str]) -> str:
    """The shell command textual-serve runs for each tab: this Python, this package, the given options (no token)."""
    return shlex.join([sys.executable, "-m", "cc_tui", *args])


class Redacting(logging.Formatter):
    """One plain line per log record, the token replaced, no traceback (tracebacks may show a request's path)."""

    def __init__(self, token: str) -> None:
        super().__init__("cc-tui serve: %(message)s")
        self._token = token

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        record.exc_info = record.exc_text = record.stack_info = None
        return super().format(record).replace(self._token, "<secret>")


class Gate:
    """The token check: constant time, on the first part of the raw path."""

    def __init__(self, token: str) -> None:
        self._token = token.encode("ascii")

    def admits(self, raw_path: str) -> bool:
        first = raw_path.split("?", 1)[0].split("/")[1:2]
        candidate = first[0].encode("utf-8", "surrogateescape") if first else b""
        return hmac.compare_digest(candidate, self._token)


class WebServer:
    """The aiohttp application: the gate, the page, the static files and the websocket of the one open tab."""

    def __init__(self, command: str, token: str, *, title: str = "cc-tui") -> None:
        self.command = command
        self.token = token
        self.gate = Gate(token)
        self.title = title
        self.downloads = DownloadManager()
        self.sessions: set[AppService] = set()
        self._turn = asyncio.Lock()
        self._page = PAGE.read_text(encoding="utf-8")

    # ------------------------------------------------------------------ the application

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes([
            web.get("/{token}", self._to_page),
            web.get("/{token}/", self._index),
            web.get("/{token}/ws", self._websocket),
            web.get("/{token}/static/{path:.+}", self._static),
        ])
        app.on_shutdown.append(self.close_sessions)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        if not self.gate.admits(request.rel_url.raw_path):
            return web.Response(status=403, text=FORBIDDEN, headers=SECURITY_HEADERS)
        response = await handler(request)
        if not isinstance(response, web.WebSocketResponse) and not response.prepared:
            response.headers.update(SECURITY_HEADERS)
        return response

    async def _to_page(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"/{self.token}/")

    async def _index(self, request: web.Request) -> web.StreamResponse:
        host = request.host
        if not _HOST.match(host):
            return web.Response(status=400, text="400 Bad Request: an unusual Host header.\n")
        try:
            font_size = max(8, min(40, int(request.query.get("fontsize", "16"))))
        except ValueError:
            font_size = 16
        values = {
            "static": f"/{self.token}/static/",
            "websocket": f"ws://{host}/{self.token}/ws",
            "font_size": str(font_size),
        }
        page = self._page
        for key, value in values.items():
            page = page.replace("{{" + key + "}}", html.escape(value, quote=True))
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    async def _static(self, request: web.Request) -> web.StreamResponse:
        target = (STATICS / request.match_info["path"]).resolve()
        if not target.is_relative_to(STATICS) or not target.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(target)

    # ------------------------------------------------------------------ the tab's app

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin and urlsplit(origin).netloc != request.host:  # another site's page cannot drive the app
            return web.Response(status=403, text=FORBIDDEN, headers=SECURITY_HEADERS)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        try:
            await asyncio.wait_for(self._turn.acquire(), TURN_WAIT)
        except TimeoutError:
            await websocket.send_bytes(BUSY.encode())
            await websocket.close()
            return websocket
        service: AppService | None = None
        try:
            service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.downloads,
                debug=False,
            )
            self.sessions.add(service)
            await service.start(_number(request.query.get("width"), 80), _number(request.query.get("height"), 24))
            await self._relay(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            if service is not None:
                await service.stop()  # asks the app to quit and waits: it has saved when this returns
                self.sessions.discard(service)
            self._turn.release()
        return websocket

    @staticmethod
    async def _relay(websocket: web.WebSocketResponse, service: AppService) -> None:
        """The browser's messages to the app; anything malformed is ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(_number(data.get("width"), 80), _number(data.get("height"), 24))
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def close_sessions(self, _app: web.Application | None = None) -> None:
        """The server is stopping: every open tab's app quits (and saves) first."""
        await asyncio.gather(*(service.stop() for service in list(self.sessions)), return_exceptions=True)


def _number(value: object, default: int) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default
    return max(10, min(1000, number))


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: a free port chosen by the system). Raises OSError."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(16)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


async def run(server: WebServer, sock: socket.socket, announce: Callable[[str], None]) -> None:
    """Serve until SIGINT, SIGTERM or SIGHUP; the open tab's app saves and closes before this returns."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
    runner = web.AppRunner(server.application(), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.SockSite(runner, sock, shutdown_timeout=15.0)
    await site.start()
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    announce(f"http://{shown}:{port}/{server.token}/")
    try:
        await stop.wait()
    finally:
        await server.close_sessions()
        await runner.cleanup()


def quiet_logging(token: str) -> None:
    """aiohttp's and textual-serve's loggers: warnings and errors only, one redacted line each, on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(Redacting(token))
    for name in ("aiohttp", "textual-serve"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING)
        logger.propagate = False


__all__ = ["Gate", "WebServer", "app_command", "bind", "new_token", "quiet_logging", "run"]
