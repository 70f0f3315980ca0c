"""The lines an indicator's figures print as, in the export's table and as an import compares them."""

from __future__ import annotations

from csa.model import Indicator, Reading


def figure_lines(indicator: Indicator) -> tuple[list[str], list[str], list[str]]:
    """The lines of the baseline, latest and change cells, as printed (an import compares them)."""
    provisional = ["(unvalidated data)"] if indicator.provisional else []
    assessment = [] if indicator.improved is None else ["(better)" if indicator.improved else "(worse)"]
    return (
        _reading(indicator, "baseline", indicator.baseline),
        _reading(indicator, "latest", indicator.latest) + provisional,
        [indicator.change, *assessment],
    )


def _reading(indicator: Indicator, field: str, reading: Reading) -> list[str]:
    return [indicator.field(field), reading.period]
