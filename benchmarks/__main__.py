"""`python -m benchmarks`, from the repository root: the whole suite (see suite.py)."""

import sys

from benchmarks.suite import main

if __name__ == "__main__":
    sys.exit(main())
