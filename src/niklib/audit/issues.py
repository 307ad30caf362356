"""Audit findings on a row: issue codes, their levels and the row status."""

from __future__ import annotations

import enum

import attrs

__all__ = ["Code", "Issue", "Level", "status_of"]


class Level(enum.IntEnum):
    """The seriousness of an issue. A row's status is its most serious issue."""

    INFO = 0
    REVIEW = 1
    ERROR = 2


class Code(enum.Enum):
    """Issue codes written to ``findings.csv``, stable for spreadsheet filters."""

    ROW_BLANK = "row_blank"
    ROW_MALFORMED = "row_malformed"
    NIK_MISSING = "nik_missing"
    NIK_INVALID = "nik_invalid"
    NIK_SPREADSHEET_DAMAGE = "nik_spreadsheet_damage"
    NIK_RETIRED_REGION = "nik_retired_region"
    NIK_DATE_MISMATCH = "nik_date_mismatch"
    NIK_SEX_MISMATCH = "nik_sex_mismatch"
    NIK_OUT_OF_PROVINCE = "nik_out_of_province"
    KK_INVALID = "kk_invalid"
    BIRTH_DATE_INVALID = "birth_date_invalid"
    SEX_INVALID = "sex_invalid"
    NOT_IN_REGISTRY = "not_in_registry"
    REGISTRY_LINKED = "registry_linked"
    REGISTRY_NAME_DIFFERS = "registry_name_differs"
    REGISTRY_DATE_DIFFERS = "registry_date_differs"
    REGISTRY_SEX_DIFFERS = "registry_sex_differs"
    REGISTRY_ADDRESS_DIFFERS = "registry_address_differs"
    DUPLICATE_NIK = "duplicate_nik"
    DUPLICATE_PERSON = "duplicate_person"
    NIK_SHARED = "nik_shared"
    IN_OTHER_PROGRAMME = "in_other_programme"
    NOT_ELIGIBLE = "not_eligible"
    ELIGIBILITY_UNKNOWN = "eligibility_unknown"

    @property
    def level(self) -> Level:
        """The default severity of this code."""
        return _LEVELS.get(self, Level.REVIEW)


_LEVELS = {
    Code.ROW_BLANK: Level.ERROR,
    Code.ROW_MALFORMED: Level.REVIEW,
    Code.NIK_MISSING: Level.ERROR,
    Code.NIK_INVALID: Level.ERROR,
    Code.NIK_SPREADSHEET_DAMAGE: Level.ERROR,
    Code.NIK_RETIRED_REGION: Level.INFO,
    Code.NIK_OUT_OF_PROVINCE: Level.REVIEW,
    Code.REGISTRY_LINKED: Level.REVIEW,
    Code.DUPLICATE_NIK: Level.ERROR,
    Code.DUPLICATE_PERSON: Level.ERROR,
    Code.NIK_SHARED: Level.ERROR,
    Code.IN_OTHER_PROGRAMME: Level.REVIEW,
    Code.NOT_ELIGIBLE: Level.ERROR,
    Code.ELIGIBILITY_UNKNOWN: Level.REVIEW,
}


@attrs.frozen
class Issue:
    """One finding on a row: a code, a message (never a full NIK) and a level."""

    code: Code
    message: str
    level: Level = attrs.field()

    @level.default
    def _default_level(self) -> Level:
        return self.code.level


def status_of(issues: tuple[Issue, ...] | list[Issue]) -> str:
    """Return ``ok``, ``review`` or ``error``, the most serious level of the issues."""
    worst = max((issue.level for issue in issues), default=Level.INFO)
    return {Level.INFO: "ok", Level.REVIEW: "review", Level.ERROR: "error"}[worst]
