from __future__ import annotations

import pytest

from meeting_tui.domain.model import Agenda, AgendaItem, Charter, Committee, Member


def make_committee(n: int = 21, charter: Charter | None = None, **kw) -> Committee:
    members = tuple(
        Member(
            id=f"m{i}",
            name=f"Member {i}",
            organisation=f"Org {i}",
            constituency="community" if i % 2 == 0 else "partner",
            role="chair" if i == 0 else "member",
        )
        for i in range(n)
    ) + tuple(kw.pop("extra", ()))
    return Committee(slug="test", name="Test committee", members=members, charter=charter or Charter(), **kw)


AGENDA = Agenda(
    title="Monthly meeting",
    items=(
        AgendaItem("a", "Approval of the previous minutes", 5, "decision"),
        AgendaItem("b", "Working-group reports", 20, "information"),
        AgendaItem("c", "Budget", 30, "decision"),
    ),
)


@pytest.fixture
def committee() -> Committee:
    return make_committee()
