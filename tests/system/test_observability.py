"""Request ids on every response and Prometheus metrics at /metrics."""

from __future__ import annotations

import logging

from prometheus_client import REGISTRY

from core.observability import RequestIdFilter, request_id_var


async def test_every_response_carries_a_request_id(raw_client):
    first = await raw_client.get("/health")
    second = await raw_client.get("/health")
    assert len(first.headers["x-request-id"]) == 32
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    # Litestar answers these before any route (and its middleware) runs.
    missing = await raw_client.get("/no-such-page", headers={"x-request-id": "scan-1"})
    wrong_method = await raw_client.delete("/health")
    assert (missing.status_code, missing.headers["x-request-id"]) == (404, "scan-1")
    assert wrong_method.status_code == 405 and len(wrong_method.headers["x-request-id"]) == 32


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


def requests_counted(path: str, status: str) -> float:
    labels = {"app_name": "offerwatch", "method": "GET", "path": path, "status_code": status}
    return REGISTRY.get_sample_value("offerwatch_http_requests_total", labels) or 0.0


async def test_metrics_expose_http_requests_by_route_and_status(raw_client, client, user):
    target = (await client.post("/api/public/targets", json={"name": "t"})).json()
    before = requests_counted("/api/public/targets/{target_id}", "200")
    await client.get(f"/api/public/targets/{target['id']}")
    assert requests_counted("/api/public/targets/{target_id}", "200") == before + 1
    text = (await raw_client.get("/metrics")).text
    assert "offerwatch_http_requests_total" in text
    assert 'path="/api/public/targets/{target_id}"' in text
    assert 'status_code="200"' in text
    assert target["id"] not in text  # grouped by route, not one series per id
