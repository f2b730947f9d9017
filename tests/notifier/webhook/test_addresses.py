"""The address policy for webhook URLs: when a channel is added (the URL and its host's DNS
answer) and on every delivery (each address the host resolves to, each redirect)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Settings
from notifier.channels.base import ChannelGone, Final, Retry, Sent
from notifier.channels.webhook import WebhookChannel, masked_url, normalize_address
from tests.fakes.dns import FakeDns
from tests.fakes.tls import local_ca
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.notifier.webhook.conftest import new_offer_content, webhook_config, webhook_settings

STRICT = webhook_settings(allowed="")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://hooks.example/x", "Only http and https URLs"),
        ("javascript:alert(1)", "Only http and https URLs"),
        ("https://user:pass@hooks.example/x", "user name or password"),
        ("https://token@hooks.example/x", "user name or password"),
        ("http://127.0.0.1:8080/hook", "this is a loopback address"),
        ("http://127.1/hook", "this is a loopback address"),
        ("http://2130706433/hook", "this is a loopback address"),
        ("http://0x7f000001/hook", "this is a loopback address"),
        ("http://[::1]/hook", "this is a loopback address"),
        ("http://[::ffff:10.0.0.1]/hook", "this is a private address"),
        ("http://10.1.2.3/hook", "this is a private address"),
        ("http://192.168.0.10/hook", "this is a private address"),
        ("http://169.254.169.254/latest/meta-data", "this is a cloud metadata address"),
        ("http://169.254.10.10/hook", "this is a link-local address"),
        ("http://[fe80::1]/hook", "this is a link-local address"),
        ("http://100.64.0.1/hook", "this is a carrier-grade NAT address"),
        ("http://0.0.0.0/hook", "this is a unspecified address"),
        ("http://localhost:9000/hook", "Local addresses"),
        ("http://api.localhost/hook", "Local addresses"),
        ("http://exa mple.com/hook", "not a valid host name"),
        ("http://[::1/hook", "malformed"),
        ("https:///hook", "no host"),
        ("", "empty"),
        ("https://hooks.example/" + "a" * 2100, "longer than 2048"),
    ],
)
async def test_a_refused_url_is_a_value_error_naming_the_problem(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        await normalize_address(url, None, STRICT)


async def test_a_host_resolving_to_a_private_address_is_refused(fake_dns: FakeDns) -> None:
    fake_dns.answer("hooks.example", "10.0.0.5")
    with pytest.raises(
        ValueError, match=r"public addresses only: hooks.example resolves to a private address"
    ):
        await normalize_address("https://hooks.example/offerwatch", None, STRICT)


async def test_one_private_address_among_public_ones_is_enough_to_refuse(fake_dns: FakeDns) -> None:
    fake_dns.answer("hooks.example", "93.184.216.34", "2606:4700::1111", "fd00::7")
    with pytest.raises(ValueError, match="resolves to a private address"):
        await normalize_address("https://hooks.example/offerwatch", None, STRICT)


async def test_a_host_that_does_not_resolve_is_refused(fake_dns: FakeDns) -> None:
    fake_dns.answer("nowhere.example")
    with pytest.raises(ValueError, match=r"nowhere\.example does not resolve"):
        await normalize_address("https://nowhere.example/hook", None, STRICT)


async def test_a_public_url_is_stored_as_sent_with_its_preset(fake_dns: FakeDns) -> None:
    fake_dns.answer("xn--bcher-kva.example", "93.184.216.34")
    fake_dns.answer("discord.com", "162.159.128.233")
    fake_dns.answer("hooks.slack.com", "54.230.1.1")

    assert await normalize_address(" https://Bücher.example/hook?x=1#frag ", None, STRICT) == (
        "https://xn--bcher-kva.example/hook?x=1",
        {"preset": "json"},
    )
    assert (await normalize_address("https://discord.com/api/webhooks/1/tok", None, STRICT))[1] == {
        "preset": "discord"
    }
    assert (await normalize_address("https://hooks.slack.com/services/T/B/X", None, STRICT))[1] == {
        "preset": "slack"
    }
    # Mattermost and others take Slack's body at URLs of their own.
    assert (await normalize_address("https://bücher.example/h", {"preset": "slack"}, STRICT))[1] == {
        "preset": "slack"
    }


@pytest.mark.parametrize(
    ("options", "problem"),
    [({"preset": "teams"}, "Unknown preset 'teams'"), ({"secret": "x"}, "Unknown webhook option 'secret'")],
)
async def test_bad_options_are_named(fake_dns: FakeDns, options: dict[str, str], problem: str) -> None:
    fake_dns.answer("hooks.example", "93.184.216.34")
    with pytest.raises(ValueError, match=problem):
        await normalize_address("https://hooks.example/h", options, STRICT)


async def test_allowed_private_hosts_open_only_the_named_host(settings: Settings) -> None:
    assert (await normalize_address("http://127.0.0.1:9/hook", None, settings))[
        0
    ] == "http://127.0.0.1:9/hook"
    with pytest.raises(ValueError, match="loopback"):
        await normalize_address("http://127.0.0.2:9/hook", None, settings)


def test_lists_show_a_webhook_url_without_its_token() -> None:
    assert (
        masked_url("https://discord.com/api/webhooks/123/s3cr3t-token")
        == "https://discord.com/api/webhooks/…"
    )
    assert masked_url("https://hooks.slack.com/services/T0/B0/XyZ") == "https://hooks.slack.com/services/T0/…"
    assert masked_url("https://hooks.example:8443/in") == "https://hooks.example:8443/in"


# --- at send time ----------------------------------------------------------------------------


async def test_the_connection_goes_to_the_checked_address_of_the_host(
    fake_dns: FakeDns, webhook_receiver: WebhookReceiver
) -> None:
    # receiver.test exists only in the fake resolver, so the POST can only have arrived
    # through the address the channel resolved and checked itself.
    fake_dns.answer("receiver.test", "127.0.0.1")
    settings = webhook_settings(allowed="receiver.test")
    config, _ = webhook_config(webhook_receiver.url(host="receiver.test"), settings)
    channel = WebhookChannel(settings, timeout=5.0)
    try:
        outcome = await channel.send(channel.format(new_offer_content(config)))
    finally:
        await channel.close()
    assert isinstance(outcome, Sent), outcome
    [request] = webhook_receiver.requests
    assert request.headers["host"] == f"receiver.test:{webhook_receiver.port}"
    assert fake_dns.lookups == ["receiver.test"]


async def test_a_host_that_now_resolves_to_a_private_address_gets_nothing(
    fake_dns: FakeDns, webhook_receiver: WebhookReceiver
) -> None:
    # Public when the channel was added; loopback by the time of the delivery (DNS rebinding).
    fake_dns.answer("rebind.test", "93.184.216.34", then="127.0.0.1")
    url = webhook_receiver.url(host="rebind.test")
    address, _ = await normalize_address(url, None, STRICT)
    config, _ = webhook_config(address, STRICT)
    channel = WebhookChannel(STRICT, timeout=5.0)
    try:
        outcome = await channel.send(channel.format(new_offer_content(config)))
    finally:
        await channel.close()
    assert outcome == Final("rebind.test resolves to a loopback address")
    assert webhook_receiver.requests == []


async def test_a_stored_url_the_policy_refuses_outright_means_the_channel_is_gone(
    webhook_receiver: WebhookReceiver,
) -> None:
    # Added while 127.0.0.1 was allowed; the setting has since been removed.
    config, _ = webhook_config(webhook_receiver.url(), STRICT)
    channel = WebhookChannel(STRICT, timeout=5.0)
    try:
        outcome = await channel.send(channel.format(new_offer_content(config)))
    finally:
        await channel.close()
    assert isinstance(outcome, ChannelGone) and "loopback" in outcome.error
    assert webhook_receiver.requests == []


async def test_a_redirect_to_a_private_address_is_not_followed(
    fake_dns: FakeDns, webhook_receiver: WebhookReceiver
) -> None:
    fake_dns.answer("receiver.test", "127.0.0.1")
    settings = webhook_settings(allowed="receiver.test")
    webhook_receiver.redirect("/hooks/offers", webhook_receiver.url("/inside"))  # 127.0.0.1: refused
    config, _ = webhook_config(webhook_receiver.url(host="receiver.test"), settings)
    channel = WebhookChannel(settings, timeout=5.0)
    try:
        outcome = await channel.send(channel.format(new_offer_content(config)))
    finally:
        await channel.close()
    assert (
        isinstance(outcome, Final) and "307 redirect refused" in outcome.error and "loopback" in outcome.error
    )
    assert [r.path for r in webhook_receiver.requests] == ["/hooks/offers"]


async def test_a_redirect_to_a_host_resolving_privately_is_not_followed(
    fake_dns: FakeDns, webhook_receiver: WebhookReceiver
) -> None:
    fake_dns.answer("inside.test", "10.0.0.9")
    webhook_receiver.redirect("/hooks/offers", "http://inside.test/admin", status=302)
    config, _ = webhook_config(webhook_receiver.url(), webhook_settings())
    channel = WebhookChannel(webhook_settings(), timeout=5.0)
    try:
        outcome = await channel.send(channel.format(new_offer_content(config)))
    finally:
        await channel.close()
    assert outcome == Final("inside.test resolves to a private address")


async def test_a_host_that_stopped_resolving_is_retried(fake_dns: FakeDns) -> None:
    fake_dns.answer("gone.test")
    config, _ = webhook_config("https://gone.test/hook", STRICT)
    channel = WebhookChannel(STRICT, timeout=5.0)
    try:
        outcome = await channel.send(channel.format(new_offer_content(config)))
    finally:
        await channel.close()
    assert isinstance(outcome, Retry) and "gone.test could not be resolved" in outcome.error


async def test_https_to_the_checked_address_verifies_the_certificate_for_the_host(
    fake_dns: FakeDns, tmp_path: Path
) -> None:
    # Pinned to 127.0.0.1, yet TLS is spoken with the URL's host: its name is sent (SNI) and the
    # certificate must be for it.
    ca = local_ca(tmp_path, "receiver.test")
    fake_dns.answer("receiver.test", "127.0.0.1")
    fake_dns.answer("impostor.test", "127.0.0.1")
    settings = webhook_settings(allowed="receiver.test,impostor.test")
    channel = WebhookChannel(settings, timeout=5.0, ssl_context=ca.client_context())
    with WebhookReceiver(tls=ca.server_context()) as receiver:
        try:
            right, _ = webhook_config(receiver.url(host="receiver.test"), settings)
            wrong, _ = webhook_config(receiver.url(host="impostor.test"), settings)
            assert isinstance(await channel.send(channel.format(new_offer_content(right))), Sent)
            refused = await channel.send(channel.format(new_offer_content(wrong)))
        finally:
            await channel.close()
        assert isinstance(refused, Retry) and "certificate" in refused.error.lower()
        assert [r.headers["host"] for r in receiver.requests] == [f"receiver.test:{receiver.port}"]
