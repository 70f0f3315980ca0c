"""A .docx read back as a draft version (`csa import`): checked, its body read block by block."""
