"""Splitting costs among the parties: keys, exact splits, the year's allocation, statements."""
