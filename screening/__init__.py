"""Name screening: is this name on a list? Ranked, explained candidates from an in-process
index of every entity's names, kept in step with the database through a change log."""
