"""`gns validate`: check a data folder and print a short Swedish summary."""

from __future__ import annotations

import argparse

from gns_lib.data.loader import load_dataset
from gns_lib.allocation.weights import check_allocation_data
from gns_lib.present.dataset_summary import dataset_summary


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default="data", metavar="MAPP", help="datamappen (standard: data)")


def run(args: argparse.Namespace) -> int:
    ds = check_allocation_data(load_dataset(args.data))
    print(dataset_summary(ds))
    return 0
