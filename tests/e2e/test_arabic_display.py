"""End to end, the display boundary in Arabic (#19): `meeting-tui --lang ar --display reorder`
on an Arabic committee (Arabic names with vowel marks, Arabic titles, one Latin
organisation), in tmux (no bidi), at 120x40 and 80x24. Each text is looked for on the screen as
a terminal without bidi must receive it: `get_display(reshape(text))`, paragraph direction of
the interface (right to left), each vowel mark after its letter. The checks are per text, not
per column position (the layout is mirrored elsewhere)."""

from __future__ import annotations

import os
import re

import arabic_reshaper
import pytest
from bidi import get_display

from meeting_tui.i18n import _, using_language
from meeting_tui.slugs import slug
from meeting_tui.workspace import Workspace

from .tmux import Terminal, installed_command

pytestmark = pytest.mark.e2e

NAMES = ["لَيلى منصور", "كريم ناصر", "نور الحسن", "سلمى حدّاد", "خالد بركات", "زينة رحال"]
LATIN_ORG = "Mizan Legal Aid Centre"
ORGANISATIONS = ["جمعية مزارعي وادي الريان", "تعاونية النور النسائية", "اتحاد رعاة المرتفعات"]
TITLES = ["اعتماد محضر الاجتماع السابق", "مراجعة بنود العمل المفتوحة", "تقرير فريق المياه"]
RESHAPE = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False}).reshape
_MARK_BEFORE_LETTER = re.compile("([\u064b-\u065f\u0670]+)([\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefc])")


def on_screen(text: str, base: str | None = None) -> str:
    """python-bidi's display order of the shaped text, each mark after its letter (L3)."""
    shown = get_display(RESHAPE(text), base_dir=base)
    return _MARK_BEFORE_LETTER.sub(lambda m: m[2] + m[1][::-1], shown)


def arabic(msgid: str, **params) -> str:
    with using_language("ar"):
        return _(msgid, **params)


def arabic_committee(root) -> None:
    workspace = Workspace(root)
    workspace.install_demo()
    folder = workspace.committee_dir("demo-executive")
    committee = folder / "committee.toml"
    text = committee.read_text(encoding="utf-8").replace('language = "en"', 'language = "ar"')
    head, *blocks = text.split("[[members]]")
    for index, block in enumerate(blocks[: len(NAMES)]):
        old = re.search(r'^name = "([^"]*)"', block, re.M)[1]
        new = f'name = "{NAMES[index]}"'
        if not re.search(r"^id = ", block, re.M):
            new = f'id = "{slug(old)}"\n' + new
        block = re.sub(r'^name = "[^"]*"', new, block, count=1, flags=re.M)
        blocks[index] = block
    text = "[[members]]".join([head, *blocks])
    # Every organisation Arabic but one (an alternate shares its member's organisation).
    organisations = dict.fromkeys(re.findall(r'^organisation = "([^"]*)"', text, re.M))
    for number, organisation in enumerate(organisations):
        if organisation != LATIN_ORG:
            text = text.replace(f'organisation = "{organisation}"', f'organisation = "{ORGANISATIONS[number % len(ORGANISATIONS)]} {number}"')
    committee.write_text(text, encoding="utf-8")
    agenda = next((folder / "agendas").glob("*.toml"))
    text = agenda.read_text(encoding="utf-8")
    for title in TITLES:
        text = re.sub(r'^(\[\[items\]\]\nid = "[^"]*"\n)title = "[A-Z][^"]*"', lambda m: m[1] + f'title = "{title}"', text, count=1, flags=re.M)
    agenda.write_text(text, encoding="utf-8")


@pytest.fixture
def env(tmp_path):
    return {
        "MEETING_TUI_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
    }


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_arabic_text_reads_in_order_with_marks_on_their_letters(tmp_path, env, size):
    arabic_committee(tmp_path / "data")
    width, height = size
    term = Terminal(
        [installed_command(), "--lang", "ar", "--display", "reorder", "demo"], cwd=tmp_path, env=env, width=width, height=height
    )
    try:
        screen = term.wait_for(on_screen(NAMES[0]), on_screen("النصاب غير مكتمل"))
        # Names whole, in reading order, marks after their letters ("لَيلى": fatha on lam).
        for name in NAMES:
            assert on_screen(name) in screen, (name, screen)
        assert "\ufedf\u064e" in screen  # the lam, then its fatha
        assert "\ufedf\u064e" in on_screen(NAMES[0])
        if width >= 100:
            # Every agenda title's beginning is visible (cut at its logical end). At 80
            # columns the agenda table is wider than its pane and the pane crops it (the
            # mirrored layout's work, #19 item 2).
            for title in TITLES:
                assert on_screen(title.split()[0]) in screen, (title, screen)
        # Arrivals until the quorum is met: the toast reads right to left.
        for _i in range(6):
            term.send("space")
        term.wait_for(on_screen("النصاب مكتمل"))
        # Help: a line that starts with a key name still reads right to left (the interface's
        # direction, decided before wrapping): "Enter" is read first, so it is on the right.
        term.send("F1")
        screen = term.wait_for(on_screen(arabic("Keys on this screen")))
        row = next(line for line in screen.splitlines() if "Enter" in line and on_screen("أول") in line)
        assert row.index(on_screen("أول")) < row.index("Enter"), row
        term.send("Escape")
        term.send("C-q")
        term.wait_for("[exited] 0")
        assert "Traceback" not in term.history()
    finally:
        term.close()
