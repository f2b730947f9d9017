"""The extraction corpus: tests/crawler/corpus/<slug>.html with its expected answer <slug>.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse

from bench.extraction.scoring import OfferFields, expected_offer
from core.config import ROOT

CORPUS = ROOT / "tests" / "crawler" / "corpus"


@dataclass(frozen=True)
class CorpusPage:
    slug: str
    platform: str
    page_url: str
    encoding: str | None
    render_js: bool
    volatile_params: tuple[str, ...]
    body: bytes
    expected: tuple[OfferFields, ...]

    @property
    def content_type(self) -> str:
        return f"text/html; charset={self.encoding}" if self.encoding else "text/html"

    def text(self, body: bytes | None = None) -> str:
        """The page decoded as Scrapy decodes it (Content-Type charset, then <meta>, then guessing)."""
        response = HtmlResponse(
            url=self.page_url,
            body=self.body if body is None else body,
            headers={"Content-Type": self.content_type},
        )
        return response.text


def load_page(answer: Path) -> CorpusPage:
    spec: dict[str, Any] = json.loads(answer.read_text(encoding="utf-8"))
    return CorpusPage(
        slug=answer.stem,
        platform=spec["platform"],
        page_url=spec["page_url"],
        encoding=spec.get("encoding"),
        render_js=bool(spec.get("render_js")),
        volatile_params=tuple(spec.get("volatile_params") or ()),
        body=answer.with_suffix(".html").read_bytes(),
        expected=tuple(expected_offer(entry) for entry in spec["offers"]),
    )


def load_corpus(folder: Path = CORPUS) -> list[CorpusPage]:
    """Every page of the corpus, by slug."""
    return [load_page(answer) for answer in sorted(folder.glob("*.json"))]
