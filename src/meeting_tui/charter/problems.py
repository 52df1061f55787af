"""What a check found: problems (errors and warnings), and the result of loading a file."""

from __future__ import annotations

from typing import Generic, TypeVar

from msgspec import Struct, field

T = TypeVar("T")

ERROR = "error"
WARNING = "warning"


class Problem(Struct, frozen=True):
    """One thing wrong with a file: what (message), how to fix it, and where (1-based line).

    `message` and `fix` speak of the file (`[charter.quorum]: count = 0`), for `meeting-tui
    check`; `plain`, when given, says it as the setup screens label their fields."""

    severity: str  # "error" | "warning"
    message: str
    fix: str
    line: int | None = None
    plain: str = ""  # the same in the editors' words, naming the field as the form labels it

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class LoadResult(Struct, Generic[T]):
    """A loaded value (None when there is any error) and every problem found."""

    value: T | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.value is not None and not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """In file order; problems without a line (whole-file checks) last, in their own order."""
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))
