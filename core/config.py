"""Settings from the environment: the one place in the system that reads os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any, get_type_hints

from core.tiers import (
    PAID_TIERS,
    TIER_LIMITS,
    Tier,
    TierLimits,
    limit_variable,
    price_variable,
    tier_variables,
)

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-insecure-secret-key-change-me-0123456789"  # noqa: S105 - embedded default only
DEV_INTERNAL_TOKEN = "dev-internal-token"  # noqa: S105 - embedded default only
SMTP_SECURITY_MODES = ("starttls", "tls", "none")
PER_TIER = "per_tier"  # metadata of the fields read from the per-tier variables


class SettingsError(ValueError):
    """A configuration value is missing or invalid; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """Every knob of the system. Field `foo_bar` is read from the variable `FOO_BAR`, except the
    per-tier ones (`tiers`, `stripe_prices`), read from the variables core/tiers.py names."""

    database_url: str = f"sqlite+aiosqlite:///{ROOT / 'offerwatch.sqlite3'}"
    broker_url: str = ""
    secret_key: str = DEV_SECRET
    internal_api_token: str = DEV_INTERNAL_TOKEN
    api_base_url: str = "http://127.0.0.1:8000"
    public_base_url: str = ""
    cookie_secure: bool = True
    allowed_private_hosts: tuple[str, ...] = ()
    log_level: str = "INFO"
    log_json: bool = False

    session_idle_seconds: int = 7 * 24 * 3600
    session_absolute_seconds: int = 30 * 24 * 3600
    # Failed logins before delays start (per account, per address); each later failure doubles
    # the delay from the base up to the maximum; counts are forgotten after a quiet window.
    login_max_failures_per_account: int = 5
    login_max_failures_per_address: int = 20
    login_failure_window_seconds: int = 15 * 60
    # argon2id cost of password hashes (RFC 9106's low-memory profile); the tests lower it.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 64 * 1024
    login_delay_base_seconds: float = 15.0
    # Short, so nobody can lock a known user out for long by guessing their username.
    login_max_delay_per_account_seconds: float = 5 * 60
    login_max_delay_per_address_seconds: float = 60 * 60
    signup_max_per_address: int = 10
    signup_delay_base_seconds: float = 60.0
    signup_max_delay_seconds: float = 60 * 60
    # argon2 hashes at once (each takes 64 MiB and a core for tens of milliseconds).
    password_hash_concurrency: int = 2

    db_pool_size: int = 10
    db_max_overflow: int = 10
    # A request that waits longer than this for a connection answers 503.
    db_pool_timeout_seconds: float = 10.0

    # Each tier's limits: the table in core/tiers.py with <TIER>_MAX_TARGETS, <TIER>_MAX_URLS
    # and <TIER>_INTERVAL_SECONDS applied.
    tiers: tuple[tuple[Tier, TierLimits], ...] = field(
        default=tuple(TIER_LIMITS.items()), metadata={PER_TIER: True}
    )

    lease_seconds: int = 300
    max_backoff_seconds: int = 6 * 3600
    failing_after_errors: int = 3
    digest_threshold: int = 5
    sweep_interval_seconds: int = 30
    sweep_pending_after_seconds: int = 60

    telegram_bot_token: str = ""
    telegram_bot_username: str = "offerwatch_bot"
    telegram_api_base_url: str = "https://api.telegram.org"
    telegram_webhook_secret: str = ""
    telegram_register_token_ttl_seconds: int = 15 * 60
    telegram_messages_per_second: float = 30.0
    # Network errors and 5xx answers are retried for this long before a notification fails.
    notifier_retry_window_seconds: int = 24 * 3600
    notifier_retry_backoff_seconds: float = 2.0
    # Where a `dramatiq notifier.actors` process serves its Prometheus metrics; 0 = nowhere.
    notifier_metrics_host: str = "0.0.0.0"  # noqa: S104 - scraped from outside its container
    notifier_metrics_port: int = 9191
    notifier_max_backoff_seconds: float = 3600.0
    # A notification `sending` for longer belongs to a worker that died: it is sent again.
    notifier_sending_timeout_seconds: int = 300
    # A webhook channel's POST (redirects included) must be answered within this many seconds.
    webhook_timeout_seconds: float = 10.0
    # Where the bot's /start (without a link token) sends people to create an account.
    signup_url: str = "http://127.0.0.1:3000/signup"

    # E-mail channels (notifier/channels/email): the SMTP server that relays them; no host =
    # mails are written to the log (the embedded default).
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    # starttls (required, usually port 587), tls (implicit TLS, usually 465) or none (a local relay).
    smtp_security: str = "starttls"
    smtp_from: str = "offerwatch <alerts@offerwatch.localhost>"
    smtp_timeout_seconds: float = 30.0
    # How long the link in an e-mail channel's confirmation mail works.
    email_confirmation_ttl_seconds: int = 2 * 24 * 3600

    stripe_secret_key: str = ""
    stripe_webhook_secret: str = ""
    # The Stripe price that sells each paid tier (STRIPE_PRICE_<TIER>).
    stripe_prices: tuple[tuple[Tier, str], ...] = field(default=(), metadata={PER_TIER: True})
    stripe_api_base: str = "https://api.stripe.com"
    stripe_success_url: str = "http://127.0.0.1:3000/billing/success"
    stripe_cancel_url: str = "http://127.0.0.1:3000/billing/cancel"
    stripe_portal_return_url: str = "http://127.0.0.1:3000/billing"
    stripe_past_due_grace_days: int = 7

    scrapyd_url: str = ""
    # Several scrapyd nodes, comma-separated; SCRAPYD_URL (one node) is still read too.
    scrapyd_urls: str = ""
    scrapyd_project: str = "offerwatch"
    max_concurrent_crawls: int = 2
    chromium_path: str = "/usr/bin/chromium"
    crawler_obey_robots: bool = True
    crawler_per_host_concurrency: int = 2
    crawler_per_host_delay: float = 0.0

    @property
    def is_embedded_database(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def is_production_like(self) -> bool:
        """True once any real service is configured: embedded dev defaults are then refused."""
        return not self.is_embedded_database or bool(self.broker_url)

    def tier_limits(self, tier: str) -> TierLimits:
        """What `tier` allows (a Tier or its value)."""
        wanted = Tier(tier)
        return next(limits for each, limits in self.tiers if each is wanted)

    def stripe_price(self, tier: Tier) -> str:
        """The Stripe price id that sells `tier`; empty when none is configured."""
        return next((price for each, price in self.stripe_prices if each is tier), "")

    def tier_of_price(self, price_id: str) -> Tier | None:
        """The paid tier a Stripe price sells, if it is one of ours."""
        return next((tier for tier, price in self.stripe_prices if price == price_id), None)

    @property
    def public_api_url(self) -> str:
        """The API's root as people reach it (links in e-mails): PUBLIC_BASE_URL, else API_BASE_URL."""
        return (self.public_base_url or self.api_base_url).rstrip("/")

    @property
    def billing_configured(self) -> bool:
        prices = all(self.stripe_price(tier) for tier in PAID_TIERS)
        return bool(self.stripe_secret_key and self.stripe_webhook_secret and prices)


def _parse(name: str, raw: str, kind: Any) -> Any:
    text = raw.strip()
    if kind is bool:
        lowered = text.lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise SettingsError(f"{name} must be true or false, got {raw!r}")
    if kind is int:
        try:
            value = int(text)
        except ValueError:
            raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
        if value < 0:
            raise SettingsError(f"{name} must not be negative, got {raw!r}")
        return value
    if kind is float:
        try:
            number = Decimal(text)
        except ArithmeticError:
            raise SettingsError(f"{name} must be a number, got {raw!r}") from None
        if not number.is_finite() or number < 0:
            raise SettingsError(f"{name} must be a finite number, not negative, got {raw!r}")
        return float(number)
    if kind == tuple[str, ...]:
        return tuple(part.strip().lower() for part in text.split(",") if part.strip())
    return text


def _validate(settings: Settings) -> None:
    # SQLAlchemy only here: importing this module must stay cheap for the crawler.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(settings.database_url)
    except ArgumentError:
        raise SettingsError(
            f"DATABASE_URL is not a SQLAlchemy URL: {settings.database_url!r} "
            "(e.g. postgresql+psycopg://user@host:5432/db)"
        ) from None
    if url.get_backend_name() not in {"postgresql", "sqlite"}:
        raise SettingsError("DATABASE_URL must point at PostgreSQL or SQLite")
    if settings.broker_url and not settings.broker_url.startswith(("amqp://", "amqps://")):
        raise SettingsError(f"BROKER_URL must be empty or an amqp:// URL, got {settings.broker_url!r}")
    if len(settings.secret_key) < 32:
        raise SettingsError("SECRET_KEY must be at least 32 characters long")
    if settings.is_production_like:
        if settings.secret_key == DEV_SECRET:
            raise SettingsError("SECRET_KEY must be set when DATABASE_URL or BROKER_URL is set")
        if settings.internal_api_token in {"", DEV_INTERNAL_TOKEN}:
            raise SettingsError("INTERNAL_API_TOKEN must be set when DATABASE_URL or BROKER_URL is set")
    if not settings.internal_api_token:
        raise SettingsError("INTERNAL_API_TOKEN must not be empty")
    if settings.argon2_time_cost < 1 or settings.argon2_memory_kib < 32:
        raise SettingsError("ARGON2_TIME_COST must be at least 1 and ARGON2_MEMORY_KIB at least 32")
    if settings.webhook_timeout_seconds <= 0:
        raise SettingsError("WEBHOOK_TIMEOUT_SECONDS must be more than 0")
    if settings.smtp_security not in SMTP_SECURITY_MODES:
        raise SettingsError(
            f"SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY_MODES)}, got {settings.smtp_security!r}"
        )
    if "@" not in parseaddr(settings.smtp_from)[1]:
        raise SettingsError(
            f"SMTP_FROM must be an e-mail address (Name <addr@domain>), got {settings.smtp_from!r}"
        )
    for name in ("api_base_url", "telegram_api_base_url", "stripe_api_base", "signup_url"):
        value = getattr(settings, name)
        if not value.startswith(("http://", "https://")):
            raise SettingsError(f"{name.upper()} must be an http(s) URL, got {value!r}")


def _read(env: Mapping[str, str], only: frozenset[str] | None = None) -> Settings:
    hints = get_type_hints(Settings)
    values: dict[str, Any] = {}
    if only is None:
        values.update(tiers=_read_tiers(env), stripe_prices=_read_prices(env))
    for spec in fields(Settings):
        if (only is not None and spec.name not in only) or spec.metadata.get(PER_TIER):
            continue
        name = spec.name.upper()
        raw = env.get(name)
        if raw is None or raw == "":
            continue
        values[spec.name] = _parse(name, raw, hints[spec.name])
    return Settings(**values)


def _read_tiers(env: Mapping[str, str]) -> tuple[tuple[Tier, TierLimits], ...]:
    """The tier table with the environment's overrides applied."""
    table = []
    for tier, limits in TIER_LIMITS.items():
        overrides = {}
        for spec in fields(TierLimits):
            name = limit_variable(tier, spec.name)
            if raw := env.get(name):
                overrides[spec.name] = _parse(name, raw, int)
        table.append((tier, replace(limits, **overrides)))
    return tuple(table)


def _read_prices(env: Mapping[str, str]) -> tuple[tuple[Tier, str], ...]:
    return tuple((tier, price) for tier in PAID_TIERS if (price := env.get(price_variable(tier), "").strip()))


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from `environ` (default os.environ); raise SettingsError naming a bad one."""
    settings = _read(os.environ if environ is None else environ)
    _validate(settings)
    return settings


# What a crawl process reads (crawler/settings.py); every other field keeps its default there.
CRAWLER_FIELDS = frozenset(
    {
        "api_base_url",
        "internal_api_token",
        "allowed_private_hosts",
        "chromium_path",
        "crawler_obey_robots",
        "log_level",
    }
)


def load_crawler_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Only the crawler's fields, by the same rules as load_settings: a crawl process starts
    without the database's settings (and without importing SQLAlchemy to check them)."""
    settings = _read(os.environ if environ is None else environ, CRAWLER_FIELDS)
    if not settings.internal_api_token:
        raise SettingsError("INTERNAL_API_TOKEN must not be empty")
    if not settings.api_base_url.startswith(("http://", "https://")):
        raise SettingsError(f"API_BASE_URL must be an http(s) URL, got {settings.api_base_url!r}")
    return settings


def setting_names() -> list[str]:
    """The environment variable names the system reads."""
    plain = [spec.name.upper() for spec in fields(Settings) if not spec.metadata.get(PER_TIER)]
    return plain + tier_variables()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
