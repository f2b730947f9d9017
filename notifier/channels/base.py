"""The channel seam: what the notifier asks of a kind of channel (Telegram, e-mail, webhook).

The outbox, the retries and the routing are the same for every kind; a kind only says how a
notification looks on it, how to send it there, and how the send went, in these terms:

- `Sent`: accepted; `delivery_id` is the kind's id for the message (kept on the row);
- `RetryAfter`: the service said when to try again (Telegram's 429): waited, never counted;
- `Retry`: a network error, a timeout, a 5xx: backed off, tried again within the retry window;
- `Final`: this message will never be accepted (a 400): the row fails, the channel stays;
- `ChannelGone`: the address takes no more messages (the bot was blocked, a webhook answers
  410, an e-mail address bounces for good): the channel is deactivated;
- `ChannelMoved`: the address changed (a Telegram group became a supergroup).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from core.db.models import Notification, NotificationConfig, Offer, ScrapingTarget, ScrapingUrl


@dataclass
class Content:
    """A notification with the rows its message is made of, loaded by the delivery."""

    notification: Notification
    channel: NotificationConfig
    target: ScrapingTarget | None = None
    offer: Offer | None = None
    digest_offers: list[Offer] = field(default_factory=list)
    digest_targets: list[ScrapingTarget] = field(default_factory=list)  # those still sending here
    scraping_url: ScrapingUrl | None = None


@dataclass(frozen=True)
class Sent:
    delivery_id: str | None


@dataclass(frozen=True)
class RetryAfter:
    seconds: float
    error: str


@dataclass(frozen=True)
class Retry:
    error: str


@dataclass(frozen=True)
class Final:
    error: str


@dataclass(frozen=True)
class ChannelGone:
    error: str


@dataclass(frozen=True)
class ChannelMoved:
    new_address: str


Outcome = Sent | RetryAfter | Retry | Final | ChannelGone | ChannelMoved


class Channel(Protocol):
    """One kind of channel, built once per notifier process from the settings."""

    kind: ClassVar[str]

    def format(self, content: Content) -> Any:
        """The message for this notification on this kind (ValueError: it cannot be made)."""
        ...

    async def send(self, message: Any) -> Outcome:
        """Deliver the message; delivery failures are outcomes, never exceptions."""
        ...

    async def close(self) -> None: ...


@runtime_checkable
class PacedChannel(Channel, Protocol):
    """A kind with sending limits of its own (Telegram: per chat and per sender). Its messages
    wait in the worker's turn queue (notifier/turns.py), which hands them to `send` at the
    sender's rate, each when its address is free; `send` itself still keeps to the limits.
    Kinds without limits are sent at once."""

    @property
    def messages_per_second(self) -> float:
        """The sender's rate over all its addresses."""
        ...

    def free_at(self, address: str) -> float:
        """When `address` may get its next message (wall-clock seconds)."""
        ...

    def spacing(self, address: str) -> float:
        """The seconds between two messages to `address`."""
        ...

    def hold(self, address: str, seconds: float) -> None:
        """The service said RetryAfter for this address: nothing goes to it for `seconds`."""
        ...
