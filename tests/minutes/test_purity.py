"""The minutes package is pure: the domain and markdown-it-py, no Textual, files or clock."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import meeting_tui.minutes

PACKAGE = Path(meeting_tui.minutes.__file__).resolve().parent
ALLOWED = ("meeting_tui.domain", "meeting_tui.i18n", "meeting_tui.minutes", "markdown_it", "__future__",
           "dataclasses", "msgspec", "datetime", "typing", "re", "html", "unicodedata")


def test_minutes_import_only_the_domain_and_markdown_it():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            offenders += [f"{path.name}: {n}" for n in names if not n.startswith(ALLOWED)]
    assert offenders == []


def test_minutes_read_no_clock_and_no_files():
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for call in ("open", "time.time", "datetime.now", "date.today", "read_text", "write_text"):
            assert not re.search(rf"(?<![\w.]){re.escape(call)}\(", source), f"{path.name}: {call}"
