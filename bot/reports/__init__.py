"""Reports built from a plan's facts: the status chart and the plan's health check."""
