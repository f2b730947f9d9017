"""Every table of offerwatch (DESIGN.md, "Data model"). All ids are UUIDs; all rows carry
created_at/updated_at."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from advanced_alchemy.base import DefaultBase, UUIDAuditBase
from advanced_alchemy.extensions.litestar.session import SessionModelMixin
from advanced_alchemy.mixins import AuditColumns
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ColumnElement,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    func,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.tiers import Tier

MONEY = Numeric(14, 2)
# A tier is stored as its value in a plain VARCHAR (no database enum, no CHECK): a new tier in
# core/tiers.py needs no migration.
TIER_COLUMN = Enum(
    Tier,
    native_enum=False,
    create_constraint=False,
    length=16,
    validate_strings=True,
    values_callable=lambda tiers: [tier.value for tier in tiers],
)
# advanced-alchemy's JsonB does not attach to tables on SQLAlchemy 2.1; this is the same idea.
JsonB = JSON().with_variant(JSONB(), "postgresql")


class User(UUIDAuditBase):
    __tablename__ = "user_account"

    username: Mapped[str] = mapped_column(String(32), unique=True)
    # Stored lower-cased, so the unique index is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    tier: Mapped[Tier] = mapped_column(TIER_COLUMN, default=Tier.FREE, server_default=Tier.FREE.value)
    stripe_customer_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    stripe_subscription_id: Mapped[str | None] = mapped_column(String(255))
    subscription_status: Mapped[str | None] = mapped_column(String(32))
    subscription_current_period_end: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)
    subscription_cancel_at_period_end: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # Set when a subscription turns past_due: pro is kept until then.
    pro_grace_until: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)
    # Decides which Stripe subscription event is newest when events arrive out of order.
    subscription_event_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)

    targets: Mapped[list[ScrapingTarget]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


# Sign-up and login read usernames case-insensitively, so `Ada` and `ada` are one name: the
# database holds that too, or two parallel sign-ups could both pass the service's check.
Index("uq_user_account_lower_username", func.lower(User.username), unique=True)


class UserSession(SessionModelMixin, AuditColumns):
    """Server-side login session; the cookie holds only `session_id`, `data` holds the user id."""

    __tablename__ = "user_session"


class ThrottleCounter(DefaultBase):
    """Attempts per key (a login's account, a client address) with the delay they have earned.

    Times are epoch seconds, so one UPSERT can do the arithmetic on PostgreSQL and SQLite alike
    (api/accounts/throttle.py).
    """

    __tablename__ = "throttle_counter"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    delay_seconds: Mapped[float] = mapped_column(Float)
    blocked_until: Mapped[float] = mapped_column(Float)
    forget_at: Mapped[float] = mapped_column(Float, index=True)
    # The last admitted request's ticket: how a request learns from RETURNING that it got in.
    ticket: Mapped[str] = mapped_column(String(32))


class AddressTurn(DefaultBase):
    """When an address of a paced channel kind (a Telegram chat) may get its next message, shared
    by every notifier process (notifier/address_turns.py). Epoch seconds, as ThrottleCounter."""

    __tablename__ = "address_turn"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    address: Mapped[str] = mapped_column(String(2048), primary_key=True)
    free_at: Mapped[float] = mapped_column(Float)


class ScrapingTarget(UUIDAuditBase):
    __tablename__ = "scraping_target"

    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Why an inactive target is paused when the system did it (e.g. "downgrade"); None = the user.
    paused_reason: Mapped[str | None] = mapped_column(String(32))
    include_words: Mapped[list[str]] = mapped_column(JsonB, default=list)
    exclude_words: Mapped[list[str]] = mapped_column(JsonB, default=list)
    min_price: Mapped[Decimal | None] = mapped_column(MONEY)
    max_price: Mapped[Decimal | None] = mapped_column(MONEY)

    user: Mapped[User] = relationship(back_populates="targets", lazy="raise")
    target_urls: Mapped[list[TargetUrl]] = relationship(
        back_populates="target", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class ScrapingUrl(UUIDAuditBase):
    """One listing page, fetched once per interval however many targets watch it."""

    __tablename__ = "scraping_url"
    __table_args__ = (Index("ix_scraping_url_due", "next_check_at"),)

    url: Mapped[str] = mapped_column(String(2048))
    # sha256 of (normalized url, render_js, selectors): the identity that targets share.
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    render_js: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    selectors: Mapped[dict[str, Any] | None] = mapped_column(JsonB)
    interval_seconds: Mapped[int] = mapped_column(Integer, default=900, server_default="900")
    next_check_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC)
    lease_id: Mapped[UUID | None] = mapped_column()
    lease_owner: Mapped[str | None] = mapped_column(String(255))
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)
    last_checked_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)
    last_status: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(Text)
    last_http_status: Mapped[int | None] = mapped_column(Integer)
    last_offers_seen: Mapped[int | None] = mapped_column(Integer)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # "ok" or "failing": watchers are told once when this flips.
    health: Mapped[str] = mapped_column(String(16), default="ok", server_default="ok")
    baseline_done: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Proxy, headers and cookies (api/targets/fetch_options.py) as a Fernet token: they hold
    # credentials. Part of the fingerprint, so they are never shared between different settings.
    fetch_options_encrypted: Mapped[str | None] = mapped_column(Text)
    # The same options masked (no password, cookie or Authorization value): what the API shows.
    fetch_options_masked: Mapped[dict[str, Any] | None] = mapped_column(JsonB)
    max_pages: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # What the last successful crawl saw (sha256 hex, computed by the crawler), handed out with
    # each lease: an unchanged body is not extracted again, an unchanged offer set not posted.
    body_hash: Mapped[str | None] = mapped_column(String(64))
    offers_hash: Mapped[str | None] = mapped_column(String(64))


class TargetUrl(UUIDAuditBase):
    """A target watching a scraping_url; created_at decides which offers the target is told of."""

    __tablename__ = "target_url"
    __table_args__ = (UniqueConstraint("target_id", "scraping_url_id"),)

    target_id: Mapped[UUID] = mapped_column(ForeignKey("scraping_target.id", ondelete="CASCADE"))
    scraping_url_id: Mapped[UUID] = mapped_column(
        ForeignKey("scraping_url.id", ondelete="CASCADE"), index=True
    )

    target: Mapped[ScrapingTarget] = relationship(back_populates="target_urls", lazy="raise")
    scraping_url: Mapped[ScrapingUrl] = relationship(lazy="joined")


class Offer(UUIDAuditBase):
    __tablename__ = "offer"
    __table_args__ = (
        UniqueConstraint("scraping_url_id", "url"),
        Index("ix_offer_scraping_url_first_seen", "scraping_url_id", "first_seen_at"),
    )

    scraping_url_id: Mapped[UUID] = mapped_column(ForeignKey("scraping_url.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(String(500))
    price: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str | None] = mapped_column(String(3))
    image_url: Mapped[str | None] = mapped_column(String(2048))
    extra: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC)


class OfferPriceChange(UUIDAuditBase):
    """A recorded drop (or rise) of an offer's price; a drop notifies the watchers once."""

    __tablename__ = "offer_price_change"

    offer_id: Mapped[UUID] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    old_price: Mapped[Decimal | None] = mapped_column(MONEY)
    new_price: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str | None] = mapped_column(String(3))


