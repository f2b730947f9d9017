"""What each notification looks like as an e-mail: both parts, escaping, the photo, the headers."""

from __future__ import annotations

import re
from decimal import Decimal
from email.message import EmailMessage

import pytest

from core.clock import utcnow
from core.config import Settings
from notifier.channels.base import Content
from notifier.channels.email import EmailChannel
from notifier.channels.email.links import (
    CONFIRM_PATH,
    UNSUBSCRIBE_PATH,
    LinkCheck,
    check_confirm_token,
    check_unsubscribe_token,
)
from notifier.channels.email.messages import DIGEST_LIMIT, wire_bytes
from tests.email.conftest import ADA_MAIL, PUBLIC, email_channel, notification, offer, target


def mail(settings: Settings, content: Content) -> EmailMessage:
    return EmailChannel(settings).format(content).message


def parts(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(preferencelist=("plain",))
    rich = message.get_body(preferencelist=("html",))
    assert plain is not None and rich is not None
    return str(plain.get_content()), str(rich.get_content())


def test_a_new_offer_is_a_plain_and_an_html_part_with_the_photo(mail_settings: Settings) -> None:
    channel, item = email_channel(), offer(7)
    message = mail(mail_settings, Content(notification("new_offer"), channel, target("Bikes"), item))
    plain, rich = parts(message)

    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == "New: Road bike 7 (120.50 EUR) · Bikes"
    assert message["To"] == ADA_MAIL
    assert message["From"] == "offerwatch <alerts@offerwatch.localhost>"
    assert "New offer for Bikes" in plain
    assert "Road bike 7 (120.50 EUR)\n  https://shop.example/item/7" in plain
    assert '<a href="https://shop.example/item/7">Road bike 7</a> &middot; 120.50 EUR' in rich
    assert '<img src="https://img.shop.example/7.jpg" alt="Road bike 7"' in rich


def test_text_from_users_and_pages_is_escaped_in_the_html(mail_settings: Settings) -> None:
    item = offer(
        1,
        title='<script>alert("x")</script> & co',
        url="https://shop.example/item?a=1&b=<2>",
        image_url='https://img.example/"onerror="x.jpg',
    )
    content = Content(notification("new_offer"), email_channel(), target("Ada's <b>bikes</b>"), item)
    message = mail(mail_settings, content)
    plain, rich = parts(message)

    assert "<script>" not in rich and "<b>bikes" not in rich
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in rich
    assert "Ada&#x27;s &lt;b&gt;bikes&lt;/b&gt;" in rich
    assert 'href="https://shop.example/item?a=1&amp;b=&lt;2&gt;"' in rich
    assert 'src="https://img.example/&quot;onerror=&quot;x.jpg"' in rich
    assert '<script>alert("x")</script> & co' in plain  # plain text is shown as written


def test_only_web_urls_become_links_and_images(mail_settings: Settings) -> None:
    item = offer(1, url="javascript:alert(1)", image_url="data:image/png;base64,AAAA")
    _, rich = parts(mail(mail_settings, Content(notification("new_offer"), email_channel(), None, item)))
    assert "javascript:" not in rich and "<img" not in rich and "data:" not in rich
    assert "Road bike 1" in rich

    no_photo = offer(2, image_url=None)
    plain, rich = parts(
        mail(mail_settings, Content(notification("new_offer"), email_channel(), None, no_photo))
    )
    assert "<img" not in rich and "Photo:" not in plain


def test_every_alert_carries_one_click_unsubscribe_headers(mail_settings: Settings) -> None:
    channel = email_channel()
    message = mail(mail_settings, Content(notification("new_offer"), channel, target(), offer()))

    header = message["List-Unsubscribe"]
    found = re.fullmatch(rf"<{re.escape(PUBLIC + UNSUBSCRIBE_PATH)}([^>]+)>", header)
    assert found is not None, header
    assert check_unsubscribe_token(mail_settings, found[1], channel) is True
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    plain, rich = parts(message)
    url = header[1:-1]
    assert url in plain and f'href="{url}"' in rich  # the same link in the footer
    # On the wire the header stays one literal URL (not RFC 2047-encoded), as clients read it.
    assert f"List-Unsubscribe: <{url}>\r\n".encode() in wire_bytes(message)


def test_the_message_id_is_the_notifications_own(mail_settings: Settings) -> None:
    row, channel = notification("new_offer"), email_channel()
    first = EmailChannel(mail_settings).format(Content(row, channel, target(), offer()))
    again = EmailChannel(mail_settings).format(Content(row, channel, target(), offer()))
    other = EmailChannel(mail_settings).format(Content(notification("new_offer"), channel, target(), offer()))

    assert first.message_id == f"<{row.id.hex}@offerwatch.localhost>"
    assert again.message_id == first.message_id  # a resend after a crash is recognisably the same mail
    assert other.message_id != first.message_id
    assert first.recipient == ADA_MAIL


def test_a_price_cut_shows_the_old_and_the_new_price(mail_settings: Settings) -> None:
    row = notification("price_cut", payload={"old_price": "150", "new_price": "99.9", "currency": "EUR"})
    message = mail(
        mail_settings, Content(row, email_channel(), target("Bikes"), offer(3, price=Decimal("99.9")))
    )
    plain, rich = parts(message)
    assert message["Subject"] == "Price cut: Road bike 3 150.00 EUR → 99.90 EUR · Bikes"
    assert "Was 150.00 EUR, now 99.90 EUR." in plain
    assert "Was 150.00 EUR, now 99.90 EUR." in rich and "<img" in rich


def test_a_digest_lists_its_offers_and_counts_the_rest(mail_settings: Settings) -> None:
    offers = [offer(n) for n in range(DIGEST_LIMIT + 3)]
    content = Content(
        notification("digest"),
        email_channel(),
        digest_offers=offers,
        digest_targets=[target("Road"), target("Gravel")],
    )
    message = mail(mail_settings, content)
    plain, rich = parts(message)

    assert message["Subject"] == f"{DIGEST_LIMIT + 3} new offers · Road, Gravel"
    assert rich.count("<li") == DIGEST_LIMIT
    assert f"- Road bike {DIGEST_LIMIT - 1} (120.50 EUR)" in plain
    assert f"Road bike {DIGEST_LIMIT}" not in plain
    assert "…and 3 more." in plain and "…and 3 more." in rich


@pytest.mark.parametrize(
    ("kind", "subject", "says"),
    [
        ("url_failing", "Bikes: a watched page cannot be checked", "Reason: HTTP 403 <blocked>"),
        ("url_recovered", "Bikes: a watched page can be checked again", "this page can be checked again"),
    ],
)
def test_page_health(mail_settings: Settings, kind: str, subject: str, says: str) -> None:
    payload = {"url": "https://shop.example/list", "reason": "HTTP 403 <blocked>"}
    message = mail(
        mail_settings, Content(notification(kind, payload=payload), email_channel(), target("Bikes"))
    )
    plain, rich = parts(message)
    assert message["Subject"] == subject
    assert says in plain and "https://shop.example/list" in plain
    assert "<blocked>" not in rich


def test_the_confirmation_carries_a_working_link_and_no_unsubscribe(mail_settings: Settings) -> None:
    channel = email_channel()
    channel.is_verified = False
    message = mail(mail_settings, Content(notification("confirm"), channel))
    plain, rich = parts(message)

    assert message["Subject"] == "Confirm your e-mail address for offerwatch"
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    found = re.search(rf"{re.escape(PUBLIC + CONFIRM_PATH)}(\S+)", plain)
    assert found is not None, plain
    assert check_confirm_token(mail_settings, found[1], channel, utcnow()) == LinkCheck.VALID
    assert f'href="{found[0]}"' in rich
    assert "48 hours" in plain and ADA_MAIL in plain


def test_a_text_notification_is_plain_text(mail_settings: Settings) -> None:
    row = notification("text", payload={"text": "Hello <you>", "subject": "Hi\r\nBcc: eve@example.com"})
    message = mail(mail_settings, Content(row, email_channel()))
    plain, rich = parts(message)
    assert message["Subject"] == "Hi Bcc: eve@example.com"  # line breaks cannot start a header
    assert message["Bcc"] is None
    assert "Hello <you>" in plain and "Hello &lt;you&gt;" in rich


def test_a_long_subject_is_shortened(mail_settings: Settings) -> None:
    message = mail(
        mail_settings, Content(notification("new_offer"), email_channel(), None, offer(1, title="x" * 400))
    )
    assert len(message["Subject"]) == 150 and message["Subject"].endswith("…")


def test_rows_that_cannot_make_a_mail_raise_value_error(mail_settings: Settings) -> None:
    channel = EmailChannel(mail_settings)
    with pytest.raises(ValueError, match="has no offer"):
        channel.format(Content(notification("new_offer"), email_channel()))
    with pytest.raises(ValueError, match="unknown notification kind 'fax'"):
        channel.format(Content(notification("fax"), email_channel()))
    with pytest.raises(ValueError, match="has no address"):
        channel.format(Content(notification("new_offer"), email_channel(""), None, offer()))
