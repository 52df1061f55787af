"""The translator's commands: `python -m meeting_tui.i18n {ids,update,compile,check,import-json}`
(see meeting_tui/i18n/po.py and docs/TRANSLATING.md)."""

import sys

from meeting_tui.i18n.po import main

sys.exit(main())
