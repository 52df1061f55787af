"""set_text (widgets/text_update.py): a label's new text lays the screen out again only when
its size may change; a clock in a line too long for a narrow column, wrapped the same way
second after second, does not."""

from __future__ import annotations

from textual.app import App
from textual.containers import Vertical
from textual.widgets import Label

from meeting_tui.widgets.text_update import set_text


class Narrow(App):
    CSS = "#column { width: 30; } Label { max-width: 100%; }"  # as the app's stylesheet has it

    def compose(self):
        with Vertical(id="column"):
            yield Label(id="line")


async def test_only_a_change_of_size_lays_the_screen_out_again():
    app = Narrow()
    async with app.run_test(size=(60, 12)) as pilot:
        label = app.query_one("#line", Label)
        layouts: list[bool] = []
        update = label.update

        def spy(content, *, layout=True):
            layouts.append(layout)
            return update(content, layout=layout)

        label.update = spy
        long = "Meeting 1:02:{s:02} from 09:00 · items 0:45:10 of 2:00:00"  # 55 cells: two lines
        set_text(label, long.format(s=1))
        await pilot.pause()
        assert label.size.height == 2
        set_text(label, long.format(s=2))  # wrapped the same: no layout
        set_text(label, long.format(s=2))  # unchanged: no update at all
        assert layouts == [True, False]
        set_text(label, long.format(s=3) + " and a good deal more text")  # three lines now
        await pilot.pause()
        assert layouts[-1] is True and label.size.height == 3
        set_text(label, "Short")  # fits: the widget narrows
        await pilot.pause()
        assert layouts[-1] is True and label.size == (5, 1)
        set_text(label, "Shirt")  # as wide: no layout
        assert layouts[-1] is False
        set_text(label, long.format(s=4))  # wraps again: layout
        await pilot.pause()
        assert layouts[-1] is True and label.size.height == 2
        assert "1:02:04" in "".join(strip.text for strip in label.render_lines(label.region.reset_offset))
