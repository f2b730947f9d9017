"""Targets: what a user watches. Tier limits and ownership live here; which listing page a URL
is, shared with other watchers, is pages.py's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
from advanced_alchemy.filters import LimitOffset
from advanced_alchemy.service import OffsetPagination
from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.errors import AppError, Conflict, Forbidden, NotFound
from api.model_service import ModelService, repository_for
from api.targets.fetch_options import FetchOptionsOut, validate_fetch_options
from api.targets.pages import patched_options, shared_page
from api.targets.schemas import (
    Filters,
    OfferOut,
    Selectors,
    TargetCreate,
    TargetOut,
    TargetPatch,
    TargetSummary,
    UrlIn,
    UrlOut,
    UrlPatch,
)
from api.targets.urls import validate_listing_url
from core.config import Settings
from core.db.models import Offer, ScrapingTarget, ScrapingUrl, TargetUrl, User
from core.limits import to_cents
from core.scheduling import rebaseline_unchecked_pages, refresh_intervals
from core.tiers import Tier, next_tier_up


async def owned_target(session: AsyncSession, target_id: UUID, user: User, *options: Any) -> ScrapingTarget:
    """The user's target (loaded with `options`); another user's id answers 404 like a missing one."""
    target = await session.scalar(
        select(ScrapingTarget)
        .where(ScrapingTarget.id == target_id, ScrapingTarget.user_id == user.id)
        .options(*options)
    )
    if target is None:
        raise NotFound("Target not found")
    return target


class TargetService(ModelService[ScrapingTarget]):
    repository_type = repository_for(ScrapingTarget)

    async def get_owned(self, target_id: UUID, user: User) -> ScrapingTarget:
        """The user's target with its URLs (404 for anyone else's)."""
        return await owned_target(self.session, target_id, user, selectinload(ScrapingTarget.target_urls))

    async def _active_target_count(self, user: User) -> int:
        return await self.count(ScrapingTarget.user_id == user.id, ScrapingTarget.is_active.is_(True))

    async def _url_count(self, user: User) -> int:
        count = await self.session.scalar(
            select(func.count(TargetUrl.id))
            .join(ScrapingTarget, ScrapingTarget.id == TargetUrl.target_id)
            .where(ScrapingTarget.user_id == user.id)
        )
        return int(count or 0)

    async def _lock_user(self, user: User) -> None:
        """Serialise one user's limit checks: the count and the write that follows happen under
        the user's row lock (held until the request's transaction ends), so parallel requests
        cannot all count below the limit before any of them writes."""
        await self.session.execute(select(User.id).where(User.id == user.id).with_for_update())

    async def _check_target_limit(self, user: User, settings: Settings) -> None:
        await self._lock_user(user)
        limit = settings.tier_limits(user.tier).max_targets
        if await self._active_target_count(user) >= limit:
            raise Forbidden(_limit_reached(user.tier, f"{limit} active targets", "deactivate one"))

    async def _check_url_limit(self, user: User, adding: int, settings: Settings) -> None:
        await self._lock_user(user)
        limit = settings.tier_limits(user.tier).max_urls
        if await self._url_count(user) + adding > limit:
            raise Forbidden(_limit_reached(user.tier, f"{limit} watched URLs in all", "remove some"))

    async def create_target(self, user: User, data: TargetCreate, settings: Settings) -> ScrapingTarget:
        _check_price_range(data.filters.min_price, data.filters.max_price)
        await self._check_target_limit(user, settings)
        await self._check_url_limit(user, len(data.urls), settings)
        target = ScrapingTarget(
            user_id=user.id,
            name=data.name.strip(),
            is_active=True,
            include_words=clean_words(data.filters.include_words),
            exclude_words=clean_words(data.filters.exclude_words),
            min_price=_cents(data.filters.min_price),
            max_price=_cents(data.filters.max_price),
            target_urls=[],
        )
        self.session.add(target)
        await self.session.flush()
        for index, url in enumerate(data.urls):
            prefix = f"urls[{index}]."
            await self._attach_url(target, url, settings, field=f"{prefix}url", prefix=prefix)
        await refresh_intervals(self.session, [tu.scraping_url_id for tu in target.target_urls], settings)
        return target

    async def update_target(self, target: ScrapingTarget, data: TargetPatch) -> ScrapingTarget:
        if not isinstance(data.name, msgspec.UnsetType):
            target.name = data.name.strip()
        if not isinstance(data.filters, msgspec.UnsetType):
            patch = data.filters
            if not isinstance(patch.include_words, msgspec.UnsetType):
                target.include_words = clean_words(patch.include_words)
            if not isinstance(patch.exclude_words, msgspec.UnsetType):
                target.exclude_words = clean_words(patch.exclude_words)
            if not isinstance(patch.min_price, msgspec.UnsetType):
                target.min_price = _cents(patch.min_price)
            if not isinstance(patch.max_price, msgspec.UnsetType):
                target.max_price = _cents(patch.max_price)
            _check_price_range(target.min_price, target.max_price, field="filters.max_price")
        await self.session.flush()
        return target

    async def set_active(
        self, target: ScrapingTarget, user: User, active: bool, settings: Settings, *, catch_up: bool = False
    ) -> ScrapingTarget:
        if active and not target.is_active:
            await self._lock_user(user)
            await self.session.refresh(target, ["is_active"])  # a parallel activation may have won
            if not target.is_active:
                await self._check_target_limit(user, settings)
                if not catch_up:
                    await rebaseline_unchecked_pages(self.session, target.id)
        target.is_active = active
        target.paused_reason = None
        await self.session.flush()
        await refresh_intervals(self.session, [tu.scraping_url_id for tu in target.target_urls], settings)
        return target

    async def delete_target(self, target: ScrapingTarget, settings: Settings) -> None:
        url_ids = [tu.scraping_url_id for tu in target.target_urls]
        await self.session.delete(target)
        await self.session.flush()
        await refresh_intervals(self.session, url_ids, settings)

    async def add_url(self, target: ScrapingTarget, user: User, data: UrlIn, settings: Settings) -> TargetUrl:
        await self._check_url_limit(user, 1, settings)
        target_url = await self._attach_url(target, data, settings, field="url")
        await refresh_intervals(self.session, [target_url.scraping_url_id], settings)
        return target_url

    async def remove_url(self, target: ScrapingTarget, url_id: UUID, settings: Settings) -> None:
        target_url = next((tu for tu in target.target_urls if tu.id == url_id), None)
        if target_url is None:
            raise NotFound("URL not found on this target")
        target.target_urls.remove(target_url)
        await self.session.delete(target_url)
        await self.session.flush()
        await refresh_intervals(self.session, [target_url.scraping_url_id], settings)

    async def update_url(
        self, target: ScrapingTarget, url_id: UUID, data: UrlPatch, settings: Settings
    ) -> TargetUrl:
        """Move the link to the page fetched with the new options (another user's page never
        changes; a row of these exact options is shared as on add). The link keeps its id; the
        new page's first check is its silent baseline, as for any page newly watched."""
        target_url = next((tu for tu in target.target_urls if tu.id == url_id), None)
        if target_url is None:
            raise NotFound("URL not found on this target")
        page = target_url.scraping_url
        options = patched_options(page, data, settings)
        render_js = page.render_js if isinstance(data.render_js, msgspec.UnsetType) else data.render_js
        selectors = page.selectors
        if not isinstance(data.selectors, msgspec.UnsetType):
            selectors = msgspec.to_builtins(data.selectors) if data.selectors else None
        max_pages = page.max_pages if isinstance(data.max_pages, msgspec.UnsetType) else data.max_pages
        moved_to = await shared_page(
            self.session, page.url, render_js, selectors, options, max_pages, settings
        )
        if moved_to.id == page.id:
            return target_url
        if any(tu.scraping_url_id == moved_to.id for tu in target.target_urls):
            raise Conflict("This target already watches this URL with these options", field="url")
        target_url.scraping_url_id = moved_to.id
        target_url.scraping_url = moved_to
        await self.session.flush()
        await refresh_intervals(self.session, [page.id, moved_to.id], settings)
        return target_url

    async def _attach_url(
        self, target: ScrapingTarget, data: UrlIn, settings: Settings, field: str, prefix: str = ""
    ) -> TargetUrl:
        url = validate_listing_url(data.url, settings.allowed_private_hosts, field=field)
        options = validate_fetch_options(
            data.proxy, data.headers, data.cookies, settings.allowed_private_hosts, field_prefix=prefix
        )
        selectors = msgspec.to_builtins(data.selectors) if data.selectors else None
        scraping_url = await shared_page(
            self.session, url, data.render_js, selectors, options, data.max_pages, settings
        )
        if any(tu.scraping_url_id == scraping_url.id for tu in target.target_urls):
            raise Conflict("This target already watches this URL with these options", field=field)
        target_url = TargetUrl(target_id=target.id, scraping_url_id=scraping_url.id)
        target_url.scraping_url = scraping_url
        self.session.add(target_url)
        target.target_urls.append(target_url)
        await self.session.flush()
        return target_url

    async def list_targets(self, user: User, page: LimitOffset) -> OffsetPagination[TargetSummary]:
        """The user's targets, newest first, each with its URL count and check status."""
        url_count = func.count(TargetUrl.id)
        failing = func.coalesce(func.sum(case((ScrapingUrl.health == "failing", 1), else_=0)), 0)
        last_checked = func.max(ScrapingUrl.last_checked_at)
        checked = and_(url_count > 0, last_checked.is_not(None))
        query = (
            select(
                ScrapingTarget.id,
                ScrapingTarget.name,
                ScrapingTarget.is_active,
                ScrapingTarget.paused_reason,
                url_count.label("url_count"),
                failing.label("failing_url_count"),
                last_checked.label("last_checked_at"),
                case((checked, case((failing > 0, "error"), else_="ok"))).label("last_status"),
                ScrapingTarget.created_at,
            )
            .outerjoin(TargetUrl, TargetUrl.target_id == ScrapingTarget.id)
            .outerjoin(ScrapingUrl, ScrapingUrl.id == TargetUrl.scraping_url_id)
            .where(ScrapingTarget.user_id == user.id)
            .group_by(ScrapingTarget.id)
            .order_by(ScrapingTarget.created_at.desc(), ScrapingTarget.id)
            .limit(page.limit)
            .offset(page.offset)
        )
        rows = (await self.session.execute(query)).mappings().all()
        total = await self.count(ScrapingTarget.user_id == user.id)
        return self.to_schema(rows, total, filters=[page], schema_type=TargetSummary)

    async def list_offers(self, target: ScrapingTarget, page: LimitOffset) -> OffsetPagination[OfferOut]:
        """Offers found on the target's pages, newest first."""
        on_its_pages = Offer.scraping_url_id.in_([tu.scraping_url_id for tu in target.target_urls])
        total = await self.session.scalar(select(func.count(Offer.id)).where(on_its_pages))
        offers = await self.session.scalars(
            select(Offer)
            .where(on_its_pages)
            .order_by(Offer.first_seen_at.desc(), Offer.id)
            .limit(page.limit)
            .offset(page.offset)
        )
        return self.to_schema(offers.all(), int(total or 0), filters=[page], schema_type=OfferOut)


