"""Where each box, bar and line of text of a drawing goes; the SVG itself is in templates/diagrams/.

Pure arithmetic from the model to positions in SVG user units (a drawing is
WIDTH units wide and scales to the page). Text is wrapped with Atkinson Hyperlegible
advances (measure.py) to a width SLACK times narrower than the space it has,
so a fallback font up to 10% wider (DejaVu Sans is about 8% wider) still fits.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import nh3
from jinja2 import Environment

from csa.inline import plain_text as words_of
from csa.inline import render_inline
from csa.model import Bar, Chart, Column, Diagram, DiagramWords, Indicator, Ref
from csa.render.measure import text_width, widest_word, wrap

WIDTH = 720.0
SLACK = 1.1
PAD = 10.0  # inside a box, around its text
GAP = 12.0  # between boxes
LINE = 1.25  # line height, in ems
CAP = 0.36  # a baseline this many ems below a line's middle centres capital letters on it

Style = Literal["priority", "theme", "beside", "heading", "beside-heading", "legend", "bar", "value", "axis"]


@dataclass(frozen=True)
class Text:
    """Lines of text: `x` is where each line is anchored, `y` the first baseline."""

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    style: Style
    anchor: Literal["start", "middle", "end"] = "middle"
    bold: bool = False

    @property
    def line_height(self) -> float:
        return round(self.size * LINE, 2)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    style: Style
    text: Text


@dataclass(frozen=True)
class PrioritiesLayout:
    width: float
    height: float
    headings: tuple[Text, ...]
    boxes: tuple[Box, ...]
    legend: tuple[Box, ...]  # a swatch in each style, its text beside it
    priorities: tuple[str, ...]  # plain text, for the text alternative
    themes: tuple[str, ...]
    beside_title: str  # "" when there is no grey column
    beside: tuple[str, ...]
    words: DiagramWords


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class BarChartLayout:
    width: float
    height: float
    bars: tuple[Box, ...]  # each bar's text is its value, at its end
    labels: tuple[Text, ...]
    ticks: tuple[Tick, ...]
    axis_x: float  # where the bars start
    axis_y: float  # the value axis line
    top: float
    axis_title: Text
    value_header: str
    label_header: str


def plain_text(markdown: str) -> str:
    """Inline Markdown as the words a reader sees: SVG text carries no formatting."""
    return html.unescape(nh3.clean(render_inline(markdown).html, tags=set()))


def priorities_layout(diagram: Diagram) -> PrioritiesLayout:
    """Priorities in a two-column grid, themes in a grid below, the other plan's priorities in a column beside.

    Without another plan's priorities the two grids take the whole width.
    """
    words = diagram.words
    priorities = tuple(plain_text(p.name) for p in diagram.priorities)
    themes = tuple(plain_text(t.name) for t in diagram.themes)
    beside_title = plain_text(diagram.beside_title) if diagram.beside_title else ""
    beside = tuple(plain_text(b) for b in diagram.beside)
    left_width = 464.0 if beside_title else WIDTH - 4
    right_x = left_width + 28
    right_width = WIDTH - right_x - 2
    top = 2.0
    left_heading = _heading(words.priorities, 2, top, left_width, "heading")
    headings = [left_heading]
    if beside_title:
        headings.append(_heading(beside_title, right_x, top, right_width, "beside-heading"))
    y = top + max(_height(h) for h in headings) + 8
    priority_boxes, y_left = _grid(priorities, "priority", 2, y, left_width, size=15, bold=True)
    themes_heading = _heading(words.themes, 2, y_left + 22, left_width, "heading")
    headings.insert(1, themes_heading)
    theme_boxes, y_left = _grid(themes, "theme", 2, y_left + 30 + _height(themes_heading), left_width, size=14)
    beside_boxes, y_right = _column(beside, right_x, y, right_width, bottom=y_left) if beside_title else ((), y_left)
    key: list[tuple[Style, str]] = [("priority", words.priority), ("theme", words.theme)]
    if beside_title:
        key.append(("beside", beside_title))
    legend, bottom = _legend(key, max(y_left, y_right) + 26)
    return PrioritiesLayout(
        width=WIDTH,
        height=round(bottom + 2, 1),
        headings=tuple(headings),
        boxes=priority_boxes + theme_boxes + beside_boxes,
        legend=legend,
        priorities=priorities,
        themes=themes,
        beside_title=beside_title,
        beside=beside,
        words=words,
    )


def _heading(text: str, x: float, y: float, width: float, style: Style) -> Text:
    size = 15.0
    lines = wrap(text, width / SLACK, size, bold=True)
    return Text(x, round(y + size, 1), lines, size, style, anchor="start", bold=True)


def _height(text: Text) -> float:
    """From the top of the first line to the bottom of the last."""
    return text.size + (len(text.lines) - 1) * text.line_height + 0.3 * text.size


def _fit(label: str, width: float, size: float, bold: bool) -> tuple[float, tuple[str, ...]]:
    """Type size and lines for `label` in a box `width` wide: the size shrinks (to 70% at most)
    until the longest word fits on a line, so names are only cut mid-word as a last resort."""
    room = (width - 2 * PAD) / SLACK
    smallest = size * 0.7
    while size > smallest and widest_word(label, size, bold) > room:
        size = max(smallest, size - 0.5)
    return size, wrap(label, room, size, bold)


def _box(label: str, x: float, y: float, width: float, height: float, style: Style, size: float, bold: bool) -> Box:
    size, lines = _fit(label, width, size, bold)
    line_height = size * LINE
    baseline = y + height / 2 - (len(lines) - 1) * line_height / 2 + CAP * size
    text = Text(round(x + width / 2, 1), round(baseline, 1), lines, size, style, bold=bold)
    return Box(round(x, 1), round(y, 1), round(width, 1), round(height, 1), style, text)


def _natural_height(label: str, width: float, size: float, bold: bool, least: float = 52.0) -> float:
    size, lines = _fit(label, width, size, bold)
    return max(least, len(lines) * size * LINE + 2 * PAD)


def _grid(
    labels: Sequence[str], style: Style, x: float, y: float, width: float, size: float, bold: bool = False
) -> tuple[tuple[Box, ...], float]:
    """Two boxes a row, each row as tall as its fullest box; a lone last box is centred. Returns the bottom."""
    box_width = (width - GAP) / 2
    boxes: list[Box] = []
    for start in range(0, len(labels), 2):
        row = labels[start : start + 2]
        height = max(_natural_height(label, box_width, size, bold) for label in row)
        left = x + (width - box_width) / 2 if len(row) == 1 else x
        for i, label in enumerate(row):
            boxes.append(_box(label, left + i * (box_width + GAP), y, box_width, height, style, size, bold))
        y += height + GAP
    return tuple(boxes), y - GAP


def _column(labels: Sequence[str], x: float, y: float, width: float, bottom: float) -> tuple[tuple[Box, ...], float]:
    """Boxes stacked, stretched evenly to end level with `bottom` when they would end above it."""
    size = 14.0
    heights = [_natural_height(label, width, size, bold=False) for label in labels]
    natural_bottom = y + sum(heights) + GAP * (len(labels) - 1)
    extra = max(0.0, bottom - natural_bottom) / max(1, len(labels))
    boxes = []
    for label, height in zip(labels, heights, strict=True):
        boxes.append(_box(label, x, y, width, height + extra, "beside", size, bold=False))
        y += height + extra + GAP
    return tuple(boxes), y - GAP


def _legend(items: Sequence[tuple[Style, str]], y: float) -> tuple[tuple[Box, ...], float]:
    """Swatches with their meaning, in a row that wraps; returns the swatches and the bottom."""
    size, swatch_w, swatch_h = 13.0, 26.0, 16.0
    x, out = 2.0, []
    for style, label in items:
        item_width = swatch_w + 8 + text_width(label, size) * SLACK
        if x > 2 and x + item_width > WIDTH:
            x, y = 2.0, y + swatch_h + 10
        text = Text(
            round(x + swatch_w + 8, 1), round(y + swatch_h / 2 + CAP * size, 1), (label,), size, "legend", "start"
        )
        out.append(Box(round(x, 1), round(y, 1), swatch_w, swatch_h, style, text))
        x += item_width + 18
    return tuple(out), y + swatch_h


def bar_chart_layout(chart: Chart) -> BarChartLayout:
    """One horizontal bar a row: wrapped label on the left, bar from a zero axis, value at its end."""
    values = [number_label(b.value) for b in chart.bars]
    value_room = max([40.0, *(text_width(v, BAR_TEXT, bold=True) * SLACK + 10 for v in values)])
    span = WIDTH - BAR_AXIS - value_room
    ticks = nice_ticks(max((b.value for b in chart.bars), default=0.0))
    scale = span / ticks[-1]
    y = top = 4.0
    bars, labels = [], []
    for bar in chart.bars:
        label, box, y = _bar_row(plain_text(bar.label), bar.value * scale, number_label(bar.value), y)
        labels.append(label)
        bars.append(box)
    title_lines = wrap(plain_text(chart.value_header), span / SLACK, BAR_TEXT, bold=True)
    axis_title = Text(round(BAR_AXIS + span / 2, 1), round(y + 38, 1), title_lines, BAR_TEXT, "axis", bold=True)
    return BarChartLayout(
        width=WIDTH,
        height=round(axis_title.y + (len(title_lines) - 1) * axis_title.line_height + 6, 1),
        bars=tuple(bars),
        labels=tuple(labels),
        ticks=tuple(Tick(round(BAR_AXIS + t * scale, 1), number_label(t)) for t in ticks),
        axis_x=BAR_AXIS,
        axis_y=round(y, 1),
        top=top,
        axis_title=axis_title,
        value_header=plain_text(chart.value_header),
        label_header=plain_text(chart.label_header),
    )


BAR_TEXT = 13.0  # type size of a chart's labels
BAR_AXIS = 342.0  # the zero line; labels are right-aligned 12 units before it


def _bar_row(label: str, length: float, value: str, y: float) -> tuple[Text, Box, float]:
    """The label, and the bar with its value, of the row starting at `y`; and where the next row starts."""
    size, bar_height = BAR_TEXT, 18.0
    lines = wrap(label, (BAR_AXIS - 12) / SLACK, size)
    row_height = max(bar_height + 12, len(lines) * size * LINE + 10)
    middle = y + row_height / 2
    first = middle - (len(lines) - 1) * size * LINE / 2 + CAP * size
    text = Text(BAR_AXIS - 10, round(first, 1), lines, size, "axis", anchor="end")
    shown = Text(round(BAR_AXIS + length + 6, 1), round(middle + CAP * size, 1), (value,), size, "value", "start", True)
    bar = Box(BAR_AXIS, round(middle - bar_height / 2, 1), round(length, 1), bar_height, "bar", shown)
    return text, bar, y + row_height


def nice_ticks(largest: float, most: int = 6) -> tuple[float, ...]:
    """Axis ticks from 0 past `largest`, in steps of 1, 2 or 5 times a power of ten, at most `most` steps."""
    if largest <= 0:
        return (0.0, 1.0)
    rough = largest / most
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    if step < 1 and largest >= 1:
        step = 1  # counts of things get whole-number ticks
    count = math.ceil(largest / step - 1e-9)
    return tuple(round(i * step, 10) for i in range(count + 1))


def number_label(value: float) -> str:
    return f"{value:,.10g}"


def indicator_chart(indicator: Indicator) -> Chart:
    """An indicator as a chart of two bars, baseline and latest, each labelled with its period."""
    bars = tuple(Bar(r.period, r.value) for r in (indicator.baseline, indicator.latest))
    return Chart(
        f"{indicator.id}-chart",
        "bar",
        Ref(indicator.id),
        Column(2),
        label_header="period",
        value_header=words_of(indicator.name),
        bars=bars,
    )


def indicator_chart_title(indicator: Indicator) -> str:
    """The chart's text alternative: the figures and their change, as the table gives them."""
    baseline, latest = indicator.baseline, indicator.latest
    return (
        f"Bar chart of {words_of(indicator.name)}: {indicator.field('baseline')} in {baseline.period} "
        f"and {indicator.field('latest')} in {latest.period}, {_with_article(indicator.change)}."
    )


def _with_article(change: str) -> str:
    """ "a 20.7% decrease", "an 8% increase"; "no change" and "an increase of 12" as they are."""
    whole = change.split("%")[0].split(".")[0]
    if not whole.isdigit():
        return change
    return ("an " if whole.startswith("8") or whole in ("11", "18") else "a ") + change


def register(env: Environment) -> None:
    """Make the layouts callable from templates."""
    env.globals["priorities_layout"] = priorities_layout
    env.globals["bar_chart_layout"] = bar_chart_layout
    env.globals["indicator_chart"] = indicator_chart
    env.globals["indicator_chart_title"] = indicator_chart_title
