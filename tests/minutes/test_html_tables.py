"""The HTML page's table rule renders as it reads (one token per table, not five per cell); it
must give exactly the bytes markdown-it's own GFM table rule gives, in every block context and
for every cell, hostile or not."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meeting_tui.minutes import minutes_parser, render_markdown
from meeting_tui.minutes.html import _html_parser
from tests.minutes.helpers import AMMAN, SOURCE
from tests.minutes.test_golden import demo_meeting


def same(markdown: str) -> None:
    stock = minutes_parser().render(markdown)
    assert _html_parser().render(markdown) == stock


def test_the_fast_rule_is_the_one_rendering_tables_and_the_stock_parser_keeps_its_tokens():
    kinds = [t.type for t in _html_parser().parse("| a |\n|---|\n| 1 |\n")]
    assert kinds == ["table_html"]
    # the .docx export and the minutes screen walk the stock tokens
    assert "table_open" in [t.type for t in minutes_parser().parse("| a |\n|---|\n| 1 |\n")]


def test_the_demo_minutes_render_to_the_same_bytes():
    same(render_markdown(demo_meeting().state, tz=AMMAN, source=SOURCE))


CASES = [
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 |\n| 4 | 5 | 6 |\n",  # alignment, ragged rows
    "a | b\n:-: | -\n1 | 2\n",  # no outer pipes, centred
    "| a |\n|---|\n",  # header only: no tbody
    "| a | b |\n|---|\n| 1 | 2 |\n",  # header and delimiter disagree: not a table
    "|a|\n|-|\n|x \\| y|\n|\\\\|\n|`a|b`|\n",  # escaped pipes, backslashes, code spans
    "| *em* | **strong** | _u_ | `c` | <b> | & | &amp; | [l](x) | ![i](y) | ~s~ | \\* |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|\n"
    "| <script>alert(1)</script> | \"q\" | 'a' | a\\ | \u202e | ليلى | &#x41; | a  b | https://x.org | : | - |\n",
    "para\n| a |\n|---|\n| 1 |\n",  # a table interrupts a paragraph
    "- item\n  | a |\n  |---|\n  | 1 |\n- next\n",  # in a tight list (hidden paragraph before)
    "- | a |\n  |---|\n  | 1 |\n",
    "> | a |\n> |---|\n> | 1 |\n> quoted\n",  # in a block quote
    "| a |\n|---|\n| 1 |\n> quote ends it\n",
    "| a |\n|---|\n| 1 |\n# heading ends it\n",
    "| a |\n|---|\n| 1 |\n\n| b |\n|---|\n",
    "```\n| a |\n|---|\n```\n",  # fenced: no table
    "    | a |\n    |---|\n",  # indented code: no table
    "| a |\n    |---|\n",
    "| a |\n|- |\n",
    "| a |\n| -- |\n| 1 |\n    | 2 |\n",
    "|---|\n|---|\n",
    "-|-\n-|-\n",
    "| a | b |\n| --- | ::- |\n",
]


def test_hand_picked_tables_render_to_the_same_bytes():
    for case in CASES:
        same(case)


cell = st.text(alphabet=st.sampled_from(list("ab 1:-|\\*_`[]<>&!~#\"'ل\u202e\t")), max_size=8)
row = st.lists(cell, min_size=0, max_size=4).map(lambda cells: "|".join(cells))
delimiter = st.lists(st.sampled_from(["---", ":--", "--:", ":-:", "-", " --- ", ""]), min_size=1, max_size=4).map(
    lambda cols: "|".join(cols)
)
edge = st.sampled_from(["", "|"])
table = st.tuples(edge, row, delimiter, st.lists(st.tuples(edge, row), max_size=5)).map(
    lambda t: "\n".join([f"{t[0]}{t[1]}{t[0]}", f"{t[0]}{t[2]}{t[0]}"] + [f"{e}{r}{e}" for e, r in t[3]])
)
context = st.sampled_from(["{}", "- {}", "> {}", "    {}", "1. {}", "para\n{}", "- a\n  {}", "```\n{}\n```", "{}\n\nafter"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(context, table), min_size=1, max_size=3))
def test_any_table_in_any_block_context_renders_to_the_same_bytes(blocks):
    markdown = "\n\n".join(ctx.format(tbl.replace("\n", "\n  " if ctx.startswith(("-", "1.")) else "\n")) for ctx, tbl in blocks)
    same(markdown + "\n")
