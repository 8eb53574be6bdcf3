"""The benchmark: ``python -m tests.bench`` (not part of the test run).

See ``tests/bench/__main__.py`` for what it measures and README "Performance"
for the latest figures.
"""
