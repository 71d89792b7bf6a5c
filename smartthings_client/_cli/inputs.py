"""``-i/--input FILE``: a create or update command's request read from a JSON or YAML file (``-`` for standard input).

The document is the API's own request body (camelCase keys, as in SmartThings' documentation and smartthings-cli's
input files).  Each command declares which of its options each key fills; an option given on the command line
wins over the file, and a key the command does not know is a usage error (a typo is never sent, nor ignored).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .problems import UsageError

INPUT_HELP = "the request as a JSON or YAML file (- for standard input): its API body; options given here win"


def add_input_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-i", "--input", metavar="FILE", help=INPUT_HELP)


def read_document(source: str) -> Any:
    """A JSON or YAML document from a file or from standard input (``-``).  JSON is tried first, so a JSON file
    needs no PyYAML; anything else is read as YAML."""
    where = "standard input" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot read --input {where}: {error.strerror or error}") from error
    if not text.strip():
        raise UsageError(f"--input {where} is empty")
    try:
        return json.loads(text)
    except ValueError:
        pass
    from .output import yaml_module

    yaml = yaml_module()
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise UsageError(f"--input {where} is neither JSON nor YAML: {' '.join(str(error).split())}") from error


def input_document(args: argparse.Namespace) -> dict[str, Any] | None:
    """The --input document (a mapping), or None when none was given."""
    source = getattr(args, "input", None)
    if source is None:
        return None
    document = read_document(source)
    if not isinstance(document, dict):
        raise UsageError(f"--input {source}: the request must be a mapping (a JSON object), not {_kind(document)}")
    return document


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else type(value).__name__


def _paths(document: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Every leaf key of a document as a dotted path (``owner.ownerId``)."""
    found = []
    for key, value in document.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            found.extend(_paths(value, f"{path}."))
        else:
            found.append(path)
    return found


def _lookup(document: Mapping[str, Any], path: str) -> Any:
    value: Any = document
    for key in path.split("."):
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def fill_from_input(args: argparse.Namespace, keys: Mapping[str, str], *, document: Any = None) -> None:
    """Fill the options the command line left out from the --input document: ``keys`` maps an option's dest to
    its dotted path in the body.  A key of the document that maps to no option is a usage error."""
    document = input_document(args) if document is None else document
    if document is None:
        return
    known = set(keys.values())
    unknown = [path for path in _paths(document) if path not in known]
    if unknown:
        raise UsageError(
            f"--input has {', '.join(unknown)}, which this command does not send; it reads {', '.join(sorted(known))}"
        )
    for dest, path in keys.items():
        value = _lookup(document, path)
        if value is not None and getattr(args, dest, None) in (None, False):
            setattr(args, dest, value)


def require(args: argparse.Namespace, dest: str, name: str) -> Any:
    """An option that the command line or --input must give."""
    value = getattr(args, dest, None)
    if value is None or value == "":
        raise UsageError(f"{name} is required: give it on the command line or in the --input file")
    return value
