"""A version as a .docx (`export_docx`): each block through its kind's "word.write" hook."""

from csa.word.export.document import export_docx

__all__ = ["export_docx"]
