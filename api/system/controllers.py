"""/health and /ready: is the process up, can it reach what it needs."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get

from api.readiness import readiness_checks


class Health(msgspec.Struct):
    status: str
    checks: dict[str, str] = msgspec.field(default_factory=dict)


class SystemController(Controller):
    tags = ["system"]
    opt = {"exclude_from_auth": True}

    @get("/health", summary="The process is up", cache=False)
    async def health(self) -> Health:
        return Health(status="ok")

    @get(
        "/ready",
        summary="Database (and broker) reachable",
        cache=False,
        description="200 when every dependency answers, else 503 naming the failing one.",
    )
    async def ready(self, request: Request[Any, Any, Any]) -> Response[Health]:
        checks = await readiness_checks(request.app)
        ok = all(value == "ok" for value in checks.values())
        return Response(
            Health(status="ok" if ok else "unavailable", checks=checks), status_code=200 if ok else 503
        )
