"""Bodies of the billing routes, and the parts of Stripe events that offerwatch reads."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from api.text import ONE_LINE
from core.tiers import PAID_TIERS, Tier


class SessionUrl(msgspec.Struct):
    """Where to send the browser next (Stripe Checkout or the billing portal)."""

    url: Annotated[str, Meta(examples=["https://checkout.stripe.com/c/pay/cs_test_a1b2c3"])]


PaidTierName = Annotated[
    str,
    Meta(
        pattern=f"^({'|'.join(PAID_TIERS)})$",
        description=f"A paid tier: {', '.join(PAID_TIERS)}",
        examples=[PAID_TIERS[0].value],
    ),
]


class CheckoutRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Optional body of `POST /subscriptions/create-checkout-session`."""

    tier: PaidTierName = PAID_TIERS[0].value


class SubscriptionOut(msgspec.Struct):
    tier: Tier
    status: Annotated[
        str | None,
        Meta(description="Stripe's subscription status (active, past_due, canceled...); null if none"),
    ]
    current_period_end: datetime | None
    cancel_at_period_end: bool
    pro_grace_until: Annotated[
        datetime | None, Meta(description="While past_due: the paid tier is kept until then")
    ] = None
    paused_by_downgrade: Annotated[
        list[UUID], Meta(description="Targets paused because the plan went down, newest first")
    ] = msgspec.field(default_factory=list)


Outcome = Literal["processed", "duplicate", "stale", "ignored"]


class WebhookReceipt(msgspec.Struct):
    event_id: str
    outcome: Annotated[
        Outcome,
        Meta(
            description="processed: applied; duplicate: this event id was processed before; "
            "stale: older than the state already applied; ignored: not about a subscription of ours"
        ),
    ]


# Stripe adds fields over time, so these read what they need and let the rest through.


class StripeEventData(msgspec.Struct):
    object: dict[str, Any]


# Bounds of what we store: event ids and types are short one-line strings, `created` a time
# between 1970 and the year 9999.
StripeText = Annotated[str, Meta(min_length=1, max_length=255, pattern=ONE_LINE)]


class StripeEventPayload(msgspec.Struct):
    id: StripeText
    type: StripeText
    created: Annotated[int, Meta(ge=0, le=253_402_300_799)]
    data: StripeEventData


class CheckoutSessionObject(msgspec.Struct):
    id: str
    mode: str | None = None
    client_reference_id: str | None = None
    customer: str | None = None
    subscription: str | None = None
    payment_status: str | None = None
    metadata: dict[str, str] = msgspec.field(default_factory=dict)


class SubscriptionPrice(msgspec.Struct):
    id: str


class SubscriptionItem(msgspec.Struct):
    current_period_end: int | None = None
    price: SubscriptionPrice | None = None


class SubscriptionItems(msgspec.Struct):
    data: list[SubscriptionItem] = msgspec.field(default_factory=list)


class SubscriptionObject(msgspec.Struct):
    id: str
    customer: str
    status: str
    cancel_at_period_end: bool = False
    # API versions before 2025-03-31 carry the period end here, newer ones on each item.
    current_period_end: int | None = None
    items: SubscriptionItems | None = None
    metadata: dict[str, str] = msgspec.field(default_factory=dict)

    @property
    def price_ids(self) -> list[str]:
        return [item.price.id for item in (self.items.data if self.items else []) if item.price]

    @property
    def period_end(self) -> int | None:
        if self.current_period_end is not None:
            return self.current_period_end
        ends = [item.current_period_end for item in (self.items.data if self.items else [])]
        return max((end for end in ends if end is not None), default=None)


class InvoiceSubscriptionDetails(msgspec.Struct):
    subscription: str | None = None


class InvoiceParent(msgspec.Struct):
    subscription_details: InvoiceSubscriptionDetails | None = None


class InvoiceObject(msgspec.Struct):
    id: str
    customer: str | None = None
    # Older API versions name the subscription here, newer ones under parent.subscription_details.
    subscription: str | None = None
    parent: InvoiceParent | None = None

    @property
    def subscription_id(self) -> str | None:
        if self.subscription:
            return self.subscription
        details = self.parent.subscription_details if self.parent else None
        return details.subscription if details else None
