"""Minutes: a session's state -> Markdown (pure), and Markdown -> a printable HTML page.

Depends on the domain and markdown-it-py only: no Textual, no files, no clock.
"""

from meeting_tui.minutes.html import minutes_parser, render_html
from meeting_tui.minutes.render import SECTIONS, MinutesContext, Section, insert_section, render_markdown
from meeting_tui.minutes import decisions as _decisions  # noqa: F401  (adds the decision sections)
from meeting_tui.minutes import conflicts as _conflicts  # noqa: F401  (adds conflicts, revisits, the full register extract)
from meeting_tui.minutes import corrections as _corrections  # noqa: F401  (adds the corrections appendix)

__all__ = [
    "SECTIONS",
    "MinutesContext",
    "Section",
    "insert_section",
    "minutes_parser",
    "render_html",
    "render_markdown",
]
