"""One JSON error shape for every 4xx/5xx: {status_code, detail, errors: [{field, message}]}."""

from __future__ import annotations

import logging
from typing import Any

from advanced_alchemy.exceptions import (
    DuplicateKeyError,
    IntegrityError,
    NotFoundError,
    RepositoryError,
)
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger(__name__)
NOT_LOGGED_IN = "Not logged in (or the session has expired)"


class AppError(HTTPException):
    """An error a user can cause: a status, a clear message and optionally the field at fault."""

    status_code = 400

    def __init__(
        self,
        detail: str,
        *,
        status_code: int | None = None,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        extra = [{"field": field, "message": detail}] if field else None
        super().__init__(
            detail=detail, status_code=status_code or self.status_code, extra=extra, headers=headers
        )


class NotFound(AppError):
    status_code = 404


class Conflict(AppError):
    status_code = 409


class Forbidden(AppError):
    status_code = 403


class Unauthorized(AppError):
    status_code = 401


class TooManyRequests(AppError):
    status_code = 429


class ServiceUnavailable(AppError):
    status_code = 503


def _field_errors(extra: Any) -> list[dict[str, Any]]:
    if not isinstance(extra, list):
        return []
    errors = []
    for item in extra:
        if not isinstance(item, dict):
            continue
        field = item.get("field") or item.get("key")
        message = item.get("message", "invalid value")
        entry: dict[str, Any] = {"field": field, "message": message}
        if item.get("source"):
            entry["source"] = item["source"]
        errors.append(entry)
    return errors


def error_body(status_code: int, detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"status_code": status_code, "detail": detail, "errors": errors or []}


def _validation_detail(exc: ValidationException, errors: list[dict[str, Any]]) -> str:
    if errors:
        first = errors[0]
        where = f" ({first['field']})" if first.get("field") else ""
        return f"Invalid request{where}: {first['message']}"
    return exc.detail or "Invalid request"


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    errors = _field_errors(exc.extra)
    detail = exc.detail
    if isinstance(exc, ValidationException):
        detail = _validation_detail(exc, errors)
    elif isinstance(exc, NotAuthorizedException) and not isinstance(exc, AppError):
        detail = NOT_LOGGED_IN  # the session middleware's own wording is not for users
    return Response(
        error_body(exc.status_code, detail, errors),
        status_code=exc.status_code,
        headers=exc.headers,
        media_type=MediaType.JSON,
    )


def handle_pool_timeout(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.warning("no database connection free for %s %s", request.method, request.url.path)
    return Response(
        error_body(HTTP_503_SERVICE_UNAVAILABLE, "The service is busy; try again shortly"),
        status_code=HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": "1"},
    )


def handle_undecodable_body(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # Raised while a request body is decoded (msgspec): invalid UTF-8, or JSON nested deeper
    # than the decoder's recursion limit. A client's fault, so a 400 like any other bad body.
    detail = (
        "The body is not valid UTF-8"
        if isinstance(exc, UnicodeDecodeError)
        else "The body is nested too deeply"
    )
    return Response(error_body(400, detail, [{"field": "body", "message": detail}]), status_code=400)


def handle_repository_error(request: Request[Any, Any, Any], exc: RepositoryError) -> Response[Any]:
    if isinstance(exc.__cause__, PoolTimeout):
        return handle_pool_timeout(request, exc)
    if isinstance(exc, NotFoundError):
        return Response(error_body(404, "Not found"), status_code=404)
    if isinstance(exc, DuplicateKeyError | IntegrityError):
        return Response(error_body(409, "Conflicts with an existing record"), status_code=409)
    return handle_internal_error(request, exc)


def handle_internal_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return Response(
        error_body(HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error"),
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )


exception_handlers: dict[Any, Any] = {
    HTTPException: handle_http_exception,
    RepositoryError: handle_repository_error,
    PoolTimeout: handle_pool_timeout,
    UnicodeDecodeError: handle_undecodable_body,
    RecursionError: handle_undecodable_body,
    HTTP_500_INTERNAL_SERVER_ERROR: handle_internal_error,
}
