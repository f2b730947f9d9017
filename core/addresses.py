"""Which IP addresses offerwatch fetches from: public ones only. The API applies this to IP
literals in the URLs users add; the crawler to every address a host resolves to."""

from __future__ import annotations

import ipaddress
import socket
import unicodedata

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# The dots UTS 46 maps to ".": ideographic, full-width (NFKC handles) and half-width ideographic.
_DOTS = str.maketrans({"\u3002": ".", "\uff61": "."})
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Not for the public internet, though Python 3.11's ipaddress counts them as global: the IPv4
# dummy address, deprecated IPv6 site-local (still routed where assigned), IPv6 documentation.
UNLISTED_NON_PUBLIC = tuple(ipaddress.ip_network(n) for n in ("192.0.0.8/32", "fec0::/10", "3fff::/20"))


def ip_literal(host: str) -> IPAddress | None:
    """The address a host spells, including the short, decimal, octal and hex IPv4 forms that
    resolvers and browsers accept (127.1, 2130706433, 0x7f000001) and the compatibility forms
    IDNA maps to them (full-width or circled digits, ideographic dots); None for a name."""
    host = unicodedata.normalize("NFKC", host).translate(_DOTS)
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def refusal_reason(address: IPAddress) -> str | None:
    """Why offerwatch must not connect to `address`, or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return refusal_reason(embedded)
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if isinstance(address, ipaddress.IPv4Address) and address in CGNAT:
        return "carrier-grade NAT"
    if address.is_multicast:
        return "multicast"
    if address.is_unspecified:
        return "unspecified"
    if address.is_private:
        return "private"
    if address.is_reserved:
        return "reserved"
    if not address.is_global or any(address in network for network in UNLISTED_NON_PUBLIC):
        return "non-public"
    return None
