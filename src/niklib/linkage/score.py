"""Scores: the match weight of a pair and the contributions that make it up.

`Score.explain` prints the sum as text and `Score._repr_html_` draws it as
a waterfall chart (self-contained SVG) in Jupyter: the prior weight, then
each comparison's weight, then the total.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs
import numpy as np
import numpy.typing as npt

from niklib.linkage.records import ColumnMap
from niklib.linkage.table import Table, prepare

if TYPE_CHECKING:
    from niklib.linkage.model import Model

__all__ = ["DEFAULT_PAIR_PRIOR", "Contribution", "Score", "probability", "score_pair"]

#: The prior used to score a single pair when neither the model nor the
#: caller gives one: one in 10,000.
DEFAULT_PAIR_PRIOR = 1e-4


def probability(weight: float | npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Convert a match weight (bits) to a match probability."""
    result: npt.NDArray[np.float64] = 1.0 / (
        1.0 + np.exp2(-np.clip(weight, -1000.0, 1000.0))
    )
    return result


@attrs.frozen
class Contribution:
    """One comparison's part of a score: its level and its weight in bits.

    `weight` includes `tf_adjustment`, the term-frequency part. `left` and
    `right` are the compared values as shown to people (NIKs masked).
    """

    comparison: str
    level: str
    label: str
    weight: float
    tf_adjustment: float = 0.0
    m: float | None = None
    u: float | None = None
    left: str = ""
    right: str = ""


@attrs.frozen
class Score:
    """The match weight and probability of one pair, with its contributions.

    `weight` is `prior_weight` plus the sum of the contributions' weights.
    `notes` lists findings about the records themselves, such as a NIK
    whose birth date disagrees with the record's own birth date.
    """

    weight: float
    probability: float
    prior_weight: float
    contributions: tuple[Contribution, ...]
    notes: tuple[str, ...] = ()

    def __getitem__(self, comparison: str) -> Contribution:
        for contribution in self.contributions:
            if contribution.comparison == comparison:
                return contribution
        raise KeyError(f"score has no comparison {comparison!r}")

    def explain(self) -> str:
        """Return the score as a text table, one line per term of the sum."""
        lines = [f"{'prior':<12} {'':<44} {self.prior_weight:+7.2f}"]
        for c in self.contributions:
            tf = f" (term frequency {c.tf_adjustment:+.2f})" if c.tf_adjustment else ""
            values = f"  [{c.left!r} vs {c.right!r}]" if c.left or c.right else ""
            lines.append(
                f"{c.comparison:<12} {c.label:<44} {c.weight:+7.2f}{tf}{values}"
            )
        lines.append(f"{'total':<12} {'match weight':<44} {self.weight:+7.2f}")
        lines.append(f"{'':<12} {'match probability':<44} {self.probability:7.4f}")
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain()

    def _repr_html_(self) -> str:
        return waterfall_svg(self)


_LABEL_WIDTH = 280  # pixels left of the plot, for the term labels
_PLOT_WIDTH = 360
_ROW_HEIGHT = 22
_GREEN, _RED, _BLUE = "#2e7d32", "#c62828", "#1565c0"


def _svg_row(top: int, text: str, x0: float, x1: float, colour: str, value: str) -> str:
    """Return one labelled bar from ``x0`` to ``x1`` with its value on the right."""
    bar_x, bar_width = min(x0, x1), max(abs(x1 - x0), 1.0)
    label = html.escape(text)
    value_x = _LABEL_WIDTH + _PLOT_WIDTH + 6
    return (
        f'<text x="4" y="{top + 15}" font-size="12">{label}</text>'
        f'<rect x="{bar_x:.1f}" y="{top + 3}" width="{bar_width:.1f}" '
        f'height="{_ROW_HEIGHT - 6}" fill="{colour}"><title>{value} bits</title></rect>'
        f'<text x="{value_x}" y="{top + 15}" font-size="12">{value}</text>'
    )


