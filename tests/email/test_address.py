"""What an e-mail channel's address may be, and the form it is stored in."""

from __future__ import annotations

import pytest

from core.config import Settings
from notifier.channels.addressing import AddressRejected
from notifier.channels.email import normalize_email, setup_email_address


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("ada@example.com", "ada@example.com"),
        ("  Ada.Lovelace@Example.COM ", "Ada.Lovelace@example.com"),  # only the domain is folded
        ("ada+alerts@mail.example.co.uk", "ada+alerts@mail.example.co.uk"),
        ("o'brien_1@example.org", "o'brien_1@example.org"),
        ("ada@bücher.example", "ada@xn--bcher-kva.example"),  # IDNA: the ASCII form SMTP carries
        ("ada@EXAMPLE.com.", "ada@example.com"),  # the root's dot
    ],
)
def test_an_address_is_stored_with_its_domain_lower_cased_in_ascii(raw: str, stored: str) -> None:
    assert normalize_email(raw) == stored


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "an e-mail address is required"),
        ("ada.example.com", "must look like name@example.com"),
        ("@example.com", "must look like name@example.com"),
        ("ada@", "must look like name@example.com"),
        ("ada lovelace@example.com", "must not contain spaces or control characters"),
        ("ada@example.com\r\nBcc: eve@example.com", "must not contain spaces or control characters"),
        ('"ada lovelace"@example.com', "must not contain spaces"),
        ('"ada"@example.com', "quoted names"),
        ("ada@bob@example.com", "quoted names and a second '@'"),
        ("adä@example.com", "must be plain ASCII"),
        ("ada..l@example.com", "a stray dot"),
        (".ada@example.com", "a stray dot"),
        ("ada(comment)@example.com", "a character an address cannot hold"),
        ("a" * 65 + "@example.com", "at most 64 characters"),
        ("ada@localhost", "not a domain that receives mail"),
        ("ada@[127.0.0.1]", "IP literal"),
        ("ada@exa_mple.com", "not a valid domain name"),
        ("ada@-example.com", "not a valid domain name"),
        ("ada@example.123", "not a valid domain name"),
        ("ada@" + "a" * 64 + ".com", "not a valid domain name"),
        ("ada@" + ("a" * 60 + ".") * 5 + "com", "at most 254 characters"),
    ],
)
def test_a_bad_address_is_refused_naming_the_problem(raw: str, problem: str) -> None:
    with pytest.raises(AddressRejected, match=problem.replace("(", r"\(")) as refused:
        normalize_email(raw)
    assert refused.value.field == "address"


async def test_a_new_address_must_be_confirmed_and_takes_no_options(mail_settings: Settings) -> None:
    setup = await setup_email_address("ada@Example.com", None, mail_settings)
    assert (setup.address, setup.needs_confirmation, setup.secret) == ("ada@example.com", True, None)
    assert (await setup_email_address("ada@example.com", {}, mail_settings)).options is None

    with pytest.raises(AddressRejected, match="take no options") as refused:
        await setup_email_address("ada@example.com", {"language": "de"}, mail_settings)
    assert refused.value.field == "options"
