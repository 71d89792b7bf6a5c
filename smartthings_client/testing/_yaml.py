"""Just enough YAML to read an Edge driver package's ``config.yml`` and ``fingerprints.yml``.

Block mappings and lists (``- id: ...`` items), plain or quoted scalars, integers (also ``0x..``), booleans,
null, ``{}``, ``[]`` and flow lists of scalars.  Anything else raises ``ValueError``, which the upload route
answers with a 422 naming the file; no YAML library is needed for the emulator.
"""

from __future__ import annotations

from typing import Any

Line = tuple[int, str]


def parse(text: str) -> Any:
    """The document as dicts, lists and scalars; an empty document is ``{}``."""
    lines = [_split(raw) for raw in text.splitlines()]
    kept: list[Line] = [line for line in lines if line[1]]
    if kept and kept[0][1] == "---":
        kept = kept[1:]
    if not kept:
        return {}
    value, end = _block(kept, 0, kept[0][0])
    if end != len(kept):
        raise ValueError(f"unexpected indentation at {kept[end][1]!r}")
    return value


def _split(raw: str) -> Line:
    if "\t" in raw[: len(raw) - len(raw.lstrip())]:
        raise ValueError("tabs are not allowed for indentation")
    text = _strip_comment(raw).rstrip()
    return len(text) - len(text.lstrip(" ")), text.strip()


def _strip_comment(raw: str) -> str:
    quote = ""
    for index, char in enumerate(raw):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or raw[index - 1] in " \t"):
            return raw[:index]
    return raw


def _block(lines: list[Line], start: int, indent: int) -> tuple[Any, int]:
    if lines[start][1].startswith("- ") or lines[start][1] == "-":
        return _list(lines, start, indent)
    return _mapping(lines, start, indent)


def _mapping(lines: list[Line], index: int, indent: int) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    while index < len(lines) and lines[index][0] == indent and not lines[index][1].startswith("-"):
        key, value, index = _entry(lines, index, indent)
        out[key] = value
    return out, index


def _entry(lines: list[Line], index: int, indent: int) -> tuple[str, Any, int]:
    text = lines[index][1]
    key, sep, rest = text.partition(":")
    if not sep or (rest and not rest.startswith(" ")):
        raise ValueError(f"expected 'key: value', got {text!r}")
    key = _scalar(key.strip())
    rest = rest.strip()
    index += 1
    if rest:
        return str(key), _scalar(rest), index
    if index < len(lines) and lines[index][0] > indent:
        value, index = _block(lines, index, lines[index][0])
        return str(key), value, index
    if index < len(lines) and lines[index][0] == indent and lines[index][1].startswith("-"):
        value, index = _list(lines, index, indent)  # a list may sit at its key's own indentation
        return str(key), value, index
    return str(key), None, index


def _list(lines: list[Line], index: int, indent: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    while index < len(lines) and lines[index][0] == indent and (lines[index][1] + " ").startswith("- "):
        item = lines[index][1][1:].strip()
        if not item:
            index += 1
            value, index = _block(lines, index, lines[index][0]) if index < len(lines) else (None, index)
            out.append(value)
        elif ":" in item and not item.startswith(("'", '"', "[", "{")):
            # "- id: x" opens a mapping whose further keys are indented to where "id" starts.
            inner = indent + len(lines[index][1]) - len(item)
            lines[index] = (inner, item)
            value, index = _mapping(lines, index, inner)
            out.append(value)
        else:
            out.append(_scalar(item))
            index += 1
    return out, index


def _scalar(text: str) -> Any:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    lowered = text.lower()
    if lowered in ("null", "~"):
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    if text == "{}":
        return {}
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [_scalar(part.strip()) for part in inner.split(",")] if inner else []
    if text.startswith(("{", "[", "&", "*", "!", "|", ">")):
        raise ValueError(f"unsupported YAML value {text!r}")
    for base in (10, 0):  # "0095" is decimal 95; "0x0086" is hex
        try:
            return int(text, base)
        except ValueError:
            pass
    return text
