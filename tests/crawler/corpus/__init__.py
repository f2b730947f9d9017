"""The extraction corpus: listing pages copying real platforms' markup, each with its expected
offers written by hand (see bench/extraction). `python -m tests.crawler.corpus.generate` rewrites
the pages that are built from a hand-written offer list and the platform's card template."""
