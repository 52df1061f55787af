"""meeting_tui: facilitate NGO coalition steering-committee meetings in the terminal."""

__version__ = "0.1.0"
