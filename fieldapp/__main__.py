"""``python -m fieldapp`` runs the console command."""

import sys

from fieldapp.cli import main

sys.exit(main())
