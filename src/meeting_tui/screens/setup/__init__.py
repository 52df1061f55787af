"""Setting up: the committee, charter and agenda editors and a new session."""
