"""Billing rules: which Stripe state gives which tier, what a tier change does, event idempotency.

Out-of-order events: each subscription event carries a snapshot of the subscription, and the
user row remembers the `created` time of the newest event applied (`subscription_event_at`).
An event older than that is stale and only recorded; a canceled subscription never comes back
to life through a late event. We decide from the event rather than re-reading the subscription
from Stripe on every delivery, so the webhook needs no outbound call (it keeps working, and
keeps its order, while Stripe's API is slow or down), and every decision can be replayed from
the event alone. Stripe's `created` has one-second resolution: two events of the same second
are applied in arrival order.
"""

from __future__ import annotations

import datetime as dt
import logging
from uuid import UUID

import msgspec
from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError

from api.billing.schemas import (
    CheckoutSessionObject,
    InvoiceObject,
    Outcome,
    StripeEventPayload,
    SubscriptionObject,
    SubscriptionOut,
)
from api.billing.stripe_gateway import TIER_METADATA, StripeGateway
from api.errors import AppError, Conflict
from api.model_service import ModelService, repository_for
from core.config import Settings
from core.db.models import ScrapingTarget, StripeEvent, User
from core.tier_changes import DOWNGRADE_REASON, PAST_DUE, change_tier
from core.tiers import PAID_TIERS, Tier

log = logging.getLogger(__name__)

# Subscription statuses that give the user the tier the subscription sells.
PAID_STATUSES = frozenset({"active", "trialing"})
LIVE_STATUSES = PAID_STATUSES | {PAST_DUE}
# Stripe never reactivates a subscription in these states.
TERMINAL_STATUSES = frozenset({"canceled", "incomplete_expired"})
PAID_CHECKOUT = frozenset({"paid", "no_payment_required"})

SUBSCRIPTION_DELETED = "customer.subscription.deleted"
StripeObject = CheckoutSessionObject | SubscriptionObject | InvoiceObject
# The events we act on, and the object each carries.
OBJECT_OF_EVENT: dict[str, type[StripeObject]] = {
    "checkout.session.completed": CheckoutSessionObject,
    "customer.subscription.created": SubscriptionObject,
    "customer.subscription.updated": SubscriptionObject,
    SUBSCRIPTION_DELETED: SubscriptionObject,
    "invoice.payment_failed": InvoiceObject,
}


def _from_timestamp(seconds: int | None) -> dt.datetime | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, dt.UTC)


