"""The `gns` command: `main.py` parses, one module per sub-command runs it."""

from gns_lib.cli.main import main

__all__ = ["main"]
