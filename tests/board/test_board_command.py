"""`meeting-tui board` as a user runs it: the URL on the first line, loopback unless --lan,
stops with ctrl+c and with the session's close."""

from __future__ import annotations

import signal
import subprocess
import time
import urllib.request

from meeting_tui.controller import SessionController
from meeting_tui.domain import session as cmd
from tests.board.meeting import make_session
from tests.e2e.tmux import installed_command


def start(path, *extra):
    process = subprocess.Popen(
        [installed_command(), "board", str(path), "--port", "0", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return process, process.stdout.readline().strip()


def test_first_line_is_the_url_and_ctrl_c_stops_it(tmp_path):
    path = make_session(tmp_path / "sessions")[1]
    before = path.read_bytes()
    board, url = start(path)
    try:
        assert url.startswith("http://127.0.0.1:") and "code=" not in url
        with urllib.request.urlopen(url, timeout=10) as response:
            page = response.read().decode()
        assert "http://" not in page and "https://" not in page  # nothing fetched from elsewhere
        board.send_signal(signal.SIGINT)
        assert board.wait(timeout=20) == 0
    finally:
        board.kill()
    assert path.read_bytes() == before


def test_lan_needs_the_code_and_the_close_stops_it(tmp_path):
    path = make_session(tmp_path / "sessions")[1]
    board, url = start(path, "--lan")
    try:
        assert "?code=" in url
        port = url.split(":")[2].split("/")[0]
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
            raise AssertionError("served without the code")
        except urllib.error.HTTPError as error:
            assert error.code == 403
        code = url.split("code=")[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?code={code}", timeout=10) as response:
            assert response.status == 200
        ctl = SessionController.open(path, clock=time.time)
        assert not ctl.read_only  # the board holds no lock
        ctl.do(cmd.close_session)
        ctl.close()
        assert board.wait(timeout=30) == 0
        assert "closed" in board.stdout.read()
    finally:
        board.kill()