class BillingService(ModelService[User]):
    repository_type = repository_for(User)

    async def start_checkout(self, user: User, tier: Tier, gateway: StripeGateway) -> str:
        """Checkout URL for a paid tier; the Stripe customer is created once and kept."""
        if user.tier in PAID_TIERS:
            # Moving between paid tiers changes the subscription's price: the portal's job.
            raise Conflict(f"You are already on the {user.tier} plan; manage it in the billing portal")
        if user.subscription_status in LIVE_STATUSES:
            # Past due beyond the grace period: paying the open invoice restores pro, a second
            # subscription would bill twice.
            raise Conflict(
                "Your subscription has an unpaid invoice; update the payment method in the billing portal"
            )
        if user.stripe_customer_id is None:
            user.stripe_customer_id = await gateway.create_customer(user.id, user.email, user.username)
            await self.session.flush()
        return await gateway.create_checkout_session(user.stripe_customer_id, user.id, tier)

    async def open_portal(self, user: User, gateway: StripeGateway) -> str:
        if user.stripe_customer_id is None:
            raise Conflict("There is no subscription to manage yet; start one with a checkout session")
        return await gateway.create_portal_session(user.stripe_customer_id)

    async def subscription_of(self, user: User) -> SubscriptionOut:
        return SubscriptionOut(
            tier=user.tier,
            status=user.subscription_status,
            current_period_end=user.subscription_current_period_end,
            cancel_at_period_end=user.subscription_cancel_at_period_end,
            pro_grace_until=user.pro_grace_until if user.subscription_status == PAST_DUE else None,
            paused_by_downgrade=list(
                await self.session.scalars(
                    select(ScrapingTarget.id)
                    .where(
                        ScrapingTarget.user_id == user.id, ScrapingTarget.paused_reason == DOWNGRADE_REASON
                    )
                    .order_by(ScrapingTarget.created_at.desc())
                )
            ),
        )

    async def handle_event(self, event: StripeEventPayload, settings: Settings, now: dt.datetime) -> Outcome:
        """Apply a verified Stripe event once; answers the outcome for the webhook receipt."""
        kind = OBJECT_OF_EVENT.get(event.type)
        if kind is None:
            return "ignored"
        # Parsed before anything is written: a malformed event answers 400 and leaves no row.
        obj = _object_as(event, kind)
        if not await self._record(event):
            return "duplicate"
        event_at = dt.datetime.fromtimestamp(event.created, dt.UTC)
        if isinstance(obj, CheckoutSessionObject):
            return await self._checkout_completed(obj, event_at, settings, now)
        if isinstance(obj, InvoiceObject):
            return await self._payment_failed(obj, event_at, settings, now)
        # A deleted subscription is over whatever status its snapshot shows.
        status = "canceled" if event.type == SUBSCRIPTION_DELETED else obj.status
        return await self._subscription_changed(obj, status, event_at, settings, now)

    async def _record(self, event: StripeEventPayload) -> bool:
        """Write the event id in this transaction; False when it was processed before. The unique
        index decides: a concurrent delivery of the same event waits on it, then lands here."""
        try:
            async with self.session.begin_nested():
                self.session.add(StripeEvent(event_id=event.id, type=event.type))
        except IntegrityError:
            return False
        return True

    async def _checkout_completed(
        self, checkout: CheckoutSessionObject, event_at: dt.datetime, settings: Settings, now: dt.datetime
    ) -> Outcome:
        if checkout.mode != "subscription" or not checkout.subscription:
            return "ignored"
        user = await self._locked_user(
            _user_id(checkout.client_reference_id), checkout.customer, object_id=checkout.id
        )
        if user is None:
            return "ignored"
        paid = checkout.payment_status in PAID_CHECKOUT
        same = user.stripe_subscription_id == checkout.subscription
        if same and user.subscription_status is not None:
            status = user.subscription_status  # a subscription event already told us more
        else:
            status = "active" if paid else "incomplete"
        # A completed checkout is a new subscription: it replaces a live one we followed.
        if _is_stale(user, checkout.subscription, status, event_at, adopt_new=True):
            return "stale"
        if checkout.customer and user.stripe_customer_id is None:
            user.stripe_customer_id = checkout.customer
        if not same:
            user.subscription_current_period_end = None
            user.subscription_cancel_at_period_end = False
        tier = _paid_tier(checkout.metadata, [], settings)
        await self._apply_state(user, checkout.subscription, status, tier, event_at, settings, now)
        return "processed"

    async def _subscription_changed(
        self,
        subscription: SubscriptionObject,
        status: str,
        event_at: dt.datetime,
        settings: Settings,
        now: dt.datetime,
    ) -> Outcome:
        user = await self._locked_user(
            _user_id(subscription.metadata.get("user_id")), subscription.customer, object_id=subscription.id
        )
        if user is None:
            return "ignored"
        if _is_stale(user, subscription.id, status, event_at):
            return "stale"
        if user.stripe_customer_id is None:
            user.stripe_customer_id = subscription.customer
        user.subscription_current_period_end = _from_timestamp(subscription.period_end)
        user.subscription_cancel_at_period_end = subscription.cancel_at_period_end
        tier = _paid_tier(subscription.metadata, subscription.price_ids, settings)
        await self._apply_state(user, subscription.id, status, tier, event_at, settings, now)
        return "processed"

    async def _payment_failed(
        self, invoice: InvoiceObject, event_at: dt.datetime, settings: Settings, now: dt.datetime
    ) -> Outcome:
        user = await self._locked_user(None, invoice.customer, object_id=invoice.id)
        if user is None or user.stripe_subscription_id is None:
            return "ignored"
        subscription_id = invoice.subscription_id or user.stripe_subscription_id
        # Only a renewal of the live subscription we follow turns it past_due.
        if subscription_id != user.stripe_subscription_id or user.subscription_status not in LIVE_STATUSES:
            return "ignored"
        if _is_stale(user, subscription_id, PAST_DUE, event_at):
            return "stale"
        tier = user.tier if user.tier in PAID_TIERS else PAID_TIERS[0]
        await self._apply_state(user, subscription_id, PAST_DUE, tier, event_at, settings, now)
        return "processed"

    async def _apply_state(
        self,
        user: User,
        subscription_id: str,
        status: str,
        paid_tier: Tier,
        event_at: dt.datetime,
        settings: Settings,
        now: dt.datetime,
    ) -> None:
        """Record the subscription's state; the user is on `paid_tier` while it is paid for (or
        past due within the grace period), else on the free tier."""
        same = user.stripe_subscription_id == subscription_id
        if status == PAST_DUE:
            # The grace period starts when the subscription first turned past_due, so repeated
            # past_due events (and late deliveries) do not extend it.
            already = same and user.subscription_status == PAST_DUE and user.pro_grace_until
            grace = settings.stripe_past_due_grace_days
            user.pro_grace_until = user.pro_grace_until if already else event_at + dt.timedelta(days=grace)
        else:
            user.pro_grace_until = None
        user.stripe_subscription_id = subscription_id
        user.subscription_status = status
        if user.subscription_event_at is None or event_at > user.subscription_event_at:
            user.subscription_event_at = event_at
        in_grace = status == PAST_DUE and user.pro_grace_until is not None and now < user.pro_grace_until
        tier = paid_tier if status in PAID_STATUSES or in_grace else Tier.FREE
        paused = await change_tier(self.session, user, tier, settings)
        if paused:
            log.info("user %s downgraded: paused %d targets", user.id, len(paused))

    async def _locked_user(
        self, user_id: UUID | None, customer_id: str | None, object_id: str
    ) -> User | None:
        # Row lock: two events about one user are applied one after the other, each seeing the
        # state the previous one left.
        conditions: list[ColumnElement[bool]] = []
        if customer_id:
            conditions.append(User.stripe_customer_id == customer_id)
        if user_id:
            conditions.append(User.id == user_id)
        for condition in conditions:
            user = await self.session.scalar(
                select(User).where(condition).with_for_update().execution_options(populate_existing=True)
            )
            if user is not None:
                return user
        log.warning("Stripe object %s names no user of ours; ignored", object_id)
        return None


