"""``python -m smartthings_client``: the command line."""

import sys

from .cli import main

sys.exit(main())
