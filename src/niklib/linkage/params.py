"""Level parameters and term-frequency tables of a Fellegi-Sunter model."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

import attrs

__all__ = ["LevelParams", "TermFrequencies"]


@attrs.frozen
class LevelParams:
    """m and u of one comparison level, where each came from, and its bounds.

    `m_source` and `u_source` name where a value came from: ``default``,
    ``em`` (expectation maximisation), ``random pairs`` or ``fixed`` (set by
    hand, never changed by `Model.fit`). `weight_bounds` clips the match
    weight to ``(minimum, maximum)``; either end may be None.
    """

    m: float
    u: float
    m_source: str = "default"
    u_source: str = "default"
    weight_bounds: tuple[float | None, float | None] = (None, None)

    @property
    def weight(self) -> float:
        """The match weight ``log2(m / u)``, clipped to `weight_bounds`."""
        return _clip(math.log2(self.m / self.u), self.weight_bounds)

    @property
    def m_fixed(self) -> bool:
        """True if `Model.fit` keeps this m."""
        return self.m_source == "fixed"

    @property
    def u_fixed(self) -> bool:
        """True if `Model.fit` keeps this u."""
        return self.u_source == "fixed"


def _clip(weight: float, bounds: tuple[float | None, float | None]) -> float:
    low, high = bounds
    if low is not None:
        weight = max(weight, low)
    if high is not None:
        weight = min(weight, high)
    return weight


@attrs.frozen
class TermFrequencies:
    """Value counts of one comparison's values in a reference population."""

    counts: Mapping[str, int]
    total: int

    def frequency(self, value: object) -> float:
        """Return the share of `value`; an unseen value counts as seen once."""
        return max(self.counts.get(str(value), 1), 1) / max(self.total, 1)

    @classmethod
    def from_values(cls, values: Iterable[object]) -> TermFrequencies:
        """Count the non-None values."""
        counts = Counter(str(value) for value in values if value is not None)
        return cls(counts=dict(counts), total=sum(counts.values()))
