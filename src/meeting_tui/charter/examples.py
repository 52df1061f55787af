"""The example committee and agenda files shipped with the package (`meeting_tui/examples`)."""

from __future__ import annotations

from importlib import resources

EXAMPLES = ("executive.toml", "strategic.toml", "agenda-executive.toml")


def example_names() -> list[str]:
    """The names of the shipped example files."""
    folder = resources.files("meeting_tui") / "examples"
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))


def example_text(name: str) -> str:
    """The text of one example file, e.g. `example_text("executive.toml")`.

    Raises `KeyError` for a name that is not a shipped example (a programming error).
    """
    if "/" in name or "\\" in name or not name.endswith(".toml"):
        raise KeyError(name)
    resource = resources.files("meeting_tui") / "examples" / name
    if not resource.is_file():
        raise KeyError(name)
    return resource.read_text(encoding="utf-8")
