"""/api/public/targets: targets, their URLs, and the offers found for them."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from advanced_alchemy.extensions.litestar.providers import create_service_provider
from advanced_alchemy.filters import LimitOffset
from advanced_alchemy.service import OffsetPagination
from litestar import Controller, Request, delete, get, patch, post
from litestar.di import Provide
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath, Parameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.openapi import errors_of
from api.targets.schemas import (
    OfferOut,
    TargetActivate,
    TargetCreate,
    TargetOut,
    TargetPatch,
    TargetSummary,
    UrlIn,
    UrlOut,
    UrlPatch,
)
from api.targets.services import TargetService, target_out, url_out
from core.config import Settings
from core.db.models import User

Limit = Annotated[int, Parameter(ge=1, le=100, description="Page size")]
# Far beyond any real list, and well inside PostgreSQL's bigint.
Offset = Annotated[int, Parameter(ge=0, le=1_000_000_000, description="Items to skip")]

CREATE_EXAMPLE = {
    "name": "Road bikes under 500",
    "urls": [
        {"url": "https://shop.example/bikes?sort=newest"},
        {
            "url": "https://market.example/search?q=road+bike",
            "render_js": True,
            "selectors": {
                "item": "article.listing",
                "title": "h2",
                "price": ".price",
                "link": "a",
                "image": "img",
            },
        },
    ],
    "filters": {
        "include_words": ["carbon", "steel"],
        "exclude_words": ["broken"],
        "min_price": "50",
        "max_price": "500",
    },
}


class TargetController(Controller):
    path = "/targets"
    tags = ["targets"]
    dependencies = {"targets": Provide(create_service_provider(TargetService))}

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create a target with URLs and filters",
        description="Each URL must be public http(s); identical URLs with identical options are "
        "fetched once for all their watchers. Tier limits answer 403.",
        responses=errors_of(400, 401, 403, 409),
    )
    async def create_target(
        self,
        request: Request[User, Any, Any],
        targets: TargetService,
        settings: Settings,
        data: Annotated[TargetCreate, Body(examples=[Example(value=CREATE_EXAMPLE)])],
    ) -> TargetOut:
        return target_out(await targets.create_target(request.user, data, settings))

    @get(
        "/",
        summary="List my targets",
        description="Newest first, with URL count and check status.",
        responses=errors_of(400, 401),
    )
    async def list_targets(
        self,
        request: Request[User, Any, Any],
        targets: TargetService,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> OffsetPagination[TargetSummary]:
        return await targets.list_targets(request.user, LimitOffset(limit, offset))

    @get("/{target_id:uuid}", summary="One target with its URLs and filters", responses=errors_of(401, 404))
    async def get_target(
        self, request: Request[User, Any, Any], targets: TargetService, target_id: FromPath[UUID]
    ) -> TargetOut:
        return target_out(await targets.get_owned(target_id, request.user))

    @patch(
        "/{target_id:uuid}",
        summary="Rename a target or change its filters",
        responses=errors_of(400, 401, 404),
    )
    async def update_target(
        self,
        request: Request[User, Any, Any],
        targets: TargetService,
        target_id: FromPath[UUID],
        data: Annotated[
            TargetPatch, Body(examples=[Example(value={"name": "Bikes", "filters": {"max_price": "400"}})])
        ],
    ) -> TargetOut:
        target = await targets.get_owned(target_id, request.user)
        return target_out(await targets.update_target(target, data))

    @delete(
        "/{target_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a target",
        responses=errors_of(401, 404),
    )
    async def delete_target(
        self,
        request: Request[User, Any, Any],
        targets: TargetService,
        settings: Settings,
        target_id: FromPath[UUID],
    ) -> None:
        await targets.delete_target(await targets.get_owned(target_id, request.user), settings)

    @post(
        "/{target_id:uuid}/deactivate",
        status_code=200,
        summary="Deactivate a target",
        description="Stops checks and notifications for the whole target; nothing is deleted.",
        responses=errors_of(401, 404),
    )
    async def deactivate(
        self,
        request: Request[User, Any, Any],
        targets: TargetService,
        settings: Settings,
        target_id: FromPath[UUID],
    ) -> TargetOut:
        target = await targets.get_owned(target_id, request.user)
        return target_out(await targets.set_active(target, request.user, False, settings))

    @post(
        "/{target_id:uuid}/activate",
        status_code=200,
        summary="Reactivate a target",
        description="Counts against the plan's active-target limit (403 when reached). Pages "
        "that no other active target kept checking are re-baselined: what appeared on them while "
        "the target was off is recorded silently at the next check, as when a page is first "
        'watched. Send `{"catch_up": true}` to be told of those offers instead. The body is '
        "optional.",
        responses=errors_of(400, 401, 403, 404),
    )
    async def activate(
        self,
        request: Request[User, Any, Any],
        targets: TargetService,
        settings: Settings,
        target_id: FromPath[UUID],
        data: Annotated[
            TargetActivate | None,
            Body(
                examples=[
                    Example(summary="Re-baseline silently (the default)", value={"catch_up": False}),
                    Example(summary="Announce what appeared meanwhile", value={"catch_up": True}),
                ]
            ),
        ] = None,
    ) -> TargetOut:
        target = await targets.get_owned(target_id, request.user)
        catch_up = data is not None and data.catch_up
        return target_out(await targets.set_active(target, request.user, True, settings, catch_up=catch_up))

    @post(
        "/{target_id:uuid}/urls",
        status_code=HTTP_201_CREATED,
        summary="Add a URL to a target",
        responses=errors_of(400, 401, 403, 404, 409),
    )
    async def add_url(
        self,
        request: Request[User, Any, Any],
        targets: TargetService,
        settings: Settings,
        target_id: FromPath[UUID],
        data: Annotated[
            UrlIn, Body(examples=[Example(value={"url": "https://shop.example/new", "render_js": False})])
        ],
    ) -> UrlOut:
        target = await targets.get_owned(target_id, request.user)
        return url_out(await targets.add_url(target, request.user, data, settings))

    @patch(
        "/{target_id:uuid}/urls/{url_id:uuid}",
        summary="Change how a URL is fetched (render_js, selectors, proxy, headers, cookies, max_pages)",
        description="Fields left out stay as they are; `null` removes the proxy, the headers, the "
        "cookies or the selectors. Secrets are validated, stored encrypted and shown masked, as on "
        "add. The URL keeps its id; its page is now fetched with the new options, and the first "
        "check with them is a silent baseline (offers already there are not announced again).",
        responses=errors_of(400, 401, 404, 409),
    )
    async def update_url(
        self,
        request: Request[User, Any, Any],
        targets: TargetService,
        settings: Settings,
        target_id: FromPath[UUID],
        url_id: FromPath[UUID],
        data: Annotated[
            UrlPatch,
            Body(
                examples=[
                    Example(
                        summary="Fetch through a proxy, logged in, three pages deep",
                        value={
                            "proxy": "socks5://user:secret@proxy.example:1080",
                            "cookies": "session=abc123; lang=en",
                            "max_pages": 3,
                        },
                    ),
                    Example(summary="Stop using the proxy", value={"proxy": None}),
                    Example(
                        summary="Send a browser's headers",
                        value={"headers": {"User-Agent": "Mozilla/5.0", "Accept-Language": "de-DE"}},
                    ),
                ]
            ),
        ],
    ) -> UrlOut:
        target = await targets.get_owned(target_id, request.user)
        return url_out(await targets.update_url(target, url_id, data, settings))

    @delete(
        "/{target_id:uuid}/urls/{url_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a URL from a target",
        responses=errors_of(401, 404),
    )
    async def remove_url(
        self,
        request: Request[User, Any, Any],
        targets: TargetService,
        settings: Settings,
        target_id: FromPath[UUID],
        url_id: FromPath[UUID],
    ) -> None:
        target = await targets.get_owned(target_id, request.user)
        await targets.remove_url(target, url_id, settings)

    @get(
        "/{target_id:uuid}/offers",
        summary="Offers found for a target, newest first",
        responses=errors_of(400, 401, 404),
    )
    async def list_offers(
        self,
        request: Request[User, Any, Any],
        targets: TargetService,
        target_id: FromPath[UUID],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> OffsetPagination[OfferOut]:
        target = await targets.get_owned(target_id, request.user)
        return await targets.list_offers(target, LimitOffset(limit, offset))
