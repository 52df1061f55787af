"""The running meeting: the live screen, speakers, notes, opening a long session."""
