"""Imported by the fork server once, so every forked worker starts warm."""

from gns_lib.report.worker import warm_up

warm_up()