class NotificationConfig(UUIDAuditBase):
    """A delivery channel of a user: a Telegram chat, an e-mail address or a webhook URL.

    `address` is where the channel's kind delivers (notifier/channels/): what it means is the
    kind's business, the outbox and the routing never look inside it.
    """

    __tablename__ = "notification_config"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "address", name="uq_notification_config_user_kind_address"),
    )

    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="telegram", server_default="telegram")
    # The kind's address: a Telegram chat id (as text), an e-mail address, a webhook URL.
    address: Mapped[str] = mapped_column(String(2048))
    chat_title: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # /pause in the chat: delivery stopped for every target, the channel stays linked.
    is_paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # False until the owner proved the address is theirs (an e-mail's confirmation link);
    # nothing but the confirmation itself is delivered to an unverified channel.
    is_verified: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Kind-specific settings that are not secret (a webhook's preset, an e-mail's language).
    options: Mapped[dict[str, Any] | None] = mapped_column(JsonB)
    # A secret of the channel (a webhook's signing secret) as a Fernet token keyed from SECRET_KEY.
    secret_encrypted: Mapped[str | None] = mapped_column(Text)

    @hybrid_property
    def is_deliverable(self) -> bool:
        """Whether news (offers, digests, page health) goes to this channel now: one rule for
        the fan-out's query and for the delivery's last look."""
        return self.is_active and not self.is_paused and self.is_verified

    @is_deliverable.inplace.expression
    @classmethod
    def _is_deliverable_expression(cls) -> ColumnElement[bool]:
        return and_(cls.is_active.is_(True), cls.is_paused.is_(False), cls.is_verified.is_(True))


