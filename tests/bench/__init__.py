"""Load benchmark of the production shape: `make bench` (python -m tests.bench.run).

Nothing here starts a server at import time, so pytest can collect test_harness.py safely.
"""
