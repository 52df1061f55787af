"""Choosing the interface language: --lang, then the choice remembered in the app, then the
environment; and the restart that applies a language chosen in the app."""

from __future__ import annotations

import json

import pytest

from meeting_tui import cli
from meeting_tui.i18n import current_language, set_language
from meeting_tui.settings import Settings, load_settings, save_settings


def args(*argv):
    return cli.build_parser().parse_args(list(argv))


def test_lang_option_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    save_settings(tmp_path, Settings(language="en"))
    assert cli.choose_language(args("--data-dir", str(tmp_path), "--lang", "ar")) == "ar"


def test_remembered_choice_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "ar_EG.UTF-8")
    save_settings(tmp_path, Settings(language="en"))
    assert cli.choose_language(args("--data-dir", str(tmp_path))) == "en"


def test_environment_when_nothing_chosen(tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "ar_JO.UTF-8")
    assert cli.choose_language(args("--data-dir", str(tmp_path))) == "ar"
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert cli.choose_language(args("--data-dir", str(tmp_path))) == "en"


def test_unknown_language_is_refused_with_the_choices(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--lang", "xx", "check", "nothing.toml"])
    assert exit_.value.code == 2
    assert "invalid choice: 'xx'" in capsys.readouterr().err


def test_check_speaks_arabic(tmp_path, capsys):
    bad = tmp_path / "committee.toml"
    bad.write_text("[committee\nname = 1\n", encoding="utf-8")
    assert cli.main(["--lang", "ar", "check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert any("\u0600" <= ch <= "\u06ff" for ch in out)
    assert "Traceback" not in out
    set_language("en")


@pytest.mark.parametrize("content", ["", "not json", "[1, 2]", '{"language": "klingon", "display": "sideways"}', "\x00\xff"])
def test_damaged_settings_give_the_defaults(tmp_path, content):
    (tmp_path / "settings.json").write_bytes(content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content)
    assert load_settings(tmp_path) == Settings()


def test_settings_round_trip_and_unwritable_place(tmp_path):
    assert save_settings(tmp_path, Settings(language="ar", display="terminal")) is None
    assert json.loads((tmp_path / "settings.json").read_text(encoding="utf-8")) == {"language": "ar", "display": "terminal"}
    assert load_settings(tmp_path) == Settings(language="ar", display="terminal")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    problem = save_settings(blocker, Settings(language="ar"))  # a file where a directory should be
    assert problem and "could not be remembered" in problem


def test_restart_execs_the_same_session_in_the_chosen_language(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr("os.execv", lambda exe, argv: calls.append(argv))

    class FakeApp:
        restart_language = "ar"
        restart_session = tmp_path / "s.json"

        class workspace:
            root = tmp_path

    cli._restart(FakeApp, args("--display", "terminal", "demo"))
    (argv,) = calls
    assert argv[1:3] == ["-m", "meeting_tui"]
    assert argv[-2:] == ["open", str(tmp_path / "s.json")]
    assert "--lang" not in argv and ["--display", "terminal"] == argv[argv.index("--display") : argv.index("--display") + 2]
    assert current_language() == "en"
