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
    current_language,
    language_from_env,
    normalise,
    using_language,
)


def _fields(text: str) -> list[str]:
    return sorted(name for _t, name, _s, _c in string.Formatter().parse(text) if name is not None)


def _po():
    from meeting_tui.i18n import po

    return po.read("ar")


def _arabic() -> dict:
    """The .po as {id: translation} ({context}\x04{id} for msgctxt, a list of forms for plurals)."""
    found = {}
    for message in _po():
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            found[message.id[0]] = list(message.string)
        else:
            found[f"{message.context}\x04{message.id}" if message.context else message.id] = message.string
    return found


def test_every_message_has_an_arabic_translation():
    ids = extract_message_ids()
    arabic = _arabic()
    missing = sorted(ids - set(arabic))
    assert missing == [], f"{len(missing)} messages lack an Arabic translation (run `python -m meeting_tui.i18n update`, translate them in i18n/ar.po): {missing[:10]}"
    empty = [m for m in ids & set(arabic) if not (arabic[m] if isinstance(arabic[m], str) else "".join(arabic[m])).strip()]
    assert empty == []


def test_arabic_catalog_has_no_stale_entries():
    stale = sorted(set(_arabic()) - extract_message_ids())
    assert stale == [], f"i18n/ar.po translates messages no longer in the source (run `python -m meeting_tui.i18n update`): {stale[:10]}"


def test_the_po_passes_the_translators_check():
    """The same check as `python -m meeting_tui.i18n check`: Babel's extraction agrees with the
    source, nothing missing, stale or fuzzy, placeholders kept, six forms, the .mo compiled."""
    from meeting_tui.i18n import po

    assert po.problems("ar") == []


def test_babel_extracts_the_same_ids_as_the_tests():
    from meeting_tui.i18n import po

    babel_ids = {po._key(m) for m in po.extract() if m.id}
    assert babel_ids == extract_message_ids()


def test_the_po_header_declares_arabic_six_forms_in_cldr_order():
    from meeting_tui.i18n import PLURAL_FORMS, plural_form, translations

    catalog = _po()
    assert catalog.num_plurals == 6
    mo = translations("ar")
    for n in range(0, 1205):
        assert mo.plural(n) == PLURAL_FORMS["ar"].index(plural_form("ar", n)), n


def test_the_app_reads_the_compiled_catalog_with_the_stdlib():
    import gettext

    from meeting_tui.i18n import translations

    assert isinstance(translations("ar"), gettext.GNUTranslations)
    assert type(translations("en")) is gettext.NullTranslations
    assert type(translations("xx")) is gettext.NullTranslations


def test_po_file_is_sorted_without_locations_or_wrapping():
    text = resources.files("meeting_tui.i18n").joinpath("ar.po").read_text(encoding="utf-8")
    assert "\n#: " not in text, "no source locations: they change on every edit and break merges"
    ids = [m.id if isinstance(m.id, str) else m.id[0] for m in _po() if m.id]
    assert len(ids) > 1000
    assert not re.search(r'^msgid ""\n"', text[text.index("\n\n"):], re.M), "no wrapped ids"


def test_arabic_translations_keep_placeholders_whitespace_and_lines():
    plurals = extract_plural_ids()
    for msgid, text in _arabic().items():
        if msgid in plurals:
            continue  # checked by test_arabic_plural_entries_have_six_forms
        assert isinstance(text, str), msgid
        assert set(_fields(text)) == set(_fields(msgid.rpartition("\x04")[2])), msgid
        assert text.count("\n") == msgid.count("\n"), msgid
        assert (text[:1].isspace(), text[-1:].isspace()) == (msgid[:1].isspace(), msgid[-1:].isspace()), msgid


def test_arabic_translations_are_arabic():
    for msgid, text in _arabic().items():
        if isinstance(text, list):
            text = " ".join(text)
        words = re.sub(r"\{[^}]*\}|`[^`]*`", "", msgid)
        if re.search(r"[A-Za-z]{3}", words):
            assert re.search("[\u0600-\u06ff]", text), f"{msgid!r} -> {text!r}"


def test_glossary_terms_are_used():
    arabic = _arabic()
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
    arabic = _arabic()
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


# -- the legacy JSON catalog is merged into the .po (#19) ---------------------------------------


