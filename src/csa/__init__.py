"""Build a Community Safety Agreement from versioned YAML content."""

# The tool's version, written only here (pyproject.toml reads it): semantic versioning, the
# changes of each release in CHANGELOG.md (written from changes/ by towncrier).
__version__ = "0.2.0"
