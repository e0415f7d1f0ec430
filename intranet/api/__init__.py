"""The JSON API (`/api/v1/...`) and the health check."""
