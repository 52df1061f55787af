"""`meeting-tui board SESSION`: serve the board of one session, read-only, pushing updates.

aiohttp: a well-kept asyncio HTTP server with a test client, streaming responses for
Server-Sent Events, and no other dependency worth naming. Safe by default:

* listens on 127.0.0.1 unless `--lan`; on the LAN every address carries a random access code
  (``?code=...``), compared in constant time;
* read-only: only GET and HEAD, on four routes; anything else is 405, and nothing writes
  (the session file is read by a follower that never locks or writes);
* every text escaped (page.py); a strict Content-Security-Policy (scripts and styles only
  from the page's own files, no inline code, nothing from elsewhere);
* bounded: at most `max_clients` viewers, each with a one-update buffer (a slow viewer skips
  to the newest state instead of piling up), small request limits;
* stops when the session is closed, or on ctrl+c.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import secrets
import signal
import socket
import time
from importlib import resources
from pathlib import Path
from typing import Callable

from aiohttp import web

from meeting_tui.board.model import BoardView, board_view
from meeting_tui.board.page import render_body, render_page
from meeting_tui.follow import POLL_SECONDS, SessionFollower
from meeting_tui.i18n import _

MAX_CLIENTS = 500
HEARTBEAT_SECONDS = 15.0
SEND_TIMEOUT = 10.0
CLOSE_GRACE_SECONDS = 3.0

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

_STATE = web.AppKey("board_state", object)


def _static(name: str) -> bytes:
    return resources.files("meeting_tui.board").joinpath("static", name).read_bytes()


class Board:
    """The board of one session: its follower, the latest rendered update, its viewers."""

    def __init__(
        self,
        path: Path,
        *,
        code: str = "",
        language: str | None = None,
        clock: Callable[[], float] = time.time,
        max_clients: int = MAX_CLIENTS,
        interval: float = POLL_SECONDS,
    ) -> None:
        self.path = Path(path)
        self.code = code
        self.language = language
        self.clock = clock
        self.max_clients = max_clients
        self.interval = interval
        self.follower = SessionFollower(self.path)
        self.view: BoardView | None = None
        self.payload = b""  # the latest SSE message
        self.seq = 0
        self.clients: set[asyncio.Queue] = set()
        self.closed = asyncio.Event()  # the session was closed
        self.problem = ""

    # -- following the file --------------------------------------------------------------------

    def read(self) -> bool:
        """Read what landed in the file (any thread); True when there is something to publish."""
        update = self.follower.poll()
        self.problem = self.follower.problem
        return self.follower.state is not None and (update is not None or self.view is None)

    def refresh(self) -> bool:
        """Read and publish (on the event loop's thread)."""
        if self.read():
            self.publish()
            return True
        return False

    def publish(self) -> None:
        state = self.follower.state
        now = self.clock()
        self.view = board_view(state, now, self.language)
        self.seq = state.seq
        message = {"seq": state.seq, "now": now, "closed": self.view.closed, "html": render_body(self.view)}
        self.payload = b"data: " + json.dumps(message, ensure_ascii=False).encode() + b"\n\n"
        for queue in list(self.clients):
            if queue.full():  # a slow viewer gets the newest state, not a backlog
                queue.get_nowait()
            queue.put_nowait(self.payload)
        if self.view.closed:
            self.closed.set()

    async def follow(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                if await loop.run_in_executor(None, self.read):
                    self.publish()
            except (ValueError, KeyError, TypeError) as error:  # events that do not replay
                self.problem = str(error)
            await asyncio.sleep(self.interval)

    # -- the web side --------------------------------------------------------------------------

    def allowed(self, request: web.Request) -> bool:
        if not self.code:
            return True
        given = request.query.get("code", "")
        return hmac.compare_digest(given.encode("utf-8", "replace"), self.code.encode())

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=1024)
        app[_STATE] = self
        app.router.add_get("/", self.page)
        app.router.add_get("/events", self.events)
        app.router.add_get("/board.js", self.asset)
        app.router.add_get("/board.css", self.asset)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        if request.method not in ("GET", "HEAD"):
            response = web.Response(status=405, text="405: this board is read-only\n", headers={"Allow": "GET, HEAD"})
        elif not self.allowed(request):
            response = web.Response(status=403, text="403: this address needs its access code (?code=...)\n")
        else:
            try:
                response = await handler(request)
            except web.HTTPException as error:
                response = web.Response(status=error.status, text=f"{error.status}: {error.reason}\n")
        if not response.prepared:
            response.headers.update(HEADERS)
        return response

    async def page(self, request: web.Request) -> web.Response:
        if self.view is None:
            return web.Response(status=503, text="503: the session is being read\n", headers={"Retry-After": "1"})
        return web.Response(text=render_page(self.view, code=self.code), content_type="text/html", charset="utf-8")

    async def asset(self, request: web.Request) -> web.Response:
        name = request.path.lstrip("/")
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        return web.Response(body=_static(name), content_type=kind, charset="utf-8")

    async def events(self, request: web.Request) -> web.StreamResponse:
        if len(self.clients) >= self.max_clients:
            return web.Response(status=503, text="503: too many viewers\n", headers={"Retry-After": "10"})
        response = web.StreamResponse(headers={**HEADERS, "Content-Type": "text/event-stream", "X-Accel-Buffering": "no"})
        queue: asyncio.Queue = asyncio.Queue(maxsize=1)
        if self.payload:
            queue.put_nowait(self.payload)
        self.clients.add(queue)
        try:
            await response.prepare(request)
            await response.write(b"retry: 2000\n\n")
            while True:
                try:
                    payload = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                except asyncio.TimeoutError:
                    payload = b": still here\n\n"
                await asyncio.wait_for(response.write(payload), SEND_TIMEOUT)
        except (ConnectionResetError, asyncio.TimeoutError, asyncio.CancelledError, RuntimeError):
            pass
        finally:
            self.clients.discard(queue)
        return response


def lan_address() -> str:
    """This computer's address on the local network (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET: only picks the route's source address
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostbyname(socket.gethostname())


async def serve(board: Board, host: str, port: int, public_host: str, out) -> None:
    board.refresh()
    if board.view is None:
        raise OSError(board.problem or _("{path} holds no session", path=board.path))
    runner = web.AppRunner(board.app(), access_log=None, handle_signals=False, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port, backlog=128)
    await site.start()
    actual = site._server.sockets[0].getsockname()[1]  # the port chosen for --port 0
    url = f"http://{public_host}:{actual}/" + (f"?code={board.code}" if board.code else "")
    print(url, file=out, flush=True)
    print(_("Board of {path}: read-only; it stops when the session is closed, or with ctrl+c.", path=board.path), file=out, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    follower = asyncio.create_task(board.follow())
    closed = asyncio.create_task(board.closed.wait())
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({closed, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if board.closed.is_set() and not stop.is_set():
            print(_("The session was closed: the board stops."), file=out, flush=True)
            await asyncio.sleep(CLOSE_GRACE_SECONDS)  # the viewers get the closed state first
    finally:
        for task in (follower, closed, stopped):
            task.cancel()
        await runner.cleanup()
        board.follower.close()


def board_command(args, out, err) -> int:
    path = Path(args.session)
    if not path.is_file():
        print("meeting-tui: " + _("no session file {path}. List sessions with `meeting-tui` (home).", path=path), file=err)
        return 1
    if not 0 <= args.port <= 65535:
        print("meeting-tui: " + _("--port must be between 0 and 65535."), file=err)
        return 2
    code = secrets.token_urlsafe(12) if args.lan else ""
    host, public_host = ("0.0.0.0", lan_address()) if args.lan else ("127.0.0.1", "127.0.0.1")
    board = Board(path, code=code, language=getattr(args, "lang", None))
    try:
        asyncio.run(serve(board, host, args.port, public_host, out))
    except OSError as error:
        print("meeting-tui: " + _("the board cannot start: {error}", error=error.strerror or error), file=err)
        return 1
    except (ValueError, KeyError, TypeError) as error:  # events that do not replay
        print(
            "meeting-tui: " + _("{path} cannot be opened: {reason}. The file was left untouched.", path=path, reason=error),
            file=err,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


__all__ = ["Board", "board_command", "serve"]
