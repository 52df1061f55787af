"""Every user-facing string goes through the one translation function, with a literal id."""

from __future__ import annotations

import ast
import string

from meeting_tui.i18n import _, set_language
from meeting_tui.i18n.extract import extract_message_ids, extract_plural_ids, iter_translation_calls


def test_every_translation_call_has_a_literal_message_id():
    bad = [
        f"{path.name}:{line}"
        for path, line, arg in iter_translation_calls()
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    ]
    assert bad == []


def test_placeholders_are_valid_format_fields():
    for msgid in extract_message_ids():
        fields = [name for _text, name, _spec, _conv in string.Formatter().parse(msgid) if name is not None]
        assert all(name.isidentifier() for name in fields), msgid


def test_catalog_has_hundreds_of_messages():
    assert len(extract_message_ids()) > 100


def test_missing_placeholder_never_raises():
    assert _("{name} is already marked present.", name="Amina") == "Amina is already marked present."
    set_language("xx")  # unknown language falls back to English
    try:
        assert _("Quorum reached.") == "Quorum reached."
    finally:
        set_language("en")


# -- the Arabic catalog (#9) ------------------------------------------------------------------

import json
import re
from importlib import resources

import pytest

from meeting_tui.i18n import (
    LANGUAGES,
    catalog,
    current_language,
    language_from_env,
    normalise,
    using_language,
)


def _fields(text: str) -> list[str]:
    return sorted(name for _t, name, _s, _c in string.Formatter().parse(text) if name is not None)


def test_every_message_has_an_arabic_translation():
    ids = extract_message_ids()
    arabic = catalog("ar")
    missing = sorted(ids - set(arabic))
    assert missing == [], f"{len(missing)} messages lack an Arabic translation (add them to i18n/ar.json): {missing[:10]}"
    empty = [m for m in ids & set(arabic) if not (arabic[m] if isinstance(arabic[m], str) else "".join(arabic[m])).strip()]
    assert empty == []


def test_arabic_catalog_has_no_stale_entries():
    stale = sorted(set(catalog("ar")) - extract_message_ids())
    assert stale == [], f"i18n/ar.json translates messages no longer in the source: {stale[:10]}"


def test_arabic_translations_keep_placeholders_whitespace_and_lines():
    plurals = extract_plural_ids()
    for msgid, text in catalog("ar").items():
        if msgid in plurals:
            continue  # checked by test_arabic_plural_entries_have_six_forms
        assert isinstance(text, str), msgid
        assert _fields(text) == _fields(msgid), msgid
        assert text.count("\n") == msgid.count("\n"), msgid
        assert (text[:1].isspace(), text[-1:].isspace()) == (msgid[:1].isspace(), msgid[-1:].isspace()), msgid


def test_arabic_translations_are_arabic():
    for msgid, text in catalog("ar").items():
        if isinstance(text, list):
            text = " ".join(text)
        words = re.sub(r"\{[^}]*\}|`[^`]*`", "", msgid)
        if re.search(r"[A-Za-z]{3}", words):
            assert re.search("[\u0600-\u06ff]", text), f"{msgid!r} -> {text!r}"


def test_catalog_file_is_sorted_json_shipped_in_the_package():
    text = resources.files("meeting_tui.i18n").joinpath("ar.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert text == json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def test_glossary_terms_are_used():
    arabic = catalog("ar")
    assert arabic["Quorum"] == "النصاب القانوني"
    assert arabic["Help"] == "مساعدة"
    assert arabic["Yes"] == "نعم" and arabic["yes"] == "موافق"


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({"LANG": "ar_EG.UTF-8"}, "ar"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "ar_JO.UTF-8", "LANG": "en_US.UTF-8"}, "ar"),
        ({"LC_MESSAGES": "ar", "LANG": "en_US"}, "ar"),
        ({"LANGUAGE": "fr:ar", "LANG": "en_US"}, "ar"),
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({"LANG": "C"}, None),
        ({}, None),
    ],
)
def test_language_from_environment(environ, expected):
    assert language_from_env(environ) == expected


