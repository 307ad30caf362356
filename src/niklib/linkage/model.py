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
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from niklib.linkage.comparisons import Comparison, Index
from niklib.linkage.defaults import (
    COMPARISON_TYPES,
    default_comparisons,
    default_params,
)
from niklib.linkage.params import LevelParams, TermFrequencies
from niklib.linkage.records import ColumnMap
from niklib.linkage.table import Table, prepare

if TYPE_CHECKING:
    from niklib.linkage.blocking import BlockingRule

__all__ = ["LevelParams", "Model", "TermFrequencies", "default_comparisons"]

_FORMAT = "niklib-linkage-model/1"


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
        params = {c.name: default_params(c) for c in comparisons}
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
        *,
        columns: ColumnMap | None = None,
        right_columns: ColumnMap | None = None,
        rules: Sequence[BlockingRule] | None = None,
        random_pair_count: int = 100_000,
        max_iterations: int = 50,
        tolerance: float = 1e-5,
        estimate_u: bool = True,
        estimate_m: bool = True,
        term_frequencies_from_data: bool = True,
        min_session_pairs: int = 100,
        seed: int = 0,
        min_probability: float = 1e-4,
    ) -> Model:
        """Return a model fitted to unlabelled records.

        u comes from `random_pair_count` random pairs, m from one EM session
        per blocking rule (`rules`, default `DEFAULT_RULES`), and the prior
        from EM over all candidate pairs; see `niklib.linkage.em.fit`. Leave
        `right` None to fit for deduplication. Each fitted m and u is at
        least `min_probability`, so that with the default 1e-4 a fitted m
        keeps a weight above about -13.3 bits and a fitted u below about
        +13.3 bits. Pass 0 to turn the floor off.
        """
        from niklib.linkage.blocking import DEFAULT_RULES
        from niklib.linkage.em import fit

        return fit(
            self,
            left,
            right,
            columns=columns,
            right_columns=right_columns,
            rules=DEFAULT_RULES if rules is None else rules,
            random_pair_count=random_pair_count,
            max_iterations=max_iterations,
            tolerance=tolerance,
            estimate_u=estimate_u,
            estimate_m=estimate_m,
            term_frequencies_from_data=term_frequencies_from_data,
            min_session_pairs=min_session_pairs,
            seed=seed,
            min_probability=min_probability,
        )

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
    if kind not in COMPARISON_TYPES:
        known = ", ".join(sorted(COMPARISON_TYPES))
        raise ValueError(
            f"unknown comparison type {kind!r} in saved model; known types: {known}"
        )
    field = options.pop("field")
    for key, value in options.items():
        if isinstance(value, list):
            options[key] = tuple(value)
    factory: Any = COMPARISON_TYPES[kind]
    comparison: Comparison = factory(field, **options)
    return comparison