class TargetChannel(UUIDAuditBase):
    __tablename__ = "target_channel"
    __table_args__ = (UniqueConstraint("target_id", "channel_id"),)

    target_id: Mapped[UUID] = mapped_column(ForeignKey("scraping_target.id", ondelete="CASCADE"))
    channel_id: Mapped[UUID] = mapped_column(
        ForeignKey("notification_config.id", ondelete="CASCADE"), index=True
    )
    is_muted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    snoozed_until: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)


class RegisterToken(UUIDAuditBase):
    """Single-use token behind the Telegram deep link, kept only as its SHA-256: the token is
    shown once, and a copy of the database links no chat."""

    __tablename__ = "register_token"

    # hex SHA-256 of the random token; a plain hash suffices, as the token has 256 random bits.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[UUID] = mapped_column(ForeignKey("scraping_target.id", ondelete="CASCADE"))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)


class Notification(UUIDAuditBase):
    """The outbox: one message to deliver to one channel."""

    __tablename__ = "notification"
    __table_args__ = (
        Index(
            "ix_notification_pending",
            "created_at",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        # A crawl's new_offer rows wait as `held` until its job completes (DESIGN.md).
        Index(
            "ix_notification_held",
            "scraping_url_id",
            postgresql_where=text("status = 'held'"),
            sqlite_where=text("status = 'held'"),
        ),
    )

    # What makes a notification unique, e.g. "offer:<offer>:<target>:<channel>"; a retry that
    # computes the same key never creates a second row.
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    # new_offer | price_cut | digest | url_failing | url_recovered | text
    # status: pending | sent | failed | digested | held (a crawl's offer waiting for its job's end)
    kind: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[UUID] = mapped_column(
        ForeignKey("notification_config.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("scraping_target.id", ondelete="CASCADE"), index=True
    )
    offer_id: Mapped[UUID | None] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    price_change_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("offer_price_change.id", ondelete="CASCADE")
    )
    scraping_url_id: Mapped[UUID | None] = mapped_column(ForeignKey("scraping_url.id", ondelete="CASCADE"))
    # Kind-specific content that is not a row elsewhere (digest offer ids, a reply text).
    payload: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    # pending | sending (claimed by a worker, Telegram being called) | sent | failed | digested
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    # Telegram calls made (a 429 answer is not counted).
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)
    # The channel's id for the delivered message (Telegram's message id, an e-mail's
    # Message-ID, a webhook's delivery id).
    delivery_id: Mapped[str | None] = mapped_column(String(255))
    # When the next attempt is due (NULL: at once); the sweep re-sends rows long past it.
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)
    # When a worker set `sending`: a row sending for too long belongs to a worker that died.
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)
    # The first network error or 5xx of the current run of them: the retry window starts here.
    failing_since: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC)


class StripeEvent(UUIDAuditBase):
    """A processed Stripe event id (webhook idempotency)."""

    __tablename__ = "stripe_event"

    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    type: Mapped[str] = mapped_column(String(100))


class TelegramUpdate(UUIDAuditBase):
    """A processed Telegram update_id: Telegram retries deliveries, we act once."""

    __tablename__ = "telegram_update"

    update_id: Mapped[int] = mapped_column(BigInteger, unique=True)
