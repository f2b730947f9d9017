"""Extraction quality over the hand-written corpus: `python -m bench.extraction`."""
