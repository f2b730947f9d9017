"""The links in e-mails, opened without logging in: confirming an address, and unsubscribing it.

- `GET /confirm/{token}` confirms at once and answers a short page: the link is in a mail only
  the address's owner receives, and opening it is the proof.
- `POST /unsubscribe/{token}` is RFC 8058's one-click unsubscribe (mail clients POST
  `List-Unsubscribe=One-Click`; the body is not needed); it turns the channel off.
- `GET /unsubscribe/{token}` (the link in the mail's footer) only shows a page with a button
  that POSTs: mail scanners open links in mails, and must not unsubscribe anyone by that.

The pages are HTML for people; a bad or unknown token answers 404, an expired confirmation 410.
"""

from __future__ import annotations

import html

from litestar import Controller, MediaType, Response, get, post
from litestar.openapi import ResponseSpec
from litestar.params import FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels.address_channels import confirm_address, unsubscribe_channel
from core.config import Settings
from notifier.channels.email.links import LinkCheck

INVALID_LINK = (
    "This link is not valid (any more)",
    "The link is incomplete, or the address was removed from offerwatch since the mail was sent.",
)
EXPIRED_LINK = (
    "This link has expired",
    "Ask offerwatch for a new confirmation mail: open your channels and choose “send again”.",
)


def page(
    status: int, title: str, text: str, form_action: str | None = None, button: str = ""
) -> Response[str]:
    """A minimal page for a person who opened a link from a mail; every value is escaped."""
    form = (
        f'<form method="post" action="{html.escape(form_action)}">'
        f'<button type="submit">{html.escape(button)}</button></form>'
        if form_action is not None
        else ""
    )
    body = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><meta name="robots" content="noindex">'
        f"<title>{html.escape(title)}</title></head>\n"
        '<body style="font-family:Arial,Helvetica,sans-serif;max-width:36em;margin:3em auto">\n'
        f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(text)}</p>\n{form}\n</body></html>\n"
    )
    return Response(body, status_code=status, media_type=MediaType.HTML)


def _pages(*codes: int) -> dict[int, ResponseSpec]:
    descriptions = {404: "The link is not valid (any more)", 410: "The confirmation link has expired"}
    return {
        code: ResponseSpec(
            data_container=str,
            media_type=MediaType.HTML,
            description=descriptions[code],
            generate_examples=False,
        )
        for code in codes
    }


class EmailLinkController(Controller):
    path = "/channels"
    tags = ["channels"]
    opt = {"exclude_from_auth": True}
    security = []

    @get(
        "/confirm/{token:str}",
        media_type=MediaType.HTML,
        summary="Confirm an e-mail channel (the link in its confirmation mail)",
        description="No login needed: the token, signed and valid for EMAIL_CONFIRMATION_TTL_SECONDS, is "
        "the proof. Turns the channel on (verified and active) and answers a page saying so.",
        responses=_pages(404, 410),
    )
    async def confirm(
        self, db_session: AsyncSession, settings: Settings, token: FromPath[str]
    ) -> Response[str]:
        check, channel = await confirm_address(db_session, token, settings)
        if check == LinkCheck.EXPIRED:
            return page(410, *EXPIRED_LINK)
        if check != LinkCheck.VALID or channel is None:
            return page(404, *INVALID_LINK)
        return page(200, "Address confirmed", f"{channel.address} now receives your offerwatch alerts.")

    @get(
        "/unsubscribe/{token:str}",
        media_type=MediaType.HTML,
        summary="The unsubscribe link of an e-mail: a page with the button that unsubscribes",
        description="Changes nothing (mail scanners open links); the page's button POSTs to the same URL.",
        responses=_pages(404),
    )
    async def unsubscribe_page(
        self, db_session: AsyncSession, settings: Settings, token: FromPath[str]
    ) -> Response[str]:
        channel = await unsubscribe_channel(db_session, token, settings, act=False)
        if channel is None:
            return page(404, *INVALID_LINK)
        if not channel.is_active:
            return page(200, "Unsubscribed", f"{channel.address} gets no offerwatch alerts.")
        return page(
            200,
            "Stop offerwatch alerts?",
            f"{channel.address} gets no more alerts once you confirm.",
            form_action=token,
            button="Unsubscribe",
        )

    @post(
        "/unsubscribe/{token:str}",
        status_code=200,
        media_type=MediaType.HTML,
        summary="Unsubscribe an e-mail channel (RFC 8058 one-click)",
        description="No login and no CSRF token: mail clients POST `List-Unsubscribe=One-Click` here "
        "from the `List-Unsubscribe` header. The channel is turned off (its routes stay); asking for "
        "a new confirmation mail turns it on again. Idempotent.",
        responses=_pages(404),
    )
    async def unsubscribe(
        self, db_session: AsyncSession, settings: Settings, token: FromPath[str]
    ) -> Response[str]:
        channel = await unsubscribe_channel(db_session, token, settings, act=True)
        if channel is None:
            return page(404, *INVALID_LINK)
        return page(200, "Unsubscribed", f"{channel.address} gets no more offerwatch alerts.")
