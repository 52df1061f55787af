"""Minutes as a standalone, printable HTML page (markdown-it-py; raw HTML and links off)."""

from __future__ import annotations

import html
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, isStrSpace, mdTrim
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS, escapedSplit, headerLineRe
from markdown_it.rules_block.state_block import StateBlock

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


def _cells(line: str) -> list[str]:
    """The cells of a table row, as markdown-it's table rule splits them (`\\|` escapes a pipe);
    `str.split` where the line has no backslash, which gives the same cells much faster."""
    columns = escapedSplit(line) if "\\" in line else line.split("|")
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def _table_html(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """markdown-it's GFM table rule (markdown_it/rules_block/table.py), the same tests line for
    line, but it renders the table to HTML as it reads it and pushes one token holding that HTML,
    instead of five tokens per cell: the assembly's minutes hold 20 roll calls of 300 rows and the
    stock rule spent most of the render making and rendering those tokens. A cell with any
    character that starts an inline rule (markdown-it's own `terminator_re`) is rendered by
    markdown-it (`renderInline`); any other cell is plain text, which markdown-it renders as its
    escaped self. tests/minutes/test_html_tables.py holds it byte-identical to the stock rule."""
    if startLine + 2 > endLine:
        return False
    nextLine = startLine + 1
    if state.sCount[nextLine] < state.blkIndent or state.is_code_block(nextLine):
        return False
    src = state.src
    pos = state.bMarks[nextLine] + state.tShift[nextLine]
    maximum = state.eMarks[nextLine]
    if pos + 1 >= maximum:
        return False
    first_ch, second_ch = src[pos], src[pos + 1]
    if first_ch not in "|-:" or (second_ch not in "|-:" and not isStrSpace(second_ch)):
        return False
    if first_ch == "-" and isStrSpace(second_ch):
        return False
    if any(ch not in "|-:" and not isStrSpace(ch) for ch in src[pos + 2 : maximum]):
        return False

    columns = src[pos:maximum].split("|")
    aligns: list[str] = []
    for i, column in enumerate(columns):
        t = mdTrim(column)
        if not t:
            if i == 0 or i == len(columns) - 1:
                continue
            return False
        if not headerLineRe.search(t):
            return False
        if t[-1] == ":":
            aligns.append("center" if t[0] == ":" else "right")
        elif t[0] == ":":
            aligns.append("left")
        else:
            aligns.append("")

    lineText = mdTrim(_line(state, startLine))
    if "|" not in lineText or state.is_code_block(startLine):
        return False
    columns = _cells(lineText)
    columnCount = len(columns)
    if columnCount == 0 or columnCount != len(aligns):
        return False
    if silent:
        return True

    terminators = state.md.block.ruler.getRules("blockquote")
    special = state.md.inline.terminator_re.search
    render_inline = state.md.renderInline
    env = state.env

    def cell(content: str) -> str:
        return render_inline(content, env) if special(content) else escapeHtml(content)

    opens = [f'<{{}} style="text-align:{align}">' if align else "<{}>" for align in aligns]
    th = [o.format("th") for o in opens]
    td = [o.format("td") for o in opens]
    out = ["<table>\n<thead>\n<tr>\n"]
    out.extend(f"{th[i]}{cell(mdTrim(columns[i]))}</th>\n" for i in range(columnCount))
    out.append("</tr>\n</thead>\n")

    oldParentType, state.parentType = state.parentType, "table"
    autocompleted = 0
    nextLine = startLine + 2
    while nextLine < endLine:
        if state.sCount[nextLine] < state.blkIndent:
            break
        if any(rule(state, nextLine, endLine, True) for rule in terminators):
            break
        lineText = mdTrim(_line(state, nextLine))
        if not lineText or state.is_code_block(nextLine):
            break
        columns = _cells(lineText)
        autocompleted += columnCount - len(columns)
        if autocompleted > MAX_AUTOCOMPLETED_CELLS:
            break
        if nextLine == startLine + 2:
            out.append("<tbody>\n")
        out.append("<tr>\n")
        for i in range(columnCount):
            content = mdTrim(columns[i]) if i < len(columns) and columns[i] else ""
            out.append(f"{td[i]}{cell(content)}</td>\n")
        out.append("</tr>\n")
        nextLine += 1
    if nextLine > startLine + 2:
        out.append("</tbody>\n")
    out.append("</table>\n")

    token = state.push("table_html", "table", 0)
    token.map = [startLine, nextLine]
    token.content = "".join(out)
    state.parentType = oldParentType
    state.line = nextLine
    return True


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _render_table_html(self: Any, tokens: list, idx: int, options: Any, env: Any) -> str:
    # as markdown-it's renderToken: a block opening after a hidden (tight list) paragraph
    # starts on a new line
    lead = "\n" if idx and tokens[idx - 1].hidden else ""
    return lead + tokens[idx].content


def _html_parser() -> MarkdownIt:
    """`minutes_parser` for HTML only: its table rule renders as it reads (`_table_html`). The
    .docx export and the minutes screen walk the tokens, so they keep the stock parser."""
    parser = minutes_parser()
    parser.block.ruler.at("table", _table_html, {"alt": ["paragraph", "reference"]})
    parser.add_render_rule("table_html", _render_table_html)
    return parser


def _lang(code: str) -> str:
    return code if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", code or "") else "en"


def render_html(markdown_text: str, *, lang: str = "en", title: str = "") -> str:
    """A standalone HTML page of the minutes, with print styles (A4); right to left for
    Arabic (and other right-to-left languages)."""
    lang = _lang(lang)
    direction = "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"
    body = _html_parser().render(markdown_text)
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
