"""CSRF: unsafe methods under /api/public need the csrftoken cookie echoed in x-csrftoken."""

from __future__ import annotations

from sqlalchemy import func, select

from core.db.models import User
from tests.conftest import TEST_INTERNAL_TOKEN
from tests.support import PASSWORD

SIGNUP = {"username": "ada", "email": "ada@example.com", "password": PASSWORD}


async def test_any_get_sets_the_csrf_cookie(raw_client):
    response = await raw_client.get("/health")
    assert "csrftoken" in response.cookies


async def test_post_without_csrf_token_is_rejected_and_writes_nothing(raw_client, db):
    await raw_client.get("/health")
    response = await raw_client.post("/api/public/auth/signup", json=SIGNUP)
    assert response.status_code == 403
    assert response.json()["status_code"] == 403
    assert await db.scalar(select(func.count(User.id))) == 0


async def test_post_with_wrong_csrf_token_is_rejected(raw_client, db):
    await raw_client.get("/health")
    response = await raw_client.post(
        "/api/public/auth/signup", json=SIGNUP, headers={"x-csrftoken": "0" * 128}
    )
    assert response.status_code == 403
    assert await db.scalar(select(func.count(User.id))) == 0


async def test_post_with_token_but_no_cookie_is_rejected(raw_client):
    first = await raw_client.get("/health")
    token = first.cookies["csrftoken"]
    raw_client.cookies.clear()
    response = await raw_client.post("/api/public/auth/signup", json=SIGNUP, headers={"x-csrftoken": token})
    assert response.status_code == 403


async def test_post_with_matching_token_passes(raw_client):
    token = (await raw_client.get("/health")).cookies["csrftoken"]
    response = await raw_client.post("/api/public/auth/signup", json=SIGNUP, headers={"x-csrftoken": token})
    assert response.status_code == 201


async def test_logged_in_unsafe_request_without_token_is_rejected(client, user):
    target = await client.post("/api/public/targets", json={"name": "bikes"})
    assert target.status_code == 201
    token = client.cookies.get("csrftoken")
    client.cookies.delete("csrftoken")
    response = await client.post(
        f"/api/public/targets/{target.json()['id']}/deactivate", headers={"x-csrftoken": "bogus"}
    )
    assert response.status_code == 403
    assert token


async def test_internal_and_webhook_paths_are_not_subject_to_csrf(raw_client):
    # No cookie, no CSRF header: each real route gives its own answer, never the CSRF 403.
    internal = await raw_client.post(
        "/api/internal/offers", json={}, headers={"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"}
    )
    assert internal.status_code == 400, internal.text  # the body's validation, so CSRF let it pass
    for path in ("/api/webhooks/telegram", "/api/webhooks/stripe"):
        response = await raw_client.post(path, json={})
        assert response.status_code != 403, path
        assert "csrf" not in response.text.lower(), response.text
