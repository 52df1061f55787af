"""User text made safe for Markdown: it can never change the document's structure.

Names, titles, notes and reasons are typed by people (or come from files people edit). Before
they go into the minutes they are *cleaned* (control characters, lone surrogates and bidi
overrides/embeddings/isolates removed; Arabic and every other script kept as they are) and
*escaped* where a character would change the structure, and only there, so the `.md` reads
as plain text ("[UNDP]", "a > b" and "C:\\data" stay as typed): emphasis and code marks,
a `\\` that would escape the next character, `<` before a tag or autolink, `&` before an
entity, `]` before `(`, `[` or `:` (a link), `|` (table cells), `~~`, a trailing `#`, and at
the start of a line the marks of headings, lists, quotes, fences and breaks. No user text can
open a link, an image, raw HTML, a heading, a list, a quote, a code block or a table cell of
its own.

- `inline(text)`: one line (newlines become " / "), for list items, headings and paragraphs;
- `cell(text)`: the same for a table cell;
- `block(text)`: several paragraphs with their line breaks kept (two trailing spaces end
  each line: a hard break that reads as nothing in the plain `.md`), for notes;
- `code(text)`: a code span (for file names).
"""

from __future__ import annotations

import re
import unicodedata

# Bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI):
# they can make text display in another order than it is stored ("Trojan source").
# The marks LRM, RLM and ALM are harmless and kept: Arabic text uses them.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))

# Characters that are syntax at the start of a line (lists, quotes, headings, fences, breaks,
# link reference definitions are stopped by escaping their "]:").
_AT_START = re.compile(r"[-+](?:[- +]|$)|=+ *$|>|#{1,7}(?: |$)|_")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?= |$)")
_NEWLINES = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# What `clean` drops, as one pattern (a character at a time was a third of the minutes' time):
# the controls (category Cc: U+0000-001F and U+007F-009F) but the newline, lone surrogates
# (category Cs) and the bidi controls above.
_DROPPED = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff"
    + "".join(sorted(BIDI_CONTROLS))
    + "]"
)
# The only characters `_needs_escape` can say yes to: every other one is never looked at.
_SYNTAX = re.compile(r"[`*|\\_<&\]~#]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def clean(text: object) -> str:
    """Text without control characters, lone surrogates or bidi overrides; newlines as "\\n",
    tabs as spaces."""
    text = _NEWLINES.sub("\n", str(text)).replace("\t", " ")
    return _DROPPED.sub("", text)


def _needs_escape(line: str, i: int) -> bool:
    """Whether the character at `i` of `line` would be read as Markdown syntax."""
    ch = line[i]
    after = line[i + 1 : i + 2]
    if ch in "`*|":
        return True
    if ch == "\\":
        return after == "" or after in _ASCII_PUNCTUATION
    if ch == "_":  # emphasis only at a word's edge ("snake_case" is plain text)
        before = line[i - 1 : i]
        return not (before.isalnum() and after.isalnum())
    if ch == "<":
        return bool(after) and (after.isalpha() or after in "/!?")
    if ch == "&":
        return _ENTITY.match(line, i) is not None
    if ch == "]":
        return after in ("(", "[", ":")
    if ch == "~":
        return after == "~" or line[i - 1 : i] == "~"
    if ch == "#":  # a heading's closing sequence
        return line[i:].strip("#") == ""
    return False


def _escape_line(line: str) -> str:
    """Escape one line (already cleaned, no newline, no leading blanks)."""
    out = _SYNTAX.sub(lambda m: "\\" + m[0] if _needs_escape(line, m.start()) else m[0], line)
    if _AT_START.match(out):
        out = "\\" + out
    match = _ORDERED.match(out)
    if match:
        out = match.group(1) + "\\" + out[match.end(1) :]
    return out


def inline(text: object) -> str:
    """One line of safe Markdown: blanks collapsed, newlines shown as " / "."""
    lines = [" ".join(part.split()) for part in clean(text).split("\n")]
    return _escape_line(" / ".join(line for line in lines if line))


def cell(text: object) -> str:
    """Safe text for a table cell (never empty, so the table keeps its shape)."""
    return inline(text) or " "


def block(text: object) -> str:
    """Paragraphs of safe Markdown, keeping the writer's line breaks and blank lines."""
    paragraphs: list[list[str]] = [[]]
    for raw in clean(text).split("\n"):
        line = " ".join(raw.split())
        if line:
            paragraphs[-1].append(_escape_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("  \n".join(lines) for lines in paragraphs if lines)


def excerpt(text: object, limit: int = 200) -> str:
    """`text` on one line, cut at the last whole word within `limit` characters and ended
    with "…" when it is longer (never "…and not of t")."""
    one = " ".join(clean(text).split())
    if len(one) <= limit:
        return one
    cut = one[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else one[:limit]
    return cut.rstrip(" ,;:.—-") + "…"


def code(text: object) -> str:
    """A code span showing `text` literally (the fence is longer than any backtick run)."""
    content = inline_plain(text)
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}" if content else ""


def inline_plain(text: object) -> str:
    """Cleaned, one-line text with no escaping (for code spans and HTML attributes)."""
    return " / ".join(" ".join(part.split()) for part in clean(text).split("\n") if part.strip())


RLM = "\u200f"
_BLOCK_MARKER = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)*)")
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+\s*$")


def _starts_left_to_right(text: str) -> bool:
    """Whether the first strongly directional character of `text` is left-to-right."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return True
        if kind in ("R", "AL"):
            return False
    return False


def _rlm_before(text: str) -> str:
    stripped = text.lstrip()
    if not stripped or not _starts_left_to_right(stripped):
        return text
    lead = text[: len(text) - len(stripped)]
    return f"{lead}{RLM}{stripped}"


def right_to_left_markdown(markdown: str) -> str:
    """Markdown whose every block reads right to left in a viewer that picks each paragraph's
    direction from its first strong character (GitHub, most editors): a right-to-left mark
    goes before any heading, paragraph, list item or table cell that starts with Latin text
    (an English name, a register id). Invisible, and kept in the HTML (which says dir="rtl")."""
    out = []
    for line in markdown.split("\n"):
        if not line.strip() or _TABLE_RULE.match(line):
            out.append(line)
        elif line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)
            out.append("|".join(cells[:1] + [_rlm_before(c) if c.strip() else c for c in cells[1:-1]] + cells[-1:]))
        else:
            marker = _BLOCK_MARKER.match(line).group(1)
            out.append(marker + _rlm_before(line[len(marker) :]))
    return "\n".join(out)