def _is_stale(
    user: User, subscription_id: str, status: str, event_at: dt.datetime, adopt_new: bool = False
) -> bool:
    """True when the event's state is older than what the user row already reflects."""
    if user.subscription_event_at is not None and event_at < user.subscription_event_at:
        return True
    if subscription_id == user.stripe_subscription_id:
        return user.subscription_status in TERMINAL_STATUSES and status not in TERMINAL_STATUSES
    # Another subscription than the one we follow: taken over only when ours is over (or when a
    # checkout just completed it), so late news of an old subscription cannot undo a new one.
    followed_is_live = user.stripe_subscription_id is not None and user.subscription_status in LIVE_STATUSES
    return followed_is_live and not adopt_new


def _paid_tier(metadata: dict[str, str], price_ids: list[str], settings: Settings) -> Tier:
    """The tier a subscription sells: its price's (a plan changed in the portal changes the
    price), else the one our checkout wrote in the metadata, else the first paid tier."""
    for price_id in price_ids:
        if (tier := settings.tier_of_price(price_id)) is not None:
            return tier
    named = metadata.get(TIER_METADATA)
    return Tier(named) if named in PAID_TIERS else PAID_TIERS[0]


def _user_id(raw: str | None) -> UUID | None:
    try:
        return UUID(raw) if raw else None
    except ValueError:
        return None


def _object_as(event: StripeEventPayload, kind: type[StripeObject]) -> StripeObject:
    try:
        return msgspec.convert(event.data.object, kind)
    except msgspec.ValidationError as exc:
        raise AppError(
            f"{event.type} event data.object is not as expected: {exc}", field="data.object"
        ) from None
