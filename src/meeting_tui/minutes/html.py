"""Minutes as a standalone, printable HTML page (markdown-it-py; raw HTML and links off)."""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from meeting_tui.minutes.text import inline_plain

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})

# The page's own stylesheet (this is the exported document's CSS, not the app's styling).
PAGE_CSS = """\
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html { font-family: "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", Arial, sans-serif; }
body { max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.45; color: #111; }
h1 { font-size: 1.6em; margin-bottom: 0.3em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #999; padding-bottom: 0.15em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p, li { orphans: 3; widows: 3; }
p, li, td, th { unicode-bidi: plaintext; overflow-wrap: break-word; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-size: 0.92em;
        break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #888; padding: 0.25em 0.45em; text-align: start; vertical-align: top; }
th { background: #eee; }
hr { border: none; border-top: 1px solid #999; margin-top: 2em; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def minutes_parser() -> MarkdownIt:
    """The one Markdown parser for minutes: CommonMark with tables; raw HTML, links, images,
    autolinks and linkify off, so no user text can ever become markup or a link."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    parser.disable(["link", "image", "autolink", "html_inline", "html_block"])
    parser.validateLink = lambda url: False  # belt and braces: no link target is ever valid
    return parser


def _lang(code: str) -> str:
    return code if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", code or "") else "en"


def render_html(markdown_text: str, *, lang: str = "en", title: str = "") -> str:
    """A standalone HTML page of the minutes, with print styles (A4); right to left for
    Arabic (and other right-to-left languages)."""
    lang = _lang(lang)
    direction = "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"
    body = minutes_parser().render(markdown_text)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="{direction}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="meeting-tui">\n'
        f"<title>{html.escape(inline_plain(title))}</title>\n"
        f"<style>\n{PAGE_CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        f"{body}"
        "</body>\n"
        "</html>\n"
    )
