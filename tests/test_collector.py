"""The cycle collector is paused from before Textual's import to the app's first frame, and while
a session is read (collector.py); it is always turned back on, and only by whoever turned it off."""

from __future__ import annotations

import gc

import pytest

from meeting_tui import collector
from meeting_tui.cli import CliError, build_parser, prepare_app_to_run


@pytest.fixture(autouse=True)
def collector_restored():
    yield
    collector.startup_done()
    gc.enable()
    gc.unfreeze()


async def test_the_app_turns_it_back_on_after_its_first_frame_and_freezes_what_start_up_built(tmp_path):
    app = prepare_app_to_run("demo", build_parser().parse_args(["--data-dir", str(tmp_path), "demo"]))
    assert not gc.isenabled()  # paused through the imports and the replay
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "LiveScreen"
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0


def test_a_refused_start_turns_it_back_on(tmp_path):
    args = build_parser().parse_args(["--data-dir", str(tmp_path), "open", str(tmp_path / "missing.json")])
    with pytest.raises(CliError):
        prepare_app_to_run("open", args)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_startup_done_does_nothing_unless_the_start_up_paused_it():
    collector.startup_done()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()  # someone else's pause is theirs to end
    collector.pause_for_startup()
    collector.startup_done()
    assert not gc.isenabled()


def test_a_pause_leaves_the_collector_as_it_found_it():
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()
