"""The client's test suite (a package, so its module names cannot clash with tests/emulator's)."""
