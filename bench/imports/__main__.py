"""Measure the company import: `python -m bench.imports`."""

import sys

from bench.imports import main

if __name__ == "__main__":
    sys.exit(main())
