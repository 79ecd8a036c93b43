"""Benchmarks: `python -m bench` runs them all, `python -m bench parser` one (not tests)."""
