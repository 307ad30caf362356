"""Synthetic village names and street addresses.

The region table stops at districts (kecamatan), so village (desa or
kelurahan) names are made up from common Sundanese and Javanese
place-name parts. They look real and may match real villages by chance,
but their codes and placement are synthetic.
"""

from __future__ import annotations

import functools
import random

__all__ = ["address", "villages"]

_HEADS = (
    "Suka",
    "Mekar",
    "Karang",
    "Sindang",
    "Pasir",
    "Tanjung",
    "Bojong",
    "Cikoneng",
    "Cibeber",
    "Kadu",
    "Sumber",
    "Margana",
    "Tegal",
    "Banjar",
    "Pager",
    "Rawa",
    "Lebak",
    "Sinar",
    "Gunung",
    "Cipanas",
)
_TAILS = (
    "jaya",
    "maju",
    "mulya",
    "sari",
    "asih",
    "rahayu",
    "wangi",
    "indah",
    "makmur",
    "harja",
    "laksana",
    "galih",
    "tani",
    "wargi",
    "mukti",
)
_KINDS = ("KP.", "KP.", "KP.", "JL.", "PERUM", "DUSUN", "LINGK.")


@functools.lru_cache(maxsize=512)
def villages(district_code: str) -> tuple[str, ...]:
    """Return 6 to 14 village names for a district, the same on every call."""
    rng = random.Random(f"villages:{district_code}")
    count = rng.randint(6, 14)
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(_HEADS) + rng.choice(_TAILS)
        if name not in names:
            names.append(name)
    return tuple(names)


def address(rng: random.Random, village: str) -> str:
    """Compose a street address with RT and RW numbers, as on a KK."""
    kind = rng.choice(_KINDS)
    place = village if kind != "JL." else rng.choice(_HEADS) + rng.choice(_TAILS)
    return (
        f"{kind} {place.upper()} RT {rng.randint(1, 12):03d}/RW {rng.randint(1, 8):03d}"
    )
