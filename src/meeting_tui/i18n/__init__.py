"""One translation function for every user-facing string.

Message ids are the English text itself (as with gettext), so the English catalog is the
source: `_("Quorum met")` returns the English text, or the current language's translation
when a catalog for it exists. Placeholders use `str.format` names: `_("{n} present", n=3)`.

Keep every call's first argument a string literal: `python -m meeting_tui.i18n` lists all
message ids by reading the source, and the catalog tests rely on that.
"""

from __future__ import annotations

from typing import Any

_CATALOGS: dict[str, dict[str, str]] = {"en": {}}
_current = "en"

LANGUAGES = {"en": "English"}


def set_language(code: str) -> None:
    """Switch the interface language; unknown codes fall back to English."""
    global _current
    _current = code if code in _CATALOGS else "en"


def current_language() -> str:
    return _current


def _(msgid: str, /, **params: Any) -> str:
    """Translate `msgid` into the current language and fill in its placeholders."""
    text = _CATALOGS.get(_current, {}).get(msgid, msgid)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)
    return text


def N_(msgid: str, /) -> str:
    """Mark a string for translation without translating it now (translate at display)."""
    return msgid


def tr(msgid: str, /) -> str:
    """Translate an id chosen at run time; every such id must be marked with `N_` somewhere."""
    return _CATALOGS.get(_current, {}).get(msgid, msgid)
