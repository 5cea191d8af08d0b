"""Output (and input) shapes of API v1, by subject."""
