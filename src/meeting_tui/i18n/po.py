"""The translator's tools: the catalogs are gettext `.po` files, compiled to `.mo` (needs Babel).

The app reads only the compiled `<code>.mo` next to this module, with the standard library's
`gettext` (see `__init__.py`); Babel is a development and test dependency. Commands
(`python -m meeting_tui.i18n COMMAND`, see docs/TRANSLATING.md):

    update                 extract the ids from the source (Babel, keywords _, N_, pgettext,
                           ngettext), add new ones untranslated, drop ids no longer used,
                           recompile the .mo
    compile                ar.po -> ar.mo
    check                  list what a translator must still do (exit 1 when anything is left)
    import-json OLD.json [--base BASE.json]
                           merge a legacy JSON catalog ({English id: Arabic}, plural entries as
                           lists of six forms, "context\\x04id" keys) into ar.po, recompile

The .po is written sorted by id, without source locations and without line wrapping, so two
branches that add different messages merge cleanly.
"""

from __future__ import annotations

import contextlib
import io
import json
import string
import sys
from pathlib import Path
from typing import Any, Iterable

I18N_DIR = Path(__file__).resolve().parent
PACKAGE_ROOT = I18N_DIR.parent

# Babel keyword specs: `pgettext(context, msgid)`, `ngettext(singular, plural, n)`.
KEYWORDS: dict[str, Any] = {"_": None, "N_": None, "pgettext": ((1, "c"), 2), "ngettext": (1, 2)}

# Arabic's six CLDR forms in CLDR order: zero, one, two, few (n % 100 in 3-10), many
# (n % 100 in 11-99), other (100, 101, 102, ...). Written into the .po header; the stdlib
# gettext evaluates it at run time.
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
}

BABEL_CFG = """\
# Babel extraction for meeting_tui: pybabel extract -F babel.cfg (see docs/TRANSLATING.md)
[python: src/meeting_tui/**.py]
"""


def po_path(code: str = "ar") -> Path:
    return I18N_DIR / f"{code}.po"


def mo_path(code: str = "ar") -> Path:
    return I18N_DIR / f"{code}.mo"


def _fields(text: str) -> list[str]:
    try:
        return sorted(name for _t, name, _s, _c in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return ["<malformed braces>"]


# -- reading, writing, extracting -------------------------------------------------------------


def new_catalog(code: str = "ar"):
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale=code, project="meeting-tui", fuzzy=False, charset="utf-8")
    catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[code])]
    return catalog


def read(code: str = "ar", path: Path | None = None):
    from babel.messages.pofile import read_po

    with open(path or po_path(code), "rb") as f:
        catalog = read_po(f, locale=code, abort_invalid=True)
    return catalog


def write(catalog, code: str = "ar", path: Path | None = None) -> None:
    from babel.messages.pofile import write_po

    catalog.obsolete.clear()  # a dropped id leaves no "#~" block behind: git keeps the history
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True, sort_output=True, include_lineno=False)
    (path or po_path(code)).write_bytes(buffer.getvalue())


def compile_mo(code: str = "ar") -> Path:
    """Write `<code>.mo` from `<code>.po` (untranslated and fuzzy entries left out)."""
    target = mo_path(code)
    target.write_bytes(mo_bytes(read(code)))
    return target


def mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def extract(root: Path = PACKAGE_ROOT):
    """The message template of the source, as Babel extracts it (a Catalog without strings)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(project="meeting-tui", fuzzy=False, charset="utf-8")
    # Babel warns about every f-string passed as a *keyword argument* (`n=f"{x:g}"`): noise.
    with contextlib.redirect_stderr(io.StringIO()):
        for _filename, _line, message, _comments, context in extract_from_dir(
            str(root), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
        ):
            template.add(message, None, context=context)
    return template


def update(code: str = "ar") -> tuple[list[str], list[str]]:
    """Bring `<code>.po` in line with the source and recompile; returns (added, dropped) ids."""
    catalog = read(code)
    before = {_key(m) for m in catalog if m.id}
    template = extract()
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    after = {_key(m) for m in catalog if m.id}
    write(catalog, code)
    compile_mo(code)
    return sorted(after - before), sorted(before - after)


def _key(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}\x04{msgid}" if message.context else msgid


# -- the legacy JSON catalog ------------------------------------------------------------------


def import_json(path: Path, base: Path | None = None, code: str = "ar") -> dict[str, list[str]]:
    """Merge a legacy JSON catalog into `<code>.po` and recompile.

    An id the .po lacks is added. An id the .po already has keeps the .po's translation unless
    `base` (the JSON catalog both sides started from) is given and the JSON changed it since
    `base`: then the JSON's change wins. Without `base`, translations are never overwritten.
    Plural entries (lists) take their English plural from the source; an id no longer in the
    source is skipped. Returns the ids added, changed and skipped."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    old = json.loads(Path(base).read_text(encoding="utf-8")) if base else {}
    catalog = read(code) if po_path(code).exists() else new_catalog(code)
    template = extract()
    plurals = {m.id[0]: m.id[1] for m in template if isinstance(m.id, tuple)}
    in_source = {_key(m) for m in template if m.id}
    report: dict[str, list[str]] = {"added": [], "changed": [], "skipped": []}
    for key, value in sorted(data.items()):
        if key not in in_source:
            report["skipped"].append(key)
            continue
        context, _sep, msgid = key.rpartition("\x04")
        context = context or None
        if isinstance(value, list):
            if msgid not in plurals:
                report["skipped"].append(key)
                continue
            ident: Any = (msgid, plurals[msgid])
            value = tuple(value)
        else:
            ident = msgid
        existing = catalog.get(msgid, context=context)
        has_text = existing is not None and (
            any(existing.string) if isinstance(existing.string, tuple) else bool(existing.string)
        )
        if not has_text:
            if existing is not None:
                catalog.delete(msgid, context=context)
            catalog.add(ident, value, context=context)
            report["added"].append(key)
            continue
        if base and key in old and old[key] != data[key] and existing.string != value:
            existing.string = value
            report["changed"].append(key)
    write(catalog, code)
    compile_mo(code)
    return report


