"""Help (F1 or ?): the keys of the screen underneath, built from its bindings, and a guide."""

from __future__ import annotations

from importlib import resources

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, MarkdownViewer

from meeting_tui.i18n import _


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def keys_markdown(screen: Screen) -> str:
    """A Markdown table of every key active on `screen`, from its bindings."""
    app = screen.app
    rows = []
    seen = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or (binding.key, binding.action) in seen:
            continue
        seen.add((binding.key, binding.action))
        key = binding.key_display or app.get_key_display(binding)
        rows.append(f"| `{_cell(key)}` | {_cell(binding.description)} | {_cell(binding.tooltip)} |")
    header = f"| {_('Key')} | {_('Action')} | {_('What it does')} |\n|---|---|---|"
    palette = _("Every action is also in the command palette: press ctrl+p and type part of its name.")
    return f"## {_('Keys on this screen')}\n\n{header}\n" + "\n".join(rows) + f"\n\n{palette}\n"


def guide_markdown() -> str:
    return resources.files("meeting_tui.screens").joinpath("help.md").read_text(encoding="utf-8")


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape", "dismiss", _("Close help"), id="close-help"),
        Binding("f1", "dismiss", _("Close help"), show=False, id="close-help-f1"),
        Binding("question_mark", "dismiss", _("Close help"), show=False, id="close-help-q"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield MarkdownViewer(keys_markdown(self.under) + "\n" + guide_markdown(), show_table_of_contents=False)
        yield Footer()
