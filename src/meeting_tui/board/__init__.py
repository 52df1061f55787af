"""The web board: a small read-only web server over the follower (follow.py), for the room's
second screen and the phones of members in the room or far away.

`model.board_view` builds what the page shows from the domain state and the minutes' words;
`page` renders it as escaped HTML; `server` serves it and pushes every change (Server-Sent
Events). It knows the domain, never the screens.
"""
