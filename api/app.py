"""The Litestar application: `create_app()` wires plugins, middleware and routes; `app` serves."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar, Router
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import Cookie
from litestar.datastructures.headers import MutableScopeHeaders
from litestar.di import Provide
from litestar.middleware.csrf import generate_csrf_token
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope

from api.accounts.controllers import AuthController
from api.accounts.passwords import set_hashing_concurrency
from api.accounts.sessions import build_session_auth
from api.billing.controllers import StripeWebhookController, SubscriptionController
from api.billing.stripe_gateway import close_stripe_gateway
from api.channels.channel_controls import ChannelControlController
from api.channels.cli import TelegramCLIPlugin
from api.channels.controllers import ChannelController
from api.channels.email_links import EmailLinkController
from api.channels.webhook import TelegramWebhookController
from api.errors import exception_handlers
from api.internal.controllers import build_internal_router
from api.observability import RequestIdMiddleware, add_request_id_header
from api.openapi import build_openapi_config, openapi_assets_routers, refine_document
from api.readiness import check_broker, check_database
from api.request_rules import RouteTable
from api.system.controllers import SystemController
from api.targets.controllers import TargetController
from core.config import Settings, get_settings
from core.db.engine import build_alchemy_config
from core.observability import configure_logging
from notifier.lifespan import notifier_lifespan

CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"


class MetricsController(PrometheusController):
    path = "/metrics"
    tags = ["system"]


def csrf_cookie_on_refusals(settings: Settings) -> Any:
    """`before_send` hook: a safe request refused before the CSRF middleware ran (the 401 of
    GET /api/public/auth/me before login, how a frontend starts) still gets its CSRF cookie."""
    cookie_free = ("/api/internal/", "/api/webhooks/", "/schema", "/metrics")

    async def add_csrf_cookie(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start" or scope["type"] != "http":
            return
        if scope.get("method") not in {"GET", "HEAD", "OPTIONS"} or scope["path"].startswith(cookie_free):
            return
        if f"{CSRF_COOKIE}=".encode() in dict(scope["headers"]).get(b"cookie", b""):
            return
        headers = MutableScopeHeaders.from_message(message)
        if any(value.startswith(f"{CSRF_COOKIE}=") for value in headers.getall("set-cookie", [])):
            return
        cookie = Cookie(
            key=CSRF_COOKIE,
            value=generate_csrf_token(settings.secret_key),
            path="/",
            secure=settings.cookie_secure,
            samesite="lax",
        )
        headers.add("set-cookie", cookie.to_header(header=""))

    return add_csrf_cookie


def _version() -> str:
    try:
        return version("offerwatch")
    except PackageNotFoundError:
        return "0.1.0"


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    alchemy = build_alchemy_config(settings)
    set_hashing_concurrency(settings.password_hash_concurrency)
    session_auth = build_session_auth(settings, alchemy)
    metrics = PrometheusConfig(
        app_name="offerwatch", prefix="offerwatch_http", group_path=True, exclude=["^/metrics", "^/schema"]
    )

    public = Router(
        path="/api/public",
        route_handlers=[
            AuthController,
            TargetController,
            SubscriptionController,
            ChannelController,
            ChannelControlController,
            EmailLinkController,
        ],
        middleware=[session_auth.middleware],
        security=[{"sessionCookie": []}],
    )

    def provide_settings() -> Settings:
        return settings

    def on_startup(app: Litestar) -> None:
        app.state.settings = settings
        app.state.alchemy = alchemy
        app.state.readiness_checks = {"database": check_database}
        if settings.broker_url:
            app.state.readiness_checks["broker"] = check_broker

    routes = RouteTable()
    app = Litestar(
        route_handlers=[
            public,
            StripeWebhookController,
            TelegramWebhookController,
            build_internal_router(),
            SystemController,
            MetricsController,
            *openapi_assets_routers(),
        ],
        plugins=[SQLAlchemyPlugin(config=alchemy), TelegramCLIPlugin()],
        dependencies={"settings": Provide(provide_settings, sync_to_thread=False)},
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name=CSRF_COOKIE,
            header_name=CSRF_HEADER,
            cookie_secure=settings.cookie_secure,
            cookie_samesite="lax",
            # RFC 8058: mail clients POST the one-click unsubscribe without cookies; its token is the proof.
            exclude=["^/api/internal/", "^/api/webhooks/", "^/api/public/channels/unsubscribe/"],
        ),
        exception_handlers=exception_handlers,
        openapi_config=build_openapi_config(_version()),
        on_startup=[on_startup],
        lifespan=[notifier_lifespan(settings)],
        on_shutdown=[close_stripe_gateway],
        middleware=[RequestIdMiddleware(), metrics.middleware],
        before_send=[add_request_id_header, csrf_cookie_on_refusals(settings), routes.complete_allow_header],
        before_request=routes.check_request,
        # Processes configure logging at their entry point (configure_logging), not the app.
        logging_config=None,
        debug=False,
    )
    without_session = [
        (route.path_format, str(method))
        for route in app.routes
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/public/")
        for method, (handler, _) in route.route_handler_map.items()
        if handler.opt.get("exclude_from_auth") and method != "OPTIONS"
    ]
    refine_document(app.openapi_schema, without_session)
    return app


def __getattr__(name: str) -> Any:
    # `api.app:app` is built on first access, so importing this module reads no environment.
    if name == "app":
        settings = get_settings()
        configure_logging(settings.log_level, settings.log_json)
        application = create_app(settings)
        globals()["app"] = application
        return application
    raise AttributeError(name)
