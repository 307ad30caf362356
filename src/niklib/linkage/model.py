"""The Fellegi-Sunter model: m and u probabilities per comparison level.

The match weight of a pair is the prior weight plus, for each comparison,
``log2(m / u)`` of the level the pair falls into. The two missing levels
carry weight 0. Levels with a term-frequency adjustment replace ``u`` by
the frequency of the shared value, so agreement on a common name or a
placeholder birth date counts for less than agreement on a rare one.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from niklib.linkage.comparisons import (
    AddressComparison,
    BirthDateComparison,
    Comparison,
    ExactComparison,
    Index,
    RegionComparison,
    SexComparison,
)
from niklib.linkage.name_comparison import NameComparison
from niklib.linkage.nik_comparison import NikComparison
from niklib.linkage.records import ColumnMap
from niklib.linkage.table import Table, prepare

__all__ = ["LevelParams", "Model", "TermFrequencies"]

_COMPARISON_TYPES: dict[str, type[Comparison]] = {
    cls.__name__: cls
    for cls in (
        NikComparison,
        NameComparison,
        BirthDateComparison,
        SexComparison,
        RegionComparison,
        AddressComparison,
        ExactComparison,
    )
}
_FORMAT = "niklib-linkage-model/1"

# Default m and u per level, missing levels excluded, for Indonesian
# recipient lists checked against a registry. They are priors, not fitted
# values: `Model.fit` replaces the ones that are not fixed.
_DEFAULTS: dict[str, dict[str, tuple[float, float]]] = {
    "nik": {
        "exact": (0.90, 1e-6),
        "spreadsheet_zero": (0.02, 1e-7),
        # Twins and same-day registrations share region and date: a serial
        # difference is strong evidence of two people. The birth date
        # comparison already counts the shared date, so this weight is set
        # low enough to cancel it.
        "other_serial": (1e-7, 5e-4),
        "substitution": (0.04, 2e-6),
        "transposition": (0.01, 1e-7),
        "else": (0.028, 0.999990),
    },
    "name": {
        "exact": (0.75, 2e-4),
        "token_set": (0.03, 2e-6),
        "subset": (0.06, 5e-4),
        "fuzzy_high": (0.07, 5e-4),
        "fuzzy_middle": (0.04, 3e-3),
        "fuzzy_low": (0.02, 3e-2),
        "else": (0.03, 0.966),
    },
    "birth_date": {
        "exact": (0.85, 5e-5),
        "swapped": (0.02, 4e-5),
        "one_digit": (0.05, 1e-3),
        "same_year": (0.02, 0.016),
        "two_years": (0.02, 0.06),
        "else": (0.04, 0.923),
    },
    "sex": {"agree": (0.98, 0.5), "else": (0.02, 0.5)},
    "region": {
        "exact": (0.85, 0.01),
        "regency": (0.07, 0.1),
        "province": (0.04, 0.3),
        "else": (0.04, 0.59),
    },
    # Members of one household share an address, so agreement on it is
    # weaker evidence than its rarity in the population suggests.
    "address": {
        "exact": (0.45, 2e-3),
        "fuzzy_high": (0.2, 5e-3),
        "fuzzy_low": (0.2, 0.02),
        "else": (0.15, 0.979),
    },
}
_GENERIC_DEFAULT = {"agree": (0.9, 0.01), "else": (0.1, 0.99)}


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


def default_comparisons() -> tuple[Comparison, ...]:
    """Return the standard comparisons: NIK, name, birth date, sex, region, address."""
    return (
        NikComparison(),
        NameComparison(),
        BirthDateComparison(),
        SexComparison(),
        RegionComparison(),
        AddressComparison(),
    )


def _default_params(comparison: Comparison) -> tuple[LevelParams | None, ...]:
    table = _DEFAULTS.get(comparison.name, {})
    scored = [level for level in comparison.levels if not level.is_missing]
    pairs = []
    for position, level in enumerate(scored):
        if level.key in table:
            pairs.append(table[level.key])
        elif position == len(scored) - 1:
            pairs.append(_GENERIC_DEFAULT["else"])
        else:
            pairs.append(_GENERIC_DEFAULT["agree"])
    m_total = sum(m for m, _ in pairs)
    u_total = sum(u for _, u in pairs)
    params: list[LevelParams | None] = [None, None]
    params += [LevelParams(m=m / m_total, u=u / u_total) for m, u in pairs]
    return tuple(params)


@attrs.frozen(eq=False)
class Model:
    """A Fellegi-Sunter model: comparisons, their level parameters and a prior.

    `prior` is the probability that two random records are the same
    person. None means "estimate from the data size when linking": one
    over the larger list for `link`, one over the list size for `dedupe`.
    Models are immutable; `fit`, `with_level` and `with_term_frequencies`
    return new ones.
    """

    comparisons: tuple[Comparison, ...]
    params: Mapping[str, tuple[LevelParams | None, ...]]
    prior: float | None = None
    term_frequencies: Mapping[str, TermFrequencies] = attrs.field(factory=dict)

    @classmethod
    def default(
        cls,
        comparisons: Sequence[Comparison] | None = None,
        *,
        prior: float | None = None,
    ) -> Model:
        """Return a model with priors for Indonesian data, usable without training."""
        comparisons = tuple(comparisons or default_comparisons())
        names = [comparison.name for comparison in comparisons]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(
                f"comparison names must be unique, repeated: {', '.join(duplicates)}"
            )
        _check_prior(prior)
        params = {c.name: _default_params(c) for c in comparisons}
        return cls(comparisons=comparisons, params=params, prior=prior)

    def comparison(self, name: str) -> Comparison:
        """Return the comparison called `name`, or raise KeyError listing the names."""
        for comparison in self.comparisons:
            if comparison.name == name:
                return comparison
        names = ", ".join(c.name for c in self.comparisons)
        raise KeyError(f"model has no comparison {name!r}; comparisons: {names}")

    def level(self, comparison: str, level: str) -> LevelParams:
        """Return the parameters of one level, e.g. ``model.level("nik", "exact")``."""
        index = self.comparison(comparison).level_index(level)
        params = self.params[comparison][index]
        if params is None:
            raise KeyError(
                f"level {level!r} of {comparison!r} is a missing level: "
                "its weight is 0 and it has no m or u"
            )
        return params

    def with_level(
        self,
        comparison: str,
        level: str,
        *,
        m: float | None = None,
        u: float | None = None,
        weight_bounds: tuple[float | None, float | None] | None = None,
    ) -> Model:
        """Return a model with one level's m, u or weight bounds set by hand.

        A value given here is marked ``fixed`` and `fit` keeps it.
        """
        current = self.level(comparison, level)
        for label, value in (("m", m), ("u", u)):
            if value is not None and not 0.0 < value <= 1.0:
                raise ValueError(
                    f"{label} for {comparison}.{level} must be in (0, 1], got {value!r}"
                )
        changes: dict[str, Any] = {}
        if m is not None:
            changes.update(m=m, m_source="fixed")
        if u is not None:
            changes.update(u=u, u_source="fixed")
        if weight_bounds is not None:
            changes["weight_bounds"] = weight_bounds
        index = self.comparison(comparison).level_index(level)
        levels = list(self.params[comparison])
        levels[index] = attrs.evolve(current, **changes)
        return attrs.evolve(self, params={**self.params, comparison: tuple(levels)})

    def with_prior(self, prior: float | None) -> Model:
        """Return a model with another prior match probability."""
        _check_prior(prior)
        return attrs.evolve(self, prior=prior)

    def with_term_frequencies(
        self,
        records: Iterable[Mapping[str, object]],
        *,
        columns: ColumnMap | None = None,
    ) -> Model:
        """Return a model whose term frequencies come from a reference population.

        Pass the registry, not the lists being linked, to judge how common a
        name or birth date is in the whole population.
        """
        tf_comparisons = [c for c in self.comparisons if c.tf_levels]
        table = prepare(records, tf_comparisons, columns=columns)
        tables = {
            c.name: TermFrequencies.from_values(c.tf_population(table.columns[c.name]))
            for c in tf_comparisons
        }
        return attrs.evolve(self, term_frequencies={**self.term_frequencies, **tables})

    def fit(
        self,
        left: Iterable[Mapping[str, object]],
        right: Iterable[Mapping[str, object]] | None = None,
        **options: Any,
    ) -> Model:
        """Return a model fitted to unlabelled records (see `niklib.linkage.em.fit`)."""
        from niklib.linkage.em import fit

        return fit(self, left, right, **options)

    def weight_tables(self) -> list[npt.NDArray[np.float64]]:
        """Return each comparison's weight per level index (0 for missing levels)."""
        tables = []
        for comparison in self.comparisons:
            weights = [
                0.0 if p is None else p.weight for p in self.params[comparison.name]
            ]
            tables.append(np.array(weights, dtype=np.float64))
        return tables

    def match_weights(
        self, left: Table, right: Table, li: Index, ri: Index, *, prior: float
    ) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float64]]:
        """Return the level matrix and the match weight of pairs ``(li[k], ri[k])``.

        The weight is the prior weight plus each comparison's level weight
        plus the term-frequency adjustments.
        """
        from niklib.linkage.em import compare_pairs

        levels = compare_pairs(self, left, right, li, ri)
        weights = np.full(len(li), self.prior_weight(prior))
        for column, table in enumerate(self.weight_tables()):
            weights += table[levels[:, column]]
        weights += self.tf_adjustments(left, right, li, ri, levels).sum(axis=1)
        return levels, weights

    def tf_adjustments(
        self,
        left: Table,
        right: Table,
        li: Index,
        ri: Index,
        levels: npt.NDArray[np.int8],
    ) -> npt.NDArray[np.float64]:
        """Return the term-frequency adjustment of each pair and comparison (bits)."""
        result = np.zeros((len(li), len(self.comparisons)), dtype=np.float64)
        for column, comparison in enumerate(self.comparisons):
            if not comparison.tf_levels:
                continue
            values = comparison.tf_values(
                left.columns[comparison.name],
                right.columns[comparison.name],
                li,
                ri,
                levels[:, column],
            )
            rows = np.flatnonzero(values != None)  # noqa: E711 (element-wise test)
            if len(rows):
                result[rows, column] = self._tf_bits(
                    comparison, values[rows], levels[rows, column]
                )
        return result

    def _tf_bits(
        self,
        comparison: Comparison,
        values: npt.NDArray[np.object_],
        levels: npt.NDArray[np.int8],
    ) -> npt.NDArray[np.float64]:
        params = self.params[comparison.name]
        u_by_level = [1.0 if p is None else p.u for p in params]
        u_level = np.array([u_by_level[level] for level in levels])
        table = self.term_frequencies.get(comparison.name)
        if table is not None:
            u_value = np.array([table.frequency(value) for value in values])
            adjustment: npt.NDArray[np.float64] = np.log2(u_level / u_value)
            return adjustment
        factors = np.array([comparison.u_factor(value) for value in values])
        adjustment = -np.log2(factors)
        return adjustment

    def prior_weight(self, prior: float) -> float:
        """Return the match weight of a prior probability."""
        return math.log2(prior / (1.0 - prior))

    def score(
        self,
        a: Mapping[str, object],
        b: Mapping[str, object],
        *,
        columns: ColumnMap | None = None,
        prior: float | None = None,
    ) -> Any:
        """Score one pair of records and return a `Score` that explains itself."""
        from niklib.linkage.score import score_pair

        return score_pair(self, a, b, columns=columns, prior=prior)

    def to_dict(self, *, include_term_frequencies: bool = True) -> dict[str, Any]:
        """Return a JSON-ready description of the model."""
        params: dict[str, Any] = {}
        for comparison in self.comparisons:
            levels = {}
            for level, p in zip(
                comparison.levels, self.params[comparison.name], strict=True
            ):
                if p is not None:
                    levels[level.key] = attrs.asdict(p)
            params[comparison.name] = levels
        data: dict[str, Any] = {
            "format": _FORMAT,
            "prior": self.prior,
            "comparisons": [c.config() for c in self.comparisons],
            "params": params,
        }
        if include_term_frequencies:
            data["term_frequencies"] = {
                name: {"total": tf.total, "counts": dict(tf.counts)}
                for name, tf in self.term_frequencies.items()
            }
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Model:
        """Rebuild a model from `to_dict` output, checking it as a whole."""
        if data.get("format") != _FORMAT:
            raise ValueError(
                f"not a niklib linkage model: format is {data.get('format')!r}, "
                f"expected {_FORMAT!r}"
            )
        comparisons = tuple(
            _comparison_from_config(config) for config in data["comparisons"]
        )
        model = cls.default(comparisons, prior=data.get("prior"))
        problems = []
        params = dict(model.params)
        for comparison in comparisons:
            saved = data["params"].get(comparison.name, {})
            levels = list(params[comparison.name])
            for index, level in enumerate(comparison.levels):
                if level.is_missing:
                    continue
                if level.key not in saved:
                    problems.append(f"{comparison.name}.{level.key}: missing")
                    continue
                values = dict(saved[level.key])
                values["weight_bounds"] = tuple(
                    values.get("weight_bounds", (None, None))
                )
                levels[index] = LevelParams(**values)
            params[comparison.name] = tuple(levels)
        if problems:
            raise ValueError("invalid model parameters: " + "; ".join(problems))
        tfs = {
            name: TermFrequencies(counts=tf["counts"], total=tf["total"])
            for name, tf in data.get("term_frequencies", {}).items()
        }
        return attrs.evolve(model, params=params, term_frequencies=tfs)

    def save(
        self, path: str | os.PathLike[str], *, include_term_frequencies: bool = True
    ) -> None:
        """Write the model to a JSON file."""
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(
                self.to_dict(include_term_frequencies=include_term_frequencies),
                handle,
                indent=1,
            )

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Model:
        """Read a model written by `save`."""
        with open(path, encoding="utf-8") as handle:
            return cls.from_dict(json.load(handle))

    def describe(self) -> str:
        """Return a table of every level's m, u, weight and where m and u came from."""
        lines = [f"prior: {self.prior if self.prior is not None else 'from data size'}"]
        for comparison in self.comparisons:
            lines.append(f"{comparison.name}:")
            for level, p in zip(
                comparison.levels, self.params[comparison.name], strict=True
            ):
                if p is None:
                    lines.append(f"  {level.label:<40} weight 0 (missing)")
                    continue
                lines.append(
                    f"  {level.label:<40} m={p.m:.4g} ({p.m_source}) "
                    f"u={p.u:.4g} ({p.u_source}) weight={p.weight:+.2f}"
                )
        return "\n".join(lines)


def _check_prior(prior: float | None) -> None:
    if prior is not None and not 0.0 < prior < 1.0:
        raise ValueError(
            "prior must be a probability strictly between 0 and 1, or None, "
            f"got {prior!r}"
        )


def _comparison_from_config(config: Mapping[str, Any]) -> Comparison:
    options = dict(config)
    kind = options.pop("type", None)
    if kind not in _COMPARISON_TYPES:
        known = ", ".join(sorted(_COMPARISON_TYPES))
        raise ValueError(
            f"unknown comparison type {kind!r} in saved model; known types: {known}"
        )
    field = options.pop("field")
    for key, value in options.items():
        if isinstance(value, list):
            options[key] = tuple(value)
    factory: Any = _COMPARISON_TYPES[kind]
    comparison: Comparison = factory(field, **options)
    return comparison
