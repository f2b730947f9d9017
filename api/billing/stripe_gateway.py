"""The one module that talks to Stripe: the real `stripe` library pointed at STRIPE_API_BASE."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

import stripe
from litestar import Litestar, Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.errors import AppError, ServiceUnavailable
from core.config import Settings
from core.tiers import Tier

log = logging.getLogger(__name__)

NOT_CONFIGURED = "billing is not configured"
STRIPE_FAILED = "Stripe could not complete the request; try again later"
SIGNATURE_HEADER = "Stripe-Signature"
_STATE_KEY = "stripe_gateway"
# The metadata key naming the tier a checkout sells (on the session and on its subscription).
TIER_METADATA = "tier"


class StripeGateway:
    """Customers, Checkout and portal sessions through one StripeClient per process."""

    def __init__(self, settings: Settings, timeout_seconds: float = 10.0) -> None:
        self._settings = settings
        self._http = stripe.HTTPXClient(timeout=timeout_seconds)
        self._client = stripe.StripeClient(
            settings.stripe_secret_key,
            base_addresses={"api": settings.stripe_api_base},
            http_client=self._http,
            # Retried POSTs carry one Idempotency-Key, so a retry never creates a thing twice.
            max_network_retries=2,
        )

    async def close(self) -> None:
        await self._http.close_async()

    async def create_customer(self, user_id: UUID, email: str, username: str) -> str:
        """A new Stripe customer for the user; its id is to be stored on the user."""
        # The same key for the same user: if our transaction rolls back after Stripe created the
        # customer, the retry gets that customer back instead of a second one (for 24 hours).
        customer = await self._call(
            self._client.v1.customers.create_async(
                params={"email": email, "name": username, "metadata": {"user_id": str(user_id)}},
                options={"idempotency_key": f"offerwatch-customer-{user_id}"},
            )
        )
        return str(customer.id)

    async def create_checkout_session(self, customer_id: str, user_id: UUID, tier: Tier) -> str:
        """A Checkout Session for the tier's price in subscription mode; answers its URL."""
        settings = self._settings
        metadata = {"user_id": str(user_id), TIER_METADATA: tier.value}
        session = await self._call(
            self._client.v1.checkout.sessions.create_async(
                params={
                    "mode": "subscription",
                    "customer": customer_id,
                    "client_reference_id": str(user_id),
                    "line_items": [{"price": settings.stripe_price(tier), "quantity": 1}],
                    "success_url": settings.stripe_success_url,
                    "cancel_url": settings.stripe_cancel_url,
                    "metadata": metadata,
                    "subscription_data": {"metadata": metadata},
                }
            )
        )
        return str(session.url)

    async def create_portal_session(self, customer_id: str) -> str:
        """A billing portal session where the customer manages or cancels the subscription."""
        session = await self._call(
            self._client.v1.billing_portal.sessions.create_async(
                params={"customer": customer_id, "return_url": self._settings.stripe_portal_return_url}
            )
        )
        return str(session.url)

    async def _call(self, request: Any) -> Any:
        try:
            return await request
        except stripe.StripeError as exc:
            # Stripe's messages name no secret (keys are masked); the user gets a generic 503.
            log.error(
                "Stripe request failed: %s (http status %s, request id %s)",
                exc.user_message or type(exc).__name__,
                exc.http_status,
                exc.request_id,
            )
            raise ServiceUnavailable(STRIPE_FAILED) from None


def verify_webhook(payload: bytes, signature: str | None, settings: Settings) -> None:
    """Check the Stripe-Signature header (Stripe's default 5-minute tolerance); a bad one answers
    400. Only the signature: the caller decodes the body once, into its own types."""
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, settings.stripe_webhook_secret, tolerance=stripe.Webhook.DEFAULT_TOLERANCE
        )
    except stripe.SignatureVerificationError as exc:
        raise AppError(
            f"Invalid {SIGNATURE_HEADER} header: {exc.user_message}", field=SIGNATURE_HEADER
        ) from None
    except UnicodeDecodeError:
        raise AppError("The body is not a JSON Stripe event", field="body") from None


def require_billing(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: billing routes answer 503 until the Stripe settings are present. OPTIONS (a CORS
    preflight, or a client asking which methods exist) runs no billing and is always answered."""
    settings: Settings = connection.app.state.settings
    if not settings.billing_configured and connection.scope.get("method") != "OPTIONS":
        raise ServiceUnavailable(NOT_CONFIGURED)


def provide_stripe_gateway(request: Request[Any, Any, Any]) -> StripeGateway:
    """The process's gateway, built on first use (its HTTP connections are reused)."""
    state = request.app.state
    gateway = state.get(_STATE_KEY)
    if gateway is None:
        gateway = StripeGateway(state.settings)
        state[_STATE_KEY] = gateway
    return gateway


async def close_stripe_gateway(app: Litestar) -> None:
    """Shutdown hook: close the gateway's HTTP connections if it was built."""
    gateway = app.state.pop(_STATE_KEY, None)
    if gateway is not None:
        await gateway.close()
