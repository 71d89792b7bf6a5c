"""Tests of the token lifecycle (a package, so module names cannot clash with tests/emulator's)."""
