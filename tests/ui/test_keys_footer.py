"""The footer of the keys (widgets/footer.py): the screen's shown keys on one line, a click
presses a key, and it follows the bindings."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.geometry import Region
from textual.widgets import Static

from meeting_tui.widgets.footer import KeysFooter


class FooterApp(App):
    BINDINGS = [
        Binding("a", "count", "Count [a]", show=True, tooltip="Counts one"),
        Binding("b", "bell", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.counted = 0

    def compose(self):
        yield Static("body")
        yield KeysFooter()

    def action_count(self) -> None:
        self.counted += 1


def line(widget) -> str:
    width, _height = widget.outer_size
    return widget.render_lines(Region(0, 0, width, 1))[0].text


async def test_shows_the_keys_and_a_click_presses_one():
    app = FooterApp()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(KeysFooter)
        text = line(footer)
        assert " a Count [a] " in text  # descriptions are text, never markup
        assert "Hidden" not in text
        assert "^p" in text  # the command palette's key, on the right
        await pilot.click(KeysFooter, offset=(3, 0))
        await pilot.pause()
        assert app.counted == 1
