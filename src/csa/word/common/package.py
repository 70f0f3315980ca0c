"""The .docx package: what python-docx's template brings that we do not want, properties, and byte-identical saving.

python-docx stamps each zip entry with the time of saving and its template with
dates from 2013; here every date is the version's `effective` date, so the same
content always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from csa import __version__
from csa.model import Document, Version
from csa.word.common.styles import LANGUAGE

_EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def without_template_extras(word: DocxDocument) -> None:
    """Drop the template's thumbnail and its empty bibliography part (our ids part takes customXml/item1.xml)."""
    package = word.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(r_id)
    for r_id, rel in list(word.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            word.part.rels.pop(r_id)


def set_properties(word: DocxDocument, document: Document, version: Version) -> None:
    """Title, author, language and dates (the version's effective date), so builds are byte-identical."""
    when = dt.datetime.combine(version.effective, dt.time(), tzinfo=dt.UTC)
    properties = word.core_properties
    properties.title = document.title
    properties.subject = f"Version {version.number}, {version.date}"
    properties.author = document.author
    properties.last_modified_by = document.author
    properties.created = when
    properties.modified = when
    properties.last_printed = when
    properties.revision = 1
    properties.language = LANGUAGE
    properties.version = version.number
    properties.identifier = f"{document.id}-{version.number}"
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.content_status = "Draft" if version.status == "draft" else "Published"
    _application(word)


def _application(word: DocxDocument) -> None:
    """The extended properties name this tool, not the Word that made python-docx's template."""
    for rel in word.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for name, value in (("Application", "csa"), ("AppVersion", __version__), ("Template", "")):
                element = root.find(f"{_EXTENDED}{name}")
                if element is not None:
                    element.text = value
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def docx_bytes(word: DocxDocument, effective: dt.date) -> bytes:
    """The document saved, its zip entries in python-docx's order, each dated `effective` (at least 1980)."""
    saved = io.BytesIO()
    word.save(saved)
    stamp = (max(effective.year, 1980), effective.month, effective.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(entry), compresslevel=6)
    return out.getvalue()
