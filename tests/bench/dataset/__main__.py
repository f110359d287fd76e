"""`python -m tests.bench.dataset [--force]`: build the bench dataset unless it is there."""

import sys

from tests.bench.dataset.cache import main

sys.exit(main())
