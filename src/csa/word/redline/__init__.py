"""Two versions as one .docx of Word tracked changes (`redline_docx`), written through the export."""

from csa.word.redline.document import redline_docx

__all__ = ["redline_docx"]
