"""Sign-up: validation, uniqueness, and the new user being logged in at once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.db.models import User
from tests.support import PASSWORD, sign_up


async def test_signup_logs_the_new_user_in_with_an_httponly_session_cookie(client):
    response = await client.post(
        "/api/public/auth/signup",
        json={"username": "ada", "email": "Ada@Example.com", "password": PASSWORD},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "ada"
    assert body["email"] == "ada@example.com"
    assert body["tier"] == "free"
    assert "password" not in str(body)

    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("ow_session="))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite", "path", "max-age"} <= attributes
    assert "samesite=lax" in cookie.lower()

    me = await client.get("/api/public/auth/me")
    assert me.status_code == 200
    assert me.json()["username"] == "ada"


async def test_password_is_stored_as_argon2id_hash(client, db):
    await sign_up(client, "ada")
    stored = await db.scalar(select(User.password_hash).where(User.username == "ada"))
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.parametrize("settings_overrides", [{"COOKIE_SECURE": "false"}])
async def test_cookie_is_not_secure_when_cookie_secure_is_false(client):
    response = await client.post(
        "/api/public/auth/signup",
        json={"username": "ada", "email": "ada@example.com", "password": PASSWORD},
    )
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("ow_session="))
    assert "secure" not in cookie.lower()


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("username", "ab", "username"),
        ("username", "a" * 33, "username"),
        ("username", "ada lovelace", "username"),
        ("username", "ada/../x", "username"),
        ("email", "not-an-email", "email"),
        ("email", "a@b", "email"),
        ("email", "x" * 310 + "@example.com", "email"),
        ("password", "short-password", "password"),  # 14 characters
        ("password", "p" * 129, "password"),
    ],
)
async def test_signup_rejects_invalid_field(client, db, field, value, fragment):
    body = {"username": "ada", "email": "ada@example.com", "password": PASSWORD, field: value}
    response = await client.post("/api/public/auth/signup", json=body)
    assert response.status_code == 400
    error = response.json()
    assert error["status_code"] == 400
    assert error["errors"][0]["field"] == fragment
    assert await db.scalar(select(func.count(User.id))) == 0


async def test_signup_accepts_password_of_exactly_fifteen_characters(client):
    await sign_up(client, "ada", password="p" * 15)


async def test_signup_rejects_unknown_fields(client):
    body = {"username": "ada", "email": "ada@example.com", "password": PASSWORD, "tier": "pro"}
    response = await client.post("/api/public/auth/signup", json=body)
    assert response.status_code == 400
    assert "tier" in response.json()["detail"]


async def test_signup_rejects_missing_fields_and_non_json(client):
    response = await client.post("/api/public/auth/signup", json={"username": "ada"})
    assert response.status_code == 400
    assert "email" in response.json()["detail"] or "password" in response.json()["detail"]
    response = await client.post(
        "/api/public/auth/signup", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


async def test_duplicate_username_answers_409_naming_username(client, app):
    await sign_up(client, "ada")
    response = await client.post(
        "/api/public/auth/signup",
        json={"username": "ADA", "email": "other@example.com", "password": PASSWORD},
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "username"


async def test_duplicate_email_is_case_insensitive_and_answers_409_naming_email(client, db):
    await sign_up(client, "ada")
    response = await client.post(
        "/api/public/auth/signup",
        json={"username": "ada2", "email": "ADA@example.COM", "password": PASSWORD},
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "email"
    assert await db.scalar(select(func.count(User.id))) == 1
