"""A request that finds no free database connection answers 503 in the JSON error shape."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from api.app import create_app
from tests.conftest import make_settings


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    return {"DB_POOL_SIZE": "1", "DB_MAX_OVERFLOW": "0", "DB_POOL_TIMEOUT_SECONDS": "0.2"}


async def test_an_exhausted_pool_answers_503_json(postgres_url, settings_overrides):
    app = create_app(make_settings(postgres_url, **settings_overrides))
    async with AsyncTestClient(app, base_url="https://testserver.local") as client:
        await client.get("/health")
        client.headers["x-csrftoken"] = client.cookies["csrftoken"]
        engine = app.state.alchemy.get_engine()
        async with engine.connect():  # the pool's only connection, held
            response = await client.post(
                "/api/public/auth/login", json={"login": "ada", "password": "w" * 20}
            )
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json() == {
        "status_code": 503,
        "detail": "The service is busy; try again shortly",
        "errors": [],
    }
