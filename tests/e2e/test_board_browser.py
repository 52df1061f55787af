"""The web board in a real headless browser: Debian's chromium driven by Playwright (never a
downloaded browser). A meeting is driven through the controller while the installed
`meeting-tui board` serves it; the page shows the arrival, the running item and the adopted
result, in English and in Arabic. Screenshots are kept in the test's tmp dir (and in
$BOARD_SCREENSHOTS when set)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from meeting_tui.controller import SessionController
from tests.board.meeting import adopt, make_session, reach_quorum, start_first_item
from tests.e2e.tmux import installed_command

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"


def require_chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is needed for the board's browser test (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed (pip install '.[test]')")
    return sync_playwright


def start_board(path: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    board = subprocess.Popen(
        [installed_command(), "board", str(path), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    url = board.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), (url, board.stderr.read() if board.poll() is not None else "")
    return board, url


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_board_follows_a_meeting_in_a_real_browser(tmp_path, language):
    sync_playwright = require_chromium()
    ws, path = make_session(tmp_path / "sessions", language=language)
    env = {**os.environ, "MEETING_TUI_HOME": str(ws.root)}
    shots = Path(os.environ.get("BOARD_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    board, url = start_board(path, env)
    ctl = SessionController.open(path, clock=time.time)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            phone = browser.new_page(viewport={"width": 360, "height": 780})
            wall = browser.new_page(viewport={"width": 1280, "height": 720})
            for page in (phone, wall):
                page.goto(url)
            html = phone.locator("html")
            assert html.get_attribute("lang") == language
            assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            quorum = phone.locator(".quorum")
            quorum.wait_for()
            assert "lost" in quorum.get_attribute("class")

            arrived = reach_quorum(ctl)
            name = ctl.state.members[arrived[0]].name
            phone.locator(".quorum.met").wait_for(timeout=5000)
            phone.locator(".present li", has_text=name).wait_for(timeout=5000)  # the arrival

            item = start_first_item(ctl)
            title = ctl.state.items[item].item.title
            phone.locator("h2.item", has_text=title).wait_for(timeout=5000)  # the running item
            first = phone.locator(".now .clock").first.text_content()
            phone.wait_for_timeout(1300)
            assert phone.locator(".now .clock").first.text_content() != first  # counted down

            pid = adopt(ctl)
            phone.locator(".result.adopted").wait_for(timeout=5000)  # the adopted result
            result = phone.locator(".result").text_content()
            assert pid in result and "5" in result
            for page in (phone, wall):
                page.locator(".result.adopted").wait_for(timeout=5000)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 360  # nothing sideways on a phone
            phone.screenshot(path=str(shots / f"board-{language}-phone.png"), full_page=True)
            wall.screenshot(path=str(shots / f"board-{language}-wall.png"))
            browser.close()
    finally:
        ctl.close()
        board.terminate()
        board.wait(timeout=10)
