"""Every user-facing string goes through the one translation function, with a literal id."""

from __future__ import annotations

import ast
import string

from meeting_tui.i18n import _, set_language
from meeting_tui.i18n.extract import extract_message_ids, iter_translation_calls


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
