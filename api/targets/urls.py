"""Listing-URL rules: what a user may ask us to fetch, and the one spelling of each URL."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from api.errors import AppError
from core.addresses import ip_literal, refusal_reason
from core.limits import MAX_URL_LENGTH


def _refused_ip(host: str) -> str | None:
    """Why an IP-literal host may not be fetched; None for public addresses and for names."""
    address = ip_literal(host)
    return None if address is None else refusal_reason(address)


def _check_port(parts: SplitResult, field: str) -> None:
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise AppError("The URL has an invalid port", field=field) from None


def validate_listing_url(raw: str, allowed_private_hosts: tuple[str, ...], field: str = "url") -> str:
    """Check a user-supplied URL and return its normalized form, or raise a 400 naming `field`.

    The checks run on the normalized URL, the one the crawler will fetch: IDNA/NFKC mapping
    turns full-width or circled digits and ideographic dots into plain ones, so checking the
    spelling as sent would let full-width "127.0.0.1" with ideographic dots through.
    """
    url = raw.strip()
    if len(url) > MAX_URL_LENGTH:
        raise AppError(f"URL is longer than {MAX_URL_LENGTH} characters", field=field)
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise AppError("The URL is malformed", field=field) from None
    _check_port(parts, field)
    try:
        if parts.scheme.lower() not in {"http", "https"}:
            raise AppError("Only http and https URLs can be watched", field=field)
        if parts.username is not None or parts.password is not None:
            raise AppError("URLs with a user name or password are not accepted", field=field)
        url = normalize_url(url)
        parts = urlsplit(url)
    except ValueError:  # e.g. a label IDNA cannot encode
        raise AppError("The URL is malformed", field=field) from None
    if len(url) > MAX_URL_LENGTH:
        raise AppError(f"URL is longer than {MAX_URL_LENGTH} characters", field=field)
    _check_port(parts, field)
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise AppError("The URL has no host", field=field)
    if host not in allowed_private_hosts:
        if host == "localhost" or host.endswith(".localhost"):
            raise AppError("Local addresses cannot be watched", field=field)
        reason = _refused_ip(host)
        if reason:
            raise AppError(
                f"Private, loopback and reserved addresses cannot be watched (this is a {reason} address)",
                field=field,
            )
    return url


def normalize_url(url: str) -> str:
    """Canonical spelling (w3lib): sorted query, no fragment, lower-case scheme and host."""
    parts = urlsplit(canonicalize_url(url))
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()))


def url_fingerprint(url: str, render_js: bool, selectors: dict[str, Any] | None) -> str:
    """Identity of a scraping_url: targets with the same URL and options share one row."""
    key = json.dumps([url, render_js, selectors or None], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(key.encode()).hexdigest()
