"""atomic_write_text: the target is always either the old or the new content."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from meeting_tui.store import atomic as atomic_module
from meeting_tui.store import atomic_write_bytes, atomic_write_text


def test_writes_and_replaces_utf8_text(tmp_path: Path) -> None:
    target = tmp_path / "committee.toml"
    atomic_write_text(target, 'name = "اللجنة"\n')
    atomic_write_text(target, 'name = "اللجنة التوجيهية"\n')
    assert target.read_text(encoding="utf-8") == 'name = "اللجنة التوجيهية"\n'
    assert [p.name for p in tmp_path.iterdir()] == ["committee.toml"]


def test_failed_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "committee.toml"
    target.write_text("old = true\n")

    def disk_full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    for module, failing in ((os, "write"), (atomic_module, "fsync_file"), (os, "replace")):
        with monkeypatch.context() as mp:
            mp.setattr(module, failing, disk_full)
            with pytest.raises(OSError):
                atomic_write_text(target, "new = true\n" * 1000)
        assert target.read_text() == "old = true\n"
        assert [p.name for p in tmp_path.iterdir()] == ["committee.toml"]


@pytest.mark.parametrize("hard_links", [True, False], ids=["link", "no hard links"])
def test_no_overwrite_mode_refuses_existing_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    if not hard_links:

        def no_link(*args: object) -> None:
            raise PermissionError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_link)
    target = tmp_path / "s.json"
    atomic_write_bytes(target, b"first\n", overwrite=False)
    with pytest.raises(FileExistsError):
        atomic_write_bytes(target, b"second\n", overwrite=False)
    assert target.read_bytes() == b"first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


def test_a_new_folder_is_made_durable_by_fsyncing_its_parent(tmp_path, monkeypatch):
    """Issue 16: a new committee folder's parent was not fsynced (a power cut could lose the
    folder, and the session inside it, after the session's own fsyncs)."""
    from meeting_tui.store import SessionFile
    from meeting_tui.store import atomic as atomic_module

    synced: list[Path] = []
    real = atomic_module.fsync_directory
    monkeypatch.setattr(atomic_module, "fsync_directory", lambda d: (synced.append(Path(d)), real(d))[1])
    path = tmp_path / "data" / "new-committee" / "2026-03-14-s.json"
    SessionFile.create(path, {"title": "t"}).close()
    assert tmp_path in synced and tmp_path / "data" in synced  # the parents of both new folders
    assert path.parent in synced  # the file's own rename
