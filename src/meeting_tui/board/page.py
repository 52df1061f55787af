"""The board as HTML: every text escaped here, once; no inline script or style (the page's
Content-Security-Policy forbids both), so the page works from a hotspot with no uplink."""

from __future__ import annotations

import re
from html import escape

from meeting_tui.board.model import BoardView


def clock(seconds: float) -> str:
    """`mm:ss` (or `h:mm:ss`); an overrun gets a `+` (as on the projector)."""
    sign = "+" if seconds < 0 else ""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes:02d}:{secs:02d}"


# C0 and C1 controls (ESC...), and the bidi embeddings, overrides and isolates a name could use
# to turn the text around it: the browser's own bidi is given clean text.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")


def e(text: object) -> str:
    """Text for HTML: control and bidi-control characters dropped, then escaped."""
    return escape(_UNSAFE.sub(" ", str(text)), quote=True)


def b(text: object) -> str:
    """User text (a name, a title) isolated from the text around it: the browser's bidi."""
    return f"<bdi>{e(text)}</bdi>"


def _timer(css: str, remaining: float, deadline: float | None) -> str:
    attrs = f' data-deadline="{deadline:.3f}"' if deadline is not None else ""
    over = " over" if remaining < 0 else ""
    return f'<div class="{css}{over}"{attrs}>{e(clock(remaining))}</div>'


def render_body(v: BoardView) -> str:
    """The page's live part (replaced whole on every update)."""
    L = v.labels
    out = [
        f'<header><p class="committee">{b(v.committee)}</p><h1>{b(v.title)}</h1>',
        f'<p class="when">{" · ".join(b(part) for part in v.when.split(" · "))}</p></header>' if v.when else "</header>",
        f'<p class="quorum {"met" if v.quorum_met else "lost"}" role="status">{e(v.quorum)}</p>',
    ]
    if v.closed:
        out.append(f'<p class="closed">{e(L["closed"])}</p>')
    out.append('<section class="now">')
    if v.item_title:
        paused = f' <span class="state">({e(v.item_label)})</span>' if v.item_state != "running" else ""
        out.append(f'<h2 class="item">{b(v.item_title)}{paused}</h2>')
        out.append(_timer("clock", v.item_remaining, v.item_deadline))
        out.append(f'<p class="detail" data-left="{e(L["time_left"])}" data-over="{e(L["overrun"])}">'
                   f'{e(L["overrun"] if v.item_remaining < 0 else L["time_left"])}</p>')
    else:
        out.append(f'<p class="detail">{e(L["no_item"])}</p>')
    if v.speaker:
        out.append(f'<p class="speaker">{e(v.speaker)}</p>')
        out.append(_timer("clock small", v.speaker_remaining, v.speaker_deadline))
    else:
        out.append(f'<p class="speaker none">{e(L["nobody"])}</p>')
    if v.queue:
        names = "".join(f"<li>{b(n)}</li>" for n in v.queue)
        out.append(f'<h3>{e(L["queue"])}</h3><ol class="queue">{names}</ol>')
    out.append("</section>")
    if v.vote:
        out.append(f'<section class="vote"><h2>{e(L["vote"])}</h2><p>{e(v.vote)}</p></section>')
    if v.result is not None:
        r = v.result
        counts = "".join(
            f'<li class="{e(c.key)}"><span class="n">{c.count}</span> <span>{e(c.label)}</span></li>' for c in r.counts
        )
        out.append(
            f'<section class="result {e(r.outcome)}"><h2>{e(L["result"])}</h2>'
            f'<p class="word">{e(r.word)}</p><p class="label">{e(r.label)}</p>'
            f'<p class="text">{b(r.text)}</p><ul class="counts">{counts}</ul>'
            f'<p class="sentence">{e(r.sentence)}</p></section>'
        )
    rows = "".join(
        f'<li class="{e(row.status)}"><span class="st">{e(row.label)}</span> <bdi class="t">{e(row.title)}</bdi></li>'
        for row in v.agenda
    )
    out.append(f'<section class="agenda"><h2>{e(L["agenda"])}</h2><ol>{rows}</ol></section>')
    names = "".join(f"<li>{b(n)}</li>" for n in v.present_names)
    out.append(f'<section class="present"><h2>{e(v.present)}</h2><ul>{names}</ul></section>')
    return "".join(out)


def render_page(v: BoardView, *, code: str = "") -> str:
    """The whole page: the shell, its first content, and the script that keeps it live."""
    query = f"?code={e(code)}" if code else ""
    title = f"{v.title} · {v.committee}"
    direction = "rtl" if v.rtl else "ltr"
    return (
        "<!doctype html>\n"
        f'<html lang="{e(v.lang)}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{e(title)}</title>\n"
        f'<link rel="stylesheet" href="board.css{query}">\n'
        f'<script src="board.js{query}" defer></script>\n</head>\n<body>\n'
        f'<main id="board">{render_body(v)}</main>\n'
        f'<footer id="live" data-live="{e(v.labels["live"])}" data-offline="{e(v.labels["offline"])}"></footer>\n'
        "</body>\n</html>\n"
    )
