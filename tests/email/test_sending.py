"""Sending through a real SMTP server (aiosmtpd), and what its answers mean for the outbox."""

from __future__ import annotations

import dataclasses
import logging
import socket

import aiosmtplib
import pytest

from core.config import Settings
from notifier.channels.base import ChannelGone, Content, Final, Retry, Sent
from notifier.channels.email import EmailChannel, OutgoingMail, classify
from tests.email.conftest import ADA_MAIL, email_channel, notification, offer, target
from tests.fakes.smtp_server import FakeSmtp


def new_offer_mail(settings: Settings, address: str = ADA_MAIL) -> OutgoingMail:
    content = Content(notification("new_offer"), email_channel(address), target("Bikes"), offer(1))
    return EmailChannel(settings).format(content)


async def test_an_accepted_mail_is_sent_once_with_its_message_id(
    mail_settings: Settings, fake_smtp: FakeSmtp
) -> None:
    outgoing = new_offer_mail(mail_settings)

    outcome = await EmailChannel(mail_settings).send(outgoing)

    assert outcome == Sent(outgoing.message_id)
    [received] = await fake_smtp.await_mails(1)
    assert (received.sender, received.recipients) == ("alerts@offerwatch.localhost", [ADA_MAIL])
    assert received.header("Message-ID") == outgoing.message_id
    assert received.subject == "New: Road bike 1 (120.50 EUR) · Bikes"
    assert "https://shop.example/item/1" in received.text
    assert '<img src="https://img.shop.example/1.jpg"' in received.html
    assert received.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert len(fake_smtp.mails) == 1


@pytest.mark.parametrize(
    ("where", "answer", "outcome"),
    [
        ("rcpt", "451 4.3.0 Try again later", Retry),
        ("data", "451 4.7.1 Greylisted, come back later", Retry),
        ("rcpt", "452 4.2.2 Mailbox full", Retry),
        ("rcpt", "550 5.1.1 No such user here", ChannelGone),
        ("rcpt", "550 No such user here", ChannelGone),  # no enhanced code: 550 on a recipient
        ("rcpt", "551 User not local", ChannelGone),
        ("rcpt", "553 Mailbox name not allowed", ChannelGone),
        ("rcpt", "550 5.7.1 Relaying denied", Final),  # a policy refusal: the mailbox may exist
        ("rcpt", "554 5.7.1 Rejected by policy", Final),
        ("data", "554 5.6.0 Message content rejected", Final),
        ("data", "550 5.1.1 Mailbox unknown", ChannelGone),
    ],
)
async def test_the_servers_answer_decides_the_outcome(
    mail_settings: Settings, fake_smtp: FakeSmtp, where: str, answer: str, outcome: type
) -> None:
    if where == "rcpt":
        fake_smtp.refuse_recipient(ADA_MAIL, answer)
    else:
        fake_smtp.refuse_data(answer)

    result = await EmailChannel(mail_settings).send(new_offer_mail(mail_settings))

    assert isinstance(result, outcome), result
    assert answer in result.error  # type: ignore[union-attr]
    assert fake_smtp.refused == [(ADA_MAIL if where == "rcpt" else "DATA", answer)]
    assert fake_smtp.mails == []


async def test_a_server_that_does_not_answer_is_tried_again(mail_settings: Settings) -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        closed_port = spare.getsockname()[1]  # bound, not listening: connections are refused
        settings = dataclasses.replace(mail_settings, smtp_port=closed_port)
        result = await EmailChannel(settings).send(new_offer_mail(settings))
    assert isinstance(result, Retry)
    assert "SMTPConnectError" in result.error


async def test_starttls_required_but_not_offered_is_tried_again(
    mail_settings: Settings, fake_smtp: FakeSmtp
) -> None:
    settings = dataclasses.replace(mail_settings, smtp_security="starttls")
    result = await EmailChannel(settings).send(new_offer_mail(settings))
    assert isinstance(result, Retry), result  # our relay's setup, not the mail: fixed, it goes out
    assert fake_smtp.mails == []


def test_a_refused_login_is_tried_again_not_failed() -> None:
    assert isinstance(classify(aiosmtplib.SMTPAuthenticationError(535, "5.7.8 Bad credentials")), Retry)
    assert isinstance(classify(aiosmtplib.SMTPSenderRefused(553, "5.1.8 Bad sender", "x@y")), Final)
    assert isinstance(classify(aiosmtplib.SMTPServerDisconnected("gone")), Retry)


async def test_without_smtp_host_the_mail_goes_to_the_log(
    mail_settings: Settings, fake_smtp: FakeSmtp, caplog: pytest.LogCaptureFixture
) -> None:
    settings = dataclasses.replace(mail_settings, smtp_host="")
    outgoing = new_offer_mail(settings)
    with caplog.at_level(logging.INFO, logger="notifier.channels.email.channel"):
        outcome = await EmailChannel(settings).send(outgoing)

    assert outcome == Sent(outgoing.message_id)
    [record] = [r for r in caplog.records if "no SMTP_HOST set" in r.getMessage()]
    assert f"E-mail to {ADA_MAIL}" in record.getMessage()
    assert "https://shop.example/item/1" in record.getMessage()
    assert fake_smtp.mails == []
