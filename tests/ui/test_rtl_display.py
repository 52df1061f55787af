"""The display modes on real widgets: what reaches the screen in `reorder` and `terminal` mode,
and that only the screen changes (stored text stays in logical order)."""

from __future__ import annotations

import json

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widgets import DataTable, Input, Static

from meeting_tui import rtl
from meeting_tui.app import MeetingApp
from meeting_tui.display import display_mode, set_display_mode
from meeting_tui.screens.settings import Sample, SettingsScreen
from meeting_tui.settings import load_settings

from tests.ui.test_live import new_session, open_live

NAME = "أمينة يوسف"
LINE = "النصاب القانوني مكتمل: 7 من 11"


class Probe(App):
    CSS = "DataTable { height: 4; } Static { height: 2; }"

    def compose(self):
        yield Static(LINE, id="static")
        table = DataTable(id="table")
        yield table
        yield Input(value=NAME, id="input")
        yield Input(placeholder=NAME, id="empty")
        yield Sample(LINE, id="sample")

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Name", "Org")
        table.add_row(NAME, "Ein Jarra Youth")


def shown(widget) -> str:
    width, height = widget.outer_size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


@pytest.fixture
def restore_mode():
    before = display_mode()
    yield
    set_display_mode(before)


@pytest.mark.parametrize("mode", ["reorder", "terminal"])
async def test_what_each_mode_sends_to_the_screen(mode, restore_mode):
    set_display_mode(mode)
    app = Probe()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        static, table = app.query_one("#static"), app.query_one("#table")
        expect = rtl.visual if mode == "reorder" else (lambda text: text)
        assert expect(LINE) in shown(static)
        table_text = shown(table)
        assert expect(NAME) in table_text
        assert "Ein Jarra Youth" in table_text and table_text.index(expect(NAME)) < table_text.index("Ein Jarra Youth")
        # Text being typed reads in display order too (#19: before, it stayed in logical
        # order, backwards and unjoined); the settings samples are always in logical order.
        field = app.query_one("#input")
        assert expect(NAME) in shown(field)  # not being typed in: display text
        field.focus()
        await pilot.pause()
        assert expect(NAME) in shown(field)  # being typed in: in display order too
        assert expect(NAME) in shown(app.query_one("#empty"))  # a placeholder is display text
        assert LINE in shown(app.query_one("#sample"))


async def test_switching_modes_in_settings_rerenders_and_is_remembered(workspace, clock, restore_mode):
    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path, display="terminal")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_live(app, pilot)
        assert display_mode() == "terminal"
        await pilot.press("f3")
        await pilot.pause()
        settings = app.screen
        assert isinstance(settings, SettingsScreen)
        assert rtl.visual(SettingsScreen and "النصاب") in shown(settings.query_one("#sample-reorder"))
        settings.query_one("#display-reorder").value = True
        await pilot.pause()
        assert display_mode() == "reorder"
        assert load_settings(workspace.root).display == "reorder"
        await pilot.press("escape")
        await pilot.pause()
        roster = app.screen.query_one("#roster")
        names = [m.name for m in app.screen.state.members.values()]
        arabic = [n for n in names if rtl.has_rtl(n)]
        assert arabic, "the demo committee has Arabic names"
        assert rtl.visual(arabic[0]) in shown(roster)


async def test_stored_text_stays_logical_in_reorder_mode(workspace, clock, restore_mode):
    from meeting_tui.domain import decisions
    from meeting_tui.domain import session as cmd

    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path, display="reorder")
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        mover = next(m.id for m in live.state.members.values() if m.voting)
        assert live.act(cmd.arrive, mover)  # only a member present moves a proposal
        text = "نقل 4,000 من بند السفر إلى الإغاثة (EXE-2026-014)"
        item = next(iter(live.state.items))
        assert live.act(decisions.propose, text, item=item, mover=mover)
        await pilot.pause()
    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = json.dumps(raw, ensure_ascii=False)
    assert text in texts
    assert rtl.visual(text) not in texts


async def test_settings_language_choice_is_remembered_and_asks_to_restart(workspace, clock, restore_mode):
    app = MeetingApp(workspace, clock=clock, display="reorder")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#lang-ar").value = True
        await pilot.pause()
        assert load_settings(workspace.root).language == "ar"
        await pilot.press("y")
        await pilot.pause()
    assert app.restart_language == "ar"


