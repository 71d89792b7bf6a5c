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
    "deviceprofiles",
    "history",
    "installedapps",
    "modes",
    "organizations",
    "rooms",
    "scenes",
    "schedules",
    "services",
    "subscriptions",
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
        for entry in names.split(","):
            item = entry.strip()
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
    for case in cases:
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


def case(
    test: str, sdk_call: str, *requests: dict[str, Any], answer: Any = None, status: int = 200, note: str = ""
) -> dict[str, Any]:
    """A transcribed case.  The SDK's spy tests mock opaque stand-ins (``{ my: 'device' }``); ``answer`` is that
    stand-in where it is a plausible object, else the smallest well-formed answer with the ids the test uses
    (marked ``synthetic``)."""
    listed = answer if isinstance(answer, list) and all(isinstance(a, dict) and "sample" in a for a in answer) else None
    if answer is None:
        answers: list[dict[str, Any]] = []
    elif answer == "":  # the SDK test mocks an empty (undefined) answer
        answers = [{"inline": "", "status": status}]
    elif listed is not None:
        answers = listed
    elif isinstance(answer, dict) and "sample" in answer:
        answers = [answer]
    else:
        answers = [{"inline": answer, "status": status, "synthetic": True}]
    transcribed = {"test": test, "sdk_call": sdk_call, "requests": list(requests), "answers": answers}
    return {**transcribed, "note": note} if note else transcribed


CAPS_GET, CAPS_POST, CAPS_PUT = (f"core-sdk-more/capabilities/{verb}.json" for verb in ("get", "post", "put"))
PRESENTATION = "core-sdk-more/presentation/models-synthetic.json"


def ref(sample: str, export: str) -> dict[str, str]:
    """An answer that is one of the SDK's samples, by our JSON copy of it."""
    return {"sample": sample, "export": export}


def sample_object(sample: str, export: str) -> Any:
    """A request body that the SDK test takes from one of its samples."""
    return json.loads((DATA / sample).read_text())[export]


DATED = {"Accept": "application/vnd.smartthings+json;v=20170916"}
DEVICE = {"deviceId": "device-id"}
DEVICES = {"items": [DEVICE]}
RESULTS = {"results": [{"id": "result", "status": "ACCEPTED"}]}
LOCATION = {"locationId": "locationId", "name": "location"}
SCHEMA_CREATED = {"endpointAppId": "endpoint_app_id", "stClientId": "xxx", "stClientSecret": "yyy"}

