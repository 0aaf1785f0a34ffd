"""`python -m gns_lib` runs the `gns` command."""

from gns_lib.cli.main import main

# Guarded: the report runner's worker processes re-import the main module.
if __name__ == "__main__":
    raise SystemExit(main())
