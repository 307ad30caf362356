"""Unsupervised estimation of a model: u from random pairs, m and the prior by EM.

u is the chance that two different people agree at a level, so it is
estimated from random pairs, nearly all of which are non-matches. m and
the share of matches among candidate pairs are then estimated by
expectation maximisation over the candidate pairs with u held fixed, as
Splink does. Identical comparison vectors are grouped first, so each EM
iteration costs one pass over the distinct vectors, not over all pairs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from niklib.linkage.blocking import (
    DEFAULT_RULES,
    BlockingRule,
    CandidatePairs,
    candidate_pairs,
    rule_generates,
)
from niklib.linkage.comparisons import BOTH_MISSING, ONE_MISSING
from niklib.linkage.records import ColumnMap
from niklib.linkage.table import Table, prepare

if TYPE_CHECKING:
    from niklib.linkage.model import LevelParams, Model

__all__ = ["DEFAULT_MIN_PROBABILITY", "compare_pairs", "fit", "random_pairs"]

logger = logging.getLogger("niklib.linkage.em")

_FLOOR = 1e-9  # keeps every m and u positive, so every weight is finite

#: The default lower bound on each fitted m and u. EM drives the m of a
#: level that no match in the training pairs reaches towards 0, so its
#: weight becomes tens of bits negative. One disagreement, such as a new
#: address, then outweighs an equal NIK, name and birth date. A fitted m of
#: at least 1e-4 keeps a weight above about -13.3 bits, and a fitted u of
#: at least 1e-4 keeps it below about +13.3 bits.
DEFAULT_MIN_PROBABILITY = 1e-4


def compare_pairs(
    model: Model,
    left: Table,
    right: Table,
    li: npt.NDArray[np.intp],
    ri: npt.NDArray[np.intp],
) -> npt.NDArray[np.int8]:
    """Return the level matrix: one row per pair, one column per comparison."""
    levels = np.zeros((len(li), len(model.comparisons)), dtype=np.int8)
    for column, comparison in enumerate(model.comparisons):
        name = comparison.name
        levels[:, column] = comparison.compare(
            left.columns[name], right.columns[name], li, ri
        )
    return levels


def random_pairs(
    n_left: int, n_right: int | None, count: int, *, seed: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Draw `count` random pairs (with replacement; ``n_right=None`` deduplicates)."""
    rng = np.random.default_rng(seed)
    li = rng.integers(0, n_left, size=count)
    if n_right is None:
        ri = rng.integers(0, n_left - 1, size=count)
        ri = ri + (ri >= li)  # never pair a record with itself
    else:
        ri = rng.integers(0, n_right, size=count)
    return li.astype(np.intp), ri.astype(np.intp)


def _level_counts(
    levels: npt.NDArray[np.int8],
    size: int,
    weights: npt.NDArray[np.float64] | None = None,
) -> npt.NDArray[np.float64]:
    counts = np.bincount(levels, weights=weights, minlength=size).astype(np.float64)
    counts[[BOTH_MISSING, ONE_MISSING]] = 0.0
    return counts


def _estimate_u(model: Model, levels: npt.NDArray[np.int8], *, floor: float) -> Model:
    params = dict(model.params)
    for column, comparison in enumerate(model.comparisons):
        counts = _level_counts(levels[:, column], len(comparison.levels))
        params[comparison.name] = _update(
            params[comparison.name], counts, "u", "random pairs", floor=floor
        )
    return attrs.evolve(model, params=params)


def _update(
    levels: Sequence[LevelParams | None],
    counts: npt.NDArray[np.float64],
    which: str,
    source: str,
    *,
    floor: float,
) -> tuple[LevelParams | None, ...]:
    """Set m or u of the levels that are not fixed in proportion to `counts`.

    Levels with no count keep their value, because the data contain no
    evidence about them. The other levels share what the fixed and kept
    levels leave, and each gets at least `floor` (see `_floored`).
    """
    kept = [
        i
        for i, p in enumerate(levels)
        if p is not None and (getattr(p, f"{which}_fixed") or counts[i] <= 0)
    ]
    fixed_share = sum(getattr(levels[i], which) for i in kept)
    free = [i for i, p in enumerate(levels) if p is not None and i not in kept]
    total = counts[free].sum()
    if total <= 0:
        return tuple(levels)
    result = list(levels)
    shares = _floored(counts[free] / total * (1.0 - fixed_share), floor)
    for index, share in zip(free, shares, strict=True):
        current = levels[index]
        assert current is not None  # free levels are never the missing levels
        changes: dict[str, Any] = {which: float(share), f"{which}_source": source}
        result[index] = attrs.evolve(current, **changes)
    return tuple(result)


