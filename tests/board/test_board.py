"""The web board through aiohttp's test client: content, escaping, the access code, no write
route, updates pushed; and the board never writes to the session."""

from __future__ import annotations

import asyncio
import json
import os
import time

import pytest
from aiohttp.test_utils import TestClient, TestServer

from meeting_tui.board.server import CSP, Board
from meeting_tui.controller import SessionController
from meeting_tui.domain import decisions as d
from meeting_tui.domain import session as cmd
from tests.board.meeting import adopt, make_session, reach_quorum, start_first_item


def snapshot(path):
    st = os.stat(path)
    return (st.st_ino, st.st_size, st.st_mtime_ns, path.read_bytes())


@pytest.fixture
def session(tmp_path):
    return make_session(tmp_path / "sessions", hostile=True)[1]


async def client_for(board: Board) -> TestClient:
    board.refresh()
    client = TestClient(TestServer(board.app()))
    await client.start_server()
    return client


async def next_update(response, timeout: float = 10.0) -> dict:
    """The next `data:` message of an event stream."""
    async def read():
        while True:
            line = await response.content.readline()
            if not line:
                raise EOFError
            if line.startswith(b"data: "):
                return json.loads(line[6:])
    return await asyncio.wait_for(read(), timeout)


async def test_the_page_shows_the_meeting_and_escapes_every_text(session):
    ctl = SessionController.open(session, clock=time.time)
    reach_quorum(ctl)
    start_first_item(ctl)
    pid = adopt(ctl)
    ctl.do(cmd.queue_speaker, "layla-mansour")
    ctl.close()
    client = await client_for(Board(session))
    try:
        response = await client.get("/")
        assert response.status == 200
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        html = await response.text()
        assert '<html lang="en" dir="ltr">' in html
        assert "Executive committee" in html and "Quorum met" in html
        assert "Approval of the minutes of the previous meeting" in html  # the running item
        assert 'data-deadline="' in html  # counted down in the browser
        assert "ADOPTED" in html.upper() and pid in html and "Adopt the 2026 budget." in html
        assert '<span class="n">5</span>' in html  # the numbers, not only the word
        # a hostile name arrives as text: no tag, no escape character, no raw quote
        assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "\x1b" not in html and "Red &amp; &quot;quoted&quot;" in html
        assert "<script" in html and html.count("<script") == 1  # only the board's own file
        assert "style=" not in html and "onclick" not in html
        script = await client.get("/board.js")
        assert script.status == 200 and script.content_type == "text/javascript"
    finally:
        await client.close()


async def test_an_open_vote_shows_progress_not_choices(session):
    ctl = SessionController.open(session, clock=time.time)
    arrived = reach_quorum(ctl)
    start_first_item(ctl)
    ctl.do(d.propose, "Secret matter.", item=ctl.state.current_item)
    pid = list(ctl.state.decisions.proposals)[-1]
    ctl.do(d.open_vote, pid, ballot="secret")
    ctl.do(d.record_participation, arrived[0])
    ctl.do(cmd.set_note, ctl.state.current_item, "PRIVATE NOTE of the mediator")
    ctl.close()
    client = await client_for(Board(session))
    try:
        html = await (await client.get("/")).text()
        assert "Secret ballot on" in html and "1 of" in html and "took part" in html
        assert "PRIVATE NOTE" not in html
    finally:
        await client.close()


async def test_a_closed_ballot_box_says_who_did_not_vote_not_who_is_still_to(session):
    ctl = SessionController.open(session, clock=time.time)
    arrived = reach_quorum(ctl)
    start_first_item(ctl)
    ctl.do(d.propose, "Secret matter.", item=ctl.state.current_item)
    pid = list(ctl.state.decisions.proposals)[-1]
    ctl.do(d.open_vote, pid, ballot="secret")
    ctl.do(d.record_participation, arrived[0])
    ctl.do(d.close_ballot_box)
    missing = len(d.did_not_vote(ctl.state))
    ctl.close()
    assert missing > 0
    client = await client_for(Board(session))
    try:
        html = await (await client.get("/")).text()
        assert "ballot box closed" in html and "took part 1" in html and f"did not vote {missing}" in html
        assert "1 of" not in html
    finally:
        await client.close()


async def test_access_code_on_the_lan(session):
    board = Board(session, code="s3cret-code")
    client = await client_for(board)
    try:
        for path in ("/", "/events", "/board.js", "/board.css"):
            assert (await client.get(path)).status == 403
            assert (await client.get(path + "?code=wrong")).status == 403
        ok = await client.get("/?code=s3cret-code")
        assert ok.status == 200
        html = await ok.text()
        assert 'src="board.js?code=s3cret-code"' in html and 'href="board.css?code=s3cret-code"' in html
    finally:
        await client.close()


async def test_no_route_writes(session):
    before = snapshot(session)
    client = await client_for(Board(session))
    try:
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            for path in ("/", "/events", "/board.js", "/anything"):
                response = await client.request(method, path, data=b"x")
                assert response.status == 405, (method, path)
        assert (await client.get("/nothing-here")).status == 404
    finally:
        await client.close()
    assert snapshot(session) == before


async def test_updates_are_pushed_as_events_land(session):
    board = Board(session, interval=0.01)
    client = await client_for(board)
    follow = asyncio.create_task(board.follow())
    ctl = SessionController.open(session, clock=time.time)
    try:
        stream = await client.get("/events")
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        first = await next_update(stream)
        assert "NO QUORUM" in first["html"]
        member = reach_quorum(ctl)[0]
        update = await next_update(stream)
        while "Quorum met" not in update["html"]:
            update = await next_update(stream)
        assert ctl.state.members[member].name in update["html"]  # the arrival
        start_first_item(ctl)
        adopt(ctl)
        while "adopted" not in update["html"].lower():
            update = await next_update(stream)
        assert update["seq"] == ctl.state.seq or update["seq"] < ctl.state.seq
        ctl.do(cmd.close_session)
        while not update["closed"]:
            update = await next_update(stream)
        assert board.closed.is_set()
    finally:
        ctl.close()
        follow.cancel()
        await client.close()


async def test_viewers_are_bounded(session):
    board = Board(session, max_clients=2)
    client = await client_for(board)
    try:
        streams = [await client.get("/events") for _ in range(2)]
        assert all(s.status == 200 for s in streams)
        assert (await client.get("/events")).status == 503
    finally:
        await client.close()


async def test_an_arabic_committee_gets_an_arabic_page(tmp_path):
    path = make_session(tmp_path / "sessions", language="ar")[1]
    client = await client_for(Board(path))
    try:
        html = await (await client.get("/")).text()
        assert '<html lang="ar" dir="rtl">' in html
        assert "جدول الأعمال" in html or "النصاب" in html
    finally:
        await client.close()
