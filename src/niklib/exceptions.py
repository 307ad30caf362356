"""Errors, findings and the reasons an identifier is rejected.

Every rejection carries a `Reason` and the name of the field at fault, so
batch code can count and route problems without parsing message text.
Messages never contain a full NIK or KK number: only the masked form made
by `mask_text`.
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar

import attrs

__all__ = [
    "Finding",
    "InvalidIdentifier",
    "InvalidKK",
    "InvalidNIK",
    "Reason",
    "Severity",
    "mask_text",
]


class Severity(enum.Enum):
    """Whether a finding makes the value invalid or only asks for review."""

    ERROR = "error"
    WARNING = "warning"


class Reason(enum.Enum):
    """The kind of problem found in a NIK or KK number."""

    WRONG_TYPE = "wrong_type"
    PLACEHOLDER = "placeholder"
    INVALID_CHARACTERS = "invalid_characters"
    WRONG_LENGTH = "wrong_length"
    SPREADSHEET_DAMAGE = "spreadsheet_damage"
    UNKNOWN_PROVINCE = "unknown_province"
    UNKNOWN_REGENCY = "unknown_regency"
    UNKNOWN_DISTRICT = "unknown_district"
    INVALID_DAY = "invalid_day"
    INVALID_MONTH = "invalid_month"
    INVALID_DATE = "invalid_date"
    INVALID_SERIAL = "invalid_serial"
    RETIRED_REGION = "retired_region"
    BIRTH_YEAR_MISMATCH = "birth_year_mismatch"

    @property
    def severity(self) -> Severity:
        """`Severity.WARNING` for `RETIRED_REGION` and `BIRTH_YEAR_MISMATCH`.

        Every other reason is a `Severity.ERROR`.
        """
        if self is Reason.RETIRED_REGION or self is Reason.BIRTH_YEAR_MISMATCH:
            return Severity.WARNING
        return Severity.ERROR


@attrs.frozen
class Finding:
    """One problem found in a value: its reason, the field and a message.

    `field` names the part of the identifier at fault: ``value`` for the
    whole input, or ``province``, ``regency``, ``district``, ``day``,
    ``month``, ``date`` or ``serial``.
    """

    reason: Reason
    field: str
    message: str

    @property
    def severity(self) -> Severity:
        """The severity of `reason`."""
        return self.reason.severity


def mask_text(value: object, *, max_length: int = 24) -> str:
    """Return a display form of an arbitrary input that hides most characters.

    The first four characters (province and regency) and the last two stay
    visible; everything between becomes ``*``. Inputs of eight characters
    or fewer are hidden except their length, because a short fragment may
    be most of a number. Long inputs are cut to `max_length` characters.

    >>> mask_text("3604054107990003")
    '3604**********03'
    >>> mask_text("12345")
    '*****'
    """
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = repr(value)
        except Exception:  # a broken __repr__ must not break masking
            text = f"<{type(value).__name__}>"
    if len(text) > max_length:
        text = text[:max_length] + "..."
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 6) + text[-2:]


class InvalidIdentifier(ValueError):
    """A NIK or KK number is invalid.

    Attributes:
        reason: the `Reason` for the rejection.
        field: the part of the identifier at fault (see `Finding.field`).
        masked: the input with most characters hidden (see `mask_text`).
        findings: every error found, when the caller asked for all of them.
    """

    kind = "identifier"

    def __init__(
        self,
        message: str,
        *,
        reason: Reason,
        field: str,
        masked: str = "",
        findings: tuple[Finding, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.field = field
        self.masked = masked
        self.findings = findings

    @classmethod
    def _create(
        cls: type[_Error],
        message: str,
        reason: Reason,
        field: str,
        masked: str,
        findings: tuple[Finding, ...],
    ) -> _Error:
        """Return ``cls(message, reason=reason, ...)``, built without `__init__`.

        Calling the class with keywords takes about 1.6 times as long,
        which adds up when a batch rejects many values.
        `BaseException.__new__` sets `args` as `__init__` does.
        """
        error = cls.__new__(cls, message)
        error.message = message
        error.reason = reason
        error.field = field
        error.masked = masked
        error.findings = findings
        return error

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments are not in self.args, so the default
        # exception pickling would lose them; worker processes need them.
        return (
            _rebuild,
            (
                type(self),
                self.message,
                self.reason,
                self.field,
                self.masked,
                self.findings,
            ),
        )

    def __str__(self) -> str:
        return self.message


_Error = TypeVar("_Error", bound=InvalidIdentifier)


class InvalidNIK(InvalidIdentifier):
    """A NIK is invalid. Subclasses `ValueError`."""

    kind = "NIK"


class InvalidKK(InvalidIdentifier):
    """A KK (family card) number is invalid. Subclasses `ValueError`."""

    kind = "KK"


def _rebuild(
    cls: type[InvalidIdentifier],
    message: str,
    reason: Reason,
    field: str,
    masked: str,
    findings: tuple[Finding, ...],
) -> InvalidIdentifier:
    return cls(message, reason=reason, field=field, masked=masked, findings=findings)
