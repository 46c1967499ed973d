"""Fill the page benchmark's database: `python -m bench.populate`."""

import sys

from bench.populate import main

if __name__ == "__main__":
    sys.exit(main())
