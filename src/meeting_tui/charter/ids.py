"""Ids for new members and agenda items: readable, unique, and never changed afterwards."""

from __future__ import annotations

from typing import Iterable

from meeting_tui.slugs import slug


def unique_id(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is not taken."""
    taken = set(taken)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def new_member_id(name: str, taken: Iterable[str]) -> str:
    """The id a new member gets: the name as a slug (Arabic kept, as the file format does
    for a member without an id), made unique. Editing the name later keeps this id."""
    return unique_id(slug(name, "member"), taken)


def new_item_id(title: str, taken: Iterable[str]) -> str:
    """The id of a new agenda item: a short slug of its title, made unique."""
    return unique_id(slug(title, "item"), taken)
