"""The record: minutes, the decision register, action items."""
