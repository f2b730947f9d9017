"""/api/public/auth: sign-up, login, logout, the current user."""

from __future__ import annotations

from typing import Annotated, Any

from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.openapi.spec import Example
from litestar.params import Body
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.schemas import LoginRequest, MeOut, SignupRequest, UserOut
from api.accounts.services import UserService
from api.accounts.sessions import end_session, start_session
from api.accounts.throttle import Throttle
from api.openapi import errors_of
from core.config import Settings
from core.db.models import User


def provide_throttle(db_session: AsyncSession, settings: Settings) -> Throttle:
    return Throttle(db_session, settings)


def client_address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


class AuthController(Controller):
    path = "/auth"
    tags = ["accounts"]
    dependencies = {
        "users": Provide(create_service_provider(UserService)),
        "throttle": Provide(provide_throttle, sync_to_thread=False),
    }

    @post(
        "/signup",
        status_code=HTTP_201_CREATED,
        summary="Create an account and log in",
        description="Creates a free-tier user and answers with a session cookie: "
        "the new user is logged in at once. Needs no session, only the CSRF token (403 "
        "without it). Sign-ups are limited per client address (429).",
        exclude_from_auth=True,
        security=[],
        responses=errors_of(400, 403, 409, 429),
    )
    async def signup(
        self,
        request: Request[Any, Any, Any],
        users: UserService,
        throttle: Throttle,
        data: Annotated[
            SignupRequest,
            Body(
                examples=[
                    Example(
                        value={
                            "username": "ada_l",
                            "email": "ada@example.com",
                            "password": "correct horse battery staple",
                        }
                    )
                ]
            ),
        ],
    ) -> UserOut:
        user = await users.sign_up(data, throttle, client_address(request))
        start_session(request, user.id)
        return users.to_schema(user, schema_type=UserOut)

    @post(
        "/login",
        status_code=HTTP_200_OK,
        summary="Log in with username or e-mail",
        description="Answers with a new session cookie (a fresh id on every login). Failed "
        "attempts are limited per account and per client address (429, with delays that "
        "double after each further failure). Needs no session, only the CSRF token (403 without it).",
        exclude_from_auth=True,
        security=[],
        responses=errors_of(400, 401, 403, 429),
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        users: UserService,
        throttle: Throttle,
        data: Annotated[
            LoginRequest,
            Body(examples=[Example(value={"login": "ada_l", "password": "correct horse battery staple"})]),
        ],
    ) -> UserOut:
        user = await users.log_in(data, throttle, client_address(request))
        start_session(request, user.id)
        return users.to_schema(user, schema_type=UserOut)

    @post(
        "/logout",
        status_code=HTTP_204_NO_CONTENT,
        summary="Log out",
        description="Deletes the session on the server and clears the cookie.",
        responses=errors_of(401),
    )
    async def logout(self, request: Request[User, Any, Any]) -> None:
        end_session(request)

    @get("/me", summary="The current user with tier, limits and usage", responses=errors_of(401))
    async def me(self, request: Request[User, Any, Any], users: UserService, settings: Settings) -> MeOut:
        return await users.profile(request.user, settings)
