"""Pictures in the .docx: figures, and the diagram and charts drawn from the SVG the HTML page uses.

Not every Word reads SVG, so each drawing becomes a PNG: the same SVG as the page's
is laid out by WeasyPrint with the embedded fonts (templates/word/drawing.html.j2),
as the PDF draws it, and the one-page PDF is rasterised by PDFium (pypdfium2). No
font of the machine is used, so every machine makes the same picture. Its alt text
is the SVG's <title>, the text alternative the page and the PDF give.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import pypdfium2
from docx.document import Document as DocxDocument
from docx.shared import Cm, Emu
from docx.text.paragraph import Paragraph as DocxParagraph
from jinja2 import Environment
from lxml import etree
from markupsafe import Markup

from csa.model import Chart, Diagram, Figure, Indicator
from csa.render.diagrams import bar_chart_layout, indicator_chart, indicator_chart_title, priorities_layout
from csa.render.paged import PartStore

TEXT_WIDTH = Cm(16)  # A4 less the margins
SCALE = 2.0  # pixels per SVG unit: a 720-unit drawing is 1440 pixels wide, sharp when printed at 16 cm
_SVG = "{http://www.w3.org/2000/svg}"
PRIORITIES, BAR_CHART = "diagrams/priorities.svg.j2", "diagrams/bar-chart.svg.j2"
PAGE, FONTS = "word/drawing.html.j2", "word/drawing-fonts.css.j2"
TEMPLATES = (PRIORITIES, BAR_CHART, PAGE, FONTS)  # all the templates a .docx uses (for the build cache)


def add_image(docx: DocxDocument, png: bytes, alt: str) -> DocxParagraph:
    """A paragraph holding the picture, at most the text's width, with `alt` as its alt text (wp:docPr descr)."""
    paragraph = docx.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True  # with its caption
    run = paragraph.add_run()
    shape = run.add_picture(io.BytesIO(png))
    if shape.width > TEXT_WIDTH:
        shape.height = Emu(int(shape.height * TEXT_WIDTH / shape.width))
        shape.width = TEXT_WIDTH
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("name", f"Picture {doc_pr.get('id')}")  # python-docx names it after the file: none here
    return paragraph


def diagram_picture(env: Environment, diagram: Diagram) -> tuple[bytes, str]:
    """The priorities diagram as PNG, and its text alternative."""
    macro = env.get_template(PRIORITIES).module.priorities_svg  # type: ignore[attr-defined]
    return svg_picture(env, str(macro(priorities_layout(diagram), diagram.id)))


def chart_picture(env: Environment, chart: Chart) -> tuple[bytes, str]:
    """A bar chart as PNG, and its text alternative."""
    macro = env.get_template(BAR_CHART).module.bar_chart_svg  # type: ignore[attr-defined]
    return svg_picture(env, str(macro(bar_chart_layout(chart), chart.id)))


def indicator_picture(env: Environment, indicator: Indicator) -> tuple[bytes, str]:
    """An indicator's chart of baseline against latest as PNG, and its text alternative (the HTML page's)."""
    macro = env.get_template(BAR_CHART).module.bar_chart_svg  # type: ignore[attr-defined]
    chart = indicator_chart(indicator)
    return svg_picture(env, str(macro(bar_chart_layout(chart), chart.id, indicator_chart_title(indicator))))


def svg_picture(env: Environment, svg: str) -> tuple[bytes, str]:
    """One of our SVG drawings as PNG, and the text of its <title>."""
    root = etree.fromstring(svg.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    title = root.find(f"{_SVG}title")
    alt = " ".join((title.text or "").split()) if title is not None else ""
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    page = env.get_template(PAGE).render(svg=Markup(svg), width=width, height=height)  # noqa: S704 - our own SVG
    return _picture(page, env.get_template(FONTS).render(), width), alt


_kept: list[tuple[PartStore, set[str]]] = []  # where drawings are kept between processes, and the keys used


@contextmanager
def drawings_kept_in(store: PartStore | None) -> Iterator[None]:
    """Take the drawings rasterised by the last build from `store`, and keep this build's there (and only those).

    Rasterising a drawing lays it out with WeasyPrint: most of a .docx's time, though an edit rarely
    changes a drawing. The build keeps them in its cache, one folder per .docx (build/cache.py).
    """
    if store is None:
        yield
        return
    used: set[str] = set()
    _kept.append((store, used))
    try:
        yield
    finally:
        _kept.pop()
    store.keep_only(used)


def _picture(page: str, fonts_css: str, width: float) -> bytes:
    if not _kept:
        return _rasterised(page, fonts_css, width)
    store, used = _kept[-1]
    key = hashlib.sha256(json.dumps([page, fonts_css, width, SCALE]).encode("utf-8")).hexdigest()
    used.add(key)
    png = store.get(key)
    if png is None:
        png = _rasterised(page, fonts_css, width)
        store.put(key, png)
    return png


@lru_cache(maxsize=32)
def _rasterised(page: str, fonts_css: str, width: float) -> bytes:
    """The page laid out by WeasyPrint and drawn at SCALE pixels per unit. Cached: versions share drawings."""
    from csa.render.pdf import drawing_pdf  # lazy: WeasyPrint's import is costly

    document = pypdfium2.PdfDocument(drawing_pdf(page, fonts_css))
    try:
        page_width = document[0].get_width()  # points: the page is `width` CSS pixels wide
        bitmap = document[0].render(scale=SCALE * width / page_width)
        picture = io.BytesIO()
        bitmap.to_pil().save(picture, format="PNG", optimize=True)
    finally:
        document.close()
    return picture.getvalue()


def figure_picture(figure: Figure, env: Environment) -> bytes:
    return picture_bytes(figure.data_uri, env)


def picture_bytes(data_uri: str, env: Environment) -> bytes:
    """An embedded image as Word can show it: PNG, JPEG and GIF as they are, SVG rasterised as a drawing is."""
    header, _, data = data_uri.partition(",")
    if "svg" not in header:
        return base64.b64decode(data) if header.endswith(";base64") else data.encode("utf-8")
    svg = base64.b64decode(data) if header.endswith(";base64") else data.encode("utf-8")
    width, height = _svg_size(svg)
    # an author's file, shown as the page shows it: as an image, not inlined into our markup
    page = env.get_template(PAGE).render(image=data_uri, width=width, height=height)
    return _picture(page, env.get_template(FONTS).render(), width)


def _svg_size(svg: bytes) -> tuple[float, float]:
    """An SVG file's size in CSS pixels: its width and height, else its viewBox's."""
    root = etree.fromstring(svg, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    box = [float(n) for n in root.get("viewBox", "0 0 720 405").replace(",", " ").split()][2:]

    def length(name: str, fallback: float) -> float:
        value = root.get(name, "").strip().removesuffix("px")
        try:
            return float(value)
        except ValueError:
            return fallback  # none, a percentage or another unit: the viewBox's

    return length("width", box[0]), length("height", box[1])
