"""The one exception a domain command raises."""

from __future__ import annotations


class Refusal(Exception):
    """A command was refused; `message` says why and how to fix it. Nothing changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
