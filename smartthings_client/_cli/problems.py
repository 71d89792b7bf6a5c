"""The command line's own failures (a leaf module: every command module may import it)."""


class UsageError(Exception):
    """A command line that cannot be carried out as given (exit code 2)."""


class NotFound(Exception):
    """A name or id on the command line that names nothing the token can see (exit code 5, like a 404)."""
