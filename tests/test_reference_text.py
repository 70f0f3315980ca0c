"""The rebuilt PDFs hold every paragraph, list item and table cell of the published text, in order.

The reference files are plain-text extractions of the published PDFs. They are
read here independently of our YAML: each line is cleaned of extraction noise
(bullets, typed numbers, Markdown-ish marks) and must appear in the PDF text
after the previous one, whitespace-normalised.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import REFERENCE, PdfText, normalise

# Lines where the extraction merged two cells of the MoRiLE table.
SCRAMBLED = {
    "Gangs Anti-Social Behaviour": ["Gangs", "Anti-Social Behaviour"],
    "Organised Crime Groups (OCGs) Hate Crime": ["Organised Crime Groups (OCGs)", "Hate Crime"],
    "Mental Health Violent Crime": ["Mental Health", "Violent Crime"],
    "Cyber Crime Criminal Damage": ["Cyber Crime", "Criminal Damage"],
}
NUMBERING = re.compile(r"^(?:\d+\.)+\d*\.?\s+|^\d+\.\d+\s+")


def clean(line: str) -> list[str]:
    """The units of text one reference line holds (several for a table row)."""
    line = re.sub(r"</?sup>", "", line)
    line = line.replace("**", "").replace("*", "")
    line = re.sub(r"^#+\s*", "", line.strip())
    line = re.sub(r"^[-·]\s+", "", line)
    line = re.sub(r"^[-·]\s+", "", line)
    line = NUMBERING.sub("", line)
    if line in SCRAMBLED:
        return SCRAMBLED[line]
    return [normalise(cell) for cell in line.split("\t") if cell.strip()]


def units(lines: list[str]) -> list[tuple[str, bool]]:
    """(text, ordered) for each unit; the scrambled MoRiLE table is checked unordered."""
    out: list[tuple[str, bool]] = []
    in_morile = False
    for line in lines:
        if "appear high in the rankings" in line:
            out += [(u, True) for u in clean(line)]
            in_morile = True
            continue
        if line.startswith("Whilst the outcome from the MoRiLE"):
            in_morile = False
        out += [(u, not in_morile) for u in clean(line)]
    return out


def body_text(pdf: PdfText, footer: str) -> str:
    """PDF text without running footers (they interrupt paragraphs that cross pages)."""
    return " ".join(re.sub(footer + r" Page \d+", " ", page) for page in pdf.pages)


def missing_units(reference: list[str], pdf: PdfText, footer: str) -> list[str]:
    text = normalise(body_text(pdf, footer))
    missing, position = [], 0
    for unit, ordered in units(reference):
        if not ordered:
            if unit not in text:
                missing.append(unit)
            continue
        found = text.find(unit, position)
        if found < 0:
            missing.append(unit)
        else:
            position = found + len(unit)
    return missing


def section(path: Path, start: str, stop: str) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip() == start)
    last = next(i for i, line in enumerate(lines) if i > first and line.strip() == stop)
    return lines[first:last], lines[last + 1 :]


@pytest.mark.parametrize(
    "version,reference,start,stop",
    [
        ("4.0", "kent-csa-4.0-2020-04.txt", "Foreword", "In partnership with"),
        (
            "2.0",
            "knife-crime-select-committee-2019-06.txt",
            "### **Foreword**",
            "### In partnership with",
        ),
    ],
)
def test_every_paragraph_item_and_cell_is_in_the_pdf_in_order(
    request: pytest.FixtureRequest, version: str, reference: str, start: str, stop: str
) -> None:
    pdf = request.getfixturevalue("pdf_4" if version == "4.0" else "pdf_2")
    date = "April 2020" if version == "4.0" else "April 2018"
    body, back_page = section(REFERENCE / reference, start, stop)
    footer = f"Kent Community Safety Agreement {date}"
    assert missing_units(body, pdf, footer) == []
    assert missing_units(back_page, pdf, footer) == []


def version_control_rows(path: Path, first_line: str) -> list[str]:
    """Reference rows of the version-control table, continuation lines joined."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first_line))
    rows: list[str] = []
    for line in lines[start:]:
        if re.match(r"^\d\.0\t", line):
            rows.append(line)
        elif line.startswith("\t") and rows:
            rows[-1] += " " + line
        elif rows:
            break
    return [" ".join(w for w in row.split() if w not in ("-", "–")) for row in rows]


@pytest.mark.parametrize(
    "version,reference,rows",
    [
        ("4.0", "kent-csa-4.0-2020-04.txt", 4),
        ("2.0", "knife-crime-select-committee-2019-06.txt", 2),
    ],
)
def test_version_control_table_matches_the_published_rows(
    request: pytest.FixtureRequest, version: str, reference: str, rows: int
) -> None:
    pdf = request.getfixturevalue("pdf_4" if version == "4.0" else "pdf_2")
    page = next(p for p in pdf.pages if p.startswith("Version Control"))
    words = " ".join(w for w in page.split() if w not in ("-", "–"))
    expected = version_control_rows(REFERENCE / reference, "1.0\t")
    assert len(expected) == rows
    for row in expected:
        assert row in words
