"""What a webhook channel may be, checked when it is added: its URL (the address policy, its
host's DNS answer included), its options (the preset) and its signing secret.
`setup_webhook_address` is the kind's hook for `POST /api/public/channels` (its KINDS entry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from core.config import Settings
from core.secrets import UnreadableSecret
from notifier.channels.addressing import AddressRejected, AddressSetup
from notifier.channels.webhook.addresses import RefusedAddress, UnresolvableHost, check_url, resolve_checked
from notifier.channels.webhook.payloads import Preset
from notifier.channels.webhook.signing import SigningSecrets, new_secret

OPTION_NAMES = frozenset({"preset"})
DISCORD_HOSTS = frozenset({"discord.com", "discordapp.com", "canary.discord.com", "ptb.discord.com"})
SLACK_HOSTS = frozenset({"hooks.slack.com"})


def guess_preset(url: str) -> Preset:
    """Discord's and Slack's incoming webhook URLs get their preset; any other URL JSON."""
    parsed = httpx.URL(url)
    path = parsed.path
    if parsed.host in DISCORD_HOSTS and path.startswith("/api/") and "/webhooks/" in path:
        return Preset.DISCORD
    if parsed.host in SLACK_HOSTS and path.startswith("/services/"):
        return Preset.SLACK
    return Preset.JSON


def normalize_options(options: dict[str, Any] | None, url: str) -> dict[str, Any]:
    """The channel's options: `preset` (json, discord or slack; guessed from the URL when not
    given). AddressRejected (field `options`) naming an unknown option or preset."""
    options = dict(options or {})
    unknown = sorted(set(options) - OPTION_NAMES)
    if unknown:
        raise AddressRejected(
            f"Unknown webhook option {unknown[0]!r}: the only option is 'preset'", "options"
        )
    preset = options.get("preset")
    if preset is None:
        return {"preset": str(guess_preset(url))}
    if not isinstance(preset, str) or preset not in set(Preset):
        raise AddressRejected(f"Unknown preset {preset!r}: use one of {', '.join(Preset)}", "options")
    return {"preset": preset}


async def normalize_address(
    raw: str, options: dict[str, Any] | None, settings: Settings
) -> tuple[str, dict[str, Any]]:
    """The URL and options to store for a new webhook channel, or AddressRejected naming the
    problem and its field: http(s) only, no credentials in the URL, a host that resolves, and
    only to public addresses (unless named in ALLOWED_PRIVATE_HOSTS). The options are checked
    before the host is resolved (an await, not a blocking call)."""
    try:
        url = check_url(raw, settings.allowed_private_hosts)
    except RefusedAddress as exc:
        raise AddressRejected(str(exc)) from None
    checked_options = normalize_options(options, url)
    parsed = httpx.URL(url)
    try:
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        await resolve_checked(parsed.raw_host.decode("ascii"), port, settings.allowed_private_hosts)
    except RefusedAddress as exc:
        raise AddressRejected(f"Webhooks go to public addresses only: {exc}") from None
    except UnresolvableHost:
        raise AddressRejected(f"The webhook URL's host {parsed.host} does not resolve") from None
    return url, checked_options


async def setup_webhook_address(raw: str, options: dict[str, Any] | None, settings: Settings) -> AddressSetup:
    """A new webhook channel (notifier.channels.addressing.SetupAddress): the URL and preset
    checked, and a signing secret made, shown to its owner once. Nothing to confirm: only the
    owner ever saw the secret, so a receiver that checks signatures takes events from us alone."""
    url, checked_options = await normalize_address(raw, options, settings)
    secret = make_secret(settings)
    return AddressSetup(
        address=url, options=checked_options, secret=secret.shown, secret_encrypted=secret.sealed
    )


def masked_url(url: str) -> str:
    """The URL as lists and logs show it: Discord's and Slack's carry their token in the path,
    so only the host and the first path segments are kept."""
    parsed = httpx.URL(url)
    segments = [s for s in parsed.path.split("/") if s]
    kept = "/".join(segments[:2])
    hidden = "/…" if len(segments) > 2 or parsed.query else ""
    return f"{parsed.scheme}://{parsed.netloc.decode('ascii')}/{kept}{hidden}"


@dataclass(frozen=True)
class ChannelSecret:
    """A signing secret: `shown` once to its owner, `sealed` into secret_encrypted;
    `previous_until` (unix seconds): after a rotation, when the replaced secret stops signing."""

    shown: str
    sealed: str
    previous_until: int | None = None

    def __repr__(self) -> str:
        return "ChannelSecret(****)"


def make_secret(settings: Settings) -> ChannelSecret:
    """A new channel's signing secret."""
    current = new_secret()
    return ChannelSecret(current, SigningSecrets(current).seal(settings.secret_key))


def rotate_secret(sealed: str, settings: Settings, now: float) -> ChannelSecret:
    """A new signing secret; the old one keeps signing next to it for a day
    (signing.ROTATION_OVERLAP_SECONDS), unless SECRET_KEY changed and it cannot be read."""
    try:
        rotated = SigningSecrets.unseal(sealed, settings.secret_key).rotated(now)
    except UnreadableSecret:
        return make_secret(settings)
    return ChannelSecret(rotated.current, rotated.seal(settings.secret_key), rotated.previous_until)
