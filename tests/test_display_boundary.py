"""The display boundary's API (meeting_tui.display, #19): cleaning, isolating, cutting, and
the CLI's output in the display modes."""

from __future__ import annotations

import io

from meeting_tui import display, rtl
from meeting_tui.i18n import set_language


def test_clean_shows_what_it_never_sends():
    shown = display.clean("A\x1b[31mB\x00C\u202eD\u2066E\x85F\x7f")
    assert shown == "A\u241b[31mB\u2400C\ufffdD\ufffdE\ufffdF\u2421"
    assert len(shown) == len("A\x1b[31mB\x00C\u202eD\u2066E\x85F\x7f")  # one for one
    assert display.clean("أمينة [bold]") == "أمينة [bold]"


def test_isolate_and_inline():
    assert display.isolate("a\x1bb") == "\u2068a\u241bb\u2069"
    assert display.inline("/tmp/x.md") == "/tmp/x.md"  # English: only cleaned
    set_language("ar")
    try:
        assert display.inline("/tmp/x.md") == "\u2068/tmp/x.md\u2069"
        # In an Arabic sentence, an isolated path keeps its own order.
        sentence = "كُتب " + display.inline("--data-dir") + " الآن"
        assert "--data-dir" in rtl.visual(sentence, "R")
    finally:
        set_language("en")


def test_fit_keeps_the_beginning_of_an_arabic_title():
    title = "اعتماد محضر الاجتماع السابق"
    cut = display.fit(title, 12)
    assert cut.startswith("اعتماد") and cut.endswith(display.ELLIPSIS)
    assert rtl.visual(cut, "R").startswith(display.ELLIPSIS)  # the end goes, on the left


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_cli_output_reads_in_order_on_a_terminal_in_reorder_mode():
    set_language("ar")
    try:
        line = "تحذير: " + display.inline("agenda.toml") + " فيه 2 خطأ"
        tty, pipe, bidi = Tty(), io.StringIO(), Tty()
        print(line, file=display.TerminalStream(tty, "reorder"))
        print(line, file=display.TerminalStream(pipe, "reorder"))
        print(line, file=display.TerminalStream(bidi, "terminal"))
        assert tty.getvalue() == rtl.visual(line, "R") + "\n"
        assert "agenda.toml" in tty.getvalue()
        assert pipe.getvalue() == line + "\n"  # a script reads logical order
        assert bidi.getvalue() == line + "\n"  # a bidi terminal does it itself
    finally:
        set_language("en")


def test_reorder_mode_sends_no_isolate_even_on_a_line_without_arabic():
    """In `reorder` mode the terminal does no bidi: a line with Arabic loses its isolates when it
    is reordered, and a line without (a file name wrapped onto its own row) loses them too;
    `terminal` mode keeps them for the terminal's own bidi."""
    from rich.console import Console
    from rich.segment import Segment
    from textual.strip import Strip

    name = "\u20682026-12-06-executive.json\u2069."
    console = Console(file=io.StringIO(), width=40, color_system=None)
    try:
        display.set_display_mode("reorder")
        assert display.for_terminal(name, mode="reorder") == "2026-12-06-executive.json."
        assert Strip([Segment(name)]).render(console) == "2026-12-06-executive.json."
        display.set_display_mode("terminal")
        assert display.for_terminal(name, mode="terminal") == name
        assert Strip([Segment(name)]).render(console) == name
    finally:
        display.set_display_mode(rtl.DEFAULT_MODE)


def test_cli_output_wrapped_in_an_arabic_interface_keeps_a_list_of_names_right_to_left():
    """A CLI line wrapped to the terminal's width: a piece with no Arabic letter is still part
    of the right-to-left sentence, and a name cut by the wrap stays one run on the next piece."""
    import re

    names = [f"Delegate {n:04} Village" for n in range(1, 8)]
    text = "قائمة المتحدثين: " + "  ".join(f"{n}. {rtl.isolate(name)}" for n, name in enumerate(names, start=1))
    set_language("ar")
    try:
        lines = display.for_terminal(text, mode="reorder", width=44).split("\n")
    finally:
        set_language("en")
    assert len(lines) >= 3 and not any(rtl.has_rtl(line) for line in lines[1:])
    numbers = []
    for line in lines:
        assert not re.search(r"\d\. Delegate", line), line
        on_line = [int(n) for n in re.findall(r"\.(\d)\b", line)]
        assert on_line == sorted(on_line, reverse=True), line
        numbers += reversed(on_line)
    assert numbers == list(range(1, 8))
    assert not re.search("[\u2066-\u2069]", "".join(lines))
