"""Record linkage for Indonesian person records (Fellegi-Sunter).

Records are mappings with the standard keys ``nik``, ``name``,
``birth_date``, ``sex``, ``address`` and ``region`` (optional ``kk`` and
``id``); a column map adapts other names. `link` and `dedupe` block,
compare, score and cluster; `Model.default()` works without training and
`Model.fit` estimates the parameters from unlabelled records.

This package needs numpy, which rapidfuzz's batch functions use.
"""

try:
    import numpy  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "niklib.linkage needs numpy for rapidfuzz's batch scoring, and numpy "
        "is missing; install it with: pip install numpy"
    ) from error

from niklib.linkage.blocking import DEFAULT_RULES, BlockingRule, block_on
from niklib.linkage.comparisons import (
    Comparison,
    ExactComparison,
    Level,
    SexComparison,
)
from niklib.linkage.crosscheck import CrossCheck, DateCheck, SexCheck, cross_check
from niklib.linkage.date_comparison import BirthDateComparison
from niklib.linkage.link import LinkResult, Pair, dedupe, link, pairs_from_labels
from niklib.linkage.model import LevelParams, Model, TermFrequencies
from niklib.linkage.name_comparison import NameComparison
from niklib.linkage.names import (
    ParsedName,
    fold_spelling,
    name_key,
    normalize_name,
    parse_name,
)
from niklib.linkage.nik_comparison import NikComparison, is_placeholder
from niklib.linkage.place_comparisons import AddressComparison, RegionComparison
from niklib.linkage.records import parse_birth_date
from niklib.linkage.score import Contribution, Score

__all__ = [
    "DEFAULT_RULES",
    "AddressComparison",
    "BirthDateComparison",
    "BlockingRule",
    "Comparison",
    "Contribution",
    "CrossCheck",
    "DateCheck",
    "ExactComparison",
    "Level",
    "LevelParams",
    "LinkResult",
    "Model",
    "NameComparison",
    "NikComparison",
    "Pair",
    "ParsedName",
    "RegionComparison",
    "Score",
    "SexCheck",
    "SexComparison",
    "TermFrequencies",
    "block_on",
    "cross_check",
    "dedupe",
    "fold_spelling",
    "is_placeholder",
    "link",
    "name_key",
    "normalize_name",
    "pairs_from_labels",
    "parse_birth_date",
    "parse_name",
]