def waterfall_svg(score: Score) -> str:
    """Return a self-contained SVG waterfall chart of a score's terms.

    One bar per term starts where the running sum of the previous terms
    ends: the prior weight, each comparison's weight, then the total from 0.
    """
    terms = [("prior", score.prior_weight)]
    terms += [(f"{c.comparison}: {c.label}", c.weight) for c in score.contributions]
    running = [0.0]
    for _, weight in terms:
        running.append(running[-1] + weight)
    low, high = min(*running, 0.0), max(*running, 0.0)
    span = max(high - low, 1.0)

    def x(value: float) -> float:
        return _LABEL_WIDTH + (value - low) / span * _PLOT_WIDTH

    rows = []
    for position, (text, weight) in enumerate(terms):
        colour = _GREEN if weight >= 0 else _RED
        start, end = x(running[position]), x(running[position + 1])
        top = 5 + position * _ROW_HEIGHT
        rows.append(_svg_row(top, text, start, end, colour, f"{weight:+.2f}"))
    total = f"total (p = {score.probability:.4f})"
    top = 5 + len(terms) * _ROW_HEIGHT
    rows.append(
        _svg_row(top, total, x(0.0), x(score.weight), _BLUE, f"{score.weight:+.2f}")
    )

    height = _ROW_HEIGHT * (len(terms) + 2) + 10
    width = _LABEL_WIDTH + _PLOT_WIDTH + 60
    zero = x(0.0)
    axis = (
        f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{height - 8}" '
        'stroke="#555" stroke-dasharray="3,3"/>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" role="img" aria-label="match weight waterfall">'
        f"{axis}{''.join(rows)}</svg>"
    )


def build_score(
    model: Model,
    left: Table,
    right: Table,
    li: int,
    ri: int,
    *,
    prior: float,
    notes: tuple[str, ...] = (),
) -> Score:
    """Build the `Score` of one pair of prepared records."""
    from niklib.linkage.em import compare_pairs

    left_index = np.array([li], dtype=np.intp)
    right_index = np.array([ri], dtype=np.intp)
    levels = compare_pairs(model, left, right, left_index, right_index)
    adjustments = model.tf_adjustments(left, right, left_index, right_index, levels)
    prior_weight = model.prior_weight(prior)
    contributions = []
    for column, comparison in enumerate(model.comparisons):
        index = int(levels[0, column])
        level = comparison.levels[index]
        params = model.params[comparison.name][index]
        tf = float(adjustments[0, column])
        base = 0.0 if params is None else params.weight
        contributions.append(
            Contribution(
                comparison=comparison.name,
                level=level.key,
                label=level.label,
                weight=base + tf,
                tf_adjustment=tf,
                m=None if params is None else params.m,
                u=None if params is None else params.u,
                left=comparison.display(left.columns[comparison.name], li),
                right=comparison.display(right.columns[comparison.name], ri),
            )
        )
    weight = prior_weight + math.fsum(c.weight for c in contributions)
    return Score(
        weight=weight,
        probability=float(probability(weight)),
        prior_weight=prior_weight,
        contributions=tuple(contributions),
        notes=notes,
    )


def score_pair(
    model: Model,
    a: Mapping[str, object],
    b: Mapping[str, object],
    *,
    columns: ColumnMap | None = None,
    prior: float | None = None,
) -> Score:
    """Score two records with `model`.

    The prior is `prior`, else the model's prior, else `DEFAULT_PAIR_PRIOR`.
    Raises ValueError when a record has no key for any field the model
    compares, because every comparison would read as missing.
    """
    from niklib.linkage.crosscheck import pair_notes

    left = prepare(
        [a],
        model.comparisons,
        columns=columns,
        extra_fields=("nik", "birth_date", "sex"),
        name="record a",
    )
    right = prepare(
        [b],
        model.comparisons,
        columns=columns,
        extra_fields=("nik", "birth_date", "sex"),
        name="record b",
    )
    chosen = (
        prior
        if prior is not None
        else model.prior
        if model.prior is not None
        else DEFAULT_PAIR_PRIOR
    )
    return build_score(
        model, left, right, 0, 0, prior=chosen, notes=pair_notes(left, 0, right, 0)
    )
