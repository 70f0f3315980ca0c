"""Layout arithmetic: wrapped text fits its box with room for a wider fallback font; nothing overlaps."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csa.build.pipeline import load_documents
from csa.model import Bar, Chart, Column, Diagram, Priority, Ref, Theme
from csa.project import Project
from csa.render import measure
from csa.render.diagrams import (
    GAP,
    PAD,
    SLACK,
    WIDTH,
    Box,
    bar_chart_layout,
    nice_ticks,
    priorities_layout,
)
from csa.render.measure import text_width, wrap

from .conftest import ROOT

LONG = [
    "Safeguarding Vulnerable People at Risk of Exploitation, Scams and Cybercrime",
    "Serious Violence, Organised Crime, County Lines, Gangs and Modern Slavery / Human Trafficking",
    "Road Safety",
    "WWWWWWWWWWWWWWW MMMMMMMMMMMMMMMMMMM",
]


def long_diagram() -> Diagram:
    return Diagram(
        "d",
        priorities=tuple(Priority(f"p{i}", name) for i, name in enumerate(LONG + ["Preventing Extremism & Hate"])),
        themes=tuple(Theme(f"t{i}", name) for i, name in enumerate(LONG[:3])),
        beside_title="The Police and Crime Commissioner's and Chief Constable's priorities for Kent",
        beside_list=Ref("cc"),
        beside=tuple(reversed(LONG)),
    )


def kent_diagrams() -> list[Diagram]:
    document = load_documents(Project(ROOT))[0]
    return [b for v in document.versions for c in v.chapters for b in c.blocks if isinstance(b, Diagram)]


def assert_fits(box: Box) -> None:
    """Each line, set in a font 10% wider than the document font, fits inside the box's padding."""
    for line in box.text.lines:
        assert text_width(line, box.text.size, box.text.bold) * SLACK <= box.width - 2 * PAD, line
    first = box.text.y - box.text.size
    last = box.text.y + (len(box.text.lines) - 1) * box.text.line_height
    assert box.y <= first and last <= box.y + box.height


def overlaps(a: Box, b: Box) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


@pytest.mark.parametrize("diagram", [long_diagram(), *kent_diagrams()], ids=["long names", "kent 2.0", "kent 4.0"])
def test_priorities_layout_fits_text_and_keeps_boxes_apart(diagram: Diagram) -> None:
    layout = priorities_layout(diagram)
    names = [*layout.priorities, *layout.themes, *layout.beside]
    # Every character, in order; a word too long for any line is the only thing cut mid-word.
    assert ["".join(b.text.lines).replace(" ", "") for b in layout.boxes] == [n.replace(" ", "") for n in names]
    for box in layout.boxes:
        assert_fits(box)
        assert 0 <= box.x and box.x + box.width <= WIDTH and box.y + box.height <= layout.height
    for a, b in combinations(layout.boxes + layout.legend, 2):
        assert not overlaps(a, b)
    for key in layout.legend:
        assert key.text.x + text_width(key.text.lines[0], key.text.size) * SLACK <= WIDTH
    beside_bottom = max(b.y + b.height for b in layout.boxes if b.style == "beside")
    assert beside_bottom >= max(b.y + b.height for b in layout.boxes if b.style == "theme") - 0.2  # rounding


def test_a_lone_last_priority_is_centred_under_the_others() -> None:
    layout = priorities_layout(long_diagram())
    priorities = [b for b in layout.boxes if b.style == "priority"]
    left, right = priorities[0], priorities[1]
    lone = priorities[-1]
    assert lone.x + lone.width / 2 == pytest.approx((left.x + right.x + right.width) / 2)
    assert right.x - (left.x + left.width) == GAP


@given(st.lists(st.sampled_from(["a", "Safeguarding", "&", "W", "re-offending", "Vulnerable", "i"]), min_size=1))
def test_wrap_keeps_every_word_in_order_within_the_width(words: list[str]) -> None:
    text = " ".join(words)
    lines = wrap(text, 120, 14)
    assert " ".join(lines) == text
    for line in lines:
        assert text_width(line, 14) <= 120


def test_wrap_cuts_a_word_only_when_it_cannot_fit_on_a_line() -> None:
    lines = wrap("Safeguarding WWWWWWWWWWWWWWWWWWWW", 120, 14)
    assert lines[0] == "Safeguarding" and "".join(lines[1:]) == "W" * 20 and len(lines) > 2
    assert all(text_width(line, 14) <= 120 for line in lines)
    assert all(text_width(line + "W", 14) > 120 for line in lines[1:-1])  # each cut as late as it can be


def test_bar_lengths_are_proportional_and_labels_fit() -> None:
    chart = Chart(
        "c",
        "bar",
        Ref("t"),
        Column(2),
        bars=(Bar("Domestic Abuse", 6), Bar(LONG[1], 3), Bar("Road Safety", 0)),
        label_header="Priority",
        value_header="No. of CSPs identifying these issues",
    )
    layout = bar_chart_layout(chart)
    assert [b.width for b in layout.bars] == [pytest.approx(layout.bars[0].width * f) for f in (1, 0.5, 0)]
    assert [b.text.lines for b in layout.bars] == [("6",), ("3",), ("0",)]
    assert [t.label for t in layout.ticks] == ["0", "1", "2", "3", "4", "5", "6"]
    assert layout.ticks[-1].x == pytest.approx(layout.axis_x + layout.bars[0].width)
    for label in layout.labels:
        for line in label.lines:
            assert label.x - text_width(line, label.size) * SLACK >= 0


@pytest.mark.parametrize(
    "largest,ticks",
    [
        (6, (0, 1, 2, 3, 4, 5, 6)),
        (10, (0, 2, 4, 6, 8, 10)),
        (3, (0, 1, 2, 3)),
        (47, (0, 10, 20, 30, 40, 50)),
        (0.5, (0, 0.1, 0.2, 0.3, 0.4, 0.5)),
        (0, (0, 1)),
    ],
)
def test_nice_ticks(largest: float, ticks: tuple[float, ...]) -> None:
    assert nice_ticks(largest) == pytest.approx(ticks)


def test_metrics_are_those_of_the_document_font() -> None:
    """The widths the layout uses are the font's own (regenerate with measure.write_metrics)."""
    assert measure.metrics_from_fonts() == measure._metrics()


def test_large_values_keep_their_labels_inside_the_drawing() -> None:
    bars = (Bar("Calls", 1_234_567), Bar("Visits", 12))
    layout = bar_chart_layout(Chart("c", "bar", Ref("t"), Column(2), bars=bars, value_header="Count"))
    for bar in layout.bars:
        assert bar.text.x + text_width(bar.text.lines[0], bar.text.size, bold=True) * SLACK <= WIDTH
    assert layout.bars[0].text.lines == ("1,234,567",)
