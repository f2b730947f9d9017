"""Login sessions: server-side rows in the database, the cookie holds only a random id.

advanced-alchemy's session backend stores the rows and renews the idle expiry on every read;
this module adds what a login needs on top: a fresh id at login (session fixation) and an
absolute lifetime that activity does not extend.
"""

from __future__ import annotations

import datetime as dt
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from advanced_alchemy.extensions.litestar.session import SQLAlchemyAsyncSessionBackend
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.server_side import ServerSideSessionConfig
from litestar.security.session_auth import SessionAuth
from litestar.stores.base import Store
from litestar.types import Empty, Message, ScopeSession
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Settings
from core.db.models import User, UserSession

SESSION_COOKIE = "ow_session"
_ROTATE = "offerwatch.rotate_session"
_NEW_ID = "offerwatch.new_session_id"
# The request's own database session while the response is being sent: the login session row
# is written in the request's transaction, so a sign-up and its session commit together (and
# SQLite is not asked for a second writer while the first holds the lock).
_request_db: ContextVar[AsyncSession | None] = ContextVar("request_db", default=None)


class DatabaseSessionBackend(SQLAlchemyAsyncSessionBackend):
    def __init__(self, config: DatabaseSessionConfig) -> None:
        assert config.alchemy is not None
        super().__init__(config=config, alchemy_config=config.alchemy, model=UserSession)

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        state = connection.scope.setdefault("state", {})
        if state.get(_ROTATE):
            if _NEW_ID not in state:
                state[_NEW_ID] = self.generate_session_id()
            return str(state[_NEW_ID])
        return super().get_session_id(connection)

    async def store_in_message(
        self, scope_session: ScopeSession, message: Message, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        state = connection.scope.get("state", {})
        old_id = connection.cookies.get(self.config.key)
        holds_nothing = scope_session is Empty or not scope_session
        if holds_nothing and not old_id:
            return  # an anonymous request: no row and no cookie until a session holds something
        token = _request_db.set(self.alchemy.provide_session(connection.app.state, connection.scope))
        try:
            if holds_nothing:
                await self.delete(old_id or "", store=self.config.get_store_from_app(connection.app))
                # Litestar's own "null" cookie keeps max_age (it would live on for a week).
                expired = Cookie(
                    key=self.config.key,
                    value="",
                    max_age=0,
                    path=self.config.path,
                    secure=self.config.secure,
                    httponly=self.config.httponly,
                    samesite=self.config.samesite,
                )
                MutableScopeHeaders.from_message(message).add("Set-Cookie", expired.to_header(header=""))
                return
            if state.get(_ROTATE) and old_id:
                await self.delete(old_id, store=self.config.get_store_from_app(connection.app))
            await super().store_in_message(scope_session, message, connection)
        finally:
            _request_db.reset(token)

    async def set(self, /, session_id: str, data: bytes, store: Store) -> None:
        db = _request_db.get()
        if db is None:
            return await super().set(session_id, data, store)
        expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.config.max_age)
        row = await db.scalar(select(UserSession).where(UserSession.session_id == session_id))
        if row is None:
            db.add(UserSession(session_id=session_id, data=data, expires_at=expires_at))
        else:
            row.data, row.expires_at = data, expires_at
        await db.flush()
        return None

    async def delete(self, /, session_id: str, store: Store) -> None:
        db = _request_db.get()
        if db is None:
            return await super().delete(session_id, store)
        await db.execute(delete(UserSession).where(UserSession.session_id == session_id))
        return None


@dataclass
class DatabaseSessionConfig(ServerSideSessionConfig):
    alchemy: SQLAlchemyAsyncConfig | None = field(default=None)
    _backend_class = DatabaseSessionBackend  # type: ignore[assignment]

    def __deepcopy__(self, memo: dict[int, Any]) -> DatabaseSessionConfig:
        # Litestar deep-copies routers with their middleware; the engine config cannot be copied
        # and is meant to be shared.
        return self


def start_session(connection: ASGIConnection[Any, Any, Any, Any], user_id: UUID) -> None:
    """Log `user_id` in under a brand-new session id; any old session row is deleted."""
    connection.scope.setdefault("state", {})[_ROTATE] = True
    connection.set_session({"user_id": str(user_id), "auth_at": time.time()})


def end_session(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """Log out: the session row is deleted and the cookie cleared."""
    connection.clear_session()


def build_session_auth(settings: Settings, alchemy: SQLAlchemyAsyncConfig) -> SessionAuth[User, Any]:
    async def retrieve_user(
        session: dict[str, Any], connection: ASGIConnection[Any, Any, Any, Any]
    ) -> User | None:
        auth_at = session.get("auth_at")
        user_id = session.get("user_id")
        if not isinstance(auth_at, int | float) or not isinstance(user_id, str):
            return None
        if time.time() - auth_at > settings.session_absolute_seconds:
            return None
        db = alchemy.provide_session(connection.app.state, connection.scope)
        return await db.get(User, UUID(user_id))

    return SessionAuth[User, Any](
        retrieve_user_handler=retrieve_user,
        session_backend_config=DatabaseSessionConfig(
            alchemy=alchemy,
            key=SESSION_COOKIE,
            max_age=settings.session_idle_seconds,
            secure=settings.cookie_secure,
            httponly=True,
            samesite="lax",
            renew_on_access=True,
        ),
        exclude_opt_key="exclude_from_auth",
        exclude=["^/schema", "^/health", "^/ready", "^/api/internal", "^/api/webhooks"],
    )
