"""The printable HTML page: standalone, print styles, right to left for Arabic, no raw HTML."""

from __future__ import annotations

from meeting_tui.minutes import minutes_parser, render_html


def test_standalone_page_with_print_styles():
    page = render_html("# Minutes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", title="Minutes: March")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">")
    assert '<meta charset="utf-8">' in page and "<title>Minutes: March</title>" in page
    assert "@page { size: A4;" in page and "@media print" in page
    assert "page-break-inside: avoid" in page and "break-inside: avoid" in page
    assert "<table>" in page and "<td>1</td>" in page  # tables are on (commonmark drops them)
    assert page.endswith("</body>\n</html>\n")


def test_arabic_committees_get_a_right_to_left_page():
    page = render_html("# محضر الاجتماع\n", lang="ar", title="محضر")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>محضر الاجتماع</h1>" in page


def test_a_strange_language_code_falls_back_to_english():
    assert '<html lang="en" dir="ltr">' in render_html("x", lang='en" onload="alert(1)')


def test_raw_html_links_and_linkify_are_off_even_in_unescaped_markdown():
    page = render_html('<script>alert(1)</script>\n\n[a](javascript:alert(1)) ![i](http://x) <http://x> http://bare.example www.x.org\n')
    body = page.split("<body>", 1)[1]
    assert "<script" not in body and "<a " not in body and "<img" not in body
    parser = minutes_parser()
    assert parser.options["linkify"] is False and parser.options["html"] is False
    kinds = {c.type for t in parser.parse("[a](b) <http://x> http://x") for c in t.children or []}
    assert not kinds & {"link_open", "image", "html_inline"}


def test_title_is_escaped_and_cleaned():
    page = render_html("x", title="<b>\u202eMinutes\x00</b>")
    assert "<title>&lt;b&gt;Minutes&lt;/b&gt;</title>" in page
