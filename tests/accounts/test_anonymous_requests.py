"""Anonymous requests leave no session rows; a refused first GET still hands out the CSRF cookie."""

from __future__ import annotations

from sqlalchemy import func, select

from core.db.models import UserSession
from tests.support import sign_up


async def session_rows(db) -> int:
    return await db.scalar(select(func.count()).select_from(UserSession))


async def test_anonymous_options_head_and_get_create_no_session_and_no_cookie(raw_client, db):
    for method, path in [
        ("OPTIONS", "/api/public/targets"),
        ("HEAD", "/health"),
        ("GET", "/api/public/auth/me"),
        ("GET", "/api/public/targets"),
        ("OPTIONS", "/api/public/auth/login"),
    ] * 5:
        response = await raw_client.request(method, path)
        assert response.status_code < 500
        assert not any(c.startswith("ow_session=") for c in response.headers.get_list("set-cookie"))
    assert await session_rows(db) == 0


async def test_the_first_get_of_a_frontend_answers_401_with_a_csrf_cookie(raw_client):
    response = await raw_client.get("/api/public/auth/me")
    assert response.status_code == 401
    assert raw_client.cookies.get("csrftoken")
    token = raw_client.cookies["csrftoken"]
    signup = await raw_client.post(
        "/api/public/auth/signup",
        json={"username": "ada", "email": "ada@example.com", "password": "correct horse battery staple"},
        headers={"x-csrftoken": token},
    )
    assert signup.status_code == 201


async def test_a_login_creates_the_one_session_and_logout_expires_the_cookie(client, db):
    await sign_up(client, "ada")
    assert await session_rows(db) == 1
    response = await client.post("/api/public/auth/logout")
    assert response.status_code == 204
    cleared = [c for c in response.headers.get_list("set-cookie") if c.startswith("ow_session=")]
    assert cleared and "Max-Age=0" in cleared[0]
    assert "ow_session" not in client.cookies
    await client.options("/api/public/targets")
    assert await session_rows(db) == 0
