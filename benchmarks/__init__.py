"""Performance scenarios, each a script of its own; `python -m benchmarks` runs the suite."""
