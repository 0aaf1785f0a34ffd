"""The foundation every layer may use: the exception family and atomic file writing."""