# Not carried: cases whose inputs are stand-ins of the wrong type for a typed API (``max: 'search-max'``,
# ``page: 'search-page'``, ``includeRestricted: 's-includeRestricted'``, an update body ``{ device: 'update' }``,
# config entries ``{ id: 'config-entry-1' }``, events ``{ component: 'main' }``), cases that only spy on another
# SDK method with no request of their own beyond one already carried, and error pass-through cases (a rejected
# promise handed on: our error tree is tested in tests/test_errors.py).
TRANSCRIBED: dict[str, list[dict[str, Any]]] = {
    "devices": [
        case(
            "list works without options",
            "devicesEndpoint.list()",
            req("GET", "/devices", headers=DATED),
            answer=DEVICES,
        ),
        case(
            "list includes configured locationId",
            "devices.list() // locationId: 'configured-location-id'",
            req("GET", "/devices", {"locationId": "configured-location-id"}, headers=DATED),
            answer=DEVICES,
        ),
        case(
            "list handles capability",
            "devicesEndpoint.list({ capability: 'search-capability' })",
            req("GET", "/devices", {"capability": "search-capability"}, headers=DATED),
            answer=DEVICES,
        ),
        case(
            "list handles locationId",
            "devicesEndpoint.list({ locationId: 'wanted-locationId' })",
            req("GET", "/devices", {"locationId": "wanted-locationId"}, headers=DATED),
            answer=DEVICES,
        ),
        case(
            "list handles deviceId",
            "devicesEndpoint.list({ deviceId: 'desired-deviceId' })",
            req("GET", "/devices", {"deviceId": "desired-deviceId"}, headers=DATED),
            answer=DEVICES,
        ),
        case(
            "list handles capabilitiesMode",
            "devicesEndpoint.list({ capabilitiesMode: 'my-capabilitiesMode' })",
            req("GET", "/devices", {"capabilitiesMode": "my-capabilitiesMode"}, headers=DATED),
            answer=DEVICES,
        ),
        case(
            "list handles accessLevel",
            "devicesEndpoint.list({ accessLevel: 'search-accessLevel' })",
            req("GET", "/devices", {"accessLevel": "search-accessLevel"}, headers=DATED),
            answer=DEVICES,
        ),
        case(
            "list handles includeHealth",
            "devicesEndpoint.list({ includeHealth: true })",
            req("GET", "/devices", {"includeHealth": "true"}, headers=DATED),
            answer=DEVICES,
        ),
        case(
            "list handles includeStatus",
            "devicesEndpoint.list({ includeStatus: true })",
            req("GET", "/devices", {"includeStatus": "true"}, headers=DATED),
            answer=DEVICES,
        ),
        case(
            "list handles installedAppId",
            "devicesEndpoint.list({ installedAppId: 'search-installedAppId' })",
            req("GET", "/devices", {"installedAppId": "search-installedAppId"}, headers=DATED),
            answer=DEVICES,
        ),
        case(
            "list handles type",
            "devicesEndpoint.list({ type: 'search-type' })",
            req("GET", "/devices", {"type": "search-type"}, headers=DATED),
            answer=DEVICES,
        ),
        case(
            "get works without options",
            "devicesEndpoint.get('device-id')",
            req("GET", "/devices/device-id", headers=DATED),
            answer=DEVICE,
        ),
        case(
            "get handles includeHealth",
            "devicesEndpoint.get('device-id', { includeHealth: true })",
            req("GET", "/devices/device-id", {"includeHealth": "true"}, headers=DATED),
            answer=DEVICE,
        ),
        case(
            "get handles includeStatus",
            "devicesEndpoint.get('device-id', { includeStatus: true })",
            req("GET", "/devices/device-id", {"includeStatus": "true"}, headers=DATED),
            answer=DEVICE,
        ),
        case("delete", "devicesEndpoint.delete('id-to-delete')", req("DELETE", "/devices/id-to-delete"), answer={}),
        case(
            "create creates app based on DeviceCreate type",
            "devicesEndpoint.create({ label: 'Living room light', app: { profileId: 'profile-id', externalId: "
            "'Th13390' } }) // locationId 'location-id', installedAppId 'installed-app-id'",
            req(
                "POST",
                "/devices",
                body={
                    "label": "Living room light",
                    "locationId": "location-id",
                    "app": {"profileId": "profile-id", "installedAppId": "installed-app-id", "externalId": "Th13390"},
                },
            ),
            answer=DEVICE,
        ),
        case(
            "updateProfile",
            "devicesEndpoint.updateProfile('device-id', deviceProfileUpdate)",
            req("PUT", "/devices/device-id/profile", body={"profileId": "profile-id"}, headers=DATED),
            answer=DEVICE,
            note="The SDK test's body is a stand-in ({ device: 'profile update' }); the body here "
            "is the DeviceProfileUpdate the SDK types it as, { profileId }. Path and header are the test's.",
        ),
        case(
            "getStatus",
            "devicesEndpoint.getStatus('device-id')",
            req("GET", "/devices/device-id/status"),
            answer={"components": {}},
        ),
        case(
            "getComponentStatus",
            "devicesEndpoint.getComponentStatus('device-id', 'component-id')",
            req("GET", "/devices/device-id/components/component-id/status"),
            answer={},
        ),
        case(
            "getCapabilityStatus",
            "devicesEndpoint.getCapabilityStatus('device-id', 'component-id', 'capability-id')",
            req("GET", "/devices/device-id/components/component-id/capabilities/capability-id/status"),
            answer={},
        ),
        case(
            "getHealth works on happy path",
            "devicesEndpoint.getHealth('device-id')",
            req("GET", "/devices/device-id/health"),
            answer={"deviceId": "device-id-for-health"},
        ),
        case(
            "getHealth converts 404 to unknown status",
            "devicesEndpoint.getHealth('device-id')",
            req("GET", "/devices/device-id/health"),
            answer={},
            status=404,
        ),
        case(
            "executeCommands works on happy path",
            "devicesEndpoint.executeCommands('device-id', [{ command: 'command-1' }])",
            req("POST", "/devices/device-id/commands", body={"commands": [{"command": "command-1"}]}),
            answer=RESULTS,
        ),
        case(
            "postCommands",
            "devicesEndpoint.postCommands('device-id', { commands: [{ command: 'command-1' }] })",
            req("POST", "/devices/device-id/commands", body={"commands": [{"command": "command-1"}]}),
            answer=RESULTS,
        ),
        case(
            "sendCommand processes simple single command",
            "devicesEndpoint.sendCommand({ valueType: DEVICE, deviceConfig: { deviceId: 'device-id', "
            "componentId: 'component-id' } }, 'capability-id', 'command')",
            req(
                "POST",
                "/devices/device-id/commands",
                body={
                    "commands": [
                        {
                            "component": "component-id",
                            "capability": "capability-id",
                            "command": "command",
                            "arguments": [],
                        },
                    ]
                },
            ),
            answer=RESULTS,
        ),
        case(
            "sendCommand builds commands from commands list",
            "devicesEndpoint.sendCommand(configEntry, [{ capability: 'capability-id-1', command: 'command-1' }, "
            "{ capability: 'capability-id-2', command: 'command-2', arguments: ['arg1', 'arg2'] }])",
            req(
                "POST",
                "/devices/device-id/commands",
                body={
                    "commands": [
                        {
                            "component": "component-id",
                            "capability": "capability-id-1",
                            "command": "command-1",
                            "arguments": [],
                        },
                        {
                            "component": "component-id",
                            "capability": "capability-id-2",
                            "command": "command-2",
                            "arguments": ["arg1", "arg2"],
                        },
                    ]
                },
            ),
            answer=RESULTS,
        ),
        case(
            "sendCommands does nothing given no config entries",
            "devicesEndpoint.sendCommands(undefined, 'capability-id', 'command')",
        ),
        case(
            "sendEvents",
            "devices.sendEvents('device-id', { deviceEvents: [] })",
            req("POST", "/devices/device-id/events", body={"deviceEvents": []}),
            answer={},
        ),
        case(
            "getPresentation",
            "devices.getPresentation('device-id')",
            req("GET", "/presentation", {"deviceId": "device-id"}),
            answer={"presentationId": "presentation-id"},
        ),
        case(
            "getPreferences",
            "devices.getPreferences('device-id')",
            req("GET", "/devices/device-id/preferences", headers=DATED),
            answer={"values": {}},
        ),
    ],
    "apps": [
        case("List", "apps.list()", req("GET", "/apps"), answer={"items": [{"appId": "appId"}]}),
        case(
            "List Automations",
            "apps.list({ classification: AppClassification.AUTOMATION })",
            req("GET", "/apps", {"classification": "AUTOMATION"}),
            answer={"items": [{"appId": "appId"}]},
        ),
        case(
            "List Webhooks",
            "apps.list({ appType: AppType.WEBHOOK_SMART_APP })",
            req("GET", "/apps", {"appType": "WEBHOOK_SMART_APP"}),
            answer={"items": [{"appId": "appId"}]},
        ),
        case(
            "List Lambda Automations",
            "apps.list({ appType: AppType.LAMBDA_SMART_APP, classification: AppClassification.AUTOMATION })",
            req("GET", "/apps", {"appType": "LAMBDA_SMART_APP", "classification": "AUTOMATION"}),
            answer={"items": [{"appId": "appId"}]},
        ),
        case(
            "List Tags",
            "apps.list({ tag: { industry: 'energy', region: 'North America' } })",
            req("GET", "/apps", {"tag:industry": "energy", "tag:region": "North America"}),
            answer={"items": [{"appId": "appId"}]},
        ),
        case(
            "Get",
            "apps.get('appName')",
            req("GET", "/apps/appName"),
            answer={"appId": "appId", "appType": "WEBHOOK_SMART_APP"},
        ),
        case(
            "Create",
            "apps.create({ appName: 'app' })",
            req("POST", "/apps", body={"appName": "app"}),
            answer={"app": {"appId": "appId", "appName": "app"}},
        ),
        case(
            "Update signature type",
            "apps.updateSignatureType('appId', SignatureType.ST_PADLOCK)",
            req("PUT", "/apps/appId/signature-type", body={"signatureType": "ST_PADLOCK"}),
            answer={},
        ),
        case("Register", "apps.register('appId')", req("PUT", "/apps/appId/register"), answer={}),
        case(
            "Update OAuth",
            "apps.updateOauth('appId', { redirectUris: [] })",
            req("PUT", "/apps/appId/oauth", body={"redirectUris": []}),
            answer={"clientName": "clientName"},
        ),
        case(
            "Regenerate OAuth",
            "apps.regenerateOauth('appId', { clientName: 'clientName' })",
            req("POST", "/apps/appId/oauth/generate", body={"clientName": "clientName"}),
            answer={"oauthClientId": "oauthClientId", "oauthClientSecret": "oauthClientSecret"},
        ),
        case("Delete", "apps.delete('appId')", req("DELETE", "/apps/appId"), answer={}),
    ],
    "locations": [
        case(
            "list",
            "locations.list()",
            req("GET", "/locations"),
            answer={"items": [{"locationId": "locationId", "name": "locationItem"}]},
        ),
        case(
            "explicit get",
            "locations.get('explicitId')",
            req("GET", "/locations/explicitId", {"allowed": "false"}),
            answer=LOCATION,
        ),
        case(
            "implicit get",
            "locations.get() // locationId: 'locationId'",
            req("GET", "/locations/locationId", {"allowed": "false"}),
            answer=LOCATION,
        ),
        case(
            "accepts allowed query parameter",
            "locations.get(locationId, { allowed: true })",
            req("GET", "/locations/locationId", {"allowed": "true"}),
            answer=LOCATION,
        ),
        case(
            "create",
            "locations.create({ name: 'locationCreate' })",
            req("POST", "/locations", body={"name": "locationCreate"}),
            answer=LOCATION,
        ),
        case(
            "update",
            "locations.update(locationId, { name: 'locationUpdate' })",
            req("PUT", "/locations/locationId", body={"name": "locationUpdate"}),
            answer=LOCATION,
        ),
        case("delete", "locations.delete(locationId)", req("DELETE", "/locations/locationId"), answer={}),
    ],
    "capabilities": [
        case(
            "list",
            "client.capabilities.list('testNamespace')",
            req("GET", "/capabilities/namespaces/testNamespace"),
            answer=ref(CAPS_GET, "list_capabilities"),
        ),
        case(
            "list with multiple pages",
            "client.capabilities.list('testNamespace')",
            req("GET", "/capabilities/namespaces/testNamespace"),
            req("GET", "/capabilities/namespaces/testNamespace", {"page": "1", "max": "200"}),
            answer=[ref(CAPS_GET, "list_capabilities_1"), ref(CAPS_GET, "list_capabilities_2")],
        ),
        case(
            "list by id with one version",
            "client.capabilities.listVersions('switch')",
            req("GET", "/capabilities/switch"),
            answer=ref(CAPS_GET, "list_capabilities"),
        ),
        case(
            "list by id with one multiple versions",
            "client.capabilities.listVersions('switch')",
            req("GET", "/capabilities/switch"),
            answer=ref(CAPS_GET, "list_capabilities_3"),
        ),
        case(
            "list namespaces",
            "client.capabilities.listNamespaces()",
            req("GET", "/capabilities/namespaces"),
            answer=ref(CAPS_GET, "list_namespaces"),
        ),
        case(
            "list standard capabilities",
            "client.capabilities.listStandard()",
            req("GET", "/capabilities"),
            answer=ref(CAPS_GET, "list_standard"),
        ),
        case(
            "get",
            "client.capabilities.get('namespace.colorTemperature', 1)",
            req("GET", "/capabilities/namespace.colorTemperature/1"),
            answer=ref(CAPS_GET, "get_capability"),
        ),
        case(
            "create",
            "client.capabilities.create(post_capability)",
            req("POST", "/capabilities", body=sample_object(CAPS_POST, "post_capability")),
            answer=ref(CAPS_GET, "get_capability"),
        ),
        case(
            "create with params",
            "client.capabilities.create(post_capability, { namespace: 'namespace' })",
            req("POST", "/capabilities", {"namespace": "namespace"}, body=sample_object(CAPS_POST, "post_capability")),
            answer=ref(CAPS_GET, "get_capability"),
        ),
        case(
            "get locales",
            "client.capabilities.listLocales('bobflorian.outputModulation', 1)",
            req("GET", "/capabilities/bobflorian.outputModulation/1/i18n"),
            answer=ref(CAPS_GET, "get_locales"),
        ),
        case(
            "Create a new translation",
            "client.capabilities.createTranslations('bobflorian.outputModulation', 1, put_translations)",
            req(
                "POST",
                "/capabilities/bobflorian.outputModulation/1/i18n",
                body=sample_object(CAPS_PUT, "put_translations"),
            ),
            answer=ref(CAPS_PUT, "put_translations"),
        ),
        case(
            "upsert is happy with create when it works",
            "client.capabilities.upsertTranslations('bobflorian.outputModulation', 1, put_translations)",
            req(
                "POST",
                "/capabilities/bobflorian.outputModulation/1/i18n",
                body=sample_object(CAPS_PUT, "put_translations"),
            ),
            answer=ref(CAPS_PUT, "put_translations"),
        ),
        {
            **case(
                "upsert calls update when create fails because of pre-existing translation",
                "client.capabilities.upsertTranslations('bobflorian.outputModulation', 1, put_translations)",
                req(
                    "POST",
                    "/capabilities/bobflorian.outputModulation/1/i18n",
                    body=sample_object(CAPS_PUT, "put_translations"),
                ),
                req(
                    "PUT",
                    "/capabilities/bobflorian.outputModulation/1/i18n/fr",
                    body=sample_object(CAPS_PUT, "put_translations"),
                ),
                note="The test mocks a rejection '... Localization already exists ...' and asserts two requests, "
                "the first one's arguments; the second is updateTranslations' PUT (src/endpoint/capabilities.ts).",
            ),
            "answers": [
                {
                    "inline": {
                        "requestId": "1",
                        "error": {"code": "ConstraintViolationError", "message": "... Localization already exists ..."},
                    },
                    "status": 422,
                    "synthetic": True,
                },
                ref(CAPS_PUT, "put_translations"),
            ],
        },
    ],
    "presentation": [
        case(
            "generate",
            "client.presentation.generate('0000-0000-0000-0000')",
            req("GET", "/presentation/types/0000-0000-0000-0000/deviceconfig"),
            answer=ref(PRESENTATION, "deviceConfig"),
        ),
        case(
            "generate with optional params",
            "client.presentation.generate('0000-0000-0000-0000', { typeIntegration: 'dth' })",
            req("GET", "/presentation/types/0000-0000-0000-0000/deviceconfig", {"typeIntegration": "dth"}),
            answer=ref(PRESENTATION, "deviceConfig"),
        ),
        case(
            "get config",
            "client.presentation.get('d8469d5c-3ca2-4601-9f21-2b7a0ccd44a5')",
            req("GET", "/presentation/deviceconfig", {"presentationId": "d8469d5c-3ca2-4601-9f21-2b7a0ccd44a5"}),
            answer=ref(PRESENTATION, "deviceConfig"),
        ),
        case(
            "get config with manufacturer",
            "client.presentation.get('d8469d5c-...', 'aXyz1')",
            req(
                "GET",
                "/presentation/deviceconfig",
                {"presentationId": "d8469d5c-3ca2-4601-9f21-2b7a0ccd44a5", "manufacturerName": "aXyz1"},
            ),
            answer=ref(PRESENTATION, "deviceConfig"),
        ),
        case(
            "get presentation",
            "client.presentation.getPresentation('d8469d5c-3ca2-4601-9f21-2b7a0ccd44a5')",
            req("GET", "/presentation", {"presentationId": "d8469d5c-3ca2-4601-9f21-2b7a0ccd44a5"}),
            answer=ref(PRESENTATION, "presentation"),
        ),
        case(
            "get presentation with manufacturer",
            "client.presentation.getPresentation('d8469d5c-...', 'aXyz1')",
            req(
                "GET",
                "/presentation",
                {"presentationId": "d8469d5c-3ca2-4601-9f21-2b7a0ccd44a5", "manufacturerName": "aXyz1"},
            ),
            answer=ref(PRESENTATION, "presentation"),
        ),
        case(
            "create",
            "client.presentation.create(deviceConfig)",
            req("POST", "/presentation/deviceconfig", body=sample_object(PRESENTATION, "deviceConfig")),
            answer=ref(PRESENTATION, "deviceConfig"),
        ),
    ],
    "channels": [
        case(
            "delete", "channelsEndpoint.delete('id-to-delete')", req("DELETE", "/distchannels/id-to-delete"), answer={}
        ),
        case(
            "get",
            "channelsEndpoint.get('requested-channel-id')",
            req("GET", "/distchannels/requested-channel-id"),
            answer={"channelId": "channel-id"},
        ),
        case(
            "getDriverChannelMetaInfo",
            "channelsEndpoint.getDriverChannelMetaInfo('requested-channel-id', 'requested-driver-id')",
            req("GET", "/distchannels/requested-channel-id/drivers/requested-driver-id/meta"),
            answer={"driverId": "driver-id"},
        ),
        case(
            "list works without options",
            "channelsEndpoint.list()",
            req("GET", "/distchannels"),
            answer={"items": [{"channelId": "listed-channel"}]},
        ),
        case(
            "list handles subscriberType",
            "channelsEndpoint.list({ subscriberType: 'HUB' })",
            req("GET", "/distchannels", {"type": "HUB"}),
            answer={"items": [{"channelId": "listed-channel"}]},
        ),
        case(
            "list handles includeReadOnly",
            "channelsEndpoint.list({ includeReadOnly: true })",
            req("GET", "/distchannels", {"includeReadOnly": "true"}),
            answer={"items": [{"channelId": "listed-channel"}]},
        ),
        case(
            "list works with both subscriber id and type",
            "channelsEndpoint.list({ subscriberType: 'HUB', subscriberId: 'subscriber-id' })",
            req("GET", "/distchannels", {"type": "HUB", "subscriberId": "subscriber-id"}),
            answer={"items": [{"channelId": "listed-channel"}]},
        ),
        case(
            "listAssignedDrivers",
            "channelsEndpoint.listAssignedDrivers('channel-id')",
            req("GET", "/distchannels/channel-id/drivers"),
            answer={"items": [{"channelId": "channel-id", "driverId": "driver-id", "version": "version"}]},
        ),
        case(
            "assignDriver",
            "channelsEndpoint.assignDriver('channel-id', 'driver-id', 'version')",
            req("POST", "/distchannels/channel-id/drivers", body={"driverId": "driver-id", "version": "version"}),
            answer={"channelId": "channel-id", "driverId": "assigned-driver", "version": "version"},
        ),
        case(
            "unassignDriver",
            "channelsEndpoint.unassignDriver('channel-id', 'driver-id')",
            req("DELETE", "/distchannels/channel-id/drivers/driver-id"),
            answer={},
        ),
        case(
            "enrollHub",
            "channelsEndpoint.enrollHub('channel-id', 'hub-id')",
            req("POST", "/distchannels/channel-id/hubs/hub-id"),
            answer={"unused": "value"},
        ),
        case(
            "unenrollHub",
            "channelsEndpoint.unenrollHub('channel-id', 'hub-id')",
            req("DELETE", "/distchannels/channel-id/hubs/hub-id"),
            answer={},
        ),
    ],
    "drivers": [
        case(
            "get",
            "driversEndpoint.get('requested-driver-id')",
            req("GET", "/drivers/requested-driver-id"),
            answer={"driverId": "driver-id"},
        ),
        case(
            "getRevision",
            "driversEndpoint.getRevision('requested-driver-id', 'requested-version')",
            req("GET", "/drivers/requested-driver-id/versions/requested-version"),
            answer={"driverId": "driver-id"},
        ),
        case("delete", "driversEndpoint.delete('id-to-delete')", req("DELETE", "/drivers/id-to-delete"), answer={}),
        case("list", "driversEndpoint.list()", req("GET", "/drivers"), answer={"items": [{"driverId": "driver-id"}]}),
        case(
            "listDefault",
            "driversEndpoint.listDefault()",
            req("GET", "/drivers/default"),
            answer={"items": [{"driverId": "driver-id"}]},
        ),
    ],
    "hubdevices": [
        case("get", "hubdevicesEndpoint.get('hub-id')", req("GET", "/hubdevices/hub-id"), answer={"id": "hub-id"}),
        case(
            "getCharacteristics",
            "hubdevicesEndpoint.getCharacteristics('hub-id')",
            req("GET", "/hubdevices/hub-id/characteristics"),
            answer={},
        ),
        case(
            "installDriver",
            "hubdevicesEndpoint.installDriver('driver-id', 'hub-id', 'channel-id')",
            req("PUT", "/hubdevices/hub-id/drivers/driver-id", body={"channelId": "channel-id"}),
            answer={},
        ),
        case(
            "switchDriver calls patch with driver id",
            "hubdevicesEndpoint.switchDriver('driver-id', 'hub-id', 'device-id')",
            req("PATCH", "/hubdevices/hub-id/childdevice/device-id", body={"driverId": "driver-id"}),
            answer={},
        ),
        case(
            "switchDriver includes forceUpdate query parameter when specified",
            "hubdevicesEndpoint.switchDriver('driver-id', 'hub-id', 'device-id', true)",
            req(
                "PATCH",
                "/hubdevices/hub-id/childdevice/device-id",
                {"forceUpdate": "true"},
                body={"driverId": "driver-id"},
            ),
            answer={},
        ),
        case(
            "uninstallDriver",
            "hubdevicesEndpoint.uninstallDriver('driver-id', 'hub-id')",
            req("DELETE", "/hubdevices/hub-id/drivers/driver-id"),
            answer={},
        ),
        case(
            "listInstalled allows for no device",
            "hubdevicesEndpoint.listInstalled('hub-id')",
            req("GET", "/hubdevices/hub-id/drivers"),
            answer=[{"driverId": "driver-id"}],
        ),
        case(
            "listInstalled includes device when specified",
            "hubdevicesEndpoint.listInstalled('hub-id', 'device-id')",
            req("GET", "/hubdevices/hub-id/drivers", {"deviceId": "device-id"}),
            answer=[{"driverId": "driver-id"}],
        ),
        case(
            "getInstalled",
            "hubdevicesEndpoint.getInstalled('hub-id', 'driver-id')",
            req("GET", "/hubdevices/hub-id/drivers/driver-id"),
            answer={"driverId": "driver-id"},
        ),
        case(
            "enrolledChannels",
            "hubdevicesEndpoint.enrolledChannels('hub-id')",
            req("GET", "/hubdevices/hub-id/channels", {"channelType": "DRIVERS"}),
            answer=[{"channelId": "channel-id"}],
        ),
    ],
    "invites-schemaApp": [
        case(
            "create",
            "invitesEndpoint.create({ schemaAppId: 'schema-app-id' })",
            req("POST", "/invites/schemaApp", body={"schemaAppId": "schema-app-id"}),
            answer={"invitationId": "my-invitation-id"},
        ),
        case(
            "list",
            "invitesEndpoint.list('schema-app-id')",
            req("GET", "/invites/schemaApp", {"schemaAppId": "schema-app-id"}),
            answer={"items": [{"id": "invitation-id"}]},
        ),
        case(
            "list with 403 error",
            "invitesEndpoint.list('schema-app-id')",
            req("GET", "/invites/schemaApp", {"schemaAppId": "schema-app-id"}),
            answer={},
            status=403,
        ),
        case(
            "revoke",
            "invitesEndpoint.revoke('schema-app-id')",
            req("DELETE", "/invites/schemaApp/schema-app-id"),
            answer={},
        ),
    ],
    "rules": [
        case(
            "list",
            "rulesEndpoint.list('input-location-id') // resolved to 'final-location-id'",
            req("GET", "/rules", {"locationId": "final-location-id"}),
            answer={"items": [{"id": "listed-rule", "name": "rule", "actions": []}]},
        ),
        case(
            "get",
            "rulesEndpoint.get('requested-rule-id', 'input-location-id')",
            req("GET", "/rules/requested-rule-id", {"locationId": "final-location-id"}),
            answer={"id": "rule-id", "name": "rule", "actions": []},
        ),
        case(
            "delete",
            "rulesEndpoint.delete('id-to-delete', 'input-location-id')",
            req("DELETE", "/rules/id-to-delete", {"locationId": "final-location-id"}),
            answer={"id": "rule-to-delete-id", "name": "rule", "actions": []},
        ),
        case(
            "create",
            "rulesEndpoint.create({ name: 'rule-to-create' }, 'input-location-id')",
            req("POST", "/rules", {"locationId": "final-location-id"}, body={"name": "rule-to-create"}),
            answer={"id": "created-rule", "name": "rule-to-create", "actions": []},
        ),
        case(
            "update",
            "rulesEndpoint.update('input-rule-id', { name: 'rule-to-update' }, 'input-location-id')",
            req("PUT", "/rules/input-rule-id", {"locationId": "final-location-id"}, body={"name": "rule-to-update"}),
            answer={"id": "updated-rule", "name": "rule-to-update", "actions": []},
        ),
        case(
            "execute",
            "rulesEndpoint.execute('id-of-rule-to-execute', 'input-location-id')",
            req("POST", "/rules/execute/id-of-rule-to-execute", {"locationId": "final-location-id"}),
            answer={"executionId": "execution-id", "id": "id-of-rule-to-execute", "result": "Success"},
        ),
    ],
    "schema": [
        case(
            "List",
            "client.schema.list()",
            req("GET", "/schema/apps"),
            answer={"endpointApps": [{"endpointAppId": "endpoint_app_id"}]},
        ),
        case(
            "Get app",
            "client.schema.get('endpoint_app_id')",
            req("GET", "/schema/apps/endpoint_app_id"),
            answer={"endpointAppId": "endpoint_app_id"},
        ),
        case(
            "Create app",
            "client.schema.create({ appName: 'Test app' })",
            req("POST", "/schema/apps", body={"appName": "Test app"}),
            answer=SCHEMA_CREATED,
        ),
        case(
            "Create app with organization",
            "client.schema.create({ appName: 'Test app' }, 'organization-id')",
            req("POST", "/schema/apps", body={"appName": "Test app"}, headers={"X-ST-Organization": "organization-id"}),
            answer=SCHEMA_CREATED,
        ),
        case(
            "Update app",
            "client.schema.update('schema-app-id', { appName: 'Test app (modified)' })",
            req("PUT", "/schema/apps/schema-app-id", body={"appName": "Test app (modified)"}),
            answer={"appName": "Test app (modified)"},
        ),
        case(
            "Update app with organization",
            "client.schema.update('schema-app-id', { appName: 'Test app (modified)' }, 'organization-id')",
            req(
                "PUT",
                "/schema/apps/schema-app-id",
                body={"appName": "Test app (modified)"},
                headers={"X-ST-Organization": "organization-id"},
            ),
            answer={"appName": "Test app (modified)"},
        ),
        case(
            "Regenerate OAuth",
            "client.schema.regenerateOauth('schema-app-id')",
            req("POST", "/schema/oauth/stclient/credentials", body={"endpointAppId": "schema-app-id"}),
            answer={"endpointAppId": "schema-app-id", "stClientId": "xxx", "stClientSecret": "yyy"},
        ),
        case(
            "Get page",
            "client.schema.getPage('schema-app-id', 'location_id')",
            req("GET", "/schema/install/schema-app-id", {"locationId": "location_id", "type": "oauthLink"}),
            answer={"pageType": "requiresLogin"},
        ),
        case(
            "List installed apps",
            "client.schema.installedApps('location_id')",
            req("GET", "/schema/installedapps/location/location_id"),
            answer={"installedSmartApps": [{"isaId": "isa_id"}]},
        ),
        case(
            "List installed apps empty",
            "client.schema.installedApps('location_id') // answer undefined",
            req("GET", "/schema/installedapps/location/location_id"),
            answer="",
        ),
        case(
            "Get installed app",
            "client.schema.getInstalledApp('isa_id')",
            req("GET", "/schema/installedapps/isa_id"),
            answer={"isaId": "isa_id"},
        ),
        case(
            "Delete installed app",
            "client.schema.deleteInstalledApp('isa_id')",
            req("DELETE", "/schema/installedapps/isa_id"),
            answer={},
        ),
        case(
            "Delete app",
            "client.schema.delete('endpoint_app_id')",
            req("DELETE", "/schema/apps/endpoint_app_id"),
            answer={},
        ),
    ],
    "virtualdevices": [
        case(
            "list works without options", "virtualDevicesEndpoint.list()", req("GET", "/virtualdevices"), answer=DEVICES
        ),
        case(
            "list includes configured locationId",
            "devices.list() // locationId: 'configured-location-id'",
            req("GET", "/virtualdevices", {"locationId": "configured-location-id"}),
            answer=DEVICES,
        ),
        case(
            "list include wanted locationId",
            "virtualDevicesEndpoint.list({ locationId: 'wanted-locationId' })",
            req("GET", "/virtualdevices", {"locationId": "wanted-locationId"}),
            answer=DEVICES,
        ),
        case(
            "create creates from device profile ID",
            "virtualDevicesEndpoint.create({ owner, name: 'Living room light', roomId: 'room-id', "
            "deviceProfileId: 'profile-id' })",
            req(
                "POST",
                "/virtualdevices",
                body={
                    "owner": {"ownerId": "owner-id", "ownerType": "LOCATION"},
                    "name": "Living room light",
                    "roomId": "room-id",
                    "deviceProfileId": "profile-id",
                },
            ),
            answer=DEVICE,
        ),
        case(
            "create creates from device profile definition",
            "virtualDevicesEndpoint.create({ owner, name: 'Living room light', roomId: 'room-id', deviceProfile })",
            req(
                "POST",
                "/virtualdevices",
                body={
                    "owner": {"ownerId": "owner-id", "ownerType": "LOCATION"},
                    "name": "Living room light",
                    "roomId": "room-id",
                    "deviceProfile": {
                        "components": [
                            {"id": "main", "capabilities": [{"id": "switch", "version": 1}], "categories": []}
                        ]
                    },
                },
            ),
            answer=DEVICE,
        ),
        case(
            "createStandard creates from prototype",
            "virtualDevicesEndpoint.createStandard({ owner, name: 'Living room light', roomId: 'room-id', "
            "prototype: 'SWITCH' })",
            req(
                "POST",
                "/virtualdevices/prototypes",
                body={
                    "owner": {"ownerId": "owner-id", "ownerType": "LOCATION"},
                    "name": "Living room light",
                    "roomId": "room-id",
                    "prototype": "SWITCH",
                },
            ),
            answer=DEVICE,
        ),
    ],
    "devicepreferences": [
        case(
            "list",
            "devicepreferences.list()",
            req("GET", "/devicepreferences"),
            answer={"items": [{"preferenceId": "preferenceId"}]},
        ),
        case(
            "list with namespace",
            "devicepreferences.list('namespace')",
            req("GET", "/devicepreferences", {"namespace": "namespace"}),
            answer={"items": [{"preferenceId": "preferenceId"}]},
        ),
        case(
            "get",
            "devicepreferences.get('preferenceId')",
            req("GET", "/devicepreferences/preferenceId"),
            answer={"preferenceId": "preferenceId"},
        ),
        case(
            "translations create",
            "devicepreferences.createTranslations('preferenceId', { tag: 'localeTag' })",
            req("POST", "/devicepreferences/preferenceId/i18n", body={"tag": "localeTag"}),
            answer={"tag": "localeTag"},
        ),
        case(
            "translations get",
            "devicepreferences.getTranslations('preferenceId', 'localeTag')",
            req("GET", "/devicepreferences/preferenceId/i18n/localeTag"),
            answer={"tag": "localeTag"},
        ),
        case(
            "translations list",
            "devicepreferences.listTranslations('preferenceId')",
            req("GET", "/devicepreferences/preferenceId/i18n"),
            answer={"items": [{"tag": "tag"}]},
        ),
        case(
            "translations update",
            "devicepreferences.updateTranslations('preferenceId', { tag: 'localeTag' })",
            req("PUT", "/devicepreferences/preferenceId/i18n/localeTag", body={"tag": "localeTag"}),
            answer={"tag": "localeTag"},
        ),
    ],
}

if __name__ == "__main__":
    main(sys.argv[1])