async def test_command_palette_speaks_the_interface_language(workspace, clock, restore_mode):
    from meeting_tui.i18n import set_language

    set_language("ar")
    try:
        import importlib

        import meeting_tui.palette as palette_module

        palette_module = importlib.reload(palette_module)  # bindings are translated at import
        app = MeetingApp(workspace, clock=clock, display="terminal")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause()
            palette = app.screen
            assert isinstance(palette, palette_module.Palette)
            assert palette.query_one("#--input Input").placeholder == "ابحث عن أمر…"
            await pilot.press(*"zzzzqq")
            await pilot.pause(1.5)
            from textual.command import CommandList

            options = palette.query_one(CommandList)
            shown_text = "\n".join(str(options.get_option_at_index(i).prompt.renderable) for i in range(options.option_count))
            assert "لا توجد نتائج" in shown_text
    finally:
        set_language("en")
        importlib.reload(palette_module)


async def test_the_line_being_typed_is_previewed_in_display_order(workspace, clock, restore_mode):
    from textual.widgets import TextArea

    from meeting_tui.screens.meeting.notes import NotesScreen
    from meeting_tui.widgets.typing_preview import TypingPreview

    path = new_session(workspace, clock)
    app = MeetingApp(workspace, clock=clock, open_path=path, display="reorder")
    async with app.run_test(size=(120, 40)) as pilot:
        live = await open_live(app, pilot)
        app.push_screen(NotesScreen(live.session, next(iter(live.state.items))))
        await pilot.pause()
        area, preview = app.screen.query_one(TextArea), app.screen.query_one(TypingPreview)
        area.insert("Khaled reported on the wells.")
        await pilot.pause()
        assert not preview.display  # no right-to-left text: nothing to preview
        area.insert("\nسلمى: المياه مقطوعة منذ أسبوعين")
        await pilot.pause()
        assert preview.display
        assert "سلمى: المياه" in shown(area)  # being typed: as typed
        assert rtl.visual("سلمى: المياه مقطوعة منذ أسبوعين") in shown(preview)
        set_display_mode("terminal")
        area.insert(" ")
        await pilot.pause()
        assert not preview.display  # the terminal shows Arabic by itself


async def test_a_read_only_text_area_is_display_text(restore_mode):
    from textual.widgets import TextArea

    class Reader(App):
        def compose(self):
            yield TextArea("## " + LINE, read_only=True)

    set_display_mode("reorder")
    app = Reader()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert rtl.visual("## " + LINE) in shown(app.query_one(TextArea))


class RightToLeft(Static):
    BIDI_DIRECTION = "R"  # as every line of the Arabic interface


class SpeakersList(App):
    CSS = "RightToLeft { width: 44; }"

    def compose(self):
        names = [f"Delegate {n:04} Village" for n in range(1, 8)]
        queue = "  ".join(f"{n}. {rtl.isolate(name)}" for n, name in enumerate(names, start=1))
        yield RightToLeft("قائمة المتحدثين: " + queue)


async def test_a_list_of_names_wrapped_onto_latin_only_lines_keeps_reading_right_to_left(restore_mode):
    """The speakers' list of an Arabic interface, wrapped: a line with no Arabic letter is still
    part of a right-to-left paragraph (its numbered names read from the right), and a name cut
    by the wrap stays one run on the next line instead of taking the numbers after it along."""
    import re

    set_display_mode("reorder")
    app = SpeakersList()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        lines = shown(app.query_one(RightToLeft)).split("\n")
        text = [line for line in lines if line.strip()]
        assert len(text) >= 3 and not any(rtl.has_rtl(line) for line in text[1:])  # Latin-only lines
        numbers = []
        for line in text:
            assert not re.search(r"\d\. [\u2066-\u2069]?Delegate", line), line  # "4. Delegate" reads left to right
            on_line = [int(n) for n in re.findall(r"\.(\d)\b", line)]
            assert on_line == sorted(on_line, reverse=True), line  # the first item on the right
            numbers += reversed(on_line)
        assert numbers == list(range(1, 8))  # every item once, in order, line after line
        assert "\u2068" not in "".join(lines) and "\u2069" not in "".join(lines)