def test_import_json_adds_new_ids_and_takes_changes_made_since_the_base(tmp_path, monkeypatch):
    import shutil

    from meeting_tui.i18n import po

    shutil.copy(po.po_path("ar"), tmp_path / "ar.po")
    monkeypatch.setattr(po, "I18N_DIR", tmp_path)
    catalog = po.read("ar")
    catalog.delete("Quorum")  # an id another branch added: the .po lacks it
    po.write(catalog, "ar")
    base = {"Help": "مساعدة", "Quorum reached": "النصاب مكتمل"}
    theirs = {
        "Help": "عون",  # changed on the other branch since the base: theirs wins
        "Quorum reached": "النصاب مكتمل",  # unchanged there: the .po's own wording stays
        "Quorum": "النصاب القانوني",  # added
        "session\x04open": "مفتوحة",
        "{n} member present": ["a", "b", "c", "{n} d", "{n} e", "{n} f"],
        "Not a message of this app": "ليس هنا",  # skipped
    }
    (tmp_path / "theirs.json").write_text(json.dumps(theirs, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "base.json").write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")
    before = po.read("ar").get("Quorum reached").string
    report = po.import_json(tmp_path / "theirs.json", tmp_path / "base.json")
    assert report["added"] == ["Quorum"] and report["changed"] == ["Help"]
    assert report["skipped"] == ["Not a message of this app"]
    merged = po.read("ar")
    assert merged.get("Quorum").string == "النصاب القانوني"
    assert merged.get("Help").string == "عون"
    assert merged.get("Quorum reached").string == before
    assert merged.get("{n} member present").string != ("a", "b", "c", "{n} d", "{n} e", "{n} f")  # had forms already
    assert (tmp_path / "ar.mo").exists()
    # without a base nothing is overwritten
    (tmp_path / "theirs.json").write_text(json.dumps({"Help": "نجدة"}, ensure_ascii=False), encoding="utf-8")
    assert po.import_json(tmp_path / "theirs.json")["changed"] == []
    assert po.read("ar").get("Help").string == "عون"


# -- dates, times and ids inside a right-to-left sentence (issue 19) --------------------------


def test_a_date_in_an_arabic_sentence_shows_in_its_own_order():
    """After an Arabic letter the bidi algorithm makes a date's digits Arabic numbers, which a
    '-' does not join: without an isolate "(2000-01-01)" shows as "(01-01-2000)"."""
    from meeting_tui import rtl
    from meeting_tui.i18n import using_language

    msgid = "The next meeting ({date}) must come after this one ({today})."
    with using_language("ar"):
        text = _(msgid, date="2000-01-01", today="2026-03-15")
    shown = rtl.visual(text, "R")
    assert "(2000-01-01)" in shown and "(2026-03-15)" in shown, shown
    assert "01-01-2000" not in shown
    with using_language("en"):  # English is left as it is: no isolate reaches an English line
        assert _(msgid, date="2000-01-01", today="2026-03-15") == "The next meeting (2000-01-01) must come after this one (2026-03-15)."


def test_values_isolated_in_a_right_to_left_sentence():
    from meeting_tui.i18n import FSI, PDI, _format, ngettext, pgettext, using_language

    def iso(text):
        return FSI + text + PDI

    with using_language("ar"):
        for value in ("2026-03-15", "10:30", "EXE-2026-014", "data/2026/x.json"):
            assert _format("بتاريخ {v}.", {"v": value}) == "بتاريخ " + iso(value) + "."
        # a number, a name, an Arabic sentence, lines and an isolated value are left as they are
        for value in (3, "Salma", "بتاريخ 2026-03-15", "1-2\n3-4", iso("2026-03-15")):
            assert _format("القيمة {v}.", {"v": value}) == f"القيمة {value}."
        # after left-to-right text the date belongs to its run: "Budget review (2026-02-14)"
        assert _format("محضر {title} ({date})", {"title": "Budget review", "date": "2026-02-14"}) == "محضر Budget review (2026-02-14)"
        # an isolated Latin title is not the run before the date
        assert _format("{title} ({date})", {"title": iso("Budget review"), "date": "2026-02-14"}) == iso("Budget review") + " (" + iso("2026-02-14") + ")"
        # ngettext and pgettext format the same way
        plural = ngettext(
            "{id} was decided on {date}, {n} day before this session; the charter lets a decision be reopened only after {min} days (“{setting}”; min_days_before_reopen in the committee file), from {first}.",
            "{id} was decided on {date}, {n} days before this session; the charter lets a decision be reopened only after {min} days (“{setting}”; min_days_before_reopen in the committee file), from {first}.",
            5,
            id="EXE-2026-001",
            date="2026-03-10",
            min=30,
            first="2026-04-09",
            setting="x",
        )
        for value in ("EXE-2026-001", "2026-03-10", "2026-04-09"):
            assert iso(value) in plural
        assert pgettext("list separator", "{a}", a="1-2") == iso("1-2")
    with using_language("en"):
        assert _format("On {date}.", {"date": "2026-03-15"}) == "On 2026-03-15."
