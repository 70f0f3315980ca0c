"""Version numbers and effective dates as the commands take them (5.0, 2019-20, 'April 2021').

Shared by `csa new-version` and `csa import`, which both start a version.
"""

from __future__ import annotations

import datetime as dt
import re

import click

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}


def effective_from(printed: str) -> dt.date | None:
    """'April 2021' -> 2021-04-01; None when the printed date is not 'Month YYYY'."""
    match = re.fullmatch(r"\s*([A-Za-z]+)\s+(\d{4})\s*", printed)
    if not match or match.group(1).lower() not in _MONTHS:
        return None
    return dt.date(int(match.group(2)), _MONTHS[match.group(1).lower()], 1)


def check_number(number: str, param: str) -> None:
    """A version number given on the command line as `param` must be of the form 5.0, or a plan year
    such as 2019-20 (a usage mistake if not)."""
    if not re.fullmatch(r"\d+[.-]\d+", number):
        raise click.BadParameter(
            f"{number!r} is not a version number (expected a form like 5.0, or a plan year like 2019-20)",
            param_hint=param,
        )


def effective_date(printed: str, effective: dt.date | None) -> dt.date:
    """The date a new version takes effect: `effective` if given, else the first day of the printed 'Month YYYY'."""
    when = effective or effective_from(printed)
    if when is None:
        raise click.BadParameter(
            f"cannot tell the effective date from {printed!r}"
            " (expected a form like 'April 2021', or give --effective YYYY-MM-DD)",
            param_hint="--date",
        )
    return when
