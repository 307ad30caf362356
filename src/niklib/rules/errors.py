"""Errors raised by the rules engine."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from niklib.rules.validator import Problem

__all__ = [
    "NoVersionError",
    "ParameterGapError",
    "ProgrammeError",
    "RulesError",
    "UnknownVersionError",
]


class RulesError(Exception):
    """Base class of every error the rules engine raises."""


class ProgrammeError(RulesError, ValueError):
    """A programme file is invalid.

    `problems` lists every error found, not only the first, so one run of
    the validator shows everything that needs fixing.
    """

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = [f"invalid programme file {source}: {len(self.problems)} error(s)"]
        lines += [f"  {problem.location}: {problem.message}" for problem in problems]
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.source, self.problems))


class ParameterGapError(RulesError, LookupError):
    """A parameter has no value for the as-of date under the strict gap policy."""

    def __init__(self, programme: str, parameter: str, as_of: datetime.date) -> None:
        self.programme = programme
        self.parameter = parameter
        self.as_of = as_of
        super().__init__(
            f"parameter {parameter!r} of programme {programme!r} has no value "
            f"for {as_of.isoformat()}; add a dated value to the programme file "
            "or evaluate with gap='carry_forward' to reuse the latest earlier "
            "value with a warning"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.programme, self.parameter, self.as_of))


class NoVersionError(RulesError, LookupError):
    """No version of a programme is in force on the as-of date."""

    def __init__(self, programme: str, as_of: datetime.date, coverage: str) -> None:
        self.programme = programme
        self.as_of = as_of
        self.coverage = coverage
        super().__init__(
            f"no version of programme {programme!r} is in force on "
            f"{as_of.isoformat()}; its versions cover {coverage}"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.programme, self.as_of, self.coverage))


class UnknownVersionError(RulesError, KeyError):
    """A version id that the programme does not have.

    A `KeyError` too, as a look-up by id, and a `RulesError`, so that the
    command line reports it like the engine's other errors.
    """

    def __init__(self, programme: str, version: str, known: Sequence[str]) -> None:
        self.programme = programme
        self.version = version
        self.known = tuple(known)
        super().__init__(
            f"programme {programme!r} has no version {version!r}; "
            f"its versions are {', '.join(self.known)}"
        )

    def __str__(self) -> str:
        # KeyError would show the message as a quoted repr.
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.programme, self.version, self.known))
