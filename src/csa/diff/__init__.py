"""Comparing versions: the version-control table and redlines."""
