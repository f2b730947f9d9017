"""Per-URL fetch options (proxy, request headers, cookies, pages to follow): what a user may set
and how it is shown back (masked). How it is stored (encrypted: it holds credentials) is
options_cipher.py's."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit, urlunsplit

import msgspec
from msgspec import Meta

from api.errors import AppError
from core.addresses import ip_literal, refusal_reason

MASK = "****"
MAX_PAGES = 5
PROXY_SCHEMES = frozenset({"http", "https", "socks5"})
ALLOWED_HEADERS = frozenset({"user-agent", "accept-language", "referer", "authorization"})
SECRET_HEADERS = frozenset({"authorization"})
MAX_HEADERS = 20
MAX_COOKIES = 50
MAX_VALUE_LENGTH = 4096

HeaderMap = Annotated[
    dict[str, Annotated[str, Meta(max_length=MAX_VALUE_LENGTH)]],
    Meta(
        max_length=MAX_HEADERS,
        description="Request headers: User-Agent, Accept-Language, Referer, Authorization or any X-… "
        "header (Host and hop-by-hop headers are refused). Authorization is stored encrypted and shown "
        "masked.",
        examples=[{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)", "Accept-Language": "de-DE,de;q=0.9"}],
    ),
]
CookiesIn = Annotated[
    dict[str, Annotated[str, Meta(max_length=MAX_VALUE_LENGTH)]] | Annotated[str, Meta(max_length=65536)],
    Meta(
        description="Cookies sent with every request: name/value pairs, a pasted `Cookie:` header, or "
        "a Netscape cookies.txt export. Stored encrypted; shown back as names with masked values.",
        examples=[{"session": "3f9a…"}, "Cookie: session=3f9a…; consent=yes"],
    ),
]
ProxyUrl = Annotated[
    str,
    Meta(
        max_length=2048,
        description="An http://, https:// or socks5:// proxy, optionally with user:password; used for "
        "plain and JavaScript fetches (it is handed the address the crawler checked, never a name to "
        "resolve). Credentials are stored encrypted and shown masked.",
        examples=["http://user:secret@proxy.example:3128", "socks5://user:secret@proxy.example:1080"],
    ),
]
MaxPages = Annotated[
    int,
    Meta(
        ge=1,
        le=MAX_PAGES,
        description="Pages of the listing to read, following its own next-page link; their offers "
        "count as one listing",
        examples=[3],
    ),
]


@dataclass(frozen=True)
class FetchOptions:
    """Validated options; `cookies` always as name/value pairs."""

    proxy: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.proxy or self.headers or self.cookies)

    def as_dict(self) -> dict[str, Any]:
        return {"proxy": self.proxy, "headers": self.headers, "cookies": self.cookies}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FetchOptions:
        return cls(data.get("proxy"), dict(data.get("headers") or {}), dict(data.get("cookies") or {}))


class FetchOptionsOut(msgspec.Struct):
    """The options as the API shows them: secrets masked, never in full."""

    proxy: str | None
    headers: dict[str, str]
    cookies: dict[str, str]


def validate_fetch_options(
    proxy: str | None,
    headers: dict[str, str] | None,
    cookies: dict[str, str] | str | None,
    allowed_private_hosts: tuple[str, ...],
    field_prefix: str = "",
) -> FetchOptions:
    """Check what a user sent and return it in one spelling, or raise a 400 naming the field."""
    return FetchOptions(
        proxy=None if proxy is None else validate_proxy(proxy, allowed_private_hosts, f"{field_prefix}proxy"),
        headers=validate_headers(headers or {}, f"{field_prefix}headers"),
        cookies=parse_cookies(cookies, f"{field_prefix}cookies"),
    )


def options_fingerprint(base: str, options_digest: str | None, max_pages: int) -> str:
    """The page identity with its fetch options: without any it is `base`, as before, so equal
    plain URLs keep sharing one row; different options (or users' cookies) never share."""
    if options_digest is None and max_pages == 1:
        return base
    return hashlib.sha256(f"{base}|{options_digest or ''}|{max_pages}".encode()).hexdigest()


def validate_proxy(raw: str, allowed_private_hosts: tuple[str, ...], field: str = "proxy") -> str:
    """A proxy URL the crawler may use: http(s), a host under the page address policy, a port."""
    proxy = raw.strip()
    parts = urlsplit(proxy)
    scheme = parts.scheme.lower()
    if scheme not in PROXY_SCHEMES:
        raise AppError("A proxy must be an http://, https:// or socks5:// URL", field=field)
    try:
        host = (parts.hostname or "").rstrip(".").lower()
        port = parts.port
    except ValueError:
        raise AppError("The proxy has an invalid port", field=field) from None
    if not host:
        raise AppError("The proxy URL has no host", field=field)
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise AppError("A proxy URL is scheme://[user:password@]host[:port] only", field=field)
    if host not in allowed_private_hosts:
        if host == "localhost" or host.endswith(".localhost"):
            raise AppError("A proxy on a local address cannot be used", field=field)
        address = ip_literal(host)
        reason = None if address is None else refusal_reason(address)
        if reason:
            raise AppError(f"A proxy on a {reason} address cannot be used", field=field)
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    if parts.username is not None:
        credentials = parts.username + ("" if parts.password is None else f":{parts.password}")
        netloc = f"{credentials}@{netloc}"
    return urlunsplit((scheme, netloc, "", "", ""))


def validate_headers(headers: dict[str, str], field: str = "headers") -> dict[str, str]:
    """Headers from the allow-list, in their usual spelling; values on one line."""
    cleaned: dict[str, str] = {}
    for name, value in headers.items():
        key = name.strip().lower()
        if not (key in ALLOWED_HEADERS or (key.startswith("x-") and _is_token(key) and len(key) > 2)):
            raise AppError(
                f"The header {name!r} cannot be set: allowed are User-Agent, Accept-Language, Referer, "
                "Authorization and X-… headers",
                field=f"{field}.{name}",
            )
        if "\r" in value or "\n" in value or "\0" in value:
            raise AppError(f"The value of header {name!r} must be on one line", field=f"{field}.{name}")
        cleaned["-".join(part.capitalize() for part in key.split("-"))] = value.strip()
    return cleaned


def parse_cookies(raw: dict[str, str] | str | None, field: str = "cookies") -> dict[str, str]:
    """Cookies as name/value pairs from pairs, a `Cookie:` header or a Netscape cookies.txt."""
    if raw is None:
        return {}
    if isinstance(raw, dict):
        pairs = dict(raw)
    elif "\t" in raw:
        pairs = _netscape_cookies(raw)
    else:
        text = raw.strip()
        if text.lower().startswith("cookie:"):
            text = text[len("cookie:") :]
        pairs = {}
        for part in text.split(";"):
            if part.strip():
                name, sep, value = part.strip().partition("=")
                if not sep:
                    raise AppError(f"The cookie {name!r} has no '=value'", field=field)
                pairs[name.strip()] = value.strip()
    if len(pairs) > MAX_COOKIES:
        raise AppError(f"At most {MAX_COOKIES} cookies", field=field)
    for name, value in pairs.items():
        if not name or not _is_token(name):
            raise AppError(f"{name!r} is not a valid cookie name", field=field)
        if any(c in value for c in ";\r\n\0") or len(value) > MAX_VALUE_LENGTH:
            raise AppError(f"The value of cookie {name!r} is not a valid cookie value", field=field)
    return pairs


def _netscape_cookies(text: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#HttpOnly_"):
            line = line[len("#HttpOnly_") :]
        elif not line or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) >= 7:
            pairs[columns[5]] = columns[6]
    return pairs


def _is_token(text: str) -> bool:
    return all(c.isalnum() or c in "!#$%&'*+-.^_`|~" for c in text)


def masked(options: FetchOptions) -> FetchOptionsOut:
    """What the API shows: the proxy without its password, Authorization and cookie values masked."""
    proxy = options.proxy
    if proxy is not None:
        parts = urlsplit(proxy)
        if parts.username is not None:
            host_port = parts.netloc.rpartition("@")[2]
            proxy = urlunsplit((parts.scheme, f"{unquote(parts.username)}:{MASK}@{host_port}", "", "", ""))
    headers = {k: MASK if k.lower() in SECRET_HEADERS else v for k, v in options.headers.items()}
    return FetchOptionsOut(proxy=proxy, headers=headers, cookies={name: MASK for name in options.cookies})