def test_normalise_language_codes():
    assert normalise("AR-eg") == "ar" and normalise("ar_SA.UTF-8@latin") == "ar"
    assert normalise("xx") is None and normalise("") is None
    assert set(LANGUAGES) == {"en", "ar"}


def test_using_language_is_local_to_the_block_and_thread():
    import threading

    set_language("en")
    seen = {}

    def worker():
        with using_language("ar"):
            seen["worker"] = _("Help")

    with using_language("ar"):
        assert _("Help") == "مساعدة"
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert seen["worker"] == "مساعدة"
    assert current_language() == "en" and _("Help") == "Help"


def test_arabic_interface_translates_placeholders():
    set_language("ar")
    try:
        text = _("{name} is already marked present.", name="أمينة")
        assert "أمينة" in text and text != "أمينة is already marked present."
    finally:
        set_language("en")


def test_a_word_translated_by_what_it_describes():
    from meeting_tui.i18n import pgettext
    from meeting_tui.i18n.extract import iter_context_calls

    assert all(
        isinstance(c, ast.Constant) and isinstance(m, ast.Constant) for _p, _l, c, m in iter_context_calls()
    )
    assert pgettext("session", "open") == "open"
    with using_language("ar"):
        assert pgettext("session", "open") == "مفتوحة"  # a session (جلسة) is feminine
        assert _("open") == "مفتوح"  # a proposal, an action item, a conflict


# -- plural forms (#20) -------------------------------------------------------------------------


def test_arabic_plural_entries_have_six_forms():
    arabic = catalog("ar")
    plurals = extract_plural_ids()
    assert plurals, "no ngettext call found"
    for singular, plural in plurals.items():
        assert singular not in {m for m in extract_message_ids() - set(plurals)}, singular
        forms = arabic[singular]
        assert isinstance(forms, list) and len(forms) == 6, singular
        allowed = set(_fields(plural)) | set(_fields(singular))
        for form in forms:
            assert form.strip() and set(_fields(form)) <= allowed, (singular, form)
            assert re.search("[\u0600-\u06ff]", form), form
        # the forms for 3-10, 11-99 and 100+ carry the number itself
        assert all("{n}" in form for form in forms[3:]), singular
    for msgid, text in arabic.items():
        assert isinstance(text, str) or msgid in plurals, f"{msgid!r} has a list but is no ngettext id"


@pytest.mark.parametrize(
    "n, form",
    [(0, "zero"), (1, "one"), (2, "two"), (3, "few"), (10, "few"), (11, "many"), (99, "many"),
     (100, "other"), (101, "other"), (102, "other"), (103, "few"), (111, "many"), (1000, "other")],
)
def test_arabic_plural_rule_is_cldr(n, form):
    from meeting_tui.i18n import plural_form

    assert plural_form("ar", n) == form
    assert plural_form("en", n) == ("one" if n == 1 else "other")


def test_ngettext_in_both_languages():
    from meeting_tui.i18n import ngettext

    assert ngettext("{n} abstention not counted", "{n} abstentions not counted", 1) == "1 abstention not counted"
    assert ngettext("{n} abstention not counted", "{n} abstentions not counted", 0) == "0 abstentions not counted"
    assert ngettext("{n} abstention not counted", "{n} abstentions not counted", 5) == "5 abstentions not counted"
    with using_language("ar"):
        forms = [ngettext("{n} abstention not counted", "{n} abstentions not counted", n) for n in (0, 1, 2, 3, 11, 100)]
    assert len(set(forms)) == 6
    assert " 3 " in forms[3] and " 11 " in forms[4] and " 100 " in forms[5]
    assert "1" not in forms[1] and "2" not in forms[2]  # one and two say the number in the noun
