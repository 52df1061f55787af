from meeting_tui.widgets.big_clock import render_big, width_of


def test_render_big_scales_in_both_directions():
    one = render_big("1:0", 1).splitlines()
    assert len(one) == 5 and len(one[0]) == width_of("1:0", 1)
    two = render_big("1:0", 2).splitlines()
    assert len(two) == 10 and len(two[0]) == width_of("1:0", 2)
    assert set("".join(two)) <= {"█", " "}


def test_unknown_characters_are_blank():
    assert render_big("x", 1).strip() == ""
