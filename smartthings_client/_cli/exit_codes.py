"""The exit codes of ``smartthings-client`` (listed in its ``--help``)."""

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_FORBIDDEN = 4
EXIT_NOT_FOUND = 5
EXIT_RATE_LIMITED = 6
EXIT_CODES = {
    "ok": EXIT_OK,
    "error": EXIT_ERROR,
    "usage": EXIT_USAGE,
    "authentication": EXIT_AUTH,
    "forbidden": EXIT_FORBIDDEN,
    "not_found": EXIT_NOT_FOUND,
    "rate_limited": EXIT_RATE_LIMITED,
}
