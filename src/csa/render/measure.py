"""How wide a line of text is, so diagram labels can be wrapped to fit their boxes.

Widths come from the glyph advances of Atkinson Hyperlegible, the font the
stylesheet asks for and the PDF embeds (the package's templates/fonts/). The advances are kept
in a small JSON table so laying out a drawing needs no font parsing. Regenerate
the file after changing font with:

    python -c "from csa.render.measure import write_metrics; write_metrics()"

Characters the table lacks count as 1 em, wider than any Latin letter, so an
unusual character can only make a line wrap early, never overflow.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from csa.render.theme import DEFAULTS

METRICS_FILE = "atkinson-hyperlegible-metrics.json"
FONT_DIR = DEFAULTS / "fonts"
FONT_FILES = {"regular": "AtkinsonHyperlegible-Regular.woff2", "bold": "AtkinsonHyperlegible-Bold.woff2"}
# Basic Latin, Latin-1, Latin Extended-A, general punctuation and the euro sign.
CODEPOINTS = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2027), 0x20AC]


@cache
def _metrics() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(files(__package__).joinpath(METRICS_FILE).read_text(encoding="utf-8"))
    return data


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of `text` set in the document font at `size` user units (no kerning: a slight overestimate)."""
    metrics = _metrics()
    advances: dict[str, int] = metrics["bold" if bold else "regular"]
    em: int = metrics["units_per_em"]
    return sum(advances.get(ch, em) for ch in text) * size / em


def wrap(text: str, width: float, size: float, bold: bool = False) -> tuple[str, ...]:
    """`text` broken at spaces into lines no wider than `width`.

    A word wider than `width` on its own is cut into pieces that fit (callers
    first shrink the type so that this is rare: it splits a word without a hyphen).
    """
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size, bold) <= width:
            lines[-1] = candidate
        else:
            lines.extend(_pieces(word, width, size, bold))
    return tuple(lines)


def widest_word(text: str, size: float, bold: bool = False) -> float:
    return max((text_width(word, size, bold) for word in text.split()), default=0.0)


def _pieces(word: str, width: float, size: float, bold: bool) -> list[str]:
    pieces = [""]
    for ch in word:
        if pieces[-1] and text_width(pieces[-1] + ch, size, bold) > width:
            pieces.append("")
        pieces[-1] += ch
    return pieces


def metrics_from_fonts(font_dir: Path = FONT_DIR) -> dict[str, Any]:
    """Advance widths of each style, read from the font files with fontTools."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # only to regenerate the table

    out: dict[str, Any] = {}
    for style, name in FONT_FILES.items():
        font = TTFont(font_dir / name)
        cmap, hmtx = font.getBestCmap(), font["hmtx"]
        out["units_per_em"] = font["head"].unitsPerEm
        out[style] = {chr(c): hmtx[cmap[c]][0] for c in CODEPOINTS if c in cmap}
    return out


def write_metrics(font_dir: Path = FONT_DIR) -> None:
    target = Path(__file__).with_name(METRICS_FILE)
    target.write_text(json.dumps(metrics_from_fonts(font_dir), ensure_ascii=False, sort_keys=True) + "\n")
