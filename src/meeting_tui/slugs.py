"""The one slug helper: member and item ids, committee folders and session file names.

`slug("اجتماع اللجنة التنفيذية")` is `اجتماع-اللجنة-التنفيذية`: Arabic stays Arabic and
readable (short vowels and the tatweel are dropped, so `مُحَمَّد` is `محمد`, not `م-ح-م-د`),
Latin is lower-cased, everything else becomes single dashes. A slug is at most `MAX_LENGTH`
characters (cut at a word boundary), never empty (the fallback is used), never `.` or `..`,
and never holds a path separator, so it is always safe as one file or folder name.
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 60
TATWEEL = "\u0640"


def _readable(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text))
    # combining marks that do not compose into a letter (Arabic harakat, shadda...) would
    # otherwise split a word into dashed letters
    return "".join(ch for ch in text if ch != TATWEEL and unicodedata.category(ch) != "Mn")


def slug_or_empty(text: str) -> str:
    """The slug of `text`, or "" when nothing usable is left (for callers that report it)."""
    from slugify import slugify  # only when something is named (not at start-up)

    out = slugify(_readable(text), allow_unicode=True, max_length=MAX_LENGTH, word_boundary=True, save_order=True)
    out = out.replace("/", "-").replace("\\", "-").strip("-")
    return "" if out in (".", "..") else out


def slug(text: str, fallback: str = "item") -> str:
    """The slug of `text`, else of `fallback`, else "item": never empty."""
    return slug_or_empty(text) or slug_or_empty(fallback) or "item"
