"""People and units: the organisation Ura serves."""
