"""Which listing page (scraping_url row) a watched URL is: one row per normalized URL with the
same extraction settings and fetch options, shared by every target that watches it, so a page
watched by a hundred users is fetched once per interval."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import AppError
from api.targets.fetch_options import FetchOptions, masked, options_fingerprint, validate_fetch_options
from api.targets.options_cipher import UnreadableOptions, cipher_for
from api.targets.schemas import UrlPatch
from api.targets.urls import url_fingerprint
from core.clock import utcnow
from core.config import Settings
from core.db.models import ScrapingUrl
from core.tiers import Tier


async def shared_page(
    session: AsyncSession,
    url: str,
    render_js: bool,
    selectors: dict[str, Any] | None,
    options: FetchOptions,
    max_pages: int,
    settings: Settings,
) -> ScrapingUrl:
    """The page of these settings: the existing row, or a new one (due at once; its first crawl
    is the silent baseline). Different options never share a row."""
    cipher = cipher_for(settings.secret_key)
    fingerprint = options_fingerprint(
        url_fingerprint(url, render_js, selectors), cipher.digest(options), max_pages
    )
    same_page = select(ScrapingUrl).where(ScrapingUrl.fingerprint == fingerprint)
    existing = await session.scalar(same_page)
    if existing is not None:
        return existing
    page = ScrapingUrl(
        url=url,
        fingerprint=fingerprint,
        render_js=render_js,
        selectors=selectors,
        fetch_options_encrypted=cipher.encrypt(options),
        fetch_options_masked=None if options.is_empty() else msgspec.to_builtins(masked(options)),
        max_pages=max_pages,
        # Until refresh_intervals sets its watchers' shortest interval.
        interval_seconds=settings.tier_limits(Tier.FREE).interval_seconds,
        next_check_at=utcnow(),
    )
    # A concurrent request may add the same page: the savepoint keeps our transaction alive.
    try:
        async with session.begin_nested():
            session.add(page)
    except IntegrityError:
        return (await session.scalars(same_page)).one()
    return page


def patched_options(page: ScrapingUrl, data: UrlPatch, settings: Settings) -> FetchOptions:
    """The page's options with the sent ones validated and put in their place (400 naming the
    field before anything is written)."""
    unset = msgspec.UnsetType
    new = validate_fetch_options(
        None if isinstance(data.proxy, unset) else data.proxy,
        None if isinstance(data.headers, unset) else data.headers,
        None if isinstance(data.cookies, unset) else data.cookies,
        settings.allowed_private_hosts,
    )
    keeps = [isinstance(value, unset) for value in (data.proxy, data.headers, data.cookies)]
    if not any(keeps):
        return new
    try:
        current = cipher_for(settings.secret_key).decrypt(page.fetch_options_encrypted)
    except UnreadableOptions:
        raise AppError(
            "This URL's stored proxy, headers and cookies can no longer be read: send all three "
            "(null for none)",
            field="proxy",
        ) from None
    return FetchOptions(
        proxy=current.proxy if keeps[0] else new.proxy,
        headers=current.headers if keeps[1] else new.headers,
        cookies=current.cookies if keeps[2] else new.cookies,
    )