# -- what a translator still has to do ---------------------------------------------------------


def problems(code: str = "ar") -> list[str]:
    """Everything wrong with `<code>.po` against the source: missing, untranslated, fuzzy and
    stale ids, placeholders, lines and edge spaces that differ, plural entries without every
    form or without the number, and a `.mo` older than the `.po`."""
    catalog = read(code)
    template = extract()
    found: list[str] = []
    wanted = {_key(m): m for m in template if m.id}
    have = {_key(m): m for m in catalog if m.id}
    nplurals = catalog.num_plurals
    for key in sorted(set(wanted) - set(have)):
        found.append(f"missing: {key!r}")
    for key in sorted(set(have) - set(wanted)):
        found.append(f"stale (no longer in the source): {key!r}")
    for key, message in sorted(have.items()):
        if key not in wanted:
            continue
        source = wanted[key]
        if isinstance(source.id, tuple) != isinstance(message.id, tuple):
            found.append(f"plural/singular mismatch with the source: {key!r}")
            continue
        if message.fuzzy:
            found.append(f"fuzzy (check it, then remove the fuzzy flag): {key!r}")
        if isinstance(message.id, tuple):
            forms = list(message.string) if isinstance(message.string, tuple) else [message.string]
            if message.id[1] != source.id[1]:
                found.append(f"English plural differs from the source: {key!r}")
            if len(forms) != nplurals or not all(f.strip() for f in forms):
                found.append(f"needs all {nplurals} plural forms: {key!r}")
                continue
            allowed = set(_fields(message.id[0])) | set(_fields(message.id[1]))
            for index, form in enumerate(forms):
                if not set(_fields(form)) <= allowed:
                    found.append(f"form {index} uses a placeholder the English lacks: {key!r}")
                if index >= 3 and "{n}" not in form:
                    found.append(f"form {index} (3 and more) must show the number {{n}}: {key!r}")
            continue
        text = message.string
        if not text.strip():
            found.append(f"untranslated: {key!r}")
            continue
        msgid = message.id
        if set(_fields(text)) != set(_fields(msgid)):  # a translation may name someone twice
            found.append(f"placeholders differ ({_fields(text)} vs {_fields(msgid)}): {key!r}")
        if text.count("\n") != msgid.count("\n"):
            found.append(f"number of lines differs: {key!r}")
        if (text[:1].isspace(), text[-1:].isspace()) != (msgid[:1].isspace(), msgid[-1:].isspace()):
            found.append(f"leading/trailing space differs: {key!r}")
    if not mo_path(code).exists() or mo_path(code).read_bytes() != mo_bytes(catalog):
        found.append(f"{code}.mo is not compiled from {code}.po: run `python -m meeting_tui.i18n compile`")
    return found


def main(argv: Iterable[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m meeting_tui.i18n", description="Translation catalogs (.po/.mo).")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("ids", help="list every message id in the source")
    sub.add_parser("update", help="add new ids to ar.po, drop stale ones, recompile ar.mo")
    sub.add_parser("compile", help="compile ar.po to ar.mo")
    sub.add_parser("check", help="list missing, stale, untranslated or malformed translations")
    imp = sub.add_parser("import-json", help="merge a legacy JSON catalog into ar.po")
    imp.add_argument("json", type=Path)
    imp.add_argument("--base", type=Path, help="the JSON catalog the other side started from")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.command in (None, "ids"):
        from meeting_tui.i18n.extract import extract_message_ids

        for msgid in sorted(extract_message_ids()):
            print(repr(msgid))
        return 0
    if args.command == "compile":
        print(compile_mo())
        return 0
    if args.command == "update":
        added, dropped = update()
        for key in added:
            print(f"+ {key!r}")
        for key in dropped:
            print(f"- {key!r}")
        print(f"{len(added)} added (untranslated), {len(dropped)} dropped; ar.mo recompiled.")
        return 0
    if args.command == "import-json":
        report = import_json(args.json, args.base)
        for kind, keys in report.items():
            for key in keys:
                print(f"{kind}: {key!r}")
        print(", ".join(f"{len(keys)} {kind}" for kind, keys in report.items()) + "; ar.mo recompiled.")
        return 0
    found = problems()
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)." if found else "ar.po is complete and ar.mo up to date.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
