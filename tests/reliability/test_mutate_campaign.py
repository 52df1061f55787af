"""A short run of the mutated-files campaign (tests/reliability/mutate.py; README: 1,000 files)."""

from __future__ import annotations

from pathlib import Path

from tests.reliability.mutate import _sources, campaign


def test_mutated_files_are_damaged_or_valid_and_the_listing_and_register_agree(tmp_path: Path) -> None:
    counts = campaign(_sources(), 40, 7, tmp_path)
    assert counts["files"] == 40 and counts["damaged"] + counts["valid"] == 40
    assert counts["tracebacks"] == 0 and counts["hangs"] == 0
    assert counts["listing disagrees"] == 0
