"""One translation function for every user-facing string.

Message ids are the English text itself (as with gettext), so the English catalog is the
source: `_("Quorum met")` returns the English text, or the current language's translation
when a catalog for it exists. Placeholders use `str.format` names: `_("{n} present", n=3)`.

Keep every call's first argument a string literal: `python -m meeting_tui.i18n` lists all
message ids by reading the source, and the catalog tests rely on that.

Catalogs are gettext `.po` files next to this module (`ar.po`), compiled to `.mo` (`ar.mo`,
shipped and checked up to date by the tests); the app reads the `.mo` with the standard
library's `gettext` the first time a language is used (about 2 ms; Babel's `read_po` at start
would cost about 14 ms plus its import). `python -m meeting_tui.i18n update|compile|check`
maintains them (`po.py`, docs/TRANSLATING.md). The interface language is set at start-up
(`set_language`); a document written in another language (the minutes are written in the
committee's language) is rendered inside `using_language(code)`, which holds only for the
current thread or task, so a worker rendering Arabic minutes never changes the screen's
language.

Plural forms (`ngettext(singular, plural, n, **params)`): English picks `singular` when n is 1
and `plural` otherwise. The .po translates a plural message with `msgid_plural` and one
`msgstr[i]` per form of the language, chosen by the `Plural-Forms` header. Arabic has six
(CLDR order): zero (0), one (1), two (2), few (n % 100 in 3–10), many (n % 100 in 11–99) and
other (100, 101, 102, …). A form may leave out `{n}` (Arabic says "امتناع واحد", "امتناعان"
without the number), but never uses a placeholder the English plural does not have. `n` is
always passed to `str.format` as `n` as well as any other `params`.

Words whose translation depends on what they describe use `pgettext(context, msgid)`
(`msgctxt` in the .po).

Values such as dates, times, register ids and paths ("2026-03-15", "10:30", "EXE-2026-014")
are isolated (FSI … PDI) when `_`, `ngettext` or `pgettext` put them into a right-to-left
sentence: after an Arabic letter the bidi algorithm makes their digits Arabic numbers, which
a '-' or '/' does not join, so "(2000-01-01)" would show as "(01-01-2000)". A value is isolated
when it is a string with a digit next to '-', ':' or '/', no right-to-left letter (an Arabic
sentence given as a value has isolated its own values) and no line break, unless the last
strong letter before it is left to right ("{title} ({date})" with a Latin title: the date is
part of the title's run, and isolating it would split that run); one already starting with
FSI is left as it is.
"""

from __future__ import annotations

import gettext
import os
import re
import string
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterable, Iterator, Mapping

LANGUAGES = {"en": "English", "ar": "العربية"}
RTL_LANGUAGES = frozenset({"ar"})

_TRANSLATIONS: dict[str, gettext.NullTranslations] = {"en": gettext.NullTranslations()}
_current = "en"
_override: ContextVar[str | None] = ContextVar("meeting_tui_language", default=None)


def translations(code: str) -> gettext.NullTranslations:
    """The compiled catalog of language `code` (no translations for English, unknown languages
    or a missing .mo: every message then shows its English id)."""
    found = _TRANSLATIONS.get(code)
    if found is None:
        found = _TRANSLATIONS["en"]
        if code in LANGUAGES:
            from importlib import resources  # here: an English start-up never needs it (~10 ms)

            try:
                with resources.files(__name__).joinpath(f"{code}.mo").open("rb") as f:
                    found = gettext.GNUTranslations(f)
            except (OSError, ValueError, UnicodeDecodeError):
                pass
        _TRANSLATIONS[code] = found
    return found


def normalise(code: str | None) -> str | None:
    """'ar', 'ar_EG.UTF-8', 'AR-eg' -> 'ar'; None for a language without a catalog."""
    if not code or not isinstance(code, str):
        return None
    base = code.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def language_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the environment asks for, as gettext reads it: LANGUAGE (a list), then
    LC_ALL, LC_MESSAGES, LANG. None when it names no language this app has (C, POSIX, fr_FR)."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if not value:
            continue
        if name == "LANGUAGE":
            for part in value.split(":"):
                if found := normalise(part):
                    return found
            continue
        # The first variable that is set decides, even when it names a language we lack.
        return normalise(value)
    return None


def set_language(code: str | None) -> None:
    """Switch the interface language; unknown codes fall back to English."""
    global _current
    _current = normalise(code) or "en"


def current_language() -> str:
    return _override.get() or _current


def is_rtl(code: str | None = None) -> bool:
    """Whether `code` (default: the current language) is written right to left."""
    return (normalise(code) if code else current_language()) in RTL_LANGUAGES


