"""Runs the whole system on one machine with the embedded defaults (`./dev start`)."""
