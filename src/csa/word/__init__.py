"""Word (.docx): export a version, a redline as tracked changes, and import a .docx as a draft.

One job per package: `export/` writes a version, `redline/` writes two versions as
tracked changes (through the export's block writers), `importing/` reads a .docx back
as a draft. What two of them share is in `common/` (the ids a document carries, the
house styles, the package's fixed bytes); export and importing never import each other.
Each block kind's Word parts are hooks on its registry entry (csa.blocks.SLOTS).
"""
