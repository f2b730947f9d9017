"""The tiers (a user's plan) as data: one enum and one table of what each allows.

Every part of the system reads limits and check intervals from here (through
Settings.tier_limits, which applies the environment's overrides). Adding a tier is a member of
`Tier`, its row in `TIER_LIMITS`, and its variables in .env.example: the overrides of its limits
(`<TIER>_MAX_TARGETS`, ...) and, for a paid tier, `STRIPE_PRICE_<TIER>`, the Stripe price that
sells it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum


class Tier(StrEnum):
    """A user's plan (tiers are listed cheapest first)."""

    # FREE is what an account starts on and where a lapsed subscription lands; every other tier
    # is sold through Stripe.
    FREE = "free"
    PRO = "pro"


@dataclass(frozen=True)
class TierLimits:
    max_targets: int  # active targets
    max_urls: int  # watched URLs over all of the user's targets
    interval_seconds: int  # between two checks of a page


TIER_LIMITS: dict[Tier, TierLimits] = {
    Tier.FREE: TierLimits(max_targets=3, max_urls=10, interval_seconds=15 * 60),
    Tier.PRO: TierLimits(max_targets=100, max_urls=500, interval_seconds=2 * 60),
}

PAID_TIERS: tuple[Tier, ...] = tuple(tier for tier in Tier if tier is not Tier.FREE)


def limit_variable(tier: Tier, limit: str) -> str:
    """The environment variable that overrides one limit of one tier, e.g. FREE_MAX_TARGETS."""
    return f"{tier.name}_{limit.upper()}"


def price_variable(tier: Tier) -> str:
    """The environment variable naming the Stripe price that sells a paid tier."""
    return f"STRIPE_PRICE_{tier.name}"


def tier_variables() -> list[str]:
    """Every per-tier environment variable, in table order."""
    names = [limit_variable(tier, spec.name) for tier in Tier for spec in fields(TierLimits)]
    return names + [price_variable(tier) for tier in PAID_TIERS]


def next_tier_up(tier: Tier) -> Tier | None:
    """The tier after `tier` in the table (the one an upgrade hint names); None at the top."""
    order = list(Tier)
    index = order.index(tier)
    return order[index + 1] if index + 1 < len(order) else None
