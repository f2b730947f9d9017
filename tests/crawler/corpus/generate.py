"""`python -m tests.crawler.corpus.generate`: rewrite the corpus pages built from offer lists."""

from __future__ import annotations

from tests.crawler.corpus import marketplaces, shops


def main() -> None:
    for build in (*shops.PAGES, *marketplaces.PAGES):
        build()


if __name__ == "__main__":
    main()
