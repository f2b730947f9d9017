"""/api/public/subscriptions (Checkout, portal, status) and the Stripe webhook."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.openapi.spec import Example
from litestar.params import Body, HeaderParameter
from litestar.status_codes import HTTP_200_OK

from api.billing.schemas import (
    CheckoutRequest,
    SessionUrl,
    StripeEventPayload,
    SubscriptionOut,
    WebhookReceipt,
)
from api.billing.services import BillingService
from api.billing.stripe_gateway import (
    SIGNATURE_HEADER,
    StripeGateway,
    provide_stripe_gateway,
    require_billing,
    verify_webhook,
)
from api.errors import AppError
from api.openapi import errors_of
from core.clock import utcnow
from core.config import Settings
from core.db.models import User
from core.tiers import PAID_TIERS, Tier


class SubscriptionController(Controller):
    path = "/subscriptions"
    tags = ["billing"]
    guards = [require_billing]
    dependencies = {
        "billing": Provide(create_service_provider(BillingService)),
        "gateway": Provide(provide_stripe_gateway, sync_to_thread=False),
    }

    @post(
        "/create-checkout-session",
        status_code=HTTP_200_OK,
        summary="Start a paid subscription in Stripe Checkout",
        description="Creates (once) the user's Stripe customer and a Checkout Session for the "
        "price of the tier asked for (the body is optional: without it, the first paid tier); "
        "send the browser to `url`. The tier changes when Stripe's webhook confirms the payment. "
        "A user already on a paid tier gets 409 (plans change in the billing portal).",
        responses=errors_of(400, 401, 403, 409, 503),
    )
    async def create_checkout_session(
        self,
        request: Request[User, Any, Any],
        billing: BillingService,
        gateway: StripeGateway,
        data: Annotated[
            CheckoutRequest | None, Body(examples=[Example(value={"tier": PAID_TIERS[0].value})])
        ] = None,
    ) -> SessionUrl:
        tier = Tier(data.tier) if data is not None else PAID_TIERS[0]
        return SessionUrl(url=await billing.start_checkout(request.user, tier, gateway))

    @post(
        "/portal-session",
        status_code=HTTP_200_OK,
        summary="Open Stripe's billing portal",
        description="Answers the URL of a portal session where the user updates the payment method "
        "or cancels the subscription. 409 when the user has never started a checkout.",
        responses=errors_of(401, 403, 409, 503),
    )
    async def create_portal_session(
        self, request: Request[User, Any, Any], billing: BillingService, gateway: StripeGateway
    ) -> SessionUrl:
        return SessionUrl(url=await billing.open_portal(request.user, gateway))

    @get(
        "/",
        summary="My subscription: tier, status, period end",
        description="`pro_grace_until` is set while a payment is past due: pro is kept until then.",
        responses=errors_of(401, 503),
    )
    async def get_subscription(
        self, request: Request[User, Any, Any], billing: BillingService
    ) -> SubscriptionOut:
        return await billing.subscription_of(request.user)


class StripeWebhookController(Controller):
    path = "/api/webhooks/stripe"
    tags = ["webhooks"]
    guards = [require_billing]
    opt = {"exclude_from_auth": True}
    dependencies = {"billing": Provide(create_service_provider(BillingService))}

    @post(
        "/",
        status_code=HTTP_200_OK,
        summary="Stripe events (checkout completed, subscription changes, failed payments)",
        description="The raw body must carry a valid `Stripe-Signature` (STRIPE_WEBHOOK_SECRET, "
        "5 minutes tolerance), else 400 and nothing changes. Each event id is applied once; a "
        "replay answers 200 with outcome `duplicate`. Unhandled event types answer 200 `ignored`.",
        responses=errors_of(400, 503),
    )
    async def receive_event(
        self,
        request: Request[Any, Any, Any],
        billing: BillingService,
        settings: Settings,
        signature: Annotated[
            str | None, HeaderParameter(name=SIGNATURE_HEADER, description="t=<unix time>,v1=<HMAC-SHA256>")
        ] = None,
    ) -> WebhookReceipt:
        payload = await request.body()
        verify_webhook(payload, signature, settings)
        try:
            event = msgspec.json.decode(payload, type=StripeEventPayload)
        except msgspec.DecodeError as exc:  # not JSON, or not shaped like a Stripe event
            raise AppError(f"The body is not a Stripe event: {exc}", field="body") from None
        outcome = await billing.handle_event(event, settings, utcnow())
        return WebhookReceipt(event_id=event.id, outcome=outcome)
