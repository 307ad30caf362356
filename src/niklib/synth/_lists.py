"""Choosing the households on programme lists, in one streaming pass.

Each eligible household gets two fixed pseudo-random keys, one for
Jamsosratu and one for PKH, computed from the seed and the household id.
A list takes the households with the smallest keys (a bottom-k sample),
so the choice is the same whatever the chunk order or worker count, and
only the candidates with small keys are kept in memory.
"""

from __future__ import annotations

import hashlib
import heapq
import pickle
from collections import Counter
from collections.abc import Iterable
from datetime import date

from niklib.synth._model import Household
from niklib.synth._population import regency_weights

__all__ = ["ListChooser", "Packed", "allocate", "is_candidate", "list_keys", "pack"]


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def is_candidate(household: Household, as_of: date) -> bool:
    """Return whether a household could be listed: in the target data, with a component.

    A component member is a pregnant or nursing woman, a child under five,
    an enrolled pupil under 21, a person of 60 or older, or a person with a
    disability.
    """
    if not household.in_target_data:
        return False
    for member in household.members:
        age = _age(member.birth_date, as_of)
        if (
            member.pregnant
            or member.nursing
            or member.disability
            or age < 5
            or age >= 60
            or (member.school_level != "none" and age < 21)
        ):
            return True
    return False


def list_keys(seed: int, household_id: str) -> tuple[float, float]:
    """Return the Jamsosratu and PKH sampling keys of a household, in [0, 1)."""
    digest = hashlib.blake2b(
        f"{seed}:{household_id}".encode("ascii"), digest_size=16
    ).digest()
    scale = float(1 << 64)
    return (
        int.from_bytes(digest[:8], "big") / scale,
        int.from_bytes(digest[8:], "big") / scale,
    )


def allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split `total` over keys in proportion to weights (largest remainder)."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    left = total - sum(shares.values())
    by_remainder = sorted(exact, key=lambda key: (shares[key] - exact[key], key))
    for key in by_remainder[:left]:
        shares[key] += 1
    return shares


Packed = tuple[str, str, bytes]


def pack(household: Household) -> Packed:
    """Return (id, regency, pickled household): a candidate in compact form."""
    return household.id, household.regency, pickle.dumps(household, protocol=5)


class ListChooser:
    """Keep the candidates for a Jamsosratu quota per regency and a PKH list.

    Candidates are kept pickled, because a province-size run keeps about
    three list sizes of them until the end and pickled bytes take a few
    times less memory than the objects.
    """

    def __init__(
        self,
        *,
        province: str,
        seed: int,
        jamsosratu_size: int,
        pkh_size: int,
        pkh_overlap: float,
    ) -> None:
        if not 0.0 <= pkh_overlap <= 1.0:
            raise ValueError(
                f"pkh_overlap must be a fraction from 0 to 1, got {pkh_overlap!r}"
            )
        for name, value in (
            ("jamsosratu_size", jamsosratu_size),
            ("pkh_size", pkh_size),
        ):
            if value < 0:
                raise ValueError(f"{name} must be 0 or more, got {value}")
        self.seed = seed
        self.quotas = allocate(jamsosratu_size, regency_weights(province))
        self.pkh_size = pkh_size
        self.pkh_overlap = pkh_overlap
        self._jamsosratu: dict[str, list[tuple[float, str, bytes]]] = {
            regency: [] for regency in self.quotas
        }
        self._pkh: list[tuple[float, str, bytes]] = []
        self._pkh_keep = pkh_size + jamsosratu_size
        self._offered: Counter[str] = Counter()  # candidates by regency

    def offer(self, households: Iterable[Household]) -> None:
        """Consider candidate households (already filtered by `is_candidate`)."""
        self.offer_packed(pack(h) for h in households)

    def offer_packed(self, candidates: Iterable[Packed]) -> None:
        """Consider candidates packed by `pack`."""
        for household_id, regency, payload in candidates:
            self._offered[regency] += 1
            jamsosratu_key, pkh_key = list_keys(self.seed, household_id)
            heap = self._jamsosratu.get(regency)
            if heap is not None:
                _push(heap, self.quotas[regency], jamsosratu_key, household_id, payload)
            _push(self._pkh, self._pkh_keep, pkh_key, household_id, payload)

    def jamsosratu(self) -> list[Household]:
        """Return the Jamsosratu households by regency code, then key."""
        chosen: list[Household] = []
        for regency in sorted(self._jamsosratu):
            entries = sorted(
                (-key, hid, payload) for key, hid, payload in self._jamsosratu[regency]
            )
            chosen.extend(pickle.loads(payload) for _, _, payload in entries)
        return chosen

    def pkh(self) -> list[Household]:
        """Return the PKH households: the overlap with Jamsosratu first, then others."""
        jamsosratu = self.jamsosratu()
        listed = {h.id for h in jamsosratu}
        both = sorted(jamsosratu, key=lambda h: list_keys(self.seed, h.id)[1])
        ranked = sorted((-key, hid, payload) for key, hid, payload in self._pkh)
        only = [payload for _, hid, payload in ranked if hid not in listed]
        overlap = min(round(self.pkh_overlap * len(jamsosratu)), self.pkh_size)
        rest = [pickle.loads(payload) for payload in only[: self.pkh_size - overlap]]
        return both[:overlap] + rest

    def shortfalls(self, jamsosratu_size: int, pkh_size: int) -> list[str]:
        """Return a sentence for each list shorter than requested, saying why.

        The sizes are the numbers of households chosen for each list.
        """
        qualifying = sum(self._offered.values())
        qualify = (
            f"{qualifying} households of the population qualify (in the target "
            "data, with a member in a programme component)"
        )
        messages = []
        requested = sum(self.quotas.values())
        if jamsosratu_size < requested:
            short = sorted(
                regency
                for regency, quota in self.quotas.items()
                if self._offered[regency] < quota
            )
            messages.append(
                f"the Jamsosratu list has {jamsosratu_size} of the {requested} "
                f"households requested: {qualify}, and each regency has a quota "
                f"of the list, which {len(short)} of the {len(self.quotas)} "
                "regencies cannot fill. Raise the population size for a longer list"
            )
        if pkh_size < self.pkh_size:
            overlap = min(round(self.pkh_overlap * jamsosratu_size), self.pkh_size)
            messages.append(
                f"the PKH list has {pkh_size} of the {self.pkh_size} households "
                f"requested: {qualify}; {jamsosratu_size} of them are on the "
                f"Jamsosratu list, and only {overlap} of those (the PKH overlap "
                f"of {self.pkh_overlap:g}) may also be on PKH. Raise the "
                "population size or the PKH overlap for a longer list"
            )
        return messages


def _push(
    heap: list[tuple[float, str, bytes]],
    keep: int,
    key: float,
    household_id: str,
    payload: bytes,
) -> None:
    # A max-heap by key through negation: the root is the largest kept key,
    # which a smaller key replaces.
    if keep <= 0:
        return
    entry = (-key, household_id, payload)
    if len(heap) < keep:
        heapq.heappush(heap, entry)
    elif entry > heap[0]:
        heapq.heapreplace(heap, entry)
