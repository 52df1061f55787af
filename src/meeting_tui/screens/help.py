"""Help (F1 or ?): the keys of the screen underneath, built from its bindings, and a guide."""

from __future__ import annotations

from importlib import resources

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, MarkdownViewer

from meeting_tui.i18n import _, current_language


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def keys_markdown(screen: Screen) -> str:
    """Markdown tables of the keys active on `screen`, from its bindings: the screen's own
    first, then the app-wide ones, then the focused widget's navigation keys."""
    app = screen.app
    groups: dict[str, list[str]] = {"screen": [], "app": [], "widget": []}
    seen = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or (binding.key, binding.action) in seen:
            continue
        seen.add((binding.key, binding.action))
        if binding.id is None:  # Textual's own focus, copy and cursor keys
            group = "widget"
        else:
            group = "screen" if active.node is screen else "app" if active.node is app else "widget"
        key = binding.key_display or app.get_key_display(binding)
        groups[group].append(f"| `{_cell(key)}` | {_cell(binding.description)} | {_cell(binding.tooltip)} |")
    header = "| " + " | ".join((_("Key"), _("Action"), _("What it does"))) + " |\n|---|---|---|\n"
    titles = {
        "screen": _("Keys on this screen"),
        "app": _("Keys everywhere"),
        "widget": _("Moving in the focused list or field"),
    }
    parts = [f"## {titles[g]}\n\n{header}" + "\n".join(rows) for g, rows in groups.items() if rows]
    palette = _("Every action is also in the command palette: press ctrl+p and type part of its name.")
    return "\n\n".join(parts) + f"\n\n{palette}\n"


def guide_markdown() -> str:
    """The guide in the interface language (help.<lang>.md), else in English (help.md)."""
    folder = resources.files("meeting_tui.screens")
    translated = folder.joinpath(f"help.{current_language()}.md")
    guide = translated if translated.is_file() else folder.joinpath("help.md")
    return guide.read_text(encoding="utf-8")


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
