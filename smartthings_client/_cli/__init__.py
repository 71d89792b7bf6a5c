"""The command line's parts: one module per command group (``smartthings_client.cli`` puts them together)."""