def _floored(shares: npt.NDArray[np.float64], floor: float) -> npt.NDArray[np.float64]:
    """Raise shares below `floor` to it and scale the others to keep the sum.

    The sum stays the same unless the floors alone exceed it. A share
    that the scaling pushes below `floor` is raised again, so the sum may
    then grow by a little.
    """
    low = shares < floor
    result: npt.NDArray[np.float64] = shares.copy()
    if low.any() and not low.all():
        room = shares.sum() - floor * low.sum()
        high = shares[~low].sum()
        if room > 0 and high > 0:
            result[~low] = shares[~low] * (room / high)
    np.maximum(result, floor, out=result)
    return result


def _log_tables(model: Model, which: str) -> list[npt.NDArray[np.float64]]:
    tables = []
    for comparison in model.comparisons:
        row = [
            0.0 if p is None else np.log(getattr(p, which))
            for p in model.params[comparison.name]
        ]
        tables.append(np.array(row))
    return tables


def _log_likelihood(
    tables: list[npt.NDArray[np.float64]],
    patterns: npt.NDArray[np.int8],
    columns: Sequence[int],
) -> npt.NDArray[np.float64]:
    total = np.zeros(len(patterns))
    for column in columns:
        total += tables[column][patterns[:, column]]
    return total


def _posterior(
    model: Model, patterns: npt.NDArray[np.int8], columns: Sequence[int], share: float
) -> npt.NDArray[np.float64]:
    lm = _log_likelihood(_log_tables(model, "m"), patterns, columns)
    lu = _log_likelihood(_log_tables(model, "u"), patterns, columns)
    logit = np.log(share) - np.log1p(-share) + lm - lu
    result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(logit, -700, 700)))
    return result


def _em(
    model: Model,
    patterns: npt.NDArray[np.int8],
    counts: npt.NDArray[np.int64],
    columns: Sequence[int],
    *,
    share: float,
    max_iterations: int,
    tolerance: float,
    floor: float,
) -> tuple[Model, float]:
    """Run EM on grouped comparison vectors, updating m of `columns` only."""
    for iteration in range(max_iterations):
        expected = _posterior(model, patterns, columns, share) * counts
        new_share = float(np.clip(expected.sum() / counts.sum(), 1e-9, 1 - 1e-9))
        params = dict(model.params)
        change = abs(new_share - share)
        for column in columns:
            comparison = model.comparisons[column]
            level_counts = _level_counts(
                patterns[:, column], len(comparison.levels), expected
            )
            updated = _update(
                params[comparison.name], level_counts, "m", "em", floor=floor
            )
            change = max(
                change,
                *(
                    abs(a.m - b.m)
                    for a, b in zip(updated, params[comparison.name], strict=True)
                    if a and b
                ),
            )
            params[comparison.name] = updated
        model = attrs.evolve(model, params=params)
        share = new_share
        logger.debug(
            "EM iteration %d: match share %.6f, largest change %.2e",
            iteration + 1,
            share,
            change,
        )
        if change < tolerance:
            break
    return model, share


def _grouped(
    levels: npt.NDArray[np.int8],
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int64]]:
    patterns, counts = np.unique(levels, axis=0, return_counts=True)
    return patterns, counts


def _average_m(
    model: Model,
    estimates: dict[str, list[tuple[LevelParams | None, ...]]],
    *,
    floor: float,
) -> Model:
    """Average each comparison's m over the sessions that estimated it.

    A session keeps the previous m of a level that none of its pairs
    reached, so an average may fall below `floor` and is floored again.
    """
    params = dict(model.params)
    for name, sessions in estimates.items():
        averaged = list(params[name])
        free = [
            index
            for index, current in enumerate(averaged)
            if current is not None and not current.m_fixed
        ]
        means = np.array(
            [
                np.mean([s[index].m for s in sessions if s[index] is not None])  # type: ignore[union-attr]
                for index in free
            ],
            dtype=np.float64,
        )
        for index, mean in zip(free, _floored(means, floor), strict=True):
            current = averaged[index]
            assert current is not None  # free levels are never the missing levels
            averaged[index] = attrs.evolve(current, m=float(mean), m_source="em")
        params[name] = tuple(averaged)
    return attrs.evolve(model, params=params)


def _fit_m(
    model: Model,
    left: Table,
    right: Table | None,
    pairs: CandidatePairs,
    levels: npt.NDArray[np.int8],
    *,
    max_iterations: int,
    tolerance: float,
    min_pairs: int,
    floor: float,
) -> Model:
    """Estimate m with one EM session per blocking rule, as Splink does.

    A session uses only the candidate pairs its rule generates and leaves
    out the comparisons of the fields the rule blocks on, because those
    agree by construction. Each comparison's m is the mean over the
    sessions that estimated it; a comparison no session estimates keeps
    its m.
    """
    other = left if right is None else right
    estimates: dict[str, list[tuple[LevelParams | None, ...]]] = {}
    for rule in pairs.rules:
        members = rule_generates(rule, left, right, pairs.left, pairs.right)
        size = int(members.sum())
        columns = [
            i for i, c in enumerate(model.comparisons) if c.field not in rule.fields
        ]
        if size < min_pairs or not columns:
            logger.info("EM session %r skipped: %d pairs", rule.label, size)
            continue
        patterns, counts = _grouped(levels[members])
        share = min(max(min(len(left), len(other)) / size, 1e-4), 0.5)
        session, share = _em(
            model,
            patterns,
            counts,
            columns,
            share=share,
            max_iterations=max_iterations,
            tolerance=tolerance,
            floor=floor,
        )
        logger.info(
            "EM session %r: %d pairs, match share %.4f", rule.label, size, share
        )
        for column in columns:
            name = model.comparisons[column].name
            estimates.setdefault(name, []).append(session.params[name])
    return _average_m(model, estimates, floor=floor)


