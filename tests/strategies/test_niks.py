"""Valid NIKs and KK numbers from niklib.strategies satisfy niklib's own checks."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from importlib import metadata

import pytest
from hypothesis import find, given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import niklib
from niklib import regions
from niklib.exceptions import Reason
from niklib.strategies import kks, niks

AS_OF = date(2026, 12, 4)


@given(niks(as_of=AS_OF))
def test_niks_valid(nik: str) -> None:
    result = niklib.check(nik, as_of=AS_OF)
    assert result.valid, result
    assert result.warnings == ()


@given(niks(as_of=AS_OF, allow_retired=True))
def test_niks_retired_allowed_valid(nik: str) -> None:
    assert niklib.is_valid(nik, as_of=AS_OF)


@given(niks(regency="9101", allow_retired=True, as_of=AS_OF))
def test_niks_retired_regency_warns(nik: str) -> None:
    reasons = niklib.check(nik, as_of=AS_OF).reasons
    assert reasons == (Reason.RETIRED_REGION,)


@pytest.mark.parametrize(
    ("pins", "prefix"),
    [
        ({"province": "36"}, "36"),
        ({"regency": "36.04"}, "3604"),
        ({"district": "360405"}, "360405"),
        ({"province": "36", "regency": "3671"}, "3671"),
        ({"regency": regions.lookup("3601")}, "3601"),
    ],
)
def test_niks_region_pins(pins: dict[str, object], prefix: str) -> None:
    @given(niks(as_of=AS_OF, **pins))  # type: ignore[arg-type]
    def run(nik: str) -> None:
        assert nik.startswith(prefix)

    run()


@given(niks(sex="F", as_of=AS_OF))
def test_niks_female(nik: str) -> None:
    assert niklib.parse(nik, as_of=AS_OF).sex is niklib.Sex.FEMALE


@given(niks(sex=niklib.Sex.MALE, as_of=AS_OF))
def test_niks_male(nik: str) -> None:
    assert niklib.parse(nik, as_of=AS_OF).sex is niklib.Sex.MALE


@given(
    niks(
        min_birth_date=date(1990, 1, 1), max_birth_date=date(1990, 12, 31), as_of=AS_OF
    )
)
def test_niks_birth_bounds(nik: str) -> None:
    born = niklib.parse(nik, as_of=AS_OF).birth_date
    assert date(1990, 1, 1) <= born <= date(1990, 12, 31)


@given(
    niks(
        min_birth_date=date(1926, 12, 5), max_birth_date=date(1927, 1, 31), as_of=AS_OF
    )
)
def test_niks_oldest_dates_decode(nik: str) -> None:
    born = niklib.parse(nik, as_of=AS_OF).birth_date
    assert born.year in (1926, 1927)


@given(niks(min_birth_date=date(2026, 12, 1), as_of=AS_OF))
def test_niks_newborns_decode(nik: str) -> None:
    born = niklib.parse(nik, as_of=AS_OF).birth_date
    assert date(2026, 12, 1) <= born <= AS_OF


def test_niks_shrink_to_simple() -> None:
    assert find(niks(as_of=AS_OF), lambda nik: True) == "1101010101000001"


def test_niks_shrink_female() -> None:
    female = find(niks(as_of=AS_OF), lambda nik: int(nik[6:8]) > 40)
    assert female == "1101014101000001"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"province": "99"},
        {"province": "3"},
        {"province": 36},
        {"regency": "3699"},
        {"district": "360499"},
        {"district": "640400", "allow_retired": True},
        {"province": "32", "regency": "3604"},
        {"regency": "3604", "district": "360101"},
        {"regency": "9101"},
        {"sex": "X"},
        {"as_of": "2026-01-01"},
        {"allow_retired": "yes"},
        {"min_birth_date": date(2000, 1, 2), "max_birth_date": date(2000, 1, 1)},
        {"min_birth_date": date(1900, 1, 1)},
        {"max_birth_date": date(2030, 1, 1)},
        {"min_birth_date": "1990-01-01"},
    ],
)
def test_niks_impossible_raise(kwargs: dict[str, object]) -> None:
    arguments = {"as_of": AS_OF, **kwargs}
    with pytest.raises(InvalidArgument):
        niks(**arguments)  # type: ignore[arg-type]


@given(kks(as_of=AS_OF))
def test_kks_structure(kk: str) -> None:
    assert len(kk) == 16
    assert kk[:6] in regions.default_table().district_codes
    assert 1 <= int(kk[6:8]) <= 31
    assert kk[12:] != "0000"


@given(kks(province="36", as_of=AS_OF))
def test_kks_valid_in_kk_module(kk: str) -> None:
    kk_module = pytest.importorskip("niklib.kk")
    assert kk_module.is_valid(kk, as_of=AS_OF)


def test_kks_impossible_raise() -> None:
    with pytest.raises(InvalidArgument):
        kks(min_issue_date=date(2030, 1, 1), as_of=AS_OF)


def test_setup_hook_registers_nik() -> None:
    from niklib._strategies import _hypothesis_setup_hook

    _hypothesis_setup_hook()

    @given(st.from_type(niklib.NIK))
    def run(value: niklib.NIK) -> None:
        assert isinstance(value, niklib.NIK)

    run()


def _entry_point_declared() -> bool:
    return any(
        ep.value.startswith("niklib.")
        for ep in metadata.entry_points(group="hypothesis")
    )


def test_from_type_without_import() -> None:
    if not _entry_point_declared():
        pytest.skip("installed niklib metadata declares no hypothesis entry point")
    code = (
        "import sys\n"
        "import hypothesis.strategies as st\n"
        "import niklib\n"
        "value = st.from_type(niklib.NIK).example()\n"
        "assert isinstance(value, niklib.NIK), value\n"
        "assert 'niklib.strategies' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_import_niklib_skips_hypothesis() -> None:
    code = "import sys, niklib; sys.exit('hypothesis' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], check=False)
    assert result.returncode == 0


@given(niks(as_of=datetime(2026, 12, 4, 15, 30)))
def test_niks_datetime_as_of(nik: str) -> None:
    assert niklib.is_valid(nik, as_of=AS_OF)


@given(niks(min_birth_date=date(2000, 1, 1), as_of=datetime(2026, 12, 4, 15, 30)))
def test_niks_datetime_as_of_with_bound(nik: str) -> None:
    born = niklib.parse(nik, as_of=AS_OF).birth_date
    assert born >= date(2000, 1, 1)


def test_kks_min_issue_after_as_of() -> None:
    with pytest.raises(InvalidArgument, match="is after as_of=2026-12-04") as caught:
        kks(min_issue_date=date(2030, 1, 1), as_of=AS_OF)
    assert "max_issue_date=" not in str(caught.value)


def test_kks_min_issue_after_max_issue() -> None:
    with pytest.raises(InvalidArgument, match="is after max_issue_date=2025-01-01"):
        kks(
            min_issue_date=date(2025, 6, 1),
            max_issue_date=date(2025, 1, 1),
            as_of=AS_OF,
        )
