"""Every fault label in a synthetic list is true of the row it labels."""

from __future__ import annotations

from datetime import date

import pytest
from rapidfuzz.distance import Levenshtein

import niklib
from niklib import synth
from niklib.synth import FaultKind
from niklib.synth import _names as synth_names

AS_OF = synth.DEFAULT_AS_OF
NIK_FAULTS = {"nik_substitution", "nik_transposition", "nik_spreadsheet", "nik_missing"}
NAME_FAULTS = {k.value for k in FaultKind if k.value.startswith("name_")}
DATE_FAULTS = {"date_day_month_swap", "date_placeholder"}


def _rows(
    entries: list[synth.ListEntry],
) -> list[tuple[dict[str, str], dict[str, str]]]:
    return list(zip(synth.list_rows(entries), synth.truth_rows(entries), strict=True))


def _faults(truth: dict[str, str]) -> set[str]:
    return set(truth["FAULTS"].split(";")) - {""}


def _referenced_row(truth: dict[str, str], kind: str) -> int:
    for part in truth["DETAIL"].split("; "):
        if part.startswith(kind + ":"):
            return int(part.rsplit(" ", 1)[1])
    raise AssertionError(f"no row reference for {kind} in {truth['DETAIL']!r}")


@pytest.fixture(scope="module")
def rows(lists: synth.ProgrammeLists) -> list[tuple[dict[str, str], dict[str, str]]]:
    return _rows(lists.jamsosratu) + _rows(lists.pkh)


@pytest.fixture(scope="module")
def by_list(
    lists: synth.ProgrammeLists,
) -> list[list[tuple[dict[str, str], dict[str, str]]]]:
    return [_rows(lists.jamsosratu), _rows(lists.pkh)]


def test_faults_every_kind_present(rows: list) -> None:
    seen = set().union(*(_faults(t) for _, t in rows))
    assert seen == {k.value for k in FaultKind}


def test_faults_nik_substitution(rows: list) -> None:
    for row, truth in rows:
        if "nik_substitution" in _faults(truth):
            diffs = [i for i in range(16) if row["NIK"][i] != truth["TRUE_NIK"][i]]
            assert len(row["NIK"]) == 16
            assert len(diffs) == 1, truth["NO"]


def test_faults_nik_transposition(rows: list) -> None:
    for row, truth in rows:
        if "nik_transposition" in _faults(truth):
            nik, true = row["NIK"], truth["TRUE_NIK"]
            diffs = [i for i in range(16) if nik[i] != true[i]]
            assert len(diffs) == 2, truth["NO"]
            assert diffs[1] == diffs[0] + 1
            assert (nik[diffs[0]], nik[diffs[1]]) == (true[diffs[1]], true[diffs[0]])


def test_faults_nik_spreadsheet(rows: list) -> None:
    for row, truth in rows:
        if "nik_spreadsheet" in _faults(truth):
            nik = row["NIK"]
            zeroed = nik == truth["TRUE_NIK"][:15] + "0"
            damaged = niklib.check(nik).reasons[:1] == (
                niklib.Reason.SPREADSHEET_DAMAGE,
            )
            assert zeroed or damaged, truth["NO"]


def test_faults_nik_missing(rows: list) -> None:
    for row, truth in rows:
        if "nik_missing" in _faults(truth):
            assert (
                niklib.check(row["NIK"]).errors[0].reason is niklib.Reason.PLACEHOLDER
            )


def test_faults_clean_nik_true(rows: list) -> None:
    for row, truth in rows:
        faults = _faults(truth)
        if not faults & (NIK_FAULTS | {"shared_nik", "second_nik"}):
            assert row["NIK"] == truth["TRUE_NIK"], truth["NO"]


def test_faults_shared_nik(by_list: list) -> None:
    for rows in by_list:
        for row, truth in rows:
            if "shared_nik" in _faults(truth):
                other = rows[_referenced_row(truth, "shared_nik") - 1][1]
                assert row["NIK"] == other["TRUE_NIK"]
                assert other["PERSON_ID"] != truth["PERSON_ID"]


def test_faults_second_nik(by_list: list) -> None:
    for rows in by_list:
        for row, truth in rows:
            if "second_nik" in _faults(truth):
                other = rows[_referenced_row(truth, "second_nik") - 1][1]
                assert other["PERSON_ID"] == truth["PERSON_ID"]
                assert row["NIK"] != truth["TRUE_NIK"]
                assert row["NIK"][:12] == truth["TRUE_NIK"][:12]


def test_faults_duplicate_row(by_list: list) -> None:
    for rows in by_list:
        for row, truth in rows:
            if "duplicate_row" in _faults(truth):
                other = rows[_referenced_row(truth, "duplicate_row") - 1][0]
                assert {**row, "NO": ""} == {**other, "NO": ""}


def test_faults_date_swap(rows: list) -> None:
    for row, truth in rows:
        if "date_day_month_swap" in _faults(truth):
            day, month, year = truth["TRUE_TGL_LAHIR"].split("-")
            assert row["TGL_LAHIR"] == f"{month}-{day}-{year}"
            assert day != month


def test_faults_date_placeholder(rows: list) -> None:
    for row, truth in rows:
        if "date_placeholder" in _faults(truth):
            assert row["TGL_LAHIR"][:5] in {"01-07", "31-12", "01-01"}
            assert row["TGL_LAHIR"][6:] == truth["TRUE_TGL_LAHIR"][6:]
            assert row["TGL_LAHIR"] != truth["TRUE_TGL_LAHIR"]


