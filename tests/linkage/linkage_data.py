"""Shared constants of the linkage tests."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"

FEBRL_COLUMNS = {
    "id": "rec_id",
    "nik": "soc_sec_id",
    "name": ("given_name", "surname"),
    "birth_date": "date_of_birth",
    "address": ("street_number", "address_1", "address_2"),
    "region": "postcode",
}
