"""Parameter resolution at an as-of date, under a gap policy."""

from __future__ import annotations

import datetime
import enum

import attrs

from niklib.rules.errors import ParameterGapError
from niklib.rules.model import Parameter, ParameterValue

__all__ = ["GapPolicy", "ResolvedParameter", "resolve"]


class GapPolicy(enum.Enum):
    """What to do when a parameter has no value for the as-of date.

    STRICT raises `ParameterGapError`. CARRY_FORWARD uses the latest earlier
    value and records a warning in the decision. Neither fills a date
    before a parameter's first value.
    """

    STRICT = "strict"
    CARRY_FORWARD = "carry_forward"

    @classmethod
    def coerce(cls, value: GapPolicy | str) -> GapPolicy:
        """Return the policy named by `value`, raising ValueError if unknown."""
        if isinstance(value, GapPolicy):
            return value
        try:
            return cls(value)
        except ValueError:
            raise ValueError(
                f"gap must be 'strict' or 'carry_forward', got {value!r}"
            ) from None


@attrs.frozen(kw_only=True)
class ResolvedParameter:
    """A parameter's value for one as-of date, and where the value came from."""

    parameter: Parameter
    entry: ParameterValue
    carried_forward: bool

    @property
    def value(self) -> object:
        """The value, or None when the file marks it as not known."""
        return self.entry.value

    def warning(self, as_of: datetime.date) -> str | None:
        """Return the carry-forward warning, or None if the value is in force."""
        if not self.carried_forward:
            return None
        return (
            f"parameter {self.parameter.id!r} has no value for "
            f"{as_of.isoformat()}; carried forward the value in force from "
            f"{self.entry.start.isoformat()}"
        )


def resolve(
    parameter: Parameter,
    as_of: datetime.date,
    *,
    programme: str,
    gap: GapPolicy,
) -> ResolvedParameter:
    """Return the value of `parameter` on `as_of`, applying the gap policy.

    Raises `ParameterGapError` inside a gap under STRICT, and under either
    policy when `as_of` precedes the first value.
    """
    entry = parameter.value_at(as_of)
    if entry is not None:
        return ResolvedParameter(
            parameter=parameter, entry=entry, carried_forward=False
        )
    earlier = parameter.latest_before(as_of)
    if gap is GapPolicy.STRICT or earlier is None:
        raise ParameterGapError(programme, parameter.id, as_of)
    return ResolvedParameter(parameter=parameter, entry=earlier, carried_forward=True)
