"""Deciding: proposals, votes, consensus rounds, conflicts, revisiting decisions, declared interests."""
