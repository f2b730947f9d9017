"""/health, /ready and the error shape for requests no route answers."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from api.app import create_app
from tests.conftest import make_settings


async def test_health_answers_while_the_process_is_up(raw_client):
    response = await raw_client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_ready_checks_the_database(raw_client):
    response = await raw_client.get("/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


async def test_ready_answers_503_when_the_database_is_unreachable():
    # Port 9 (discard) is closed on these machines: the connection is refused at once.
    app = create_app(make_settings("postgresql+psycopg://nobody@127.0.0.1:9/none"))
    async with AsyncTestClient(app, base_url="https://testserver.local") as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "unavailable"}}


async def test_unknown_route_and_wrong_method_use_the_error_shape(raw_client):
    missing = await raw_client.get("/api/public/nothing-here")
    assert missing.status_code == 404
    assert set(missing.json()) == {"status_code", "detail", "errors"}
    wrong = await raw_client.delete("/health")
    assert wrong.status_code == 405
    assert set(wrong.json()) == {"status_code", "detail", "errors"}


async def test_an_internal_error_answers_500_without_a_stack_trace():
    app = create_app(make_settings("postgresql+psycopg://nobody@127.0.0.1:9/none"))
    async with AsyncTestClient(app, base_url="https://testserver.local") as client:
        client.cookies.set("ow_session", "some-session-id", domain="testserver.local")
        response = await client.get("/api/public/auth/me")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal server error", "errors": []}
    assert "Traceback" not in response.text
