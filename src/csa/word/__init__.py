"""Word (.docx): export a version, a redline as tracked changes, and import a .docx as a draft."""
