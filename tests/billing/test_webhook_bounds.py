"""Stripe events out of every bound answer 400 in the JSON error shape, never 500."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.billing.conftest import checkout_completed, deliver, stripe_event


@pytest.fixture
def completed(user: dict[str, Any], customer: str) -> dict[str, Any]:
    return checkout_completed(user["id"], customer, "sub_ada", int(time.time()))


@pytest.mark.parametrize(
    "change",
    [
        {"created": 10**20},
        {"created": 2**63},
        {"created": -1},
        {"id": "evt_\x00"},
        {"id": "evt_" + "x" * 100_000},
        {"type": "checkout.session.completed\x00"},
    ],
    ids=["created-huge", "created-int64", "created-negative", "id-nul", "id-100k", "type-nul"],
)
async def test_out_of_range_events_answer_400(client, completed, change):
    response = await deliver(client, {**completed, **change})
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"status_code", "detail", "errors"}


async def test_an_event_of_unknown_type_with_a_plain_id_is_still_ignored(client):
    response = await deliver(client, stripe_event("some.new_event", {"id": "x"}, int(time.time())))
    assert response.status_code == 200