def _fit_prior(
    model: Model, levels: npt.NDArray[np.int8], *, max_iterations: int, tolerance: float
) -> float:
    """Estimate the match share among candidate pairs with m and u held fixed."""
    patterns, counts = _grouped(levels)
    columns = range(levels.shape[1])
    share = 0.1
    for _ in range(max_iterations):
        expected = _posterior(model, patterns, columns, share) * counts
        new_share = float(np.clip(expected.sum() / counts.sum(), 1e-9, 1 - 1e-9))
        if abs(new_share - share) < tolerance * share:
            return new_share
        share = new_share
    return share


def fit(
    model: Model,
    left: Iterable[Mapping[str, object]],
    right: Iterable[Mapping[str, object]] | None = None,
    *,
    columns: ColumnMap | None = None,
    right_columns: ColumnMap | None = None,
    rules: Sequence[BlockingRule] = DEFAULT_RULES,
    random_pair_count: int = 100_000,
    max_iterations: int = 50,
    tolerance: float = 1e-5,
    estimate_u: bool = True,
    estimate_m: bool = True,
    term_frequencies_from_data: bool = True,
    min_session_pairs: int = 100,
    seed: int = 0,
    min_probability: float = DEFAULT_MIN_PROBABILITY,
) -> Model:
    """Return a model fitted to unlabelled records.

    First, u of every level that is not fixed comes from
    `random_pair_count` random pairs. Then m comes from EM, one session per
    blocking rule (see `_fit_m`). Last, EM with m and u fixed estimates the
    share of matches among all candidate pairs. The fitted prior is that
    share times the number of candidate pairs over the number of all
    pairs, so it assumes the rules find nearly every true match.
    Comparisons without a term-frequency table get one from the fitted
    records when `term_frequencies_from_data` is true.
    Pass ``right`` (with `right_columns` if its columns differ) to fit for
    linking two lists, leave it None to fit for deduplication.

    Every m and u that the fit estimates is at least `min_probability`
    (`DEFAULT_MIN_PROBABILITY`, 1e-4); the other levels of a comparison
    give up the difference in proportion to their values. Default and
    fixed values keep theirs. Pass 0 to keep the estimates as they are,
    bounded only by 1e-9 so that every weight stays finite.
    """
    if not 0.0 <= min_probability < 0.1:
        raise ValueError(
            f"min_probability must be at least 0 and below 0.1, got "
            f"{min_probability!r}; the default is {DEFAULT_MIN_PROBABILITY}"
        )
    floor = max(min_probability, _FLOOR)
    fields = sorted({f for rule in rules for f in rule.fields})
    left_table = prepare(left, model.comparisons, columns=columns, extra_fields=fields)
    right_columns = columns if right_columns is None else right_columns
    right_table = (
        None
        if right is None
        else prepare(
            right, model.comparisons, columns=right_columns, extra_fields=fields
        )
    )
    other = left_table if right_table is None else right_table
    n_left, n_right = len(left_table), len(other)
    total_pairs = (
        n_left * (n_left - 1) // 2 if right_table is None else n_left * n_right
    )
    if total_pairs == 0:
        raise ValueError(
            "fitting needs at least two records (one on each side when linking)"
        )

    if term_frequencies_from_data:
        from niklib.linkage.link import _data_term_frequencies

        tables = [left_table] if right_table is None else [left_table, right_table]
        model = _data_term_frequencies(model, tables)
    if estimate_u:
        li, ri = random_pairs(
            n_left,
            None if right_table is None else n_right,
            random_pair_count,
            seed=seed,
        )
        levels = compare_pairs(model, left_table, other, li, ri)
        model = _estimate_u(model, levels, floor=floor)
    if not estimate_m:
        return model

    pairs = candidate_pairs(left_table, right_table, rules=rules)
    if len(pairs) == 0:
        logger.warning("no candidate pairs: m and the prior keep their values")
        return model
    levels = compare_pairs(model, left_table, other, pairs.left, pairs.right)
    model = _fit_m(
        model,
        left_table,
        right_table,
        pairs,
        levels,
        max_iterations=max_iterations,
        tolerance=tolerance,
        min_pairs=min_session_pairs,
        floor=floor,
    )
    share = _fit_prior(
        model, levels, max_iterations=max_iterations, tolerance=tolerance
    )
    prior = min(max(share * len(pairs) / total_pairs, 1e-12), 0.5)
    return model.with_prior(prior)
