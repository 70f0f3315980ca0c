"""Text comparison below every stage: word-level diffs, sequence alignment, compared pairs."""
