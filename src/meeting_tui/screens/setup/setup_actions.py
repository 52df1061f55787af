"""The home screen's setup actions: new committee, edit it, its charter, its agendas, import.

Kept out of `home.py` so that the home screen only declares the keys. Each action opens an
editor and refreshes the home screen when the editor closes.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from meeting_tui.i18n import _, ngettext
from meeting_tui.workspace import CommitteeEntry, slug_for


class SetupHost(Protocol):
    """What these actions need of the screen they run from (the home screen), so that this
    module does not import it (and the home screen imports this one)."""

    app: Any

    def notify(self, message: str, **kwargs: Any) -> None: ...

    def selected_committee(self) -> CommitteeEntry | None: ...

    def action_refresh(self) -> None: ...

    def run_worker(self, work: Any, **kwargs: Any) -> Any: ...


def _refresh(home: SetupHost):
    def done(_saved: object) -> None:
        home.action_refresh()

    return done


def _valid_entry(home: SetupHost, what: str) -> CommitteeEntry | None:
    """The highlighted committee, if it can be edited; otherwise say why and return None.

    A committee file with errors opens with what could be read of it and its problems (see
    `file_problems`); one that is not TOML at all cannot be opened: its syntax error is shown
    (line, column, what to fix) and the file is left as it is."""
    entry = home.selected_committee()
    if entry is None:
        home.notify(_("There is no committee yet: press c to create one."), severity="warning")
        return None
    if entry.committee is None:
        from msgspec.structs import replace

        from meeting_tui.charter.load import salvage_committee
        from meeting_tui.screens.setup.setup_common import read_if_exists

        text = read_if_exists(entry.path)
        salvaged = salvage_committee(text, slug=entry.slug) if text is not None else None
        if salvaged is not None and salvaged.value is not None:
            return replace(entry, committee=salvaged.value, problems=tuple(salvaged.problems))
        home.run_worker(_cannot_open(home, entry, list(salvaged.problems) if salvaged is not None else list(entry.problems)), group="setup")
        return None
    return entry


async def _cannot_open(home: SetupHost, entry: CommitteeEntry, problems: list) -> None:
    from meeting_tui.screens.setup.setup_common import show_refusal

    await show_refusal(
        home.app,
        _("{name} cannot be opened in the editors", name=entry.path.name),
        problems,
        name=entry.path.name,
        intro=_("The file is not valid TOML, so the app cannot read it and will not write it. Fix the line below in a text editor (meeting-tui check {path} shows it again), then open it here.", path=entry.path),
    )


def file_problems(entry: CommitteeEntry) -> list:
    """The errors of the file as it was opened, for an editor to show (none for a valid file)."""
    return list(entry.errors)


def new_committee(home: SetupHost) -> None:
    from meeting_tui.screens.setup.committee_editor import CommitteeEditor

    home.app.push_screen(CommitteeEditor(), _refresh(home))


def edit_committee(home: SetupHost) -> None:
    from meeting_tui.screens.setup.committee_editor import CommitteeEditor

    entry = _valid_entry(home, _("members"))
    if entry is not None:
        home.app.push_screen(CommitteeEditor(entry.committee, entry.path, file_problems=file_problems(entry)), _refresh(home))


def edit_charter(home: SetupHost) -> None:
    from meeting_tui.screens.setup.charter_editor import CharterEditor

    entry = _valid_entry(home, _("charter"))
    if entry is not None:
        home.app.push_screen(CharterEditor(entry.committee, path=entry.path, file_problems=file_problems(entry)), _refresh(home))


def agendas(home: SetupHost) -> None:
    entry = _valid_entry(home, _("agendas"))
    if entry is not None:
        home.run_worker(_agendas(home, entry), exclusive=True, group="setup")


async def _agendas(home: SetupHost, entry: CommitteeEntry) -> None:
    from meeting_tui.screens.setup.agenda_builder import AgendaBuilder, AgendaPicker

    app = home.app
    found = await asyncio.to_thread(app.workspace.agendas, entry.slug, entry.committee)
    found = await asyncio.to_thread(_salvaged_agendas, found, entry.committee)
    chosen = await app.push_screen_wait(AgendaPicker(entry.name, found))
    if chosen is None:
        return
    picked = next((a for a in found if str(a.path) == chosen and a.agenda is not None), None)
    builder = AgendaBuilder(
        entry.committee,
        path=picked.path if picked else None,
        agenda=picked.agenda if picked else None,
        file_problems=[p for p in picked.problems if p.is_error] if picked else None,
    )
    app.push_screen(builder, _refresh(home))


def _salvaged_agendas(found: list, committee) -> list:
    """Agendas with errors that can still be read open in the builder with their problems
    shown; one that is not TOML at all stays listed with its syntax error, and cannot be picked."""
    from msgspec.structs import replace

    from meeting_tui.charter.load import salvage_agenda
    from meeting_tui.screens.setup.setup_common import read_if_exists

    out = []
    for a in found:
        if a.agenda is None:
            text = read_if_exists(a.path)
            salvaged = salvage_agenda(text, committee=committee) if text is not None else None
            if salvaged is not None and salvaged.value is not None:
                a = replace(a, agenda=salvaged.value, problems=tuple(salvaged.problems))
        out.append(a)
    return out


def import_file(home: SetupHost) -> None:
    home.run_worker(_import(home, home.selected_committee()), exclusive=True, group="setup")


async def _import(home: SetupHost, entry: CommitteeEntry | None) -> None:
    from meeting_tui.charter.imports import read_import
    from meeting_tui.screens.setup.committee_editor import CommitteeEditor
    from meeting_tui.screens.setup.setup_common import ask_path, remember_folder, save_text, show_refusal, start_folder
    from meeting_tui.widgets.dialogs import ConfirmDialog

    app = home.app
    target_name = entry.name if entry is not None and entry.committee is not None else ""
    if target_name:
        help_text = _("A committee file (.toml) becomes a committee of its own. An agenda (.toml) or a member list (.csv) joins the selected committee, {name}.", name=target_name)
    else:
        help_text = _("A committee file (.toml) becomes a committee of its own. To import an agenda or a member list (.csv), first select the committee it belongs to.")
    path = await ask_path(app, _("Import a file"), value=str(start_folder(app)) + "/", help_text=help_text, submit=_("Import"))
    if path is None:
        return
    if path.is_file():
        await asyncio.to_thread(remember_folder, app, path)
    committee = entry.committee if entry is not None else None

    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        if committee is None:
            app.notify(_("Select the committee the members join first (one without errors)."), severity="error")
            return
        app.push_screen(CommitteeEditor(committee, entry.path, csv_path=path), _refresh(home))
        return

    imported = await asyncio.to_thread(read_import, path, committee=committee)
    if not imported.ok:
        await show_refusal(
            app,
            _("{name} was not imported", name=path.name),
            imported.problems,
            name=path.name,
            intro=_("Nothing was changed. Fix these problems in the file and import it again."),
        )
        return
    root = app.workspace.root
    if imported.kind == "committee":
        slug = slug_for(imported.committee.slug, "committee")
        target = root / slug / "committee.toml"
        what = _("committee {name}", name=imported.committee.name)
    else:
        if committee is None:
            app.notify(_("Select the committee this agenda belongs to first (one without errors), then import it."), severity="error", timeout=10)
            return
        target = root / entry.slug / "agendas" / f"{slug_for(imported.agenda.title, 'agenda')}.toml"
        what = _("agenda {title}", title=imported.agenda.title)
    if target.exists() and not await app.push_screen_wait(
        ConfirmDialog(_("{path} already exists. Replace it with the imported {what}?", path=target, what=what), yes=_("Replace"))
    ):
        app.notify(_("Nothing was imported."))
        return
    if await save_text(app, target, imported.text):
        advice = len(imported.problems)
        app.notify(
            _("Imported {what} as {path}", what=what, path=target)
            + (" " + ngettext("({n} piece of advice: see meeting-tui check)", "({n} pieces of advice: see meeting-tui check)", advice) if advice else "")
        )
        home.action_refresh()
