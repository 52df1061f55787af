"""Every charter setting on one screen, grouped, each with its default and what it means.

What is typed is checked as it is typed with the rules of `meeting-tui check`: the whole
committee file is written with the settings on screen, parsed back, and each problem shown at
its setting (a quorum that the roster can never reach, for instance, at the quorum count).
The handbook's composition advice is shown below the form; it never blocks.

Two uses: from the home screen the editor saves `committee.toml` itself; from the committee
editor (`path=None`) its ctrl+s has the committee editor write the committee with this
charter at once (`save_with`). Either way ctrl+s writes the file, or says why it cannot.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Awaitable, Callable

from msgspec import Struct
from msgspec.structs import replace
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, DataTable, Footer, Header, Label, Select

from meeting_tui.charter import parse_committee
from meeting_tui.charter.presets import PRESETS, apply_preset
from meeting_tui.charter.problems import Problem
from meeting_tui.charter.values import MAX_NUMBER
from meeting_tui.charter.write import committee_data, committee_to_toml, dump_committee, toml_number
from meeting_tui.domain.model import (
    CONSENSUS_FALLBACKS,
    CONSENSUS_METHODS,
    QUORUM_RULES,
    SEAT_MODES,
    THRESHOLDS,
    Charter,
    Committee,
    EscalationLevel,
)
from meeting_tui.domain.rules import THRESHOLD_LABELS, required_for_quorum, seats
from meeting_tui.i18n import _, join, labels, ngettext, pgettext, tr
from meeting_tui.screens.setup.setup_common import (
    Located,
    cell,
    fill_table,
    opened_problems,
    parse_number,
    plain_text,
    read_if_exists,
    save_committee_file,
    saved_over_problems,
    show_opened_problems,
)
from meeting_tui.screens.setup.unsaved import may_leave
from meeting_tui.widgets.dialogs import ConfirmDialog, FormDialog, FormField, YesNo
from meeting_tui.widgets.fields import Input


class Setting(Struct, frozen=True):
    """One charter key: its path inside [charter], how it is edited, and what it means."""

    path: tuple[str, ...]
    kind: str  # "choice" | "bool" | "int" | "number"
    label: str
    help: str
    choices: dict[str, str] | None = None  # value -> label marked with N_

    @property
    def widget_id(self) -> str:
        return "set-" + "-".join(self.path)

    @property
    def error_id(self) -> str:
        return "err-" + "-".join(self.path)


def _thresholds() -> dict[str, str]:
    return {t: THRESHOLD_LABELS[t] for t in THRESHOLDS}


def setting_groups() -> list[tuple[str, str, list[Setting]]]:
    """(group id, title, settings) in the order they are shown."""
    return [
        (
            "seats",
            _("Seats, proxies and remote attendance"),
            [
                Setting(("seats",), "choice", labels.setting("seats"), _("Who holds a vote: each voting member, or each member organisation (its delegate, or a present alternate)."), {m: labels.SEATS[m] for m in SEAT_MODES}),
                Setting(("proxies",), "bool", labels.setting("proxies"), _("A present voting member may carry an absent member's vote.")),
                Setting(("max_proxies_per_member",), "int", labels.setting("max_proxies_per_member"), _("How many absent members' votes one member may carry (with proxies).")),
                Setting(("remote_counts",), "bool", labels.setting("remote_counts"), _("Members on the phone or video count for quorum and vote.")),
                Setting(("non_voting_roles_vote",), "bool", labels.setting("non_voting_roles_vote"), _("Observers, mediators and staff vote too.")),
            ],
        ),
        (
            "quorum",
            _("Quorum"),
            [
                Setting(("quorum", "rule"), "choice", labels.setting("quorum.rule"), _("majority: more than half of the voting seats; count: a fixed number; fraction: a share, rounded up."), {r: labels.QUORUM_RULE[r] for r in QUORUM_RULES}),
                Setting(("quorum", "count"), "int", labels.setting("quorum.count"), _("With the fixed-number rule: seats that must be present (1 to the number of voting seats).")),
                Setting(("quorum", "fraction"), "number", labels.setting("quorum.fraction"), _("With the share rule: more than 0 and at most 1, e.g. 0.5 for half.")),
                Setting(("quorum", "count_proxies"), "bool", labels.setting("quorum.count_proxies"), _("Seats represented only by a proxy count toward quorum (needs proxies).")),
                Setting(("quorum", "min_community"), "int", labels.setting("quorum.min_community"), _("Power sharing: at least this many community seats present (0 for none).")),
            ],
        ),
        (
            "voting",
            _("Voting"),
            [
                Setting(("voting", "default_threshold"), "choice", labels.setting("voting.default_threshold"), _("What a vote needs to pass unless another threshold is chosen for it."), _thresholds()),
                Setting(("voting", "chair_casting_vote"), "bool", labels.setting("voting.chair_casting_vote"), _("The chair breaks a tie on a show of hands or roll call (never on a secret ballot).")),
                Setting(("voting", "unanimous_no_abstain"), "bool", labels.setting("voting.unanimous_no_abstain"), _("An abstention prevents a unanimous decision.")),
                Setting(("voting", "remote_secret_ballot"), "bool", labels.setting("voting.remote_secret_ballot"), _("Members present by phone or video take part in a secret ballot; otherwise they are left out, and the screen and the minutes say so.")),
                Setting(("voting", "declared_interest_may_speak"), "bool", labels.setting("voting.declared_interest_may_speak"), _("A member who declared an interest in an item may still speak on it (never vote).")),
            ],
        ),
        (
            "consensus",
            _("Consensus"),
            [
                Setting(("consensus", "method"), "choice", labels.setting("consensus.method"), _("How participants respond in a consensus round."), {m: labels.CONSENSUS_METHOD[m] for m in CONSENSUS_METHODS}),
                Setting(("consensus", "max_stand_aside_fraction"), "number", labels.setting("consensus.max_stand_aside_fraction"), _("Consensus fails if more than this share of participants stand aside (0 to 1).")),
                Setting(("consensus", "max_rounds"), "int", labels.setting("consensus.max_rounds"), _("Failed rounds before the fallback applies (at least 1).")),
                Setting(("consensus", "fallback"), "choice", labels.setting("consensus.fallback"), _("What happens after the last failed round."), {f: labels.CONSENSUS_FALLBACK[f] for f in CONSENSUS_FALLBACKS}),
                Setting(("consensus", "fallback_threshold"), "choice", labels.setting("consensus.fallback_threshold"), _("What the fallback vote needs to pass."), _thresholds()),
            ],
        ),
        (
            "revisit",
            _("Revisiting decisions"),
            [
                Setting(("revisit", "mover_on_prevailing_side"), "bool", labels.setting("revisit.mover_on_prevailing_side"), _("Only a member who voted on the winning side may move to reconsider (same session).")),
                Setting(("revisit", "reconsider_threshold"), "choice", labels.setting("revisit.reconsider_threshold"), _("Threshold to reconsider a decision in the same session."), _thresholds()),
                Setting(("revisit", "rescind_threshold"), "choice", labels.setting("revisit.rescind_threshold"), _("Threshold to rescind or amend an earlier decision without notice."), _thresholds()),
                Setting(("revisit", "rescind_with_notice_threshold"), "choice", labels.setting("revisit.rescind_with_notice_threshold"), _("The same, when notice was given at the previous session."), _thresholds()),
                Setting(("revisit", "min_days_before_reopen"), "int", labels.setting("revisit.min_days_before_reopen"), _("Days that must pass before a decision may be reopened (0 for none).")),
                Setting(("revisit", "requires_new_information"), "bool", labels.setting("revisit.requires_new_information"), _("The mover must say what is new; it is minuted.")),
            ],
        ),
        (
            "timer",
            _("Timers"),
            [
                Setting(("meeting_minutes",), "int", labels.setting("meeting_minutes"), _("Planned length of a meeting in minutes; agendas are measured against it.")),
                Setting(("timer", "warn_minutes"), "number", labels.setting("timer.warn_minutes"), _("The running item warns when this many minutes are left.")),
                Setting(("timer", "speaking_minutes"), "number", labels.setting("timer.speaking_minutes"), _("Minutes for each turn on the speakers' list.")),
            ],
        ),
    ]


def _get(charter: Charter, path: tuple[str, ...]) -> Any:
    value: Any = charter
    for key in path:
        value = getattr(value, key)
    return value


def show_value(setting: Setting, value: Any) -> str:
    if setting.kind == "bool":
        return _("Yes") if value else _("No")
    if setting.kind == "choice":
        return tr(setting.choices.get(value, value)) if setting.choices else str(value)
    return toml_number(value)


def _b(key: str, action: str, description: str, tooltip: str, *, show: bool = False) -> Binding:
    return Binding(key, action, description, show=show, tooltip=tooltip, id=f"charter-{action.replace('_', '-')}")


class CharterEditor(Screen[Charter | None]):
    """Dismisses with the new charter (from the committee editor) or None."""

    BINDINGS = [
        _b("ctrl+s", "save", _("Save"), _("Save the committee file with this charter (says why not if something is missing)"), show=True),
        Binding("escape", "close", _("Back"), id="charter-close", show=True, tooltip=_("Go back (asks first if there are unsaved changes)")),
    ]

    def __init__(
        self,
        committee: Committee,
        *,
        path: Path | None,
        save_with: Callable[[Charter], Awaitable[tuple[bool, str]]] | None = None,
        file_problems: list[Problem] | None = None,
        opened_text: str | None = None,
    ) -> None:
        """`save_with(charter)`: from the committee editor, writes the committee with this
        charter; (False, why) when the committee cannot be written yet."""
        super().__init__()
        self.save_with = save_with
        self.file_problems = list(file_problems or [])  # errors of the file as opened
        self.opened_text = opened_text  # that file's text, when it is not read here (no path)
        self.status = ""
        self.kept = False  # a charter was saved or handed to the committee editor
        self.committee = committee
        self.path = path
        self.loaded_text = read_if_exists(path) if path is not None else None
        self.hand_written = self.loaded_text is not None and self.loaded_text != committee_to_toml(committee)
        self.charter = committee.charter  # the last valid charter on screen
        self.scope: dict[str, tuple[str, ...]] = dict(committee.charter.scope)
        self.ladder: list[EscalationLevel] = list(committee.charter.escalation)
        self.groups = setting_groups()
        self.settings = [s for _gid, _title, group in self.groups for s in group]
        self.located: Located | None = None
        self.initial_text = ""
        self._filling = False

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        defaults = Charter()
        yield Header()
        opened = opened_problems(self.file_problems, self.path.name if self.path else "committee.toml")
        if opened is not None:
            yield opened
        with Horizontal(id="preset-row"):
            yield Label(_("Preset"), classes="setup-label")
            yield Select([(tr(label), key) for key, (label, _desc, _c) in PRESETS.items()], allow_blank=False, id="preset", compact=True)
            yield Button(_("Apply preset"), id="apply-preset", compact=True)
        yield Label("", id="preset-help", classes="setup-muted", markup=False)
        with VerticalScroll(id="charter-form"):
            for gid, title, group in self.groups:
                with Vertical(classes="charter-group", id=f"group-{gid}"):
                    yield Label(title, classes="charter-group-title")
                    for s in group:
                        with Horizontal(classes="charter-row"):
                            yield Label(s.label, classes="charter-label", markup=False)
                            yield from self._widget(s)
                        default = show_value(s, _get(defaults, s.path))
                        yield Label(_("{help} Default: {default}.", help=s.help, default=default), classes="charter-help", markup=False)
                        yield Label("", id=s.error_id, classes="setup-error charter-error", markup=False)
                        yield Label("", id="off-" + s.widget_id, classes="setup-muted charter-off", markup=False)
                    if gid == "quorum":
                        yield Label("", id="quorum-meaning", classes="setup-muted", markup=False)
                    yield Label("", id=f"err-group-{gid}", classes="setup-error charter-error", markup=False)
            with Vertical(classes="charter-group", id="group-scope"):
                yield Label(_("Scope: which body decides which kind of matter"), classes="charter-group-title")
                yield Label(_("A decision outside the session's body's scope is recorded as referred to the body that may decide it. Default: no list (every body may decide)."), classes="setup-muted", markup=False)
                yield DataTable(id="scope", cursor_type="row", zebra_stripes=True)
                with Horizontal(classes="setup-buttons"):
                    yield Button(_("Add matter"), id="scope-add", compact=True)
                    yield Button(_("Edit"), id="scope-edit", compact=True)
                    yield Button(_("Remove"), id="scope-remove", compact=True)
                yield Label("", id="err-group-scope", classes="setup-error charter-error", markup=False)
            with Vertical(classes="charter-group", id="group-escalation"):
                yield Label(_("Escalation ladder for conflicts"), classes="charter-group-title")
                yield Label(_("Levels in order. Default: facilitated dialogue (15 min), independent mediator, arbitrator (binding)."), classes="setup-muted", markup=False)
                yield DataTable(id="ladder", cursor_type="row", zebra_stripes=True)
                with Horizontal(classes="setup-buttons"):
                    yield Button(_("Add level"), id="ladder-add", compact=True)
                    yield Button(_("Edit"), id="ladder-edit", compact=True)
                    yield Button(_("Remove"), id="ladder-remove", compact=True)
                    yield Button(_("Move up"), id="ladder-up", compact=True)
                    yield Button(_("Move down"), id="ladder-down", compact=True)
                yield Label("", id="err-group-escalation", classes="setup-error charter-error", markup=False)
        yield Label("", id="charter-status", classes="setup-status", markup=False)
        with Horizontal(classes="setup-buttons", id="charter-buttons"):
            yield Button(_("Save"), id="charter-save", variant="primary", compact=True)
            yield Button(_("Back"), id="charter-cancel", compact=True)
        yield VerticalScroll(id="setup-problems")
        yield Footer()

    def _widget(self, s: Setting):
        value = _get(self.committee.charter, s.path)
        if s.kind == "bool":
            yield YesNo(bool(value), id=s.widget_id, classes="charter-field")
        elif s.kind == "choice":
            options = [(tr(label), key) for key, label in (s.choices or {}).items()]
            yield Select(options, value=value, allow_blank=False, id=s.widget_id, compact=True, classes="charter-field")
        else:
            yield Input(toml_number(value), placeholder=toml_number(_get(Charter(), s.path)), id=s.widget_id, compact=True, classes="charter-field")

    def on_mount(self) -> None:
        self.title = _("Charter: {name}", name=self.committee.name or _("new committee"))
        self.sub_title = _("Rules of procedure, checked as you type")
        for label in self.query(".charter-error, .charter-off"):
            label.display = False
        self._preset_help()
        self.refresh_tables()
        self.sync_enabled()
        self.show_file_values()
        self.revalidate()
        show_opened_problems(self, self.file_problems, self.opened_text or self.loaded_text, self.located)
        self.initial_text = self.text()
        self.show_status()
        self.query_one("#set-seats", Select).focus()

    def show_file_values(self) -> None:
        """A file opened with errors: where a number field's value is wrong in the file, the
        field shows what the file says (not the default it was read as), so that its problem
        is shown beside it and the secretary corrects it there."""
        text = self.opened_text or self.loaded_text
        if not self.file_problems or text is None:
            return
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return
        located = Located(text, self.file_problems)
        for s in self.settings:
            if s.kind not in ("int", "number") or not located.at(("charter",) + s.path):
                continue
            raw: object = data.get("charter", {})
            for step in s.path:
                raw = raw.get(step) if isinstance(raw, dict) else None
            if raw is None or isinstance(raw, (dict, list)):
                continue
            widget = self.query_one(f"#{s.widget_id}")
            if isinstance(widget, Input):
                widget.value = raw if isinstance(raw, str) else toml_number(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else str(raw).lower()

    @property
    def dirty(self) -> bool:
        """Whether what is on screen differs from what was last written (or opened)."""
        return self.is_mounted and bool(self.initial_text) and self.text() != self.initial_text

    def unsaved_changes(self) -> bool:
        return self.dirty

    def unsaved_what(self) -> str:
        return _("The charter of {name}", name=self.committee.name) if self.committee.name else _("The charter")

    def show_status(self) -> None:
        marker = _("unsaved changes") if self.dirty else ""
        text = "  ·  ".join(t for t in (self.status, marker) if t)
        label = self.query_one("#charter-status", Label)
        label.update(text)
        label.display = bool(text)
    # -- reading the form ---------------------------------------------------------------------

    def widget(self, s: Setting):
        return self.query_one(f"#{s.widget_id}")

    def charter_dict(self) -> dict[str, Any]:
        """The [charter] table as typed (numbers that are not numbers stay text)."""
        out: dict[str, Any] = {}
        rule = self.query_one("#set-quorum-rule", Select).value
        proxies = self.query_one("#set-proxies", Checkbox).value
        for s in self.settings:
            if s.path == ("quorum", "count") and rule != "count":
                continue
            if s.path == ("quorum", "fraction") and rule != "fraction":
                continue
            if s.path == ("quorum", "count_proxies") and not proxies:
                continue
            w = self.widget(s)
            if s.kind == "bool":
                value: Any = bool(w.value)
            elif s.kind == "choice":
                value = str(w.value)
            else:
                if not w.value.strip():
                    continue  # empty: the default applies
                value = parse_number(w.value)
            table = out
            for key in s.path[:-1]:
                table = table.setdefault(key, {})
            table[s.path[-1]] = value
        return out

    def text(self) -> str:
        data = committee_data(self.committee)
        data["charter"] = self.charter_dict()
        data.pop("scope", None)
        if self.scope:
            data["scope"] = {k: list(v) for k, v in self.scope.items()}
        data["escalation"] = [level.to_dict() for level in self.ladder]
        return dump_committee(data)

    # -- checking -----------------------------------------------------------------------------

    def revalidate(self) -> Located:
        text = self.text()
        result = parse_committee(text, slug=self.committee.slug or "committee")
        located = Located(text, result.problems)
        self.located = located
        for s in self.settings:
            self._show(s.error_id, located.at(("charter",) + s.path))
        for gid, _title, _group in self.groups:
            self._show(f"err-group-{gid}", located.at(("charter",) if gid == "seats" else ("charter", gid)))
        self._show("err-group-scope", [p for _path, p in located.under(("scope",))])
        self._show("err-group-escalation", [p for _path, p in located.under(("escalation",))])
        # The handbook's advice and problems of the roster: below the form, never blocking.
        # From the committee editor the roster's own problems are shown there, not here.
        own = [("charter",), ("scope",), ("escalation",)]
        roster = located.outside(own) if self.path is not None else []
        shown = roster + [p for prefix in own for _path, p in located.under(prefix, errors_only=False) if not p.is_error]
        panel = self.query_one("#setup-problems", VerticalScroll)
        panel.remove_children()
        lines = [Label(plain_text(p), classes="setup-error" if p.is_error else "setup-warning", markup=False) for p in shown]
        panel.mount_all(lines)
        panel.display = bool(lines)
        if result.value is not None:
            self.charter = result.value.charter
        elif not self.charter_errors():
            self.charter = self.typed_charter()  # the roster has problems; the charter has none
        self._quorum_meaning()
        if self.initial_text:
            self.show_status()
        return located

    def typed_charter(self) -> Charter:
        """The charter on screen (call only when it has no problems)."""
        data = self.charter_dict()
        data["scope"] = dict(self.scope)
        data["escalation"] = [level.to_dict() for level in self.ladder]
        return Charter.from_dict(data)

    def _show(self, label_id: str, problems) -> None:
        label = self.query_one(f"#{label_id}", Label)
        text = "\n".join(plain_text(p) for p in problems if p.is_error)
        label.update(text)
        label.display = bool(text)

    def charter_errors(self) -> list:
        """Errors in the charter itself (not in the roster)."""
        located = self.located or self.revalidate()
        return [p for prefix in (("charter",), ("scope",), ("escalation",)) for _path, p in located.under(prefix)]

    def _quorum_meaning(self) -> None:
        charter = self.charter
        total = len(seats(charter, self.committee.members))
        if total == 0:
            text = _("The committee has no voting seats yet.")
        else:
            need = required_for_quorum(charter, total)
            if charter.seats == "organisation":
                text = ngettext(
                    "With this roster: {need} of {n} organisation must be present.", "With this roster: {need} of {n} organisations must be present.", total, need=need
                )
            else:
                text = ngettext(
                    "With this roster: {need} of {n} voting member must be present.", "With this roster: {need} of {n} voting members must be present.", total, need=need
                )
            if charter.quorum.min_community:
                text += " " + _("At least {n} of them from community organisations.", n=charter.quorum.min_community)
        self.query_one("#quorum-meaning", Label).update(text)

    def sync_enabled(self, *, prefill: bool = False) -> None:
        """Fields that do not apply are switched off (Tab skips them) and say so."""
        rule = self.query_one("#set-quorum-rule", Select).value
        proxies = self.query_one("#set-proxies", Checkbox).value
        off = {
            "set-quorum-count": (rule != "count", _("Switched off: used only when the quorum rule is a fixed number.")),
            "set-quorum-fraction": (rule != "fraction", _("Switched off: used only when the quorum rule is a share.")),
            "set-quorum-count_proxies": (not proxies, _("Switched off: used only when proxies are allowed.")),
            "set-max_proxies_per_member": (not proxies, _("Switched off: used only when proxies are allowed.")),
        }
        for widget_id, (disabled, why) in off.items():
            self.query_one(f"#{widget_id}").disabled = disabled
            note = self.query_one(f"#off-{widget_id}", Label)
            note.update(why if disabled else "")
            note.display = disabled
        count = self.query_one("#set-quorum-count", Input)
        if prefill and rule == "count" and parse_number(count.value or "0") in (0, "0"):
            # A fixed number starts at a count the roster can meet, never at 0.
            total = len(seats(self.charter, self.committee.members))
            self._filling = True
            try:
                count.value = str(max(1, total // 2 + 1))
            finally:
                self._filling = False

    @on(Input.Changed, ".charter-field")
    @on(Select.Changed, ".charter-field")
    @on(Checkbox.Changed, ".charter-field")
    def _changed(self) -> None:
        if self._filling or not self.is_mounted:
            return
        self.sync_enabled(prefill=True)
        self.revalidate()

    # -- presets ------------------------------------------------------------------------------

    def _preset_help(self) -> None:
        key = self.query_one("#preset", Select).value
        if key in PRESETS:
            self.query_one("#preset-help", Label).update(tr(PRESETS[key][1]))

    @on(Select.Changed, "#preset")
    def _preset_changed(self) -> None:
        self._preset_help()

    @on(Button.Pressed, "#apply-preset")
    def _apply_pressed(self) -> None:
        self.ask_preset()

    @work(exclusive=True, group="charter-dialog")
    async def ask_preset(self) -> None:
        key = str(self.query_one("#preset", Select).value)
        label, desc, _preset = PRESETS[key]
        question = _(
            "Apply {preset}? {description} It replaces the seats, proxies, quorum rule, voting, consensus and revisiting settings on screen; scope, escalation ladder, meeting length, timers and the community minimum are kept.",
            preset=tr(label),
            description=tr(desc),
        )
        if await self.app.push_screen_wait(ConfirmDialog(question, yes=_("Apply"))):
            self.apply_selected_preset()

    def apply_selected_preset(self) -> None:
        key = str(self.query_one("#preset", Select).value)
        label, _desc, preset = PRESETS[key]
        self.fill(apply_preset(self.charter, preset))
        self.status = _("{preset} applied (not saved yet). Scope, escalation ladder, meeting length, timers and the community minimum were kept.", preset=tr(label))
        self.notify(self.status)

    def fill(self, charter: Charter) -> None:
        """Show `charter`'s settings in the form."""
        self._filling = True
        try:
            for s in self.settings:
                value = _get(charter, s.path)
                w = self.widget(s)
                if s.kind in ("bool", "choice"):
                    w.value = value
                else:
                    w.value = toml_number(value)
        finally:
            self._filling = False
        self.call_after_refresh(self._after_fill)

    def _after_fill(self) -> None:
        self.sync_enabled()
        self.revalidate()

    # -- scope and escalation -----------------------------------------------------------------

    def refresh_tables(self) -> None:
        scope_rows = [([cell(kind), cell(join(bodies))], None) for kind, bodies in self.scope.items()]
        fill_table(self.query_one("#scope", DataTable), [_("Kind of matter"), _("Bodies that may decide it")], scope_rows)
        ladder_rows = [
            (
                [
                    str(i),
                    cell(level.name),
                    cell(level.handler),
                    toml_number(level.minutes) if level.minutes else "—",
                    _("binding") if level.binding else _("not binding"),
                ],
                None,
            )
            for i, level in enumerate(self.ladder, start=1)
        ]
        fill_table(self.query_one("#ladder", DataTable), ["#", _("Level"), _("Handled by"), pgettext("duration", "Minutes"), _("Binding")], ladder_rows)

    def _tables_changed(self, *, ladder_row: int | None = None, scope_row: int | None = None) -> None:
        self.refresh_tables()
        if ladder_row is not None:
            self.query_one("#ladder", DataTable).move_cursor(row=ladder_row)
        if scope_row is not None:
            self.query_one("#scope", DataTable).move_cursor(row=scope_row)
        self.revalidate()

    @on(Button.Pressed, "#scope-add")
    def _scope_add(self) -> None:
        self.edit_scope(None)

    @on(Button.Pressed, "#scope-edit")
    @on(DataTable.RowSelected, "#scope")
    def _scope_edit(self) -> None:
        if self.scope:
            self.edit_scope(list(self.scope)[self.query_one("#scope", DataTable).cursor_row])

    @on(Button.Pressed, "#scope-remove")
    def _scope_remove(self) -> None:
        if self.scope:
            kind = list(self.scope)[self.query_one("#scope", DataTable).cursor_row]
            del self.scope[kind]
            self._tables_changed()

    @work(exclusive=True, group="charter-dialog")
    async def edit_scope(self, kind: str | None) -> None:
        bodies = join(self.scope.get(kind, ())) if kind is not None else ""

        def check(values: dict) -> dict[str, str]:
            out = {}
            name = values["kind"].strip()
            if not name:
                out["kind"] = _("Name the kind of matter, e.g. budget.")
            elif name != kind and name in self.scope:
                out["kind"] = _("{kind} is already in the list; edit it instead.", kind=name)
            if any(not b.strip() for b in values["bodies"].split(",")) and values["bodies"].strip():
                out["bodies"] = _("Separate the bodies with commas, e.g. executive, strategic.")
            return out

        values = await self.app.push_screen_wait(
            FormDialog(
                _("Who decides this kind of matter?"),
                [
                    FormField("kind", _("Kind of matter"), kind or "", placeholder=_("e.g. budget, membership, public-statement")),
                    FormField("bodies", _("Bodies"), bodies or self.committee.body, placeholder=_("e.g. executive, strategic"), help=_("The bodies that may decide it, separated by commas: strategic, executive, working-group or any other.")),
                ],
                check,
            )
        )
        if values is None:
            return
        name = values["kind"].strip()
        chosen = tuple(b.strip() for b in values["bodies"].split(",") if b.strip())
        items = list(self.scope.items())
        if kind is None:
            items.append((name, chosen))
            row = len(items) - 1
        else:
            row = [k for k, _v in items].index(kind)
            items[row] = (name, chosen)
        self.scope = dict(items)
        self._tables_changed(scope_row=row)

    def _ladder_row(self) -> int:
        return self.query_one("#ladder", DataTable).cursor_row

    @on(Button.Pressed, "#ladder-add")
    def _ladder_add(self) -> None:
        self.edit_level(None)

    @on(Button.Pressed, "#ladder-edit")
    @on(DataTable.RowSelected, "#ladder")
    def _ladder_edit(self) -> None:
        if self.ladder:
            self.edit_level(self._ladder_row())

    @on(Button.Pressed, "#ladder-remove")
    def _ladder_remove(self) -> None:
        if len(self.ladder) <= 1:
            self.notify(_("The ladder needs at least one level."), severity="warning")
            return
        row = self._ladder_row()
        del self.ladder[row]
        self._tables_changed(ladder_row=max(0, row - 1))

    @on(Button.Pressed, "#ladder-up, #ladder-down")
    def _ladder_move(self, event: Button.Pressed) -> None:
        row = self._ladder_row()
        to = row - 1 if event.button.id == "ladder-up" else row + 1
        if not self.ladder or not 0 <= to < len(self.ladder):
            return
        self.ladder[row], self.ladder[to] = self.ladder[to], self.ladder[row]
        self._tables_changed(ladder_row=to)

    @work(exclusive=True, group="charter-dialog")
    async def edit_level(self, index: int | None) -> None:
        level = self.ladder[index] if index is not None else EscalationLevel("", "", 0, False)

        def needed(message: str):
            return lambda text: None if text.strip() else message

        values = await self.app.push_screen_wait(
            FormDialog(
                _("Escalation level"),
                [
                    FormField("name", _("Name"), level.name, placeholder=_("e.g. Independent mediator"), validate=needed(_("Name the level, e.g. Independent mediator."))),
                    FormField("handler", _("Handled by"), level.handler, placeholder=_("e.g. facilitator, mediator, arbitrator"), validate=needed(_("Say who handles it, e.g. mediator."))),
                    # the file's range (charter.values.MAX_NUMBER); 0 for no timebox
                    FormField("minutes", _("Timebox (minutes)"), level.minutes, unit=_("minutes"), minimum=0, maximum=MAX_NUMBER),
                    FormField("binding", _("Binding"), level.binding, kind="check", help=_("The outcome is binding and recorded as a decision.")),
                ],
            )
        )
        if values is None:
            return
        minutes = int(values["minutes"]) if float(values["minutes"]).is_integer() else values["minutes"]  # 30, not 30.0, in the file
        new = EscalationLevel(values["name"].strip(), values["handler"].strip(), minutes, bool(values["binding"]))
        if index is None:
            self.ladder.append(new)
            index = len(self.ladder) - 1
        else:
            self.ladder[index] = new
        self._tables_changed(ladder_row=index)

    # -- saving and leaving -------------------------------------------------------------------

    @on(Button.Pressed, "#charter-save")
    def action_save(self) -> None:
        self.save()

    @work(exclusive=True, group="charter-save")
    async def save(self) -> None:
        await self.save_now()

    def _refused(self, why: str) -> bool:
        self.status = _("Not saved: {problem}", problem=why)
        self.show_status()
        self.notify(self.status, severity="error", timeout=8)
        return False

    async def save_now(self) -> bool:
        """Write the committee file with the charter on screen; True when written."""
        located = self.revalidate()
        errors = self.charter_errors()
        if errors:
            self._scroll_to_first_error()
            return self._refused(plain_text(errors[0]))
        if self.save_with is not None:
            written, why = await self.save_with(self.charter)
            self.kept = True
            self.initial_text = self.text()  # the committee editor holds it now, unsaved or not
            if not written:
                self.status = _("Not saved: {problem} Fix it in the committee screen (Escape); this charter is kept there and saved with it.", problem=why)
                self.show_status()
                self.notify(self.status, severity="warning", timeout=10)
                return True  # nothing is lost: the committee editor asks before it is left
            self._saved()
            return True
        if self.path is None:
            return self._refused(_("the committee has no file yet."))
        if located.errors:
            return self._refused(_("the committee has other problems (below); fix them in the committee editor (E)."))
        committee = replace(self.committee, charter=self.charter)
        text = await save_committee_file(
            self.app, self.path, committee, loaded_text=self.loaded_text, hand_written=self.hand_written, new=False
        )
        if text is None:
            return self._refused(_("see the message above."))
        self.loaded_text = text
        saved_over_problems(self)
        self.hand_written = False
        self.committee = committee
        self.kept = True
        self.initial_text = self.text()
        self._saved()
        return True

    def _saved(self) -> None:
        when = datetime.fromtimestamp(self.app.clock()).strftime("%H:%M")
        self.status = _("Saved at {time}.", time=when)
        self.show_status()

    def _scroll_to_first_error(self) -> None:
        for label in self.query(".charter-error"):
            if label.display:
                label.scroll_visible()
                break

    @on(Button.Pressed, "#charter-cancel")
    def action_close(self) -> None:
        self.close_editor()

    @work(exclusive=True, group="charter-dialog")
    async def close_editor(self) -> None:
        if await may_leave(self.app, self):
            self.dismiss(self.charter if self.kept and not self.dirty else None)
