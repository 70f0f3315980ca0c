"""Issue 25's "done when": a plan a council made in LibreOffice, adopted with `csa init DOC --from plan.docx`.

The plan is written here as a flat OpenDocument file (.fodt), the way LibreOffice keeps it,
and saved as Word by LibreOffice itself: a title block (Title, Subtitle, a date line),
chapters of typed "1.1" paragraphs, a footnote, a bulleted list, and an action table under
a Caption paragraph whose first body row is merged across and whose lead and timescale are
merged down four action rows.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import lxml.etree
import lxml.html
import pdfplumber
from click.testing import CliRunner

from csa.cli import cli

from .helpers import libreoffice_convert, needs_libreoffice

TITLE = "Swale Community Safety Plan"
PARTNERSHIP = "Swale Community Safety Partnership"
LEAD = "Gangs & CSE subgroup"
CAPTION = "Priorities & cross cutting themes"
FOOTNOTE = "Kent Police recorded crime, year to March 2024."

# Paragraph styles the plan uses beyond LibreOffice's own Title, Subtitle, Caption and Footnote.
STYLES = """<office:styles>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
 style:parent-style-name="Heading" style:default-outline-level="1" style:class="text"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:class="text"/>
<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph"
 style:class="extra"/>
</office:styles>
<office:automatic-styles>
<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" text:bullet-char="•">
<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
<style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/>
</style:list-level-properties></text:list-level-style-bullet></text:list-style>
</office:automatic-styles>"""

NAMESPACES = " ".join(
    f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{name}"'
    for prefix, name in [
        ("office", "office:1.0"),
        ("style", "style:1.0"),
        ("text", "text:1.0"),
        ("table", "table:1.0"),
        ("fo", "xsl-fo-compatible:1.0"),
    ]
)


def paragraph(text: str, style: str = "Text_20_body", markup: str = "") -> str:
    return f'<text:p text:style-name="{style}">{escape(text)}{markup}</text:p>'


def heading(text: str) -> str:
    return f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{escape(text)}</text:h>'


def cell(text: str, rows: int = 1, columns: int = 1) -> str:
    spans = (f' table:number-rows-spanned="{rows}"' if rows > 1 else "") + (
        f' table:number-columns-spanned="{columns}"' if columns > 1 else ""
    )
    return (
        f'<table:table-cell office:value-type="string"{spans}>{paragraph(text, "Table_20_Contents")}</table:table-cell>'
    )


COVERED = "<table:covered-table-cell/>"


def row(*cells: str) -> str:
    return f"<table:table-row>{''.join(cells)}</table:table-row>"


ACTIONS = [
    "Map the county lines that reach the borough",
    "Train taxi drivers to spot exploitation",
    "Share intelligence with schools",
    "Review the subgroup's plan",
]
PARTNERS = ["Kent Police", "Swale Borough Council", "Kent Fire and Rescue Service"]
NOTE = (
    '<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
    f"<text:note-body>{paragraph(FOOTNOTE, 'Footnote')}</text:note-body></text:note>"
)
BODY = [
    paragraph(TITLE, "Title"),
    paragraph(PARTNERSHIP, "Subtitle"),
    paragraph("1 April 2024"),
    heading("Introduction"),
    paragraph("1.1 This plan sets out what the partnership will do over the next three years."),
    paragraph("1.2 Crime in the borough fell by four per cent last year.", markup=NOTE),
    paragraph("1.3 The partnership brings together:"),
    '<text:list text:style-name="Bullets">'
    + "".join(f"<text:list-item>{paragraph(name)}</text:list-item>" for name in PARTNERS)
    + "</text:list>",
    heading("Priorities"),
    paragraph("2.1 The table shows each action, who leads it and when it is due."),
    paragraph(CAPTION, "Caption"),
    '<table:table table:name="Actions"><table:table-column table:number-columns-repeated="3"/>'
    f"<table:table-header-rows>{row(cell('Action'), cell('Lead'), cell('Timescale'))}</table:table-header-rows>"
    + row(cell("Protecting vulnerable people", columns=3), COVERED, COVERED)
    + row(cell(ACTIONS[0]), cell(LEAD, rows=4), cell("Ongoing", rows=4))
    + "".join(row(cell(action), COVERED, COVERED) for action in ACTIONS[1:])
    + row(cell("Fund youth outreach in Sittingbourne"), cell("Community Safety Unit"), cell("Quarterly"))
    + "</table:table>",
    paragraph("2.2 The partnership reviews the actions every quarter."),
]


def council_plan(folder: Path) -> tuple[Path, str]:
    """The plan saved as Word by LibreOffice, and the words of its text (title block, body, table, footnote)."""
    source = folder / "plan.fodt"
    source.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NAMESPACES} office:version="1.3"'
        f' office:mimetype="application/vnd.oasis.opendocument.text">{STYLES}'
        f"<office:body><office:text>{''.join(BODY)}</office:text></office:body></office:document>",
        encoding="utf-8",
    )
    saved = libreoffice_convert(source, folder / "word", "docx:MS Word 2007 XML")
    text = " ".join(lxml.etree.fromstring(source.read_bytes()).itertext())
    return saved, text


def word_list(text: str) -> Counter[str]:
    """Words as a reader reads them: case and the punctuation around them do not count."""
    return Counter(w.strip(".,:;()'\"").lower() for w in text.split() if w.strip(".,:;()'\""))


def csa(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["--root", str(root), *args], prog_name="csa")
    return result.exit_code, result.output


def pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@needs_libreoffice
def test_a_council_plan_made_in_libreoffice_is_adopted_in_one_command(tmp_path: Path, runner: CliRunner) -> None:
    plan, source_text = council_plan(tmp_path)
    code, output = csa(runner, tmp_path, "init", "swale-csp", "--from", str(plan))
    assert code == 0, output
    assert output.splitlines()[0] == (
        f"created content/swale-csp from plan.docx ({TITLE}, {PARTNERSHIP}, draft 1.0 of April 2024):"
        " 2 chapter(s), 7 block(s)"
    )
    assert csa(runner, tmp_path, "validate") == (0, "OK: 1 document(s), 1 version(s), no problems\n")
    code, output = csa(runner, tmp_path, "build")
    assert code == 0, output
    built = tmp_path / "output/swale-csp/1.0/swale-csp-1.0"
    page = lxml.html.fromstring(Path(f"{built}.html").read_bytes())
    for junk in page.xpath("//style|//script|//head"):
        junk.getparent().remove(junk)

    # the cover shows the document's title, partnership and date, in HTML and PDF
    cover = " ".join(page.xpath("//header[@class='cover']")[0].text_content().split())
    assert cover == f"{PARTNERSHIP} {TITLE} Version 1.0 (draft) April 2024"
    pages = pdf_pages(Path(f"{built}.pdf"))
    assert pages[0].splitlines() == [PARTNERSHIP, TITLE, "Version 1.0 (draft)", "April 2024"]

    # the version-control table has the single first row
    version_control = page.xpath("//table[thead/tr/th[1]='Version']")[0]
    assert [" ".join(r.text_content().split()) for r in version_control.xpath("tbody/tr")] == [
        f"1.0 April 2024 New {TITLE} - effective from April 2024"
    ]

    # the cells merged down print once, spanning their rows; the cell merged across spans the columns
    actions = page.xpath(f"//table[caption='{CAPTION}']")[0]
    cells = [[(c.text_content(), c.get("rowspan"), c.get("colspan")) for c in r] for r in actions.xpath("tbody/tr")]
    assert cells[:3] == [
        [("Protecting vulnerable people", None, "3")],
        [(ACTIONS[0], None, None), (LEAD, "4", None), ("Ongoing", "4", None)],
        [(ACTIONS[1], None, None)],
    ]
    pdf = "\n".join(pages)
    assert pdf.count(LEAD) == 1 and f"{ACTIONS[0]} {LEAD} Ongoing\n{ACTIONS[1]}\n" in pdf

    # the caption prints as a caption: HTML <caption>, PDF above the table, Word's Caption style
    assert f"{CAPTION}\nAction Lead Timescale\n" in pdf
    exported = docx.Document(f"{built}.docx")
    assert [p.text for p in exported.paragraphs if p.style is not None and p.style.name == "Caption"] == [CAPTION]

    # at most 5 words lost between the source's text and the built page's
    printed = " ".join(page.itertext())  # a space between cells, as between paragraphs
    lost = word_list(source_text) - word_list(printed)
    assert sum(lost.values()) <= 5, lost
    assert FOOTNOTE in " ".join(printed.split())
