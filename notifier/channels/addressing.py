"""Adding a channel that has an address (e-mail, webhook): what the API asks of such a kind.

The API's `POST /api/public/channels` hands the kind's setup function the address and options
as the user wrote them; the function answers what to store, or raises AddressRejected naming
the problem and the field. The kinds register in KINDS (notifier/channels/__init__.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from core.config import Settings


class AddressRejected(ValueError):
    """The address (or the options) cannot make a channel of this kind; the message says why."""

    def __init__(self, message: str, field: str = "address") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class AddressSetup:
    """What a new channel stores: its address, options and secret (e.g. a webhook's signing
    key: `secret` is shown to the user once, `secret_encrypted` is what the row keeps), and
    whether the owner must confirm the address first (the kind then formats `confirm`)."""

    address: str
    options: dict[str, Any] | None = None
    secret: str | None = None
    secret_encrypted: str | None = None
    needs_confirmation: bool = False


class SetupAddress(Protocol):
    """A kind's check of a new address; async, so a kind may look the address up (a webhook's
    host) without holding the API's event loop."""

    async def __call__(
        self, raw: str, options: dict[str, Any] | None, settings: Settings
    ) -> AddressSetup: ...
