"""Benchmarks of the agreements toolkit (not part of the test suite): `python -m benchmarks.run`."""
