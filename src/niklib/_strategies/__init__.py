"""Implementation of `niklib.strategies`, and the hook hypothesis runs at start-up.

hypothesis calls `_hypothesis_setup_hook` through its ``hypothesis`` entry
point when it is imported. The hook only registers a lazy strategy for
`niklib.NIK`, so hypothesis starts without loading niklib's region table.
"""

from __future__ import annotations

from typing import Any


def _nik_values(_: type) -> Any:
    import niklib
    from niklib._strategies._niks import niks

    return niks().map(niklib.parse)


def _hypothesis_setup_hook() -> None:
    """Register `niklib.NIK` with hypothesis, so ``st.from_type(NIK)`` works."""
    from hypothesis import strategies as st

    import niklib

    st.register_type_strategy(niklib.NIK, _nik_values)
