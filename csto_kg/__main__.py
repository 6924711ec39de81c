"""``python -m csto_kg`` runs the CLI."""

import sys

from csto_kg.cli import main

sys.exit(main())
