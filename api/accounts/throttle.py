"""Attempt counters with exponential delays (OWASP's advice for login throttling).

A key (an account, an unknown login string, a client address) gets `free` attempts; each one
after that earns a delay that doubles up to `max_delay`, so an attacker is slowed without anyone
being able to lock a known user out for longer than `max_delay`. Each admission is ONE atomic
UPSERT ... RETURNING: parallel requests cannot all read "below the limit" before any writes,
and no request takes more than its own short connection.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, literal, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import TooManyRequests
from core.config import Settings
from core.db.models import ThrottleCounter, User

TOO_MANY_LOGINS = "Too many failed logins; try again later"
TOO_MANY_SIGNUPS = "Too many sign-ups from this address; try again later"


@dataclass(frozen=True)
class Rule:
    free: int
    base_delay: float
    max_delay: float
    forget_after: float


def hashed(kind: str, value: str) -> str:
    # Hashed so the table never holds e-mail addresses or IPs in clear text.
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def login_key(login: str, user: User | None) -> str:
    """The account a login resolves to; an unknown login by its normalised spelling."""
    if user is not None:
        return f"account:{user.id}"
    return hashed("login", login.strip().casefold())


def _admit_statement(dialect: str, key: str, rule: Rule, now: float, ticket: str) -> Any:
    table = ThrottleCounter.__table__.c
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    first_delay = rule.base_delay if rule.free <= 1 else 0.0
    statement = insert(ThrottleCounter).values(
        key=key,
        attempts=1,
        delay_seconds=first_delay,
        blocked_until=now + first_delay if first_delay else 0.0,
        forget_at=now + rule.forget_after + first_delay,
        ticket=ticket,
    )
    forgotten: ColumnElement[bool] = table.forget_at <= now
    admitted = or_(forgotten, table.blocked_until <= now)
    attempts = case((forgotten, 1), else_=table.attempts + 1)
    delay = case(
        (or_(forgotten, table.delay_seconds <= 0), literal(rule.base_delay)),
        (table.delay_seconds * 2 > rule.max_delay, literal(rule.max_delay)),
        else_=table.delay_seconds * 2,
    )
    earns_delay = and_(admitted, attempts >= rule.free)
    return statement.on_conflict_do_update(
        index_elements=[table.key],
        set_={
            "attempts": case((admitted, attempts), else_=table.attempts),
            "delay_seconds": case((earns_delay, delay), (forgotten, 0.0), else_=table.delay_seconds),
            "blocked_until": case((earns_delay, now + delay), else_=table.blocked_until),
            "forget_at": case((admitted, now + rule.forget_after + delay), else_=table.forget_at),
            "ticket": case((admitted, ticket), else_=table.ticket),
        },
    ).returning(table.ticket, table.blocked_until)


class Throttle:
    """Admission per key on the request's database session (one statement each)."""

    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self._session = session
        forget = float(settings.login_failure_window_seconds)
        self.account = Rule(
            settings.login_max_failures_per_account,
            settings.login_delay_base_seconds,
            settings.login_max_delay_per_account_seconds,
            forget,
        )
        self.address = Rule(
            settings.login_max_failures_per_address,
            settings.login_delay_base_seconds,
            settings.login_max_delay_per_address_seconds,
            forget,
        )
        self.signup = Rule(
            settings.signup_max_per_address,
            settings.signup_delay_base_seconds,
            settings.signup_max_delay_seconds,
            forget,
        )

    async def admit(self, key: str, rule: Rule, refusal: str) -> None:
        """Count one attempt for `key`, or raise 429 with Retry-After while its delay runs."""
        now, ticket = time.time(), secrets.token_hex(16)
        dialect = self._session.get_bind().dialect.name
        row = (await self._session.execute(_admit_statement(dialect, key, rule, now, ticket))).one()
        if row.ticket != ticket:
            retry_after = max(1, math.ceil(row.blocked_until - now))
            raise TooManyRequests(refusal, headers={"Retry-After": str(retry_after)})

    async def admit_login(self, login: str, user: User | None, address: str) -> None:
        # The address first: a blocked address does not spend the account's attempts.
        await self.admit(hashed("address", address), self.address, TOO_MANY_LOGINS)
        await self.admit(login_key(login, user), self.account, TOO_MANY_LOGINS)

    async def admit_signup(self, address: str) -> None:
        await self.admit(hashed("signup", address), self.signup, TOO_MANY_SIGNUPS)

    async def forget_account(self, user: User) -> None:
        """A correct password clears the account's count (its address's count stays)."""
        await self._session.execute(delete(ThrottleCounter).where(ThrottleCounter.key == login_key("", user)))
