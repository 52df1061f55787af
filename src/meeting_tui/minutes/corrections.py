"""The minutes' "Corrections" appendix: every correction made to the record, in order.

The minutes themselves show the corrected record (the state is the fold of the log with the
corrections applied); this appendix says what was corrected, when, and how, so nothing is
changed silently (domain/corrections.py).
"""

from __future__ import annotations

from meeting_tui.domain import corrections as _corrections
from meeting_tui.i18n import _
from meeting_tui.minutes.render import MinutesContext, Section, heading, insert_section, table
from meeting_tui.minutes.text import cell


def corrections(m: MinutesContext) -> str:
    records = _corrections.records(m.state)
    if not records:
        return ""
    rows = [
        [
            m.time(r.at),
            _corrections.kind_label(r.kind),
            cell(r.corrected) or " ",
            m.time(r.corrected_at) if r.corrected_at is not None else " ",
            cell(r.detail) or " ",
        ]
        for r in records
    ]
    headers = [_("When"), _("Correction"), _("What it corrected"), _("Recorded at"), _("Details")]
    note = _("The minutes above show the corrected record; the session file keeps both what was recorded and each correction.")
    return heading(2, _("Corrections")) + "\n\n" + "*" + note + "*" + "\n\n" + table(headers, rows)


insert_section(Section("corrections", corrections), after="signatures")
