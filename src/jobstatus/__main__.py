"""``python -m jobstatus``: the same as the ``jobstatus`` command."""

import sys

from .cli import main

sys.exit(main())
