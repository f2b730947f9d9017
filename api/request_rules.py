"""Rules every API request follows, read from the app's own route table once it is built:
query parameters a route does not declare are refused (400 naming them, so a typo such as
`ofset` is not silently ignored), and OPTIONS answers list every method of the path in Allow
(Litestar's automatic OPTIONS lists only some when a controller splits a path over handlers),
and JSON bodies are read strictly: Litestar converts them with msgspec strict=False (a setting
it does not expose), so `0` or `"true"` would pass as a boolean and `"5"` as an integer."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar, Request
from litestar.datastructures.headers import MutableScopeHeaders
from litestar.enums import RequestEncodingType
from litestar.exceptions import ValidationException
from litestar.params import BodyKwarg
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope

from api.errors import AppError


class RouteTable:
    """Built on the first request, from the app the request reaches (the hooks are handed to
    the app before it exists)."""

    def __init__(self) -> None:
        self.methods: dict[str, list[str]] = {}
        self.query: dict[tuple[str, str], set[str]] = {}
        self.json_body: dict[tuple[str, str], Any] = {}
        self._built = False

    def _build(self, app: Litestar) -> None:
        if self._built:
            return
        self._built = True
        for route in app.routes:
            if not isinstance(route, HTTPRoute):
                continue
            self.methods[route.path_format] = sorted(route.methods)
            for method, (handler, kwargs_model) in route.route_handler_map.items():
                names = {param.field_alias for param in kwargs_model.expected_query_params}
                self.query[(route.path_format, method)] = names
                data = handler.parsed_fn_signature.parameters.get("data")
                if data is not None and _is_json(data.kwarg_definition):
                    self.json_body[(route.path_format, method)] = data.annotation

    async def check_request(self, request: Request[Any, Any, Any]) -> None:
        """`before_request` hook (after guards, before the handler's arguments are parsed)."""
        if request.method == "OPTIONS" or not request.url.path.startswith("/api/"):
            return
        self._build(request.app)
        route = (request.scope.get("path_template", ""), request.method)
        self._refuse_unknown_query(request, route)
        if route in self.json_body:
            await self._refuse_lenient_body(request, self.json_body[route])

    def _refuse_unknown_query(self, request: Request[Any, Any, Any], route: tuple[str, str]) -> None:
        known = self.query.get(route)
        if known is None:
            return
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise AppError(f"Unknown query parameter {unknown[0]!r}", field=unknown[0])

    @staticmethod
    async def _refuse_lenient_body(request: Request[Any, Any, Any], annotation: Any) -> None:
        """A body that Litestar's lenient conversion would accept but a strict one refuses is
        answered here, in Litestar's own error form; any other bad body is left to Litestar,
        which reports it (with the handler's other bad parameters) as before."""
        body = await request.body()
        if not body:
            return
        try:
            msgspec.json.decode(body, type=annotation, strict=True)
        except msgspec.ValidationError as strict_error:
            try:
                msgspec.json.decode(body, type=annotation, strict=False)
            except (msgspec.DecodeError, ValueError, RecursionError):
                return
            message, _, where = str(strict_error).partition(" - at `$")
            field = where.rstrip("`").removeprefix(".") or "body"
            raise ValidationException(
                detail="Validation failed", extra=[{"key": field, "message": message, "source": "body"}]
            ) from None
        except (msgspec.DecodeError, ValueError, RecursionError):
            return

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


def _is_json(kwarg_definition: Any) -> bool:
    media_type = kwarg_definition.media_type if isinstance(kwarg_definition, BodyKwarg) else None
    return media_type in (None, RequestEncodingType.JSON)
