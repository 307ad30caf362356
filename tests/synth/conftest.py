"""Shared synthetic data for the synth tests, built once per session."""

from __future__ import annotations

import warnings

import pytest

from niklib import synth

HIGH_RATES = synth.FaultRates(
    migrant=0.1,
    nik_date_mismatch=0.05,
    nik_sex_mismatch=0.05,
    name_old_spelling=0.2,
    name_muhammad_form=0.8,
    name_title=0.2,
    name_patronym=0.2,
    name_abbreviation=0.2,
    name_typo=0.2,
    nik_substitution=0.1,
    nik_transposition=0.1,
    nik_spreadsheet=0.1,
    nik_missing=0.1,
    date_day_month_swap=0.3,
    date_placeholder=0.2,
    duplicate_row=0.05,
    second_nik=0.05,
    shared_nik=0.05,
)


@pytest.fixture(scope="session")
def people() -> list[synth.Household]:
    return list(synth.population(20_000, seed=7, rates=HIGH_RATES))


@pytest.fixture(scope="session")
def lists(people: list[synth.Household]) -> synth.ProgrammeLists:
    # The PKH list falls short of 800 households, which these tests accept.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", synth.ShortListWarning)
        return synth.make_lists(
            people, seed=7, jamsosratu_size=800, pkh_size=800, rates=HIGH_RATES
        )
