"""Name normalisation, titles, patronymics and the folded name key."""

from __future__ import annotations

import pytest

from niklib.linkage import fold_spelling, name_key, normalize_name, parse_name

SAME_KEY = [
    ("Soeharto", "Suharto"),
    ("Djoko Widodo", "Joko Widodo"),
    ("Tjahjo Kumolo", "Cahyo Kumolo"),
    ("Achmad Njoto", "Ahmad Nyoto"),
    ("Sjahrir", "Syahrir"),
    ("Muhammad Yusuf", "Mohammad Yusuf"),
    ("Muhammad Yusuf", "Mochamad Yusuf"),
    ("Muhammad Yusuf", "Muchammad Yusuf"),
    ("Muhammad Yusuf", "Mukhammad Yusuf"),
    ("Muhammad Yusuf", "Moh. Yusuf"),
    ("Muhammad Yusuf", "Mhd Yusuf"),
    ("Muhammad Yusuf", "Muh. Yusuf"),
    ("Abdul Rahman", "Abd. Rahman"),
    ("Siti Aminah", "St. Aminah"),
    ("Nurul Hidayah", "Nur Hidayah"),
    ("Ma'ruf Amin", "Maruf Amin"),
    ("H. Ahmad Dahlan", "Ahmad Dahlan"),
    ("Hj. Siti Aminah", "Siti Aminah"),
    ("Drs. H. Ahmad Dahlan, M.M.", "Ahmad Dahlan"),
    ("Dr. Ir. Budi Santoso", "Budi Santoso"),
    ("Ahmad Fauzi, S.Pd.I", "Ahmad Fauzi"),
    ("Ahmad Fauzi S.Pd.", "Ahmad Fauzi"),
    ("Bapak Suparman", "Suparman"),
    ("Ibu Sumiati", "Sumiati"),
    ("Suparman bin Kasimo", "Suparman"),
    ("Siti binti Kasimo", "Siti"),
    ("Raden Ajeng Kartini Putri", "Ajeng Kartini Putri"),
    ("José Rizal", "Jose Rizal"),
    ("  sri   MULYANI ", "Sri Mulyani"),
]


@pytest.mark.parametrize(("a", "b"), SAME_KEY)
def test_name_key_same(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


DIFFERENT_KEY = [
    ("Mahmud Yusuf", "Muhammad Yusuf"),
    ("Andi Wijaya", "Budi Wijaya"),
    ("Siti Aminah", "Aminah Siti"),
    ("Suparman bin Kasimo", "Suparman bin Joko"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_KEY)
def test_name_key_different(a: str, b: str) -> None:
    assert parse_name(a).key + parse_name(a).patronymic != (
        parse_name(b).key + parse_name(b).patronymic
    )


TITLES = [
    ("H. Moch. Soeharto, S.Pd.", ("H", "SPD")),
    ("Hj. Siti Aminah", ("HJ",)),
    ("Prof. Dr. Budi", ("PROF", "DR")),
    ("Andi Baso Wijaya", ("ANDI",)),
    ("Andi Wijaya", ()),
    ("Ibu", ()),
    ("Siti", ()),
]


@pytest.mark.parametrize(("name", "titles"), TITLES)
def test_titles_kept_apart(name: str, titles: tuple[str, ...]) -> None:
    assert parse_name(name).titles == titles


def test_sex_hint_hajjah() -> None:
    assert parse_name("Hj. Siti Aminah").sex_hint == "F"


def test_sex_hint_haji() -> None:
    assert parse_name("H. Ahmad").sex_hint == "M"


def test_sex_hint_none() -> None:
    assert parse_name("Ahmad").sex_hint is None


PATRONYMICS = [
    ("Suparman bin Kasimo", "KASIMO"),
    ("Siti Aminah binti Abdul Rahman", "ABDUL RAHMAN"),
    ("Aminah bt Kasimo", "KASIMO"),
    ("Joko Kasimo-Putra", "KASIMO"),
    ("Bin Laden", ""),
    ("Suparman bin", ""),
]


@pytest.mark.parametrize(("name", "patronymic"), PATRONYMICS)
def test_patronymic_split(name: str, patronymic: str) -> None:
    assert parse_name(name).patronymic == patronymic


def test_initial_kept() -> None:
    assert parse_name("M. Yusuf").tokens[0] == "M"


def test_normalize_name_punctuation() -> None:
    assert normalize_name("Ma'ruf  Amin-Putra") == "MARUF AMIN PUTRA"


def test_normalize_name_keeps_titles() -> None:
    assert normalize_name("H. Ahmad") == "H AHMAD"


@pytest.mark.parametrize("value", [None, "", "   ", ".,-"])
def test_normalize_name_empty(value: str | None) -> None:
    assert normalize_name(value) == ""


def test_normalize_name_rejects_numbers() -> None:
    with pytest.raises(TypeError, match="name must be a str"):
        normalize_name(123)


FOLDS = [
    ("OE", "U"),
    ("DJ", "J"),
    ("TJ", "C"),
    ("NJ", "NJ"),
    ("NY", "NJ"),
    ("SJ", "SJ"),
    ("SY", "SJ"),
    ("CH", "H"),
    ("KH", "H"),
    ("Y", "J"),
    ("ANNA", "ANA"),
]


@pytest.mark.parametrize(("token", "folded"), FOLDS)
def test_fold_spelling(token: str, folded: str) -> None:
    assert fold_spelling(token) == folded


@pytest.mark.parametrize("value", [float("nan"), None])
def test_normalize_name_missing_markers(value: object) -> None:
    assert normalize_name(value) == ""
