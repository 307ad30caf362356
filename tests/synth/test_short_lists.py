"""A programme list that cannot reach its requested size warns with the reason."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from niklib import synth
from niklib.synth.cli import main_synth


def test_make_lists_warns_short_pkh() -> None:
    households = list(synth.population(3_000, seed=1))
    with pytest.warns(synth.ShortListWarning) as caught:
        lists = synth.make_lists(households, seed=1, jamsosratu_size=10, pkh_size=900)
    messages = [str(w.message) for w in caught]
    pkh = [m for m in messages if m.startswith("the PKH list")]
    assert len(pkh) == 1
    assert f"has {len({e.household.id for e in lists.pkh})} of the 900" in pkh[0]
    assert "households of the population qualify" in pkh[0]
    assert "Raise the population size" in pkh[0]


def test_make_lists_warns_short_jamsosratu() -> None:
    households = list(synth.population(3_000, seed=1))
    with pytest.warns(synth.ShortListWarning, match="the Jamsosratu list has"):
        synth.make_lists(households, seed=1, jamsosratu_size=2_000, pkh_size=0)


def test_full_lists_do_not_warn() -> None:
    households = list(synth.population(3_000, seed=1))
    with warnings.catch_warnings():
        warnings.simplefilter("error", synth.ShortListWarning)
        lists = synth.make_lists(households, seed=1, jamsosratu_size=20, pkh_size=20)
    assert len({e.household.id for e in lists.pkh}) == 20


def test_cli_prints_short_list_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main_synth(
        ["--size", "3000", "--pkh-size", "900", "--out", str(tmp_path), "--quiet"]
    )
    error = capsys.readouterr().err
    assert status == 0
    assert "niklib synth: warning: the PKH list has " in error
    assert "of the 900 households requested" in error
