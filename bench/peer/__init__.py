"""Side-by-side benchmark against changedetection.io: `python -m bench.peer`."""
