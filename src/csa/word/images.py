"""Pictures in the .docx: figures, and the diagram and charts drawn from the SVG the HTML page uses.

Word cannot show our SVG reliably, so each drawing is rendered to PNG (cairosvg)
from the same template and layout as the page's; its alt text is the SVG's <title>,
the text alternative the page and the PDF give.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache

import cairosvg
from docx.document import Document as DocxDocument
from docx.shared import Cm, Emu
from docx.text.paragraph import Paragraph as DocxParagraph
from jinja2 import Environment
from lxml import etree

from csa.model import Chart, Diagram, Figure
from csa.render.diagrams import bar_chart_layout, priorities_layout

TEXT_WIDTH = Cm(16)  # A4 less the margins
SCALE = 2.0  # pixels per SVG unit: a 720-unit drawing is 1440 pixels wide, sharp when printed at 16 cm
_SVG = "{http://www.w3.org/2000/svg}"
PRIORITIES, BAR_CHART = "diagrams/priorities.svg.j2", "diagrams/bar-chart.svg.j2"
TEMPLATES = (PRIORITIES, BAR_CHART)  # all the templates a .docx uses (for the build cache)


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
    return svg_picture(str(macro(priorities_layout(diagram), diagram.id)))


def chart_picture(env: Environment, chart: Chart) -> tuple[bytes, str]:
    """A bar chart as PNG, and its text alternative."""
    macro = env.get_template(BAR_CHART).module.bar_chart_svg  # type: ignore[attr-defined]
    return svg_picture(str(macro(bar_chart_layout(chart), chart.id)))


@lru_cache(maxsize=64)
def svg_picture(svg: str) -> tuple[bytes, str]:
    """An SVG drawing as PNG and the text of its <title>. Cached: the same drawing is in several versions."""
    root = etree.fromstring(svg.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    title = root.find(f"{_SVG}title")
    alt = " ".join((title.text or "").split()) if title is not None else ""
    return to_png(svg.encode("utf-8")), alt


def to_png(svg: bytes) -> bytes:
    png: bytes = cairosvg.svg2png(bytestring=svg, scale=SCALE, unsafe=False)
    return png


def figure_picture(figure: Figure) -> bytes:
    return picture_bytes(figure.data_uri)


def picture_bytes(data_uri: str) -> bytes:
    """An embedded image as Word can show it: PNG, JPEG and GIF as they are, SVG rendered to PNG."""
    header, _, data = data_uri.partition(",")
    image = base64.b64decode(data) if header.endswith(";base64") else data.encode("utf-8")
    return to_png(image) if "svg" in header else image
