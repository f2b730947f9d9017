"""Extraction quality over the corpus in tests/crawler/corpus/ (see bench/extraction/scoring.py).

    uv run python -m bench.extraction [--json] [--details] [--only SLUG ...]

Per page and in total: expected and found offers, recall, precision, title / price / currency /
image accuracy on matched offers, and the stable share (matched offers whose URL stays the same
when the page's links get new volatile parameters and utm_source/gclid/fbclid). Seller accuracy
(on matched offers whose page names a seller) is shown too, outside the goal. JavaScript pages
are rendered in Chromium at CHROMIUM_PATH (default /usr/bin/chromium), skipped without it.
The goal: 0.98 on every total figure and no page figure below 0.9.
"""

from __future__ import annotations

import argparse
import json
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from bench.extraction.corpus import load_corpus
from bench.extraction.measure import Renderer, score_pages
from bench.extraction.render import chromium_path, chromium_renderer
from bench.extraction.scoring import FIGURES, Score

GOAL = 0.98
PAGE_FLOOR = 0.9
COLUMNS = (*FIGURES, "seller")  # seller accuracy is shown, but is not part of the goal


def total_of(scores: dict[str, Score]) -> Score:
    return sum(scores.values(), Score())


def report(scores: dict[str, Score], platforms: dict[str, str]) -> dict[str, Any]:
    total = total_of(scores)
    lowest_slug = min(scores, key=lambda slug: scores[slug].lowest())
    return {
        "pages": {
            slug: {
                "platform": platforms[slug],
                "expected": s.expected,
                "found": s.found,
                **s.figures(),
                "seller": s.seller_accuracy(),
            }
            for slug, s in scores.items()
        },
        "total": {
            "pages": len(scores),
            "expected": total.expected,
            "found": total.found,
            **total.figures(),
            "seller": total.seller_accuracy(),
        },
        "lowest_page": {"slug": lowest_slug, "figure": scores[lowest_slug].lowest()},
    }


def mark(figure: float | None) -> str:
    return f"{'-':>9}" if figure is None else f"{figure:>9.3f}"


def print_table(result: dict[str, Any], scores: dict[str, Score], details: bool) -> None:
    header = f"{'page':<28}{'exp':>5}{'found':>6}" + "".join(f"{name[:8]:>9}" for name in COLUMNS)
    print(header)
    for slug, row in result["pages"].items():
        marks = "".join(mark(row[name]) for name in COLUMNS)
        print(f"{slug:<28}{row['expected']:>5}{row['found']:>6}{marks}")
        if details:
            for url in scores[slug].missed:
                print(f"    missed {url}")
            for url in scores[slug].extra:
                print(f"    extra  {url}")
            for wrong in scores[slug].wrong:
                print(f"    wrong  {wrong}")
    total = result["total"]
    print("-" * len(header))
    marks = "".join(mark(total[name]) for name in COLUMNS)
    print(
        f"{'TOTAL (' + str(total['pages']) + ' pages)':<28}{total['expected']:>5}{total['found']:>6}{marks}"
    )
    lowest = result["lowest_page"]
    print(f"lowest page figure: {lowest['figure']:.3f} ({lowest['slug']}; goal >= {PAGE_FLOOR})")
    worst_total = min(total[name] for name in FIGURES)
    print(f"ratio (lowest total figure / goal {GOAL}): {worst_total / GOAL:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--details", action="store_true", help="list missed offers and wrong fields")
    parser.add_argument("--only", nargs="+", metavar="SLUG", help="these pages only")
    args = parser.parse_args()
    pages = [page for page in load_corpus() if not args.only or page.slug in args.only]
    executable = chromium_path()
    needs_browser = any(page.render_js for page in pages)
    if needs_browser and executable is None:
        print("no Chromium at CHROMIUM_PATH: JavaScript pages skipped")
    renderer: AbstractContextManager[Renderer | None] = (
        chromium_renderer(executable) if needs_browser and executable else nullcontext(None)
    )
    with renderer as render:
        scores = score_pages(pages, render)
    result = report(scores, {page.slug: page.platform for page in pages})
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result, scores, args.details)


if __name__ == "__main__":
    main()
