"""Opening a .docx someone sent us: refuse what is not a plain Word document before reading it.

A .docx is a zip package. Before any part is inflated the package is checked:
an OLE compound file (a password-protected document, or an old binary .doc), a
file that is no zip or no Word document, a macro-enabled document and a zip
whose parts would inflate beyond a limit (a zip bomb) are each refused with a
message saying what the file is and what to do. Python's zipfile never inflates
a part beyond the size its header declares, so checking the declared sizes
bounds the memory and time reading can take.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from lxml import etree

from csa.errors import CsaError, Mark, Problem

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, all parts together
MAX_RATIO = 200  # a part may inflate to at most this many times its compressed size...
RATIO_FLOOR = 1024 * 1024  # ...once it is larger than this (small XML parts compress very well)
MAX_PARTS = 10_000
MAX_FILE = 100 * 1024 * 1024  # the .docx itself

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
MACRO_CONTENT_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
MAIN_PART = "word/document.xml"


def refuse(path: Path, message: str, hint: str | None = None) -> CsaError:
    """A problem with the file as a whole (the import stops, nothing is written)."""
    return CsaError([Problem(Mark(str(path)), message, hint)])


def open_checked(path: Path) -> DocxDocument:
    """The Word document at `path`, once it has passed every check above."""
    data = _read(path)
    if data.startswith(OLE_SIGNATURE):
        raise refuse(
            path,
            "is a password-protected (encrypted) Word document or an old binary .doc, not a .docx",
            "in Word: File, Info, Protect Document, remove the password (or Save As Word Document .docx), then import again",
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise refuse(
            path, "is not a Word document (.docx): it is not a zip package", "save it from Word as .docx"
        ) from None
    with package:
        _check_sizes(path, package)
        _check_word(path, package)
    try:
        return open_docx(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, EOFError) as exc:
        raise refuse(
            path, f"is a damaged Word document and cannot be read ({exc})", "open it in Word and save it again"
        ) from None


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise refuse(path, "not found (expected a .docx file)")
    if path.stat().st_size > MAX_FILE:
        raise refuse(path, f"is larger than {MAX_FILE // (1024 * 1024)} MiB; a Word document of text is far smaller")
    return path.read_bytes()


def _check_sizes(path: Path, package: zipfile.ZipFile) -> None:
    infos = package.infolist()
    if len(infos) > MAX_PARTS:
        raise refuse(path, f"has {len(infos)} parts (at most {MAX_PARTS}): not a document this tool reads")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise refuse(
            path,
            f"would inflate to {total // (1024 * 1024)} MiB (at most {MAX_UNCOMPRESSED // (1024 * 1024)} MiB):"
            " refused as a possible zip bomb",
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(
                path,
                f"part {info.filename} would inflate {info.file_size // max(info.compress_size, 1)} times"
                f" (at most {MAX_RATIO}): refused as a possible zip bomb",
            )


def _check_word(path: Path, package: zipfile.ZipFile) -> None:
    names = set(package.namelist())
    if MAIN_PART not in names or "[Content_Types].xml" not in names:
        raise refuse(
            path, "is a zip file but not a Word document (it has no word/document.xml)", "save it from Word as .docx"
        )
    try:
        types = package.read("[Content_Types].xml")
        package.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise refuse(
            path, f"is a damaged Word document and cannot be read ({exc})", "open it in Word and save it again"
        ) from None
    if MACRO_CONTENT_TYPE.encode() in types or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise refuse(
            path,
            "is a macro-enabled Word document (.docm); macros are never imported",
            "in Word: Save As Word Document (.docx), which removes the macros, then import that file",
        )
