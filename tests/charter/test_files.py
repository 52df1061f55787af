"""`check` and the loaders on awkward files: never a traceback, always a clear message."""

from __future__ import annotations

import io
import os

import pytest

from meeting_tui.charter import check_paths, load_agenda, load_committee, parse_committee
from meeting_tui.charter import load as load_module

from .helpers import AGENDA, BASE, line_of, run_check


def test_missing_file(tmp_path):
    code, out = run_check([tmp_path / "nope.toml"])
    assert code == 1
    assert "nope.toml: error: File not found" in out and "fix:" in out
    result = load_committee(tmp_path / "nope.toml")
    assert result.value is None and "File not found" in result.problems[0].message


def test_directory(tmp_path):
    (tmp_path / "exec").mkdir()
    (tmp_path / "exec" / "committee.toml").write_text(BASE, encoding="utf-8")
    code, out = run_check([tmp_path / "exec"])
    assert code == 1 and "is a folder, not a file" in out
    assert str(tmp_path / "exec" / "committee.toml") in out  # the fix names the file inside


def test_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "committee.toml"
    path.write_text(BASE, encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(load_module, "open", refuse, raising=False)
    code, out = run_check([path])
    assert code == 1 and "Permission denied" in out and "fix:" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied_for_real(tmp_path):
    path = tmp_path / "committee.toml"
    path.write_text(BASE, encoding="utf-8")
    path.chmod(0)
    code, out = run_check([path])
    assert code == 1 and "Permission denied" in out


def test_binary_file(tmp_path):
    path = tmp_path / "committee.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out = run_check([path])
    assert code == 1 and "binary file" in out


def test_utf16_file(tmp_path):
    path = tmp_path / "committee.toml"
    path.write_bytes(BASE.encode("utf-16"))
    code, out = run_check([path])
    assert code == 1 and "UTF-16" in out and "UTF-8" in out


def test_not_utf8(tmp_path):
    path = tmp_path / "agenda.toml"
    path.write_bytes(AGENDA.replace("Hall", "Caf\u00e9").encode("latin-1"))
    code, out = run_check([path])
    assert code == 1
    assert f"agenda.toml:{line_of(AGENDA, 'Hall')}: error: " in out and "not valid UTF-8" in out


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "committee.toml"
    path.write_bytes(content)
    code, out = run_check([path])
    assert code == 1 and "is empty" in out
    assert load_committee(path).value is None


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "committee.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    code, out = run_check([path])
    assert code == 0, out
    assert load_committee(path).ok
    assert parse_committee("\ufeff" + BASE, slug="x").ok


def test_windows_line_endings_are_accepted(tmp_path):
    path = tmp_path / "committee.toml"
    path.write_bytes(BASE.replace("\n", "\r\n").encode("utf-8"))
    assert run_check([path])[0] == 0
    broken = BASE.replace('role = "secretary"', 'role = "boss"').replace("\n", "\r\n")
    path.write_bytes(broken.encode("utf-8"))
    code, out = run_check([path])
    assert code == 1 and f"committee.toml:{line_of(BASE, 'secretary')}: error: " in out
    agenda_path = tmp_path / "a.toml"
    agenda_path.write_bytes(AGENDA.replace("\n", "\r\n").encode("utf-8"))
    assert load_agenda(agenda_path).ok


def test_smart_quotes_get_a_hint(tmp_path):
    text = BASE.replace('name = "Karim Nasser"', "name = “Karim Nasser”")
    path = tmp_path / "committee.toml"
    path.write_text(text, encoding="utf-8")
    code, out = run_check([path])
    assert code == 1
    assert f"committee.toml:{line_of(text, 'Karim')}: error: TOML syntax error" in out
    assert "curly quotes" in out and "straight quotes" in out
    single = BASE.replace('name = "Karim Nasser"', "name = ‘Karim Nasser’")
    assert "curly quotes" in parse_committee(single, slug="x").problems[0].fix


def test_syntax_errors_report_tomllib_line_and_column():
    text = BASE.replace('role = "secretary"', "role = secretary")
    problem = parse_committee(text, slug="x").problems[0]
    assert problem.line == line_of(text, "role = secretary")
    assert "Invalid value" in problem.message and "column 8" in problem.message
    assert "double quotes" in problem.fix


def test_key_set_twice_names_the_key_and_both_lines():
    text = BASE.replace('language = "en"', 'language = "en"\nlanguage = "ar"')
    problem = parse_committee(text, slug="x").problems[0]
    assert "'committee.language' is set twice" in problem.message
    assert problem.line == line_of(text, 'language = "ar"')
    assert f"line {line_of(text, 'language')}" in problem.message


def test_table_declared_twice():
    text = BASE + "\n[charter]\nproxies = true\n"
    problem = parse_committee(text, slug="x").problems[0]
    assert problem.line == line_of(text, "[charter]", 2) and "merge" in problem.fix


def test_unterminated_string_and_unclosed_list():
    text = BASE.replace('name = "Karim Nasser"', 'name = "Karim Nasser')
    problem = parse_committee(text, slug="x").problems[0]
    assert problem.line == line_of(text, "Karim") and "quote" in problem.fix
    text = BASE + '\nextra = ["a",\n  "b",\n'
    problem = parse_committee(text, slug="x").problems[0]
    assert problem.line == line_of(text, "extra = [")


def test_non_breaking_space_hint():
    text = BASE.replace("proxies = false", "proxies\u00a0= false")
    assert "non-breaking space" in parse_committee(text, slug="x").problems[0].fix


def test_deeply_nested_value_is_not_a_crash():
    result = parse_committee("x = " + "[" * 5000, slug="x")
    assert result.value is None and result.problems


def test_file_that_is_neither(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool]\nname = "x"\n', encoding="utf-8")
    code, out = run_check([path])
    assert code == 1 and "neither a committee file nor an agenda file" in out


def test_kind_detected_by_content_not_name(tmp_path):
    committee_path = tmp_path / "whatever.toml"
    committee_path.write_text(BASE, encoding="utf-8")
    agenda_path = tmp_path / "committee.toml"
    agenda_path.write_text(AGENDA, encoding="utf-8")
    code, out = run_check([committee_path, agenda_path])
    assert code == 0
    assert "whatever.toml: ok (4 members" in out and "committee.toml: ok (2 items" in out


def test_several_files_one_bad(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(BASE, encoding="utf-8")
    code, out = run_check([good, tmp_path / "missing.toml"])
    assert code == 1
    lines = out.splitlines()
    assert lines[0].endswith("good.toml: ok (4 members, 4 voting seats, 0 warnings)")
    assert lines[-1].endswith("missing.toml: 1 error, 0 warnings")


def test_nothing_to_check():
    out = io.StringIO()
    assert check_paths([], out) == 1 and out.getvalue()


def test_load_committee_slug(tmp_path):
    folder = tmp_path / "water-coalition"
    folder.mkdir()
    (folder / "committee.toml").write_text(BASE, encoding="utf-8")
    assert load_committee(folder / "committee.toml").value.slug == "water-coalition"
    assert load_committee(folder / "committee.toml", slug="other").value.slug == "other"
    named = tmp_path / "Executive Committee.toml"
    named.write_text(BASE, encoding="utf-8")
    assert load_committee(named).value.slug == "executive-committee"


def test_load_agenda(tmp_path):
    path = tmp_path / "agendas" / "march.toml"
    path.parent.mkdir()
    path.write_text(AGENDA, encoding="utf-8")
    result = load_agenda(path)
    assert result.ok and result.value.title == "Monthly meeting"


def test_output_to_a_terminal_that_cannot_show_arabic(tmp_path):
    import io as _io

    path = tmp_path / "committee.toml"
    path.write_text(BASE.replace('role = "secretary"', 'role = "أمين"'), encoding="utf-8")
    raw = _io.BytesIO()
    out = _io.TextIOWrapper(raw, encoding="ascii")
    assert check_paths([str(path)], out) == 1
    out.flush()
    assert b"\\u0623" in raw.getvalue()
