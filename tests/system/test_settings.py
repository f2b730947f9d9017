"""Settings: embedded defaults, typed parsing, and a startup error naming a bad variable."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace

import pytest

from core.config import ROOT, SettingsError, load_settings, setting_names
from core.tiers import PAID_TIERS, TIER_LIMITS, Tier, limit_variable, price_variable

REAL = {"SECRET_KEY": "s" * 40, "INTERNAL_API_TOKEN": "token-123"}


def test_no_configuration_gives_the_embedded_defaults():
    settings = load_settings({})
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.broker_url == ""
    assert settings.telegram_bot_token == ""
    assert settings.cookie_secure is True
    assert settings.allowed_private_hosts == ()
    assert settings.tier_limits(Tier.FREE).max_targets == 3
    assert settings.tier_limits(Tier.PRO).interval_seconds == 120


def test_values_are_parsed_to_their_types():
    settings = load_settings(
        {
            "COOKIE_SECURE": "false",
            "FREE_MAX_TARGETS": "7",
            "ALLOWED_PRIVATE_HOSTS": "Demo.Local, 127.0.0.1,",
            "TELEGRAM_MESSAGES_PER_SECOND": "12.5",
        }
    )
    assert settings.cookie_secure is False
    assert settings.tier_limits(Tier.FREE).max_targets == 7
    assert settings.allowed_private_hosts == ("demo.local", "127.0.0.1")
    assert settings.telegram_messages_per_second == 12.5


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"COOKIE_SECURE": "maybe"}, "COOKIE_SECURE"),
        ({"FREE_MAX_TARGETS": "three"}, "FREE_MAX_TARGETS"),
        ({"FREE_MAX_TARGETS": "-1"}, "FREE_MAX_TARGETS"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://root@localhost/db", **REAL}, "DATABASE_URL"),
        ({"BROKER_URL": "redis://localhost"}, "BROKER_URL"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DATABASE_URL": "postgresql+psycopg://u@h/db", "INTERNAL_API_TOKEN": "t"}, "SECRET_KEY"),
        ({"DATABASE_URL": "postgresql+psycopg://u@h/db", "SECRET_KEY": "s" * 40}, "INTERNAL_API_TOKEN"),
        ({"API_BASE_URL": "127.0.0.1:8000"}, "API_BASE_URL"),
        ({"TELEGRAM_MESSAGES_PER_SECOND": "fast"}, "TELEGRAM_MESSAGES_PER_SECOND"),
        ({"NOTIFIER_RETRY_BACKOFF_SECONDS": "nan"}, "NOTIFIER_RETRY_BACKOFF_SECONDS"),
        ({"NOTIFIER_RETRY_BACKOFF_SECONDS": "-3"}, "NOTIFIER_RETRY_BACKOFF_SECONDS"),
        ({"TELEGRAM_MESSAGES_PER_SECOND": "inf"}, "TELEGRAM_MESSAGES_PER_SECOND"),
        ({"SIGNUP_URL": "javascript:alert(1)"}, "SIGNUP_URL"),
    ],
)
def test_invalid_values_raise_an_error_naming_the_variable(env, variable):
    with pytest.raises(SettingsError, match=variable):
        load_settings(env)


COMPOSE_ONLY = {
    "POSTGRES_PASSWORD",
    "RABBITMQ_PASSWORD",
    "API_WORKERS",
    "NOTIFIER_PROCESSES",
    "NOTIFIER_THREADS",
}


def test_env_example_documents_every_setting_with_a_comment():
    text = (ROOT / ".env.example").read_text()
    documented = re.findall(r"^([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE)
    assert sorted(set(documented) - COMPOSE_ONLY) == sorted(setting_names())
    lines = text.splitlines()
    for name in setting_names():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{name}="))
        above = next(line for line in reversed(lines[:index]) if not re.match(r"^[A-Z]", line))
        assert above.startswith("#"), name


def test_api_refuses_to_start_with_a_clear_error_naming_the_variable(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from api.app import app"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "COOKIE_SECURE": "perhaps"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "COOKIE_SECURE must be true or false" in result.stderr


def env_example() -> tuple[dict[str, str], dict[str, str]]:
    """.env.example's variables as written, and the comment block above each."""
    values: dict[str, str] = {}
    comments: dict[str, str] = {}
    block: list[str] = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith("#"):
            block.append(line)
        elif match := re.match(r"^([A-Z][A-Z0-9_]+)=(.*)$", line):
            values[match[1]], comments[match[1]] = match[2], "\n".join(block)
        else:
            block = []
    return values, comments


def test_env_example_as_written_is_the_embedded_mode():
    values, _ = env_example()
    settings = load_settings({k: v for k, v in values.items() if k not in COMPOSE_ONLY})
    assert settings.is_embedded_database and settings.broker_url == ""
    assert not settings.is_production_like


def test_env_example_marks_what_production_must_fill():
    values, comments = env_example()
    must = ["DATABASE_URL", "BROKER_URL", "SECRET_KEY", "INTERNAL_API_TOKEN", "TELEGRAM_BOT_TOKEN"]
    for name in [*must, "PUBLIC_BASE_URL", "POSTGRES_PASSWORD", "STRIPE_SECRET_KEY"]:
        assert "[production]" in comments[name], name
    env = {k: v for k, v in values.items() if k not in COMPOSE_ONLY}
    production = {
        "DATABASE_URL": "postgresql+psycopg://offerwatch@db.example:5432/offerwatch",
        "BROKER_URL": "amqp://offerwatch:pw@mq.example:5672/",
        **REAL,
    }
    for missing in ("SECRET_KEY", "INTERNAL_API_TOKEN"):
        with pytest.raises(SettingsError, match=missing):
            load_settings({**env, **production, missing: ""})
    assert load_settings({**env, **production}).is_production_like


@pytest.mark.parametrize("tier", list(Tier))
def test_each_tier_limit_is_overridden_by_its_own_variable(tier: Tier) -> None:
    env = {limit_variable(tier, "max_targets"): "7", limit_variable(tier, "interval_seconds"): "30"}

    settings = load_settings(env)

    assert settings.tier_limits(tier) == replace(TIER_LIMITS[tier], max_targets=7, interval_seconds=30)
    for other in Tier:
        if other is not tier:
            assert settings.tier_limits(other) == TIER_LIMITS[other]


@pytest.mark.parametrize("tier", list(Tier))
def test_a_bad_tier_limit_names_its_variable(tier: Tier) -> None:
    variable = limit_variable(tier, "max_urls")
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: "many"})


def test_every_paid_tier_needs_its_stripe_price_for_billing() -> None:
    keys = {"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}
    prices = {price_variable(tier): f"price_{tier}" for tier in PAID_TIERS}

    configured = load_settings({**keys, **prices})

    assert configured.billing_configured
    for tier in PAID_TIERS:
        assert configured.stripe_price(tier) == f"price_{tier}"
        assert configured.tier_of_price(f"price_{tier}") is tier
        assert not load_settings({**keys, **prices, price_variable(tier): ""}).billing_configured
    assert configured.tier_of_price("price_of_someone_else") is None


def test_an_unknown_tier_has_no_limits() -> None:
    with pytest.raises(ValueError, match="gold"):
        load_settings({}).tier_limits("gold")
