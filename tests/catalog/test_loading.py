"""A call that uses one capability loads that capability alone (never the whole catalogue), and a blocking script's
first command loads nothing it does not use."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import smartthings_client
from smartthings_client import SmartThings
before = sorted(m for m in sys.modules if m.startswith("smartthings_client.catalog"))
from smartthings_client.catalog import switch_level
from smartthings_client.catalog._runtime import _loaded
command = switch_level.set_level(40)
after = sorted(m for m in sys.modules if m.startswith("smartthings_client.catalog"))
import httpx
answer = httpx.Response(200, json={"results": [{"id": "c", "status": "ACCEPTED"}]})
with SmartThings("t", transport=httpx.MockTransport(lambda request: answer)) as st:
    st.devices.execute("440063de-a200-40b5-8a6b-f3399eaa0370", command)
configs = "smartthings_client.models.installedapps"
loaded = {"asyncio": "asyncio" in sys.modules, "installedapps": configs in sys.modules}
print(json.dumps({"before": before, "after": after, "definitions": sorted(p.name for p in _loaded), "loaded": loaded}))
"""


def test_one_capability_loads_one_module_and_one_definition() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(result.stdout)
    assert seen["before"] == []  # the client does not import the catalogue
    assert seen["after"] == [
        "smartthings_client.catalog",
        "smartthings_client.catalog._runtime",
        "smartthings_client.catalog._schema",
        "smartthings_client.catalog.switch_level",
    ]
    assert seen["definitions"] == ["switchLevel.json"]
    # A blocking script's first command loads neither asyncio nor the SmartApp configuration models.
    assert seen["loaded"] == {"asyncio": False, "installedapps": False}
