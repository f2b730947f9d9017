"""Login, logout, session rotation and lifetime, and the failed-login limit."""

from __future__ import annotations

import time
from collections.abc import Iterator

import msgspec
import pytest
from sqlalchemy import func, select, update

from api.accounts import passwords
from core.config import get_settings
from core.db.models import UserSession
from tests.support import PASSWORD, browser, sign_up


def session_cookie(response) -> str:
    header = next(h for h in response.headers.get_list("set-cookie") if h.startswith("ow_session="))
    return header.split(";")[0].split("=", 1)[1]


async def test_login_with_username_or_email_answers_the_user(client):
    await sign_up(client, "ada")
    for login in ("ada", "ADA@example.com", "Ada"):
        response = await client.post("/api/public/auth/login", json={"login": login, "password": PASSWORD})
        assert response.status_code == 200, login
        assert response.json()["username"] == "ada"


async def test_login_rotates_the_session_id_and_deletes_the_old_session(client, db):
    await sign_up(client, "ada")
    before = client.cookies.get("ow_session")
    response = await client.post("/api/public/auth/login", json={"login": "ada", "password": PASSWORD})
    after = session_cookie(response)
    assert before and after and before != after
    ids = set(await db.scalars(select(UserSession.session_id)))
    assert after in ids
    assert before not in ids


async def test_a_planted_session_id_is_not_kept_at_login(app, db):
    """Session fixation: an attacker's id set before login must not become the victim's session."""
    async with browser(app) as first:
        await sign_up(first, "ada")
    async with browser(app) as victim:
        victim.cookies.set("ow_session", "attacker-chosen-id", domain="testserver.local")
        response = await victim.post("/api/public/auth/login", json={"login": "ada", "password": PASSWORD})
    assert response.status_code == 200
    assert session_cookie(response) != "attacker-chosen-id"
    ids = set(await db.scalars(select(UserSession.session_id)))
    assert "attacker-chosen-id" not in ids


async def test_logout_deletes_the_session_server_side(client, db):
    await sign_up(client, "ada")
    sid = client.cookies.get("ow_session")
    response = await client.post("/api/public/auth/logout")
    assert response.status_code == 204
    assert await db.scalar(select(func.count()).where(UserSession.session_id == sid)) == 0
    # Replaying the old cookie does not authenticate.
    client.cookies.set("ow_session", sid, domain="testserver.local")
    assert (await client.get("/api/public/auth/me")).status_code == 401


async def test_me_without_session_answers_401_in_the_error_shape(client):
    response = await client.get("/api/public/auth/me")
    assert response.status_code == 401
    assert response.json() == {
        "status_code": 401,
        "detail": "Not logged in (or the session has expired)",
        "errors": [],
    }


async def test_wrong_password_and_unknown_user_answer_the_same_401(client):
    await sign_up(client, "ada")
    wrong = await client.post("/api/public/auth/login", json={"login": "ada", "password": "x" * 20})
    unknown = await client.post("/api/public/auth/login", json={"login": "nobody", "password": "x" * 20})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["detail"] == "Wrong login or password"


@pytest.fixture
def production_password_cost(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """argon2 at its production cost (the tests' cheap one would drown in request overhead)."""
    monkeypatch.delenv("ARGON2_TIME_COST", raising=False)
    monkeypatch.delenv("ARGON2_MEMORY_KIB", raising=False)
    clear = (get_settings.cache_clear, passwords._hasher.cache_clear, passwords._dummy_hash.cache_clear)
    for cache_clear in clear:
        cache_clear()
    yield
    monkeypatch.undo()
    for cache_clear in clear:
        cache_clear()


@pytest.mark.usefixtures("production_password_cost")
async def test_unknown_user_costs_a_password_hash_like_a_known_one(client):
    """Timing: both paths verify an argon2 hash, so neither answers in a fraction of the other."""
    await sign_up(client, "ada")

    async def duration(login: str) -> float:
        start = time.perf_counter()
        await client.post("/api/public/auth/login", json={"login": login, "password": "y" * 20})
        return time.perf_counter() - start

    known = min([await duration("ada") for _ in range(3)])
    unknown = min([await duration("nobody") for _ in range(3)])
    assert unknown > known * 0.4


async def test_expired_absolute_lifetime_logs_out(client, db):
    await sign_up(client, "ada")
    sid = client.cookies.get("ow_session")
    row = await db.scalar(select(UserSession).where(UserSession.session_id == sid))
    data = msgspec.json.decode(row.data)
    data["auth_at"] = time.time() - 31 * 24 * 3600
    await db.execute(
        update(UserSession).where(UserSession.session_id == sid).values(data=msgspec.json.encode(data))
    )
    await db.commit()
    assert (await client.get("/api/public/auth/me")).status_code == 401


async def test_idle_expiry_logs_out(client, db):
    await sign_up(client, "ada")
    sid = client.cookies.get("ow_session")
    await db.execute(
        update(UserSession)
        .where(UserSession.session_id == sid)
        .values(expires_at=func.now() - func.make_interval(0, 0, 0, 0, 1))
    )
    await db.commit()
    assert (await client.get("/api/public/auth/me")).status_code == 401


async def test_repeated_failed_logins_for_one_account_are_limited(client):
    await sign_up(client, "ada")
    for _ in range(5):
        response = await client.post("/api/public/auth/login", json={"login": "ada", "password": "z" * 20})
        assert response.status_code == 401
    limited = await client.post("/api/public/auth/login", json={"login": "ada", "password": PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    assert "Too many failed logins" in limited.json()["detail"]


async def test_failed_logins_from_one_address_are_limited_across_accounts(client):
    for index in range(20):
        response = await client.post(
            "/api/public/auth/login", json={"login": f"user{index}", "password": "z" * 20}
        )
        assert response.status_code == 401
    response = await client.post("/api/public/auth/login", json={"login": "someone", "password": "z" * 20})
    assert response.status_code == 429


async def test_successful_login_resets_the_account_counter(client):
    await sign_up(client, "ada")
    for _ in range(4):
        await client.post("/api/public/auth/login", json={"login": "ada", "password": "z" * 20})
    assert (
        await client.post("/api/public/auth/login", json={"login": "ada", "password": PASSWORD})
    ).status_code == 200
    for _ in range(4):
        response = await client.post("/api/public/auth/login", json={"login": "ada", "password": "z" * 20})
        assert response.status_code == 401


async def test_login_validation_errors_name_the_field(client):
    response = await client.post("/api/public/auth/login", json={"login": "", "password": "x"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "login"
