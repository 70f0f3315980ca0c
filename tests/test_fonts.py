"""Both outputs use the project's own Atkinson Hyperlegible, embedded; nothing comes from the machine's fonts."""

from __future__ import annotations

import base64
import re
import subprocess
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from csa.build.pipeline import build
from csa.project import Project

from .conftest import ROOT

VERSIONS = ["4.0", "2.0"]
FONTS = ROOT / "templates" / "fonts"
# A subset's name is six capitals, "+", then the PostScript name of the face.
FAMILY = re.compile(r"[A-Z]{6}\+Atkinson-Hyperlegible(-Bold|-Italic|-BoldItalic)?")


def pdf_path(kent_output: Path, version: str) -> Path:
    return kent_output / f"kent-csa/{version}/kent-csa-{version}.pdf"


def fonts_in(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every font dictionary in the file, wherever it is used (pages, figures, footers)."""
    return [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"]


def embedded_file(font: pikepdf.Dictionary) -> pikepdf.Stream | None:
    descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).get("/FontDescriptor")
    if descriptor is None:
        return None
    return next((descriptor[k] for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor), None)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_pdf_font_is_embedded_atkinson_hyperlegible(kent_output: Path, version: str) -> None:
    with pikepdf.open(pdf_path(kent_output, version)) as pdf:
        fonts = fonts_in(pdf)
        names = sorted({str(f.BaseFont) for f in fonts})
        assert fonts
        assert [n for n in names if not FAMILY.fullmatch(n.lstrip("/"))] == []
        assert [str(f.BaseFont) for f in fonts if embedded_file(f) is None] == []
    # regular for the text, bold for headings, italic for emphasis
    faces = {FAMILY.fullmatch(n.lstrip("/"))[1] for n in names}  # type: ignore[index]
    assert {None, "-Bold", "-Italic"} <= faces


@pytest.mark.parametrize("version", VERSIONS)
def test_poppler_agrees_every_font_is_embedded(kent_output: Path, version: str) -> None:
    listing = subprocess.run(
        ["pdffonts", str(pdf_path(kent_output, version))], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        name, emb = line.split()[0], line.split()[-5]
        assert FAMILY.fullmatch(name) and emb == "yes", line


@pytest.mark.parametrize("version", VERSIONS)
def test_html_page_carries_the_same_fonts(kent_output: Path, version: str) -> None:
    """The page declares the family first and embeds the four faces, so it looks the same offline."""
    page = lxml.html.fromstring(pdf_path(kent_output, version).with_suffix(".html").read_bytes())
    css = "\n".join(page.xpath("//style/text()"))
    embedded = re.findall(r'url\("data:font/woff2;base64,([^"]+)"\)', css)
    assert sorted(base64.b64decode(data) for data in embedded) == sorted(f.read_bytes() for f in FONTS.glob("*.woff2"))
    assert re.search(r'html \{ font-family: "Atkinson Hyperlegible", sans-serif;', css)


def test_font_licence_travels_with_the_fonts() -> None:
    licence = (FONTS / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert len(list(FONTS.glob("*.woff2"))) == 4


def test_nested_list_markers_need_no_other_font(mini: Path, tmp_path: Path) -> None:
    """The demo has a list inside a list: its marker must come from the family too (it has no "◦")."""
    build(Project(mini), tmp_path, formats=["pdf"])
    with pikepdf.open(tmp_path / "demo/1.0/demo-1.0.pdf") as pdf:
        assert [str(f.BaseFont) for f in fonts_in(pdf) if not FAMILY.fullmatch(str(f.BaseFont).lstrip("/"))] == []
