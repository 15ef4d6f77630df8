"""devcloud internals (stdlib only)."""