def _limit_reached(tier: Tier, allowance: str, remedy: str) -> str:
    """What a 403 for a tier limit says: the limit, and how to get under or above it."""
    higher = next_tier_up(tier)
    upgrade = f" or upgrade to {higher} to raise it" if higher is not None else ""
    return f"The {tier} plan allows {allowance}; {remedy}{upgrade}"


def clean_words(words: list[str]) -> list[str]:
    """Whitespace collapsed, lower case, no empty word, no repeat."""
    cleaned: list[str] = []
    for word in words:
        word = " ".join(word.split()).lower()
        if word and word not in cleaned:
            cleaned.append(word)
    return cleaned


def _cents(price: Decimal | None) -> Decimal | None:
    return None if price is None else to_cents(price)


def _check_price_range(low: Any, high: Any, field: str = "filters.max_price") -> None:
    if low is not None and high is not None and low > high:
        raise AppError("max_price must not be lower than min_price", field=field)


def url_out(target_url: TargetUrl) -> UrlOut:
    page = target_url.scraping_url
    return UrlOut(
        id=target_url.id,
        url=page.url,
        render_js=page.render_js,
        selectors=msgspec.convert(page.selectors, Selectors) if page.selectors else None,
        added_at=target_url.created_at,
        check_interval_seconds=page.interval_seconds,
        next_check_at=page.next_check_at,
        last_checked_at=page.last_checked_at,
        last_status=page.last_status,
        last_error=page.last_error,
        health=page.health,
        fetch_options=msgspec.convert(page.fetch_options_masked, FetchOptionsOut)
        if page.fetch_options_masked
        else FetchOptionsOut(proxy=None, headers={}, cookies={}),
        max_pages=page.max_pages,
    )


def target_out(target: ScrapingTarget) -> TargetOut:
    return TargetOut(
        id=target.id,
        name=target.name,
        is_active=target.is_active,
        paused_reason=target.paused_reason,
        filters=msgspec.convert(target, Filters, from_attributes=True),
        urls=[url_out(tu) for tu in sorted(target.target_urls, key=lambda tu: tu.created_at)],
        created_at=target.created_at,
        updated_at=target.updated_at,
    )
