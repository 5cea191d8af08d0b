"""Admin forms: events (recorded through the services) and treaty rules (edited as fields)."""