@contextmanager
def using_language(code: str | None) -> Iterator[None]:
    """Translate into `code` inside the block, in this thread or task only."""
    token = _override.set(normalise(code) or "en")
    try:
        yield
    finally:
        _override.reset(token)


FSI, PDI = "\u2068", "\u2069"
# A digit beside a date, time, id or path separator; right-to-left letters (as rtl.py's).
_SEPARATED_DIGITS = re.compile(r"\d[-:/]|[-:/]\d")
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
_FORMATTER = string.Formatter()


def strong_direction(chars: Iterable[str], opens: tuple[str, ...], closes: tuple[str, ...]) -> str | None:
    """"L" or "R": the direction of the first strong character of `chars` outside isolates
    (`opens`/`closes`: the bidi classes that open and close one, in the order read), or None.
    Here because this module is the bottom layer; rtl.first_strong reads forwards with it."""
    depth = 0
    for char in chars:
        kind = unicodedata.bidirectional(char)
        if kind in opens:
            depth += 1
        elif kind in closes:
            depth = max(0, depth - 1)
        elif depth == 0 and kind == "L":
            return "L"
        elif depth == 0 and kind in ("R", "AL"):
            return "R"
    return None


def _last_strong(text: str) -> str | None:
    """"L" or "R": the direction of the last strong character of `text` outside isolates."""
    return strong_direction(reversed(text), opens=("PDI",), closes=("FSI", "LRI", "RLI"))


def _needs_isolate(value: Any) -> bool:
    return (
        isinstance(value, str)
        and _SEPARATED_DIGITS.search(value) is not None
        and not value.startswith(FSI)
        and "\n" not in value
        and _RTL_LETTER.search(value) is None
    )


def _format(text: str, params: Mapping[str, Any]) -> str:
    """`text.format(**params)`; in a right-to-left interface a date, time, id or path is
    isolated unless left-to-right text comes just before it (the module's docstring)."""
    if not is_rtl():
        return text.format(**params)
    out: list[str] = []
    for literal, field, spec, conversion in _FORMATTER.parse(text):
        out.append(literal)
        if field is None:
            continue
        value = _FORMATTER.convert_field(_FORMATTER.get_field(field, (), params)[0], conversion)
        shown = _FORMATTER.format_field(value, spec or "")
        if _needs_isolate(value) and _last_strong("".join(out)) != "L":
            shown = FSI + shown + PDI
        out.append(shown)
    return "".join(out)


def _(msgid: str, /, **params: Any) -> str:
    """Translate `msgid` into the current language and fill in its placeholders."""
    text = translations(current_language()).gettext(msgid)
    if params:
        try:
            return _format(text, params)
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)
    return text


def pgettext(context: str, msgid: str, /, **params: Any) -> str:
    """`_` for a word whose translation depends on what it describes (gettext's pgettext):
    `pgettext("session", "open")`; `msgctxt "session"` in the .po."""
    text = translations(current_language()).pgettext(context, msgid)
    if params:
        try:
            return _format(text, params)
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)
    return text


# The CLDR plural categories of each language, in the order of its .po forms.
PLURAL_FORMS = {"en": ("one", "other"), "ar": ("zero", "one", "two", "few", "many", "other")}


def plural_form(code: str, n: int) -> str:
    """The CLDR plural category of the whole number `n` in language `code` (the .po's
    Plural-Forms expression must agree: tests/test_i18n.py checks it)."""
    n = abs(int(n))
    if code == "ar":
        if n in (0, 1, 2):
            return ("zero", "one", "two")[n]
        if 3 <= n % 100 <= 10:
            return "few"
        if 11 <= n % 100 <= 99:
            return "many"
        return "other"
    return "one" if n == 1 else "other"


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The form of a message for the count `n`, translated (gettext's ngettext, with CLDR
    plural rules): `ngettext("{n} abstention", "{n} abstentions", 1)` -> "1 abstention"."""
    text = translations(current_language()).ngettext(singular, plural, abs(int(n)))
    try:
        return _format(text, {"n": n, **params})
    except (KeyError, IndexError, ValueError):
        return (singular if n == 1 else plural).format(n=n, **params)


def N_(msgid: str, /) -> str:
    """Mark a string for translation without translating it now (translate at display)."""
    return msgid


def tr(msgid: str, /) -> str:
    """Translate an id chosen at run time; every such id must be marked with `N_` somewhere."""
    return translations(current_language()).gettext(msgid)


def short(text: str, limit: int = 70) -> str:
    """The first line of a text, cut at `limit` characters (for one line on a screen or the
    web board)."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def join(items, separator: str = ", ") -> str:
    """Join list items with the current language's comma (", ") or semicolon ("; "), as its
    catalog translates them ("، " and "؛ " in Arabic)."""
    if separator == "; ":
        return pgettext("list separator", "; ").join(items)
    return pgettext("list separator", ", ").join(items)
