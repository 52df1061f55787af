"""List every message id used in the source: `python -m meeting_tui.i18n`."""

from meeting_tui.i18n.extract import extract_message_ids

for msgid in sorted(extract_message_ids()):
    print(repr(msgid))
