"""Birth-date comparison, with weaker agreement on placeholder dates."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from niklib.linkage.comparisons import (
    Column,
    Comparison,
    Index,
    Levels,
    _Assigner,
    _levels,
)
from niklib.linkage.records import parse_birth_date

__all__ = ["BirthDateComparison"]

# Placeholder birth dates (MM-DD) and how many times more people share them
# than an ordinary date; see `BirthDateComparison.u_factor`.
_PLACEHOLDER_DATES = {"07-01": 13.9, "12-31": 7.8, "01-01": 3.5}


class BirthDateComparison(Comparison):
    """Birth dates: exact, day and month swapped, one digit, same year, two years.

    Values are parsed with `parse_birth_date` (explicit formats only). The
    exact level gets a term-frequency adjustment, so a shared placeholder
    date such as 1 July counts for less than a shared ordinary date.
    """

    def __init__(self, field: str = "birth_date", *, name: str = "birth_date") -> None:
        self.field = field
        self.name = name
        self.levels = _levels(
            ("exact", "same date"),
            ("swapped", "day and month swapped"),
            ("one_digit", "one digit different"),
            ("same_year", "same year"),
            ("two_years", "within two years"),
            ("else", "different date"),
        )
        self.tf_levels = frozenset({"exact"})

    def _prepare(self, values: Sequence[object]) -> Column:
        dates = [parse_birth_date(value) for value in values]
        present = np.array([d is not None for d in dates], dtype=bool)
        ymd = np.array(
            [(d.year, d.month, d.day) if d else (0, 0, 0) for d in dates],
            dtype=np.int32,
        ).reshape(-1, 3)
        text = np.array([d.isoformat() if d else "" for d in dates], dtype=object)
        # The digits of YYYYMMDD, for the "one digit different" level.
        number = ymd[:, 0] * 10_000 + ymd[:, 1] * 100 + ymd[:, 2]
        powers = 10 ** np.arange(7, -1, -1)
        digits = ((number[:, None] // powers) % 10).astype(np.uint8)
        return {"present": present, "ymd": ymd, "text": text, "digits": digits}

    def compare(self, left: Column, right: Column, li: Index, ri: Index) -> Levels:
        a, b = left["ymd"][li], right["ymd"][ri]
        assigner = _Assigner(
            left["present"][li], right["present"][ri], len(self.levels) - 1
        )
        same_year = a[:, 0] == b[:, 0]
        assigner.assign(2, same_year & (a[:, 1] == b[:, 1]) & (a[:, 2] == b[:, 2]))
        swapped = same_year & (a[:, 1] == b[:, 2]) & (a[:, 2] == b[:, 1])
        assigner.assign(3, swapped)
        differing = (left["digits"][li] != right["digits"][ri]).sum(axis=1)
        assigner.assign(4, differing == 1)
        assigner.assign(5, same_year)
        assigner.assign(6, np.abs(a[:, 0] - b[:, 0]) <= 2)
        return assigner.levels

    def tf_values(
        self, left: Column, right: Column, li: Index, ri: Index, levels: Levels
    ) -> npt.NDArray[np.object_]:
        values = np.full(len(li), None, dtype=object)
        exact = levels == 2
        values[exact] = left["text"][li[exact]]
        return values

    def tf_population(self, column: Column) -> npt.NDArray[np.object_]:
        values: npt.NDArray[np.object_] = column["text"].copy()
        values[~column["present"]] = None
        return values

    def u_factor(self, value: object) -> float:
        """Return the excess chance agreement of a placeholder birth date.

        Registries recorded unknown dates as 31 December (before 2004),
        1 July (from 2004) and the 15th when only the month was known. Each
        factor is the date's share of the 2019 population over the uniform
        share 1/365. About 10.3 M of 270 M people were registered as born
        on 1 July (13.9), 5.8 M on 31 December (7.8) and 2.6 M on 1 January
        (3.5).
        """
        text = str(value)
        month_day = text[5:]
        if month_day in _PLACEHOLDER_DATES:
            return _PLACEHOLDER_DATES[month_day]
        # NOTE: the share of dates on the 15th is not published; 1.5 is an
        # estimate.
        return 1.5 if month_day.endswith("-15") else 1.0
