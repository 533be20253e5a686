"""Benchmarks for cc-tui: store generator, store timings, app timings (see README.md)."""
