"""Request and response bodies of /api/public/auth."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from api.text import ONE_LINE
from core.tiers import Tier

Username = Annotated[
    str,
    Meta(
        min_length=3,
        max_length=32,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="3-32 characters: letters, digits, '_', '.', '-'",
        examples=["ada_l"],
    ),
]
Email = Annotated[
    str,
    Meta(
        max_length=320,
        pattern=r"^[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f]+\.[^@\s.\x00-\x1f\x7f-\x9f]+$",
        description="An e-mail address; compared case-insensitively",
        examples=["ada@example.com"],
    ),
]
Password = Annotated[
    str,
    Meta(
        min_length=15,
        max_length=128,
        description="15 to 128 characters (NIST SP 800-63B for password-only accounts)",
        examples=["correct horse battery staple"],
    ),
]


class SignupRequest(msgspec.Struct, forbid_unknown_fields=True):
    username: Username
    email: Email
    password: Password


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    login: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=320,
            pattern=ONE_LINE,
            description="Username or e-mail",
            examples=["ada_l"],
        ),
    ]
    password: Annotated[str, Meta(min_length=1, max_length=128, examples=["correct horse battery staple"])]


class Limits(msgspec.Struct):
    max_targets: int
    max_urls: int
    check_interval_seconds: int


class Usage(msgspec.Struct):
    targets: int
    active_targets: int
    urls: int


class UserOut(msgspec.Struct):
    id: UUID
    username: str
    email: str
    tier: Tier
    created_at: datetime


class MeOut(msgspec.Struct):
    id: UUID
    username: str
    email: str
    tier: Tier
    created_at: datetime
    limits: Limits
    usage: Usage
    subscription_status: str | None = None
    paused_by_downgrade: list[UUID] = msgspec.field(default_factory=list)
