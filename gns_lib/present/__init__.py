"""Report values as tables, text, charts, CSV, JSON and spreadsheets, in Swedish."""
