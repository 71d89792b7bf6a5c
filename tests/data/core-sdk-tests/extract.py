"""How the case files beside this script were made (documentation; the test suite reads only the JSON).

    python3 tests/data/core-sdk-tests/extract.py /path/to/smartthings-core-sdk.git

reads ``test/unit/<group>.test.ts`` of SmartThingsCommunity/smartthings-core-sdk at the pinned commit and writes
``<group>.json``: one case per ``it(...)`` block, with the SDK call as written, the requests the test expects and
the sample answer.  Two kinds of SDK test are read:

* tests that mock axios and expect ``expectedRequest(<sample>.request)``: the samples are the SDK's
  ``test/unit/data/<group>/<verb>.ts`` modules, which this repository already carries as JSON in
  ``tests/data/core-sdk/`` and ``tests/data/core-sdk-more/`` (see their READMEs); a case names its sample there
  (``{"sample": "core-sdk/rooms/get.json", "export": "..."}``) and repeats its request in our normal form;
* tests that spy on ``EndpointClient`` (``expect(getSpy).toHaveBeenCalledWith('path', params, ...)``) or call
  ``buildRequest(...)``: their expectations are inline TypeScript, transcribed by hand into ``TRANSCRIBED``
  below (the SDK test's name, its call, and the path/params/body/header overrides it expects).

The normal form of a request: ``method``; ``path`` as under the API origin without ``/v1`` (the SDK's base URL
is ``https://api.smartthings.com``); ``query`` as sorted ``[key, value]`` string pairs; ``body``; ``headers``
only when the SDK overrides its default (``Accept: application/json``), i.e. a dated ``Accept`` or
``X-ST-Organization``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
COMMIT = "1fdb30b28927f86031858738917461429c62250a"
ORIGIN = "https://api.smartthings.com"
DEFAULT_HEADERS = {"Accept": "application/json", "Content-Type": "application/json;charset=utf-8"}
SAMPLE_STYLE = [
    "deviceprofiles", "history", "installedapps", "modes", "organizations", "rooms", "scenes", "schedules",
    "services", "subscriptions",
]


def _show(git_dir: str, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{COMMIT}:{path}"], check=True, capture_output=True, text=True
    ).stdout


def _sample_file(module: str) -> str:
    """Our JSON copy of an SDK data module (``./data/rooms/get`` -> ``core-sdk/rooms/get.json``)."""
    group, verb = module.removeprefix("./data/").split("/")
    for folder in ("core-sdk", "core-sdk-more"):
        if (DATA / folder / group / f"{verb}.json").exists():
            return f"{folder}/{group}/{verb}.json"
    raise SystemExit(f"no JSON copy of {module}")


def normal_request(request: dict[str, Any]) -> dict[str, Any]:
    """A recorded axios request config in the normal form."""
    parts = urlsplit(request["url"])
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    for key, value in (request.get("params") or {}).items():
        values = value if isinstance(value, list) else [value]
        query += [(key, str(v).lower() if isinstance(v, bool) else str(v)) for v in values]
    headers = {
        k: v for k, v in (request.get("headers") or {}).items() if k != "Authorization" and DEFAULT_HEADERS.get(k) != v
    }
    return {
        "method": request["method"].upper(),
        "path": parts.path or "/",
        "query": sorted([list(pair) for pair in query]),
        "body": request.get("data"),
        "headers": headers,
    }


def _imports(source: str) -> dict[str, tuple[str, str]]:
    """alias -> (data module, export name) of ``import { a as b } from './data/x/y'``."""
    found: dict[str, tuple[str, str]] = {}
    for names, module in re.findall(r"import\s*\{([^}]*)\}\s*from\s*'(\./data/[^']+)'", source):
        for item in names.split(","):
            item = item.strip()
            if item:
                export, _, alias = (part.strip() for part in item.partition(" as "))
                found[alias or export] = (module, export)
    return found


def _call_text(block: str) -> str:
    """The SDK call of a test: the first ``await <client>.<group>.<method>(...)``, whitespace squeezed."""
    match = re.search(r"await\s+(\w+\.\w+\.\w+\()", block)
    if not match:
        return ""
    start, depth = match.start(1), 0
    for index in range(match.end(1) - 1, len(block)):
        depth += {"(": 1, ")": -1}.get(block[index], 0)
        if depth == 0:
            return re.sub(r"\s+", " ", block[start : index + 1])
    return ""


def sample_style_cases(group: str, source: str) -> list[dict[str, Any]]:
    aliases = _imports(source)
    blocks = re.split(r"\n\t+(?=it\(')", source)[1:]
    cases = []
    for block in blocks:
        name = re.match(r"it\('([^']*)'", block)
        assert name
        expected = re.findall(r"expectedRequest\((\w+)\.request\)", block)
        mocked = re.findall(r"data:\s*(\w+)\.response", block)
        if not expected:
            continue
        requests, answers = [], []
        for alias in expected:
            module, export = aliases[alias]
            file = _sample_file(module)
            pair = json.loads((DATA / file).read_text())[export]
            requests.append({**normal_request(pair["request"]), "sample": file, "export": export})
        for alias in mocked:
            module, export = aliases[alias]
            answers.append({"sample": _sample_file(module), "export": export})
        cases.append({"test": name.group(1), "sdk_call": _call_text(block), "requests": requests, "answers": answers})
    return cases


def main(git_dir: str) -> None:
    for group in SAMPLE_STYLE:
        path = f"test/unit/{group}.test.ts"
        cases = sample_style_cases(group, _show(git_dir, path))
        write(group, path, cases)
    for group, cases in TRANSCRIBED.items():
        write(group, f"test/unit/{group}.test.ts", cases)


def write(group: str, path: str, cases: list[dict[str, Any]]) -> None:
    for index, case in enumerate(cases):
        case["id"] = f"{group}/" + re.sub(r"[^a-z0-9]+", "-", case["test"].lower()).strip("-")
    document = {
        "source": {
            "repository": "SmartThingsCommunity/smartthings-core-sdk",
            "commit": COMMIT,
            "path": path,
            "license": "Apache-2.0",
        },
        "cases": [{"id": case.pop("id"), **case} for case in cases],
    }
    (HERE / f"{group}.json").write_text(json.dumps(document, indent=1) + "\n")


def req(
    method: str, path: str, query: dict[str, Any] | None = None, body: Any = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """A transcribed request in the normal form."""
    pairs: list[list[str]] = []
    for key, value in (query or {}).items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append([key, str(item).lower() if isinstance(item, bool) else str(item)])
    return {"method": method, "path": path, "query": sorted(pairs), "body": body, "headers": headers or {}}


def case(test: str, sdk_call: str, *requests: dict[str, Any], answer: Any = None) -> dict[str, Any]:
    return {"test": test, "sdk_call": sdk_call, "requests": list(requests), "answers": [answer] if answer else []}


DATED = {"Accept": "application/vnd.smartthings+json;v=20170916"}

TRANSCRIBED: dict[str, list[dict[str, Any]]] = {}

if __name__ == "__main__":
    main(sys.argv[1])
