"""Rules every API request follows, read from the app's own route table once it is built:
query parameters a route does not declare are refused (400 naming them, so a typo such as
`ofset` is not silently ignored), and OPTIONS answers list every method of the path in Allow
(Litestar's automatic OPTIONS lists only some when a controller splits a path over handlers)."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Request
from litestar.datastructures.headers import MutableScopeHeaders
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope

from api.errors import AppError


class RouteTable:
    """Built on the first request, from the app the request reaches (the hooks are handed to
    the app before it exists)."""

    def __init__(self) -> None:
        self.methods: dict[str, list[str]] = {}
        self.query: dict[tuple[str, str], set[str]] = {}
        self._built = False

    def _build(self, app: Litestar) -> None:
        if self._built:
            return
        self._built = True
        for route in app.routes:
            if not isinstance(route, HTTPRoute):
                continue
            self.methods[route.path_format] = sorted(route.methods)
            for method, (_, kwargs_model) in route.route_handler_map.items():
                names = {param.field_alias for param in kwargs_model.expected_query_params}
                self.query[(route.path_format, method)] = names

    async def refuse_unknown_query(self, request: Request[Any, Any, Any]) -> None:
        """`before_request` hook."""
        if request.method == "OPTIONS" or not request.url.path.startswith("/api/"):
            return
        self._build(request.app)
        known = self.query.get((request.scope.get("path_template", ""), request.method))
        if known is None:
            return
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise AppError(f"Unknown query parameter {unknown[0]!r}", field=unknown[0])

    async def complete_allow_header(self, message: Message, scope: Scope) -> None:
        """`before_send` hook."""
        if message["type"] != "http.response.start" or scope["type"] != "http":
            return
        if scope.get("method") != "OPTIONS" and message["status"] != 405:
            return
        self._build(scope["litestar_app"])
        methods = self.methods.get(str(scope.get("path_template", "")))
        if methods:
            headers = MutableScopeHeaders.from_message(message)
            headers["allow"] = ", ".join(methods)
