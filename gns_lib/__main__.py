"""`python -m gns_lib` runs the `gns` command."""

from gns_lib.cli import main

raise SystemExit(main())
