"""Dates named in an action's progress text that lie after the plan's `as_at`.

A new plan year started from the last one keeps its `as_at` until edited; progress written
months later then reads as if reported on the old date. The words give it away: "In
September 2019 ...". Sentences about what is still to come ("will", "expected", "planned",
"by September 2019") may name later dates, so they are not taken as reported dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from csa.inline import plain_text

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH = "|".join(calendar.month_name[1:])
# "20th March 2019", "4th and 25th March 2019" (the last day is taken), "March 2019"
_DATE = re.compile(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?({_MONTH})\s+(\d{{4}})\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(will|expected|planned|plans?\s+to|aim|due\s+to|by\s+(?:the\s+end\s+of\s+)?(?:" + _MONTH + r"))\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def dates_after(text: str, as_at: dt.date) -> Iterator[str]:
    """The date words in `text` ("September 2019") naming a day, or a month that starts, after `as_at`."""
    for sentence in _SENTENCE.split(plain_text(text)):
        if _FUTURE.search(sentence):
            continue
        for match in _DATE.finditer(sentence):
            day, month, year = match.group(1), _MONTHS[match.group(2).lower()], int(match.group(3))
            try:
                named = dt.date(year, month, int(day) if day else 1)
            except ValueError:  # "31st February": not a date to judge
                continue
            if named > as_at:
                yield match.group(0)
