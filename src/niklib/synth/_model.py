"""Value classes of a synthetic population and of the labelled faults."""

from __future__ import annotations

import enum
from datetime import date

import attrs

__all__ = [
    "DEFAULT_AS_OF",
    "Fault",
    "FaultKind",
    "FaultRates",
    "Household",
    "Person",
]

# A fixed reference date, so that a seed alone reproduces a dataset.
DEFAULT_AS_OF = date(2026, 1, 1)


@attrs.frozen(slots=True)
class Person:
    """One synthetic resident, as the registry records them (the ground truth).

    `birth_date` and `sex` are the true values. The NIK encodes them too,
    except for people whose record was corrected after the NIK was issued:
    `nik_mismatch` is then ``"birth_date"`` or ``"sex"``. `migrant` is true
    when the NIK was issued in another province than the domicile.
    """

    id: str
    household_id: str
    nik: str
    name: str
    sex: str
    birth_date: date
    relationship: str
    migrant: bool = False
    nik_mismatch: str | None = None
    pregnant: bool = False
    nursing: bool = False
    disability: bool = False
    severe_disability: bool = False
    school_level: str = "none"
    attendance: float | None = None
    immunisation_complete: bool | None = None
    civil_servant: bool = False
    birth_with_health_worker: bool | None = None


@attrs.frozen(slots=True)
class Household:
    """A family on one KK, with its domicile and the household-level rule inputs.

    `district` is the six-digit domicile code (from the KK, not the NIK);
    `in_target_data` is membership of the DTKS target data.
    """

    id: str
    kk: str
    district: str
    village: str
    address: str
    members: tuple[Person, ...]
    in_target_data: bool
    pkh_access_area: bool = False
    savings_obligation_met: bool | None = None

    @property
    def regency(self) -> str:
        """The four-digit regency code of the domicile."""
        return self.district[:4]


class FaultKind(enum.Enum):
    """A kind of fault put into a programme list, labelled in its ground truth."""

    NAME_OLD_SPELLING = "name_old_spelling"
    NAME_MUHAMMAD_FORM = "name_muhammad_form"
    NAME_TITLE = "name_title"
    NAME_PATRONYM = "name_patronym"
    NAME_ABBREVIATION = "name_abbreviation"
    NAME_TYPO = "name_typo"
    NIK_SUBSTITUTION = "nik_substitution"
    NIK_TRANSPOSITION = "nik_transposition"
    NIK_SPREADSHEET = "nik_spreadsheet"
    NIK_MISSING = "nik_missing"
    DATE_DAY_MONTH_SWAP = "date_day_month_swap"
    DATE_PLACEHOLDER = "date_placeholder"
    DUPLICATE_ROW = "duplicate_row"
    SECOND_NIK = "second_nik"
    SHARED_NIK = "shared_nik"
    MIGRANT = "migrant"
    NIK_DATE_MISMATCH = "nik_date_mismatch"
    NIK_SEX_MISMATCH = "nik_sex_mismatch"


@attrs.frozen
class Fault:
    """One labelled fault in one list row: its kind and a short detail.

    The detail never contains a full NIK. It names positions, digits, the
    name before and after, or the other row involved.
    """

    kind: FaultKind
    detail: str = ""


def _rate(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"fault rate {attribute.name} must be a number, got {value!r}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(
            f"fault rate {attribute.name} must be a fraction from 0 to 1, "
            f"got {value!r}; write 2 % as 0.02"
        )


@attrs.frozen(kw_only=True)
class FaultRates:
    """Rates (fractions from 0 to 1) of each fault.

    `migrant`, `nik_date_mismatch` and `nik_sex_mismatch` apply to the
    population (they are facts about people, visible in the registry too);
    the others apply to each row of a programme list. `name_muhammad_form`
    applies only to names containing a Muhammad form. The defaults are
    estimates meant to give every fault enough rows to test with, not
    measured rates.
    """

    migrant: float = attrs.field(default=0.04, validator=_rate)
    nik_date_mismatch: float = attrs.field(default=0.005, validator=_rate)
    nik_sex_mismatch: float = attrs.field(default=0.001, validator=_rate)
    name_old_spelling: float = attrs.field(default=0.03, validator=_rate)
    name_muhammad_form: float = attrs.field(default=0.3, validator=_rate)
    name_title: float = attrs.field(default=0.03, validator=_rate)
    name_patronym: float = attrs.field(default=0.02, validator=_rate)
    name_abbreviation: float = attrs.field(default=0.03, validator=_rate)
    name_typo: float = attrs.field(default=0.03, validator=_rate)
    nik_substitution: float = attrs.field(default=0.01, validator=_rate)
    nik_transposition: float = attrs.field(default=0.005, validator=_rate)
    nik_spreadsheet: float = attrs.field(default=0.01, validator=_rate)
    nik_missing: float = attrs.field(default=0.01, validator=_rate)
    date_day_month_swap: float = attrs.field(default=0.01, validator=_rate)
    date_placeholder: float = attrs.field(default=0.01, validator=_rate)
    duplicate_row: float = attrs.field(default=0.005, validator=_rate)
    second_nik: float = attrs.field(default=0.003, validator=_rate)
    shared_nik: float = attrs.field(default=0.003, validator=_rate)

    @classmethod
    def none(cls) -> FaultRates:
        """Return rates that put no fault anywhere."""
        return cls(**{field.name: 0.0 for field in attrs.fields(cls)})
