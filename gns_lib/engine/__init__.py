"""The year's computations on the loaded data: budget vs outcome, reserve, forecast, net cost."""
