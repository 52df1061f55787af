"""Whatever the input, the loaders and `check` report problems; they never raise."""

from __future__ import annotations

import io
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meeting_tui.charter import check_paths, parse_agenda, parse_committee, validate_agenda, validate_committee
from meeting_tui.charter.examples import example_text

from .helpers import AGENDA, BASE

TOML_CHARS = st.sampled_from(list(string.printable) + list("“”‘’ـليلى\u00a0\ufeff\x00\r[]{}=\"'#.,"))
toml_like = st.lists(TOML_CHARS, max_size=300).map("".join)

values = st.recursive(
    st.none().map(lambda _: "")
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
keys = st.sampled_from(
    ["committee", "charter", "members", "scope", "escalation", "agenda", "items", "name", "quorum", "x"]
)


def _ok_or_problems(result) -> None:
    assert isinstance(result.problems, list)
    if result.value is None:
        assert any(p.severity == "error" for p in result.problems)
    for p in result.problems:
        assert p.severity in ("error", "warning") and p.message and p.fix
        assert p.line is None or p.line >= 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_parse_committee_random_text(text):
    _ok_or_problems(parse_committee(text, slug="x"))
    _ok_or_problems(parse_agenda(text))


@settings(max_examples=300, deadline=None)
@given(toml_like)
def test_parse_toml_like_text(text):
    _ok_or_problems(parse_committee(text, slug="x"))
    _ok_or_problems(parse_agenda(text))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_good_files(data):
    """Random edits of real files: delete, insert or replace a slice."""
    for source, parse in ((BASE, lambda t: parse_committee(t, slug="x")), (AGENDA, parse_agenda), (example_text("executive.toml"), lambda t: parse_committee(t, slug="x"))):
        start = data.draw(st.integers(0, len(source)))
        end = data.draw(st.integers(start, min(len(source), start + 40)))
        insert = data.draw(toml_like)
        _ok_or_problems(parse(source[:start] + insert + source[end:]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, values, max_size=6))
def test_validate_random_structures(data):
    _ok_or_problems(validate_committee(data, slug="x"))
    _ok_or_problems(validate_agenda(data))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "name", "organisation", "role", "voting", "constituency", "alternate_for", "retired", "zz"]),
        values,
    ),
    st.dictionaries(st.sampled_from(["rule", "count", "fraction", "min_community", "count_proxies"]), values),
)
def test_validate_random_members_and_quorum(member, quorum):
    data = {
        "committee": {"name": "X", "body": "executive"},
        "charter": {"quorum": quorum, "seats": "organisation"},
        "members": [member, dict(member), {"name": "B", "organisation": "O", "constituency": "partner"}],
    }
    _ok_or_problems(validate_committee(data, slug="x"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_check_paths_random_bytes(tmp_path, content):
    path = tmp_path / "committee.toml"
    path.write_bytes(content)
    out = io.StringIO()
    code = check_paths([str(path)], out)
    assert code in (0, 1)
    text = out.getvalue()
    assert "Traceback" not in text and text.endswith("\n")
    assert text.splitlines()[-1].startswith(str(path) + ": ")
