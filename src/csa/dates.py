"""Dates as the documents print them, for every stage that writes one (the report, the HTML and the Word files)."""

from __future__ import annotations

import datetime as dt


def long_date(date: dt.date) -> str:
    """ "31 March 2024", as the documents print dates (month names in English whatever the machine's locale)."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def ordinal_date(date: dt.date) -> str:
    """ "19th July 2017", as a committee report prints its meeting's date."""
    day = date.day
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix} {_MONTHS[date.month - 1]} {date.year}"


_MONTHS = "January February March April May June July August September October November December".split()
