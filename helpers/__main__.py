"""``python -m helpers STAGE ...``: see :mod:`helpers.cli`."""
from helpers.cli import main

raise SystemExit(main())
