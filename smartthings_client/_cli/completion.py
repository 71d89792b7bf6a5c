"""`completion bash|zsh|fish`: shell completion scripts, and the completer they call.

The scripts are thin: at each Tab they run ``smartthings-client completion --complete WORD...`` and show what it
prints, one ``value<TAB>description`` per line.  Commands and options come from the parser itself (nothing to keep
in step); device and location ids come with their names from a cache of five minutes in
``$XDG_CACHE_HOME/smartthings-client`` (``~/.cache/...``), refreshed with one short request that gives up after
:data:`REFRESH_TIMEOUT` seconds, so a Tab never hangs on a slow network, and offers nothing rather than fail.
A name typed instead of an id completes to the id (``devices get Kitch<Tab>``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .options import OUTPUT_FORMATS
from .session import NotFound, UsageError

CACHE_SECONDS = 300.0
REFRESH_TIMEOUT = 2.0
# At most this many devices are cached (one page of SmartThings' largest), so a refresh is one request.
MOST_NAMES = 200

PROG = "smartthings-client"

BASH = r"""# bash completion for smartthings-client: eval "$(smartthings-client completion bash)" in ~/.bashrc
_smartthings_client() {
    local IFS=$'\n' line
    COMPREPLY=()
    for line in $(smartthings-client completion --complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null); do
        COMPREPLY+=("${line%%$'\t'*}")
    done
}
complete -o default -F _smartthings_client smartthings-client
"""

ZSH = r"""#compdef smartthings-client
# zsh completion for smartthings-client: eval "$(smartthings-client completion zsh)" in ~/.zshrc (after compinit)
_smartthings_client() {
    local -a values shown
    local line
    for line in "${(@f)$(smartthings-client completion --complete "${(@)words[2,CURRENT]}" 2>/dev/null)}"; do
        [[ -z $line ]] && continue
        values+=("${line%%$'\t'*}")
        if [[ $line == *$'\t'* ]]; then shown+=("${line%%$'\t'*}  -- ${line#*$'\t'}"); else shown+=("$line"); fi
    done
    (( ${#values} )) && compadd -U -d shown -a values
}
compdef _smartthings_client smartthings-client
"""

FISH = r"""# fish completion for smartthings-client:
#   smartthings-client completion fish > ~/.config/fish/completions/smartthings-client.fish
function __smartthings_client_complete
    set -l words (commandline -opc)
    smartthings-client completion --complete $words[2..-1] (commandline -ct) 2>/dev/null
end
complete -c smartthings-client -f -a '(__smartthings_client_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}

# The options whose value the completer offers, and where from.
_VALUE_OPTIONS = {"--location-id": "locations", "--device-id": "devices", "--hub": "devices", "--hub-id": "devices"}
# Positional arguments (by dest) that take a device id, or a device or location id.
_DEVICE_ARGUMENTS = {"device_id", "hub_id"}
_DEVICE_OR_LOCATION_ARGUMENTS = {"target"}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / PROG


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help_of(parser: argparse.ArgumentParser, name: str) -> str:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.dest == name:
                    return choice.help or ""
    return ""


def _takes_value(parser: argparse.ArgumentParser, flag: str) -> bool:
    for action in parser._actions:
        if flag in action.option_strings:
            return action.nargs != 0
    return False


def _session_args(words: Sequence[str]) -> argparse.Namespace:
    """The global options among the words typed so far (token, base URL, profile, emulator)."""
    values: dict[str, Any] = {"token": None, "base_url": None, "profile": None, "installed_app_id": None}
    for index, word in enumerate(words[:-1]):
        name = word.lstrip("-").replace("-", "_")
        if word.startswith("--") and name in values:
            values[name] = words[index + 1]
    return argparse.Namespace(**values, emulator="--emulator" in words, token_dir=None)


def _cache_key(args: argparse.Namespace) -> str:
    """Which account the names belong to (the token itself is never written: a hash of it tells them apart)."""
    from .profiles import chosen_profile_name
    from .session import base_url, given_token, profile_token

    if args.emulator:
        return "emulator"
    token = given_token(args) or os.environ.get("SMARTTHINGS_TOKEN", "") or profile_token(args)
    source = f"{base_url(args) or ''}|{chosen_profile_name(args) or ''}|{token}"
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _fetch_names(args: argparse.Namespace) -> dict[str, list[list[str]]]:
    import itertools

    from .session import Session

    with Session(args, timeout=REFRESH_TIMEOUT, max_retries=0) as session:
        client = session.client
        devices = [[d.device_id, d.display_name or ""] for d in itertools.islice(client.devices.list(), MOST_NAMES)]
        locations = [[loc.location_id, loc.name or ""] for loc in client.locations.list()]
    return {"devices": devices, "locations": locations}


def cached_names(args: argparse.Namespace) -> dict[str, list[list[str]]]:
    """The account's device and location names: from the cache while it is fresh, else fetched (and cached);
    nothing when they cannot be had quickly."""
    from .. import errors

    path = cache_dir() / "names.json"
    try:
        key = _cache_key(args)
        cache: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (ValueError, OSError, UsageError, errors.SmartThingsError):
        cache, key = {}, ""
    entry = cache.get(key) if key else None
    if isinstance(entry, dict) and time.time() - float(entry.get("time", 0)) < CACHE_SECONDS:
        return entry
    try:
        names = _fetch_names(args)
    except (errors.SmartThingsError, UsageError, NotFound, ValueError, OSError):
        return {}
    cache = {k: v for k, v in cache.items() if time.time() - float(v.get("time", 0)) < CACHE_SECONDS}
    cache[key] = {"time": time.time(), **names}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(cache), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # an unwritable cache only costs the next Tab a request
    return names


def _matching(prefix: str, pairs: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """The ids that start with ``prefix``; else the ids whose name does (any case), so a name completes to its id."""
    by_id = [(ident, name) for ident, name in pairs if ident.startswith(prefix)]
    if by_id:
        return by_id
    lowered = prefix.lower()
    return [(ident, name) for ident, name in pairs if name.lower().startswith(lowered)]


def candidates(
    parser: argparse.ArgumentParser,
    words: Sequence[str],
    names: Callable[[], dict[str, list[list[str]]]] | None = None,
) -> list[tuple[str, str]]:
    """What may follow ``words`` (the last one being the word under the cursor, maybe empty) on the command line
    that ``parser`` reads."""
    words = list(words) or [""]
    current, positionals, skip = parser, 0, False
    for word in words[:-1]:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = "=" not in word and _takes_value(current, word)
        elif word in _subcommands(current):
            current, positionals = _subcommands(current)[word], 0
        else:
            positionals += 1
    prefix = words[-1]
    load = names or (lambda: cached_names(_session_args(words)))
    previous = words[-2] if len(words) > 1 else ""
    if previous in ("-o", "--output"):
        return [(f, "") for f in OUTPUT_FORMATS if f.startswith(prefix)]
    if previous == "--profile":
        from .profiles import read_profiles

        try:
            return [(name, "") for name in read_profiles() if name.startswith(prefix)]
        except (UsageError, OSError):
            return []
    if previous in _VALUE_OPTIONS:
        return _matching(prefix, load().get(_VALUE_OPTIONS[previous], []))
    if skip:
        return []
    if prefix.startswith("-"):
        flags = sorted(
            {f for a in current._actions if a.help != argparse.SUPPRESS for f in a.option_strings if f.startswith("--")}
        )
        return [(flag, "") for flag in flags if flag.startswith(prefix)]
    commands = _subcommands(current)
    if commands:
        return [(name, _help_of(current, name)) for name in commands if name.startswith(prefix)]
    wanted = [a for a in current._actions if not a.option_strings][positionals : positionals + 1]
    if not wanted:
        return []
    if wanted[0].dest in _DEVICE_ARGUMENTS:
        return _matching(prefix, load().get("devices", []))
    if wanted[0].dest in _DEVICE_OR_LOCATION_ARGUMENTS:
        found = load()
        return _matching(prefix, [*found.get("devices", []), *found.get("locations", [])])
    if wanted[0].choices:
        return [(str(c), "") for c in wanted[0].choices if str(c).startswith(prefix)]
    return []


def cmd_completion(args: argparse.Namespace) -> None:
    if args.complete is not None:
        words = args.complete[1:] if args.complete[:1] == ["--"] else args.complete
        for value, description in candidates(args.parser, words):
            print(f"{value}\t{description}" if description else value)
        return
    if args.shell is None:
        raise UsageError("give the shell: smartthings-client completion bash|zsh|fish")
    sys.stdout.write(SCRIPTS[args.shell])


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    p = groups.add_parser(
        "completion",
        help='a shell completion script: eval "$(smartthings-client completion bash)" (or zsh; fish: see --help)',
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("shell", nargs="?", choices=sorted(SCRIPTS), help="bash, zsh or fish")
    p.add_argument("--complete", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_completion)
