"""The crawler's credential: `Authorization: Bearer <INTERNAL_API_TOKEN>`, compared in constant time."""

from __future__ import annotations

import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.errors import Unauthorized
from core.config import Settings

SCHEME = "bearer"


async def require_internal_token(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """401 unless the request carries the internal token; a user's session cookie does not count.
    A coroutine although it awaits nothing: Litestar runs a plain function guard in a worker
    thread, a hop that cost more than the check on every crawler request."""
    settings: Settings = connection.app.state.settings
    expected = settings.internal_api_token.encode()
    scheme, _, presented = connection.headers.get("authorization", "").partition(" ")
    # Settings refuse an empty token at start-up; an empty one here still admits nobody.
    if (
        not expected
        or scheme.lower() != SCHEME
        or not hmac.compare_digest(presented.strip().encode(), expected)
    ):
        raise Unauthorized(
            "Missing or wrong internal API token (Authorization: Bearer <INTERNAL_API_TOKEN>)",
            headers={"WWW-Authenticate": 'Bearer realm="internal"'},
        )
