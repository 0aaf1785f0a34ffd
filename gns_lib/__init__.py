"""gns_lib: the yearly financial analysis of a Swedish gemensam nämnd."""

__version__ = "0.1.0"
