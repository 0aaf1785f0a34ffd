"""The sub-commands of `gns`, one module each (see `gns_lib.cli.COMMANDS`)."""
