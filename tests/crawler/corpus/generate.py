"""`python -m tests.crawler.corpus.generate`: rewrite the corpus pages built from offer lists."""

from __future__ import annotations

from tests.crawler.corpus import holdout, marketplaces, regional, shops, verticals


def main() -> None:
    for build in (*shops.PAGES, *marketplaces.PAGES, *verticals.PAGES, *regional.PAGES, *holdout.PAGES):
        build()


if __name__ == "__main__":
    main()
