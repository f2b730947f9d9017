"""The OpenAPI document and its explorers, served entirely by the app (no CDN)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import RedocRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    Example,
    OpenAPI,
    OpenAPIType,
    RequestBody,
    Schema,
    SecurityScheme,
    Tag,
)
from litestar.static_files import create_static_files_router

from api.accounts.sessions import SESSION_COOKIE

ASSETS_PATH = "/schema/assets"
_STATIC = Path(__file__).parent / "static"

DESCRIPTION = f"""
offerwatch watches listing pages and sends every new offer to Telegram.

**Sessions.** `POST /api/public/auth/signup` and `/login` answer with an HttpOnly cookie
`{SESSION_COOKIE}`; every other `/api/public` route needs it.

**CSRF.** Unsafe methods (POST, PUT, PATCH, DELETE) under `/api/public` must send the value of
the `csrftoken` cookie in the `x-csrftoken` header. Any GET (for example `GET /health`) sets
the cookie. A missing or wrong token answers 403. The internal API (`/api/internal`, bearer
token), the webhooks (verified by their own signatures) and the one-click unsubscribe of
e-mails (`/api/public/channels/unsubscribe/{{token}}`, RFC 8058: the token is the proof) are exempt.

**Errors.** Every 4xx/5xx has the body `{{"status_code", "detail", "errors": [{{"field",
"message"}}]}}`; validation errors name the field.
"""

TAGS = [
    Tag(name="accounts", description="Sign-up, login, logout, the current user"),
    Tag(name="targets", description="What a user watches: targets, their URLs, filters, offers"),
    Tag(name="channels", description="Telegram chats and e-mail addresses that receive a target's offers"),
    Tag(name="billing", description="Stripe subscriptions"),
    Tag(name="internal", description="The crawler's API (bearer token)"),
    Tag(name="webhooks", description="Telegram and Stripe webhooks"),
    Tag(name="system", description="Health and readiness"),
]


class FieldError(msgspec.Struct):
    field: str | None
    message: str


class ErrorResponse(msgspec.Struct):
    """The body of every 4xx/5xx response."""

    status_code: int
    detail: str
    errors: list[FieldError]


_ERRORS = {
    400: (
        "Invalid request; `errors` names the field",
        "Invalid request (email): Expected `str` matching regex",
    ),
    401: ("Not logged in, or wrong credentials", "Wrong login or password"),
    403: (
        "CSRF token missing or wrong, or a tier limit reached",
        "Free plan allows 3 targets; upgrade to pro for more",
    ),
    404: ("Not found (also for objects of other users)", "Target not found"),
    409: ("Conflicts with existing data", "This username is already taken"),
    429: ("Too many requests; see Retry-After", "Too many failed logins; try again later"),
    503: ("Not configured or a dependency is down", "billing is not configured"),
}


def errors_of(*codes: int) -> dict[int, ResponseSpec]:
    """Response docs (with an example) for the error codes an operation can answer."""
    specs = {}
    for code in codes:
        description, detail = _ERRORS[code]
        example = {"status_code": code, "detail": detail, "errors": []}
        specs[code] = ResponseSpec(
            data_container=ErrorResponse,
            description=description,
            generate_examples=False,
            examples=[Example(summary=description, value=example)],
        )
    return specs


def build_openapi_config(version: str) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="offerwatch API",
        version=version,
        description=DESCRIPTION,
        tags=TAGS,
        path="/schema",
        create_examples=False,
        components=Components(
            security_schemes={
                "sessionCookie": SecurityScheme(
                    type="apiKey",
                    name=SESSION_COOKIE,
                    security_scheme_in="cookie",
                    description="Login session set by /api/public/auth/signup and /login",
                ),
                "internalToken": SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="INTERNAL_API_TOKEN, for the crawler's /api/internal routes",
                ),
            }
        ),
        render_plugins=[
            SwaggerRenderPlugin(
                path="/swagger",
                js_url=f"{ASSETS_PATH}/swagger/swagger-ui-bundle.js",
                css_url=f"{ASSETS_PATH}/swagger/swagger-ui.css",
                standalone_preset_js_url=f"{ASSETS_PATH}/swagger/swagger-ui-standalone-preset.js",
                favicon=f"<link rel='icon' href='{ASSETS_PATH}/swagger/favicon-32x32.png'>",
            ),
            RedocRenderPlugin(
                path="/redoc",
                js_url=f"{ASSETS_PATH}/redoc/redoc.standalone.js",
                google_fonts=False,
                favicon="",
            ),
        ],
    )


# Where the bodies the API reads and writes are defined: its own schemas and the crawler's wire.
SCHEMA_MODULES = ("api.", "core.wire")


def _structs(base: type[msgspec.Struct] = msgspec.Struct) -> list[type[msgspec.Struct]]:
    found = []
    for cls in base.__subclasses__():
        found.append(cls)
        found.extend(_structs(cls))
    return found


def refine_document(document: OpenAPI, public_without_session: list[tuple[str, str]]) -> None:
    """What Litestar leaves out of the generated document: bodies decoded with
    forbid_unknown_fields refuse unknown fields, so their schemas say additionalProperties:
    false (clients and schemathesis then know an extra field is an error); decimals read a
    number or a decimal string; sign-up and login need no session (Litestar adds the public
    router's security to every operation under it); a body that may be null may be left out."""
    _document_optional_bodies(document)
    for path, method in public_without_session:
        item = (document.paths or {}).get(path)
        operation = getattr(item, method.lower(), None) if item else None
        if operation is not None:
            operation.security = []
    ours = [cls for cls in _structs() if cls.__module__.startswith(SCHEMA_MODULES)]
    strict = {cls.__name__ for cls in ours if cls.__struct_config__.forbid_unknown_fields}
    structs = {cls.__name__: cls for cls in ours}
    schemas = document.components.schemas or {} if document.components else {}
    for name, schema in schemas.items():
        if name in strict and isinstance(schema, Schema):
            schema.additional_properties = False
        if isinstance(schema, Schema):
            _document_decimals(schema)
            if name in structs:
                _document_optional_bounds(structs[name], schema)


DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


def _document_optional_bodies(document: OpenAPI) -> None:
    """Litestar marks every request body required, also `data: Body | None = None`, which the
    route answers without a body: such a body (its schema admits null) is documented optional."""
    for item in (document.paths or {}).values():
        for operation in (item.post, item.put, item.patch):
            body = operation.request_body if operation else None
            if not isinstance(body, RequestBody) or not body.content:
                continue
            schemas = [media.schema for media in body.content.values()]
            if all(isinstance(schema, Schema) and _admits_null(schema) for schema in schemas):
                body.required = False


def _admits_null(schema: Schema) -> bool:
    return any(
        isinstance(branch, Schema) and branch.type == OpenAPIType.NULL for branch in schema.one_of or []
    )


def _document_decimals(schema: Schema) -> None:
    """Decimal fields read a number or a decimal string; Litestar documents a bare string."""
    for prop in (schema.properties or {}).values():
        if not isinstance(prop, Schema):
            continue
        variants = prop.one_of or [prop]
        for variant in variants:
            if isinstance(variant, Schema) and variant.type == OpenAPIType.STRING and _is_decimal(prop):
                variant.type = None
                variant.one_of = [
                    Schema(type=OpenAPIType.STRING, pattern=DECIMAL_PATTERN),
                    Schema(type=OpenAPIType.NUMBER),
                ]


def _document_optional_bounds(struct: type[msgspec.Struct], schema: Schema) -> None:
    """Litestar drops a number's bounds when the field may also be null
    (`Annotated[int, Meta(ge=0)] | None` becomes `oneOf: [integer, null]`): put them back on the
    number's branch, so the document says what the API refuses."""
    info = msgspec.inspect.type_info(struct)
    if not isinstance(info, msgspec.inspect.StructType):
        return
    for field in info.fields:
        prop = (schema.properties or {}).get(field.encode_name)
        if (
            not isinstance(prop, Schema)
            or not prop.one_of
            or not isinstance(field.type, msgspec.inspect.UnionType)
        ):
            continue
        numbers = [
            t for t in field.type.types if isinstance(t, msgspec.inspect.IntType | msgspec.inspect.FloatType)
        ]
        branches = [
            b
            for b in prop.one_of
            if isinstance(b, Schema) and b.type in (OpenAPIType.INTEGER, OpenAPIType.NUMBER)
        ]
        if len(numbers) != 1 or len(branches) != 1:
            continue
        number, branch = numbers[0], branches[0]
        branch.minimum = number.ge if number.ge is not None else branch.minimum
        branch.maximum = number.le if number.le is not None else branch.maximum
        branch.exclusive_minimum = number.gt if number.gt is not None else branch.exclusive_minimum
        branch.exclusive_maximum = number.lt if number.lt is not None else branch.exclusive_maximum


def _is_decimal(prop: Schema) -> bool:
    return (prop.description or "").startswith("A decimal")


def openapi_assets_routers() -> list[Any]:
    return [
        create_static_files_router(
            path=f"{ASSETS_PATH}/swagger",
            directories=[_STATIC / "swagger"],
            include_in_schema=False,
            opt={"exclude_from_auth": True},
        ),
        create_static_files_router(
            path=f"{ASSETS_PATH}/redoc",
            directories=[_STATIC / "redoc"],
            include_in_schema=False,
            opt={"exclude_from_auth": True},
        ),
    ]
