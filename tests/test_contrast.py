"""Every character printed in the PDF meets WCAG AA contrast against what is painted under it.

axe checks the HTML page; here each glyph of the PDF (text, footers, the text in
figures) is paired with the smallest filled shape under its centre, or the white
page. AA: 4.5:1, or 3:1 for large text (18pt, or 14pt bold).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from .pdf_content import painted

VERSIONS = ["4.0", "2.0"]
WHITE = (1.0, 1.0, 1.0)


def luminance(rgb: Sequence[float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour with channels 0..1."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Sequence[float], b: Sequence[float]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rgb(colour: Any) -> tuple[float, ...]:
    """pdfplumber's colour as RGB: grey levels are given as one number."""
    values = tuple(colour) if isinstance(colour, tuple | list) else (colour,)
    return values * 3 if len(values) == 1 else values


def background(char: dict[str, Any], fills: list[dict[str, Any]]) -> tuple[float, ...]:
    """Colour of the innermost filled shape under the glyph's centre.

    Even-odd fills are skipped: WeasyPrint paints borders as an outer minus an
    inner rectangle, a ring that lies around text, never under it.
    """
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    under = [f for f in fills if not f["evenodd"] and f["x0"] <= x <= f["x1"] and f["top"] <= y <= f["bottom"]]
    if not under:
        return WHITE
    return rgb(min(under, key=lambda f: f["width"] * f["height"])["non_stroking_color"])


def required(char: dict[str, Any]) -> float:
    large = char["size"] >= 18 or ("Bold" in char["fontname"] and char["size"] >= 14)
    return 3.0 if large else 4.5


def low_contrast(pdf: Path) -> list[str]:
    content = painted(pdf)
    found = set()
    for number, (chars, fills) in enumerate(zip(content.chars, content.fills, strict=True), start=1):
        for char in chars:
            if not char["text"].strip():
                continue
            fg, bg = rgb(char["non_stroking_color"]), background(char, fills)
            if (ratio := contrast(fg, bg)) < required(char):
                found.add(f"page {number}: {fg} on {bg} is {ratio:.2f}:1 ({char['size']:.1f}pt {char['fontname']})")
    return sorted(found)


@pytest.mark.parametrize("version", VERSIONS)
def test_all_pdf_text_meets_aa_contrast(kent_output: Path, version: str) -> None:
    assert low_contrast(kent_output / f"kent-csa/{version}/kent-csa-{version}.pdf") == []


def test_contrast_formula() -> None:
    """The reference values: black on white 21:1; the CSA purple 9.85:1; WCAG's own #767676 example 4.54:1."""
    assert contrast((0, 0, 0), WHITE) == pytest.approx(21)
    assert contrast((0x5B / 255, 0x2C / 255, 0x83 / 255), WHITE) == pytest.approx(9.85, abs=0.01)
    assert contrast((0x76 / 255,) * 3, WHITE) == pytest.approx(4.54, abs=0.01)
