"""Schemathesis against /schema/openapi.json on a live server with PostgreSQL: every public,
internal and webhook operation, all of its checks, with a logged-in session, the CSRF header and
the internal bearer token. Zero 5xx and zero schema violations; seeded (derandomized) and bounded
(MAX_EXAMPLES per operation) so CI is reproducible and stays within about a minute and a half."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import create_app
from tests.conftest import TEST_INTERNAL_TOKEN, make_settings
from tests.fakes.stripe_server import DEFAULT_KEY, FakeStripeServer, price_settings
from tests.live_server import serve
from tests.support import PASSWORD

MAX_EXAMPLES = 15
# "Schema-valid data is accepted" (positive_data_acceptance) runs on every operation except those
# with a rule that JSON Schema cannot state, where data valid by the schema is rightly refused
# with 400. Everywhere else a 400 for schema-valid data is a gap in the document and fails here.
SCHEMA_CANNOT_SAY = {
    # The listing URL must be http(s) with a public host after IDNA/NFKC normalisation (no
    # localhost, no private or loopback address in any spelling); min_price <= max_price.
    "POST /api/public/targets": "URL rules, price range",
    "POST /api/public/targets/{target_id}/urls": "URL rules",
    # The address must be one the kind accepts (for e-mail: name@domain with a real domain name).
    "POST /api/public/channels": "each kind's address rules",
    "PATCH /api/public/targets/{target_id}": "price range against the stored other bound",
    # An offer URL must split into an absolute http(s) URL with a host and a valid port.
    "POST /api/internal/offers": "offer URL rules",
    # Stripe-Signature must be an HMAC of the body with the webhook secret.
    "POST /api/webhooks/stripe": "signature",
    # JSON Schema counts 107.0 as an integer; Telegram writes update_id as 107, and the webhook
    # (like every body, read strictly) refuses a float there.
    "POST /api/webhooks/telegram": "update_id written as a float",
    # The same for the crawler's http_status (a whole number: 404, never 404.0).
    "POST /api/internal/scraping-jobs/{job_id}/complete": "http_status written as a float",
}
TELEGRAM_SECRET = "schemathesis-telegram-secret"
OPERATIONS = r"^/api/(public|internal|webhooks)/"


@pytest.fixture(scope="module")
def live_api(postgres_url: str) -> Iterator[str]:
    with FakeStripeServer() as stripe:
        yield from _serve(postgres_url, stripe.root)


def _serve(postgres_url: str, stripe_root: str) -> Iterator[str]:
    overrides = {
        "COOKIE_SECURE": "false",
        # Billing is configured (against the fake Stripe) so that its operations are exercised:
        # unconfigured, they answer 503 by design, which the no-5xx check would count.
        "STRIPE_SECRET_KEY": DEFAULT_KEY,
        "STRIPE_WEBHOOK_SECRET": "whsec_schemathesis_0123456789",
        **price_settings(),
        "STRIPE_API_BASE": stripe_root,
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        # Generated sign-ups and logins come from one address: the throttle would answer 429 to
        # most of them and hide what they test. Its own tests live in tests/accounts.
        "SIGNUP_MAX_PER_ADDRESS": "100000",
        "LOGIN_MAX_FAILURES_PER_ADDRESS": "100000",
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": "100000",
    }
    with serve(create_app(make_settings(postgres_url, **overrides))) as root:
        yield root


def _document() -> dict[str, Any]:
    # Loaded at import (schemathesis' lazy fixture loader does not work with pytest 9.2); building
    # the app connects to nothing. test_the_served_document_is_the_one_tested checks it is the
    # document the live server serves.
    app = create_app(make_settings("postgresql+psycopg://unused@127.0.0.1:1/unused"))
    return app.openapi_schema.to_schema()


DOCUMENT = _document()
schema = schemathesis.openapi.from_dict(DOCUMENT).include(path_regex=OPERATIONS)


@pytest.fixture
def credentials(live_api: str) -> dict[str, str]:
    """A signed-up, logged-in user (a fresh one per operation: tables are emptied between tests)."""
    with httpx.Client(base_url=live_api, timeout=30) as http:
        http.get("/health")
        body = {"username": "ada", "email": "ada@example.com", "password": PASSWORD}
        response = http.post(
            "/api/public/auth/signup", json=body, headers={"x-csrftoken": http.cookies["csrftoken"]}
        )
        assert response.status_code == 201, response.text
        cookies = {"ow_session": http.cookies["ow_session"], "csrftoken": http.cookies["csrftoken"]}
    return {"base_url": live_api, **cookies}


def log_in(case: Any, credentials: dict[str, str]) -> None:
    """The session cookie with its CSRF token and the crawler's bearer token, except where
    schemathesis tests a request without its credentials."""
    if case.operation.schema.is_security_param_negated(case):
        return
    case.cookies = {
        **(case.cookies or {}),
        "ow_session": credentials["ow_session"],
        "csrftoken": credentials["csrftoken"],
    }
    case.headers = {
        **(case.headers or {}),
        "x-csrftoken": credentials["csrftoken"],
        "Authorization": f"Bearer {TEST_INTERNAL_TOKEN}",
    }


def test_the_served_document_is_the_one_tested(live_api: str) -> None:
    assert httpx.get(f"{live_api}/schema/openapi.json").json() == DOCUMENT


def test_the_operations_spared_a_check_exist() -> None:
    labels = {f"{method.upper()} {path}" for path, item in DOCUMENT["paths"].items() for method in item}
    assert set(SCHEMA_CANNOT_SAY) <= labels


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms(case: Any, credentials: dict[str, Any]) -> None:
    log_in(case, credentials)
    case.call_and_validate(
        base_url=credentials["base_url"],
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
        excluded_checks=[positive_data_acceptance] if case.operation.label in SCHEMA_CANNOT_SAY else [],
    )
