"""Writing one corpus page: its HTML (in the page's encoding) and its expected answer."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Item:
    """One offer as a person sees it on the card (the expected answer), plus what the card
    template needs to draw it (`show`: old prices, badges, display strings...)."""

    url: str
    title: str
    price: str | None
    currency: str | None
    image: str | None
    seller: str | None = None
    alternatives: tuple[str, ...] = ()
    show: dict[str, Any] = field(default_factory=dict)

    def answer(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "url": self.url,
            "title": self.title,
            "price": self.price,
            "currency": self.currency,
            "image_url": self.image,
            "seller": self.seller,
        }
        if self.alternatives:
            answer["image_alternatives"] = list(self.alternatives)
        return answer


def h(text: object) -> str:
    """HTML-escaped text or attribute value."""
    return escape(str(text), quote=True)


def write_page(
    slug: str,
    platform: str,
    page_url: str,
    html: str,
    items: list[Item],
    *,
    encoding: str | None = "utf-8",
    file_encoding: str = "utf-8",
    render_js: bool = False,
    volatile_params: tuple[str, ...] = (),
) -> None:
    """tests/crawler/corpus/<slug>.html and .json; `encoding` is the Content-Type charset
    (None: the page declares it only in a <meta>), `file_encoding` the bytes' encoding."""
    (FOLDER / f"{slug}.html").write_bytes(html.encode(file_encoding))
    answer = {
        "platform": platform,
        "page_url": page_url,
        "encoding": encoding,
        "render_js": render_js,
        "volatile_params": list(volatile_params),
        "offers": [item.answer() for item in items],
    }
    (FOLDER / f"{slug}.json").write_text(
        json.dumps(answer, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