def test_faults_clean_date_true(rows: list) -> None:
    for row, truth in rows:
        if not _faults(truth) & DATE_FAULTS:
            assert row["TGL_LAHIR"] == truth["TRUE_TGL_LAHIR"], truth["NO"]


def test_faults_name_changed(rows: list) -> None:
    for row, truth in rows:
        changed = row["NAMA"] != truth["TRUE_NAMA"]
        assert changed == bool(_faults(truth) & NAME_FAULTS), truth["NO"]


def _name_steps(truth: dict[str, str]) -> list[tuple[str, str, str]]:
    steps = []
    for part in truth["DETAIL"].split("; "):
        kind, _, text = part.partition(": ")
        if kind in NAME_FAULTS:
            before, after = text.split(" -> ")
            steps.append((kind, before, after))
    return steps


def _is_name_step(kind: str, before: str, after: str) -> bool:
    words, changed = before.split(), after.split()
    if kind == "name_patronym":
        return after.startswith(before + " BIN ") or after.startswith(
            before + " BINTI "
        )
    if kind == "name_title":
        return after.endswith(" " + before) or after.startswith(before + ", ")
    if kind == "name_abbreviation":
        diffs = [(w, c) for w, c in zip(words, changed, strict=True) if w != c]
        return len(diffs) == 1 and diffs[0][1] == diffs[0][0][0] + "."
    if kind == "name_muhammad_form":
        forms = {f.upper() for f in synth_names.MUHAMMAD_FORMS}
        diffs = [(w, c) for w, c in zip(words, changed, strict=True) if w != c]
        return len(diffs) == 1 and set(diffs[0]) <= forms
    if kind == "name_old_spelling":
        return len(after) - len(before) in (0, 1) and after != before
    return Levenshtein.distance(before, after) in (1, 2)


def test_faults_name_steps_chain(rows: list) -> None:
    for row, truth in rows:
        steps = _name_steps(truth)
        current = truth["TRUE_NAMA"]
        for _, before, after in steps:
            assert before == current, truth["NO"]
            current = after
        assert current == row["NAMA"], truth["NO"]


def test_faults_name_steps_kind(rows: list) -> None:
    checked = 0
    for _, truth in rows:
        for kind, before, after in _name_steps(truth):
            assert _is_name_step(kind, before, after), (kind, before, after)
            checked += 1
    assert checked > 0


def test_faults_migrant(rows: list) -> None:
    for _, truth in rows:
        assert ("migrant" in _faults(truth)) == (truth["TRUE_NIK"][:2] != "36")


def test_faults_nik_date_mismatch(rows: list) -> None:
    for _, truth in rows:
        parsed = niklib.parse(truth["TRUE_NIK"], as_of=AS_OF)
        day, month, year = (int(x) for x in truth["TRUE_TGL_LAHIR"].split("-"))
        differs = parsed.birth_date != date(year, month, day)
        assert differs == ("nik_date_mismatch" in _faults(truth)), truth["NO"]


def test_faults_nik_sex_mismatch(rows: list) -> None:
    for _, truth in rows:
        sex = (
            "L"
            if niklib.parse(truth["TRUE_NIK"], as_of=AS_OF).sex.value == "M"
            else "P"
        )
        differs = sex != truth["TRUE_JENIS_KELAMIN"]
        assert differs == ("nik_sex_mismatch" in _faults(truth)), truth["NO"]


def test_faults_details_mask_niks(rows: list) -> None:
    for _, truth in rows:
        assert truth["TRUE_NIK"] not in truth["DETAIL"]


def test_faults_none_rates_clean(people: list[synth.Household]) -> None:
    clean = synth.make_lists(
        people, seed=7, jamsosratu_size=200, pkh_size=200, rates=synth.FaultRates.none()
    )
    # Only the population's own traits remain, alone or together.
    faults = {
        fault
        for t in synth.truth_rows(clean.jamsosratu)
        for fault in t["FAULTS"].split(";")
    }
    assert faults <= {"", "migrant", "nik_date_mismatch", "nik_sex_mismatch"}


def test_faults_lists_deterministic(people: list[synth.Household]) -> None:
    first = synth.make_lists(people, seed=7, jamsosratu_size=100, pkh_size=100)
    second = synth.make_lists(people, seed=7, jamsosratu_size=100, pkh_size=100)
    assert synth.list_rows(first.pkh) == synth.list_rows(second.pkh)


def test_lists_quota_by_regency(lists: synth.ProgrammeLists) -> None:
    households = {e.household.id: e.household for e in lists.jamsosratu}
    pandeglang = sum(h.regency == "3601" for h in households.values())
    assert pandeglang == round(800 * 12_687 / 50_000)


def test_lists_pkh_overlap(lists: synth.ProgrammeLists) -> None:
    jamsosratu = {e.household.id for e in lists.jamsosratu}
    pkh = {e.household.id for e in lists.pkh}
    assert len(jamsosratu & pkh) == round(0.2 * len(jamsosratu))


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_fault_rates_reject_range(rate: float) -> None:
    with pytest.raises(ValueError, match="name_typo"):
        synth.FaultRates(name_typo=rate)
