"""Blocking rules: OR-ed rules, user rules, placeholders, size guard."""

from __future__ import annotations

import pytest

from niklib.linkage import DEFAULT_RULES, BlockingRule, Model, block_on
from niklib.linkage.blocking import candidate_pairs, normalized_field
from niklib.linkage.table import prepare

RECORDS = [
    {"nik": "3604054107990003", "name": "Siti Aminah", "birth_date": "1999-07-01"},
    {"nik": "3604054107990003", "name": "Aminah Siti", "birth_date": "1999-07-02"},
    {"nik": "0", "name": "Budi", "birth_date": "1985-08-12"},
    {"nik": "0", "name": "Joko", "birth_date": "1985-08-12"},
    {"nik": "", "name": "Siti Aminah", "birth_date": "1999-12-31"},
]
FIELDS = ("nik", "name", "birth_date", "region")


def table(records: list[dict[str, str]] = RECORDS):
    return prepare(records, Model.default().comparisons, extra_fields=FIELDS)


def pairs(rules, records=RECORDS) -> set[tuple[int, int]]:
    found = candidate_pairs(table(records), rules=rules)
    return set(zip(found.left.tolist(), found.right.tolist(), strict=True))


def test_block_on_nik() -> None:
    assert pairs([block_on("nik")]) == {(0, 1)}


def test_placeholder_nik_never_blocks() -> None:
    assert (2, 3) not in pairs([block_on("nik")])


def test_block_on_name_sorted_key() -> None:
    assert pairs([block_on("name")]) == {(0, 1), (0, 4), (1, 4)}


def test_rules_combined_with_or() -> None:
    assert pairs([block_on("nik"), block_on("birth_date")]) == {(0, 1), (2, 3)}


def test_each_pair_once() -> None:
    found = candidate_pairs(table(), rules=[block_on("nik"), block_on("name")])
    ids = list(zip(found.left.tolist(), found.right.tolist(), strict=True))
    assert len(ids) == len(set(ids))


def test_first_rule_recorded() -> None:
    found = candidate_pairs(table(), rules=[block_on("nik"), block_on("name")])
    first = dict(
        zip(
            zip(found.left.tolist(), found.right.tolist(), strict=True),
            found.rule.tolist(),
            strict=True,
        )
    )
    assert first[(0, 1)] == 0


def test_dedupe_left_index_smaller() -> None:
    found = candidate_pairs(table(), rules=DEFAULT_RULES)
    assert (found.left < found.right).all()


def test_user_rule() -> None:
    rule = BlockingRule("same birth year", ("birth_date",), key=lambda date: date.year)
    assert pairs([rule]) == {(0, 1), (0, 4), (1, 4), (2, 3)}


def test_user_rule_none_key_skips() -> None:
    rule = BlockingRule("never", ("name",), key=lambda name: None)
    assert pairs([rule]) == set()


def test_link_pairs_across_lists() -> None:
    left = table(RECORDS[:2])
    right = table(RECORDS[2:])
    found = candidate_pairs(left, right, rules=[block_on("name")])
    assert set(zip(found.left.tolist(), found.right.tolist(), strict=True)) == {
        (0, 2),
        (1, 2),
    }


def test_max_pairs_guard_names_rule() -> None:
    with pytest.raises(ValueError, match="'same name' generates 3 pairs"):
        candidate_pairs(table(), rules=[block_on("name")], max_pairs=2)


def test_no_rules_rejected() -> None:
    with pytest.raises(ValueError, match="at least one blocking rule"):
        candidate_pairs(table(), rules=[])


def test_unprepared_field_rejected() -> None:
    with pytest.raises(ValueError, match="not prepared with: kk"):
        candidate_pairs(table(), rules=[block_on("kk")])


def test_block_on_needs_fields() -> None:
    with pytest.raises(ValueError, match="at least one field"):
        block_on()


def test_normalized_name_field() -> None:
    assert normalized_field(table(), "name")[1] == "AMINAH SITI"
