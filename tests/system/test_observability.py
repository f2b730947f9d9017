"""Request ids on every response and Prometheus metrics at /metrics."""

from __future__ import annotations

import logging

from api.observability import RequestIdFilter, request_id_var


async def test_every_response_carries_a_request_id(raw_client):
    first = await raw_client.get("/health")
    second = await raw_client.get("/health")
    assert len(first.headers["x-request-id"]) == 32
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_a_well_formed_incoming_request_id_is_kept_and_a_bad_one_replaced(raw_client):
    kept = await raw_client.get("/health", headers={"x-request-id": "crawl-job-42"})
    assert kept.headers["x-request-id"] == "crawl-job-42"
    replaced = await raw_client.get("/health", headers={"x-request-id": "bad id\nwith newline"})
    assert replaced.headers["x-request-id"] != "bad id\nwith newline"


def test_log_records_carry_the_current_request_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    token = request_id_var.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    assert record.request_id == "abc123"  # type: ignore[attr-defined]


async def test_metrics_expose_http_requests_by_route_and_status(raw_client, client, user):
    target = (await client.post("/api/public/targets", json={"name": "t"})).json()
    await client.get(f"/api/public/targets/{target['id']}")
    text = (await raw_client.get("/metrics")).text
    assert "offerwatch_http_requests_total" in text
    assert 'path="/api/public/targets/{target_id}"' in text
    assert 'status_code="200"' in text
    assert target["id"] not in text  # grouped by route, not one series per id
