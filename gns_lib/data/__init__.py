"""Reading and validating a committee's data: money, files, fields, settings, the model."""
