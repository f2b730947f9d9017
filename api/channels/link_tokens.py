"""Telegram deep-link tokens: what a valid one looks like and what is stored of it. Issued by
the public API (services.py), redeemed by a chat's /start (chat_linking.py)."""

from __future__ import annotations

import hashlib
import re

# Telegram passes at most 64 characters of [A-Za-z0-9_-] as a deep-link start parameter.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
TOKEN_BYTES = 32  # token_urlsafe(32) is 43 characters


def hash_token(token: str) -> str:
    """What is stored of a link token: its hex SHA-256 (the token itself is shown once)."""
    return hashlib.sha256(token.encode()).hexdigest()
