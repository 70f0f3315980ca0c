"""Build a Community Safety Agreement from versioned YAML content."""

__version__ = "0.1.0"
