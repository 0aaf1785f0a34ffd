"""`gns validate`: check a data folder and print a short Swedish summary."""

from __future__ import annotations

import argparse

from ..loader import load_dataset
from ..summary import dataset_summary


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default="data", metavar="MAPP", help="datamappen (standard: data)")


def run(args: argparse.Namespace) -> int:
    ds = load_dataset(args.data)
    print(dataset_summary(ds))
    return 0
