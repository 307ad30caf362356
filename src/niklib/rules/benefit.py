"""Benefit computation: flat per household, or indexed per component member.

The compiled evaluator and the explainer both call `settle`, so a decision
and its explanation always show the same amount.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from niklib.rules.model import Benefit, BenefitMode

__all__ = [
    "BenefitTerms",
    "MemberComponent",
    "Settlement",
    "counted_components",
    "settle",
    "split_tranches",
]


@attrs.frozen(kw_only=True)
class MemberComponent:
    """A member found to be a component member, and what it adds.

    `amount` is None in flat mode (the household amount does not depend on
    members) and when the file marks the component amount as not known.
    `counted` is False when the household is not eligible or the cap on
    counted members left this member out.
    """

    member: int
    component: str
    amount: int | None
    counted: bool


@attrs.frozen(kw_only=True)
class BenefitTerms:
    """The resolved benefit parameters of one version at one as-of date.

    `household_amount` is the flat amount, None when the file marks it as
    not known. `cap` is None when no cap applies. `tranches` is a tuple of
    tranche amounts, a number of equal tranches, or None when not known.
    """

    benefit: Benefit
    household_amount: int | None
    component_ids: tuple[str, ...]
    component_amounts: tuple[int | None, ...]
    fixed_aid_amounts: tuple[int | None, ...]
    cap: int | None
    tranches: tuple[int, ...] | int | None


@attrs.frozen(kw_only=True)
class Settlement:
    """The amount of one decision and how it was made up."""

    amount: int | None
    tranches: tuple[int, ...] | None
    components: tuple[MemberComponent, ...]
    fixed_aid: int | None
    capped: bool


def split_tranches(
    amount: int | None, tranches: tuple[int, ...] | int | None
) -> tuple[int, ...] | None:
    """Split a yearly amount into tranches.

    A tuple of tranche amounts is used unchanged when it adds up to the
    amount. Otherwise the split is unknown and the result is None. A number
    gives equal tranches, with any remainder in the last one.
    """
    if amount is None or tranches is None:
        return None
    if amount == 0:
        return ()
    if isinstance(tranches, tuple):
        return tranches if sum(tranches) == amount else None
    share, remainder = divmod(amount, tranches)
    return (share,) * (tranches - 1) + (share + remainder,)


def settle(
    terms: BenefitTerms,
    eligible: bool | None,
    matches: Sequence[tuple[int, int]],
    fixed_index: int | None,
) -> Settlement:
    """Compute the amount of a decision from the rule results.

    `matches` pairs each component member's index with the index of its
    best-paid component. `fixed_index` is the fixed-aid entry that applies,
    -1 for none and None when unknown. A household that is not eligible, or
    whose eligibility is unknown, gets 0.
    """
    ids, amounts = terms.component_ids, terms.component_amounts
    flat = terms.benefit.mode is BenefitMode.FLAT
    if eligible is not True:
        components = tuple(
            MemberComponent(
                member=member,
                component=ids[index],
                amount=None if flat else amounts[index],
                counted=False,
            )
            for member, index in matches
        )
        return Settlement(
            amount=0, tranches=(), components=components, fixed_aid=None, capped=False
        )
    if flat:
        components = tuple(
            MemberComponent(
                member=member, component=ids[index], amount=None, counted=True
            )
            for member, index in matches
        )
        amount = terms.household_amount
        return Settlement(
            amount=amount,
            tranches=split_tranches(amount, terms.tranches),
            components=components,
            fixed_aid=None,
            capped=False,
        )
    return _settle_components(terms, matches, fixed_index)


def _settle_components(
    terms: BenefitTerms, matches: Sequence[tuple[int, int]], fixed_index: int | None
) -> Settlement:
    ids, amounts = terms.component_ids, terms.component_amounts

    # Highest amounts first, then member order, so a cap keeps the members
    # that pay most.
    # NOTE: no source states which members count when the cap binds; this
    # choice is the most favourable reading for the household.
    ranked = sorted(matches, key=lambda match: (-(amounts[match[1]] or 0), match[0]))
    limit = len(ranked) if terms.cap is None else terms.cap
    counted = {match[0] for match in ranked[:limit]}
    components = tuple(
        MemberComponent(
            member=member,
            component=ids[index],
            amount=amounts[index],
            counted=member in counted,
        )
        for member, index in matches
    )

    fixed: int | None
    if fixed_index is None:
        fixed = None
    elif fixed_index < 0:
        fixed = 0
    else:
        fixed = terms.fixed_aid_amounts[fixed_index]

    total: int | None = fixed
    for _, index in ranked[:limit]:
        value = amounts[index]
        total = None if total is None or value is None else total + value
    return Settlement(
        amount=total,
        tranches=split_tranches(total, terms.tranches),
        components=components,
        fixed_aid=fixed,
        capped=len(ranked) > limit,
    )


_NONE_COUNTED: frozenset[str] = frozenset()


def counted_components(settlement: Settlement, eligible: bool | None) -> frozenset[str]:
    """Return the ids of the components counted in the settlement's amount."""
    if eligible is not True:
        return _NONE_COUNTED  # nothing is counted, so skip the scan
    return frozenset(item.component for item in settlement.components if item.counted)
