"""A decoded device status keeps the answer's JSON and builds attribute states where they are read: it must be
indistinguishable from a status built eagerly (equality, hashing, repr, pickling, every read), refuse malformed
shapes (down to each capability's attributes) when it is decoded, read an entry that is not a state as absent,
and never raise later, when a state nobody had looked at is read."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartthings_client import SmartThings
from smartthings_client.catalog import Attribute, definition, switch, switch_level
from smartthings_client.catalog._codegen import constant_name
from smartthings_client.errors import ResponseDecodeError
from smartthings_client.models._base import NO_EXTRA
from smartthings_client.models.converter import decode_as, encode
from smartthings_client.models.devices import AttributeState, DeviceStatus

from .catalog.schema_examples import module
from .fixtures import PYSMARTTHINGS, pysmartthings

STATUS_FILES = sorted(path.name for path in (PYSMARTTHINGS / "device_status").glob("*.json"))
decode_status = decode_as(DeviceStatus)
decode_state = decode_as(AttributeState)
DEVICE_ID = "440063de-a200-40b5-8a6b-f3399eaa0370"


def eager(raw: dict[str, Any]) -> DeviceStatus:
    """The status as it was built before decoding became lazy: every state decoded up front, in plain dicts."""
    return DeviceStatus(
        components={
            component: {
                capability: {name: decode_state(state) for name, state in attributes.items()}
                for capability, attributes in capabilities.items()
            }
            for component, capabilities in raw["components"].items()
        }
    )


def states(raw: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [
        (component, capability, attribute, state)
        for component, capabilities in raw["components"].items()
        for capability, attributes in capabilities.items()
        for attribute, state in attributes.items()
    ]


def typed_key(capability: str, attribute: str) -> Attribute[Any] | None:
    known = definition(capability)
    if known is None or attribute not in known.attributes:
        return None
    key: Attribute[Any] = getattr(module(capability), constant_name(attribute))
    return key


@pytest.mark.parametrize("name", STATUS_FILES)
def test_a_decoded_status_is_equal_printed_and_pickled_as_an_eager_one(name: str) -> None:
    raw = pysmartthings(f"device_status/{name}")
    lazy, built = decode_status(raw), eager(raw)
    assert lazy == built
    assert built == lazy
    assert not lazy != built  # noqa: SIM202 - the != operator is what is tested
    assert repr(lazy) == repr(built)
    assert lazy.components == built.components
    with pytest.raises(TypeError, match="unhashable"):
        hash(lazy)
    with pytest.raises(TypeError, match="unhashable"):
        hash(built)
    for original in (lazy, built):
        restored = pickle.loads(pickle.dumps(original))
        assert restored == lazy
        assert restored == built
        assert repr(restored) == repr(built)
    assert copy.deepcopy(lazy) == built


@pytest.mark.parametrize("name", STATUS_FILES)
def test_every_real_status_reads_the_same_through_components_value_and_read(name: str) -> None:
    raw = pysmartthings(f"device_status/{name}")
    lazy, built = decode_status(raw), eager(raw)
    for component, capability, attribute, state in states(raw):
        where = (component, capability, attribute)
        expected = state.get("value")
        assert lazy.value(capability, attribute, component) == expected, where
        assert lazy.attribute(capability, attribute, component) == built.attribute(capability, attribute, component)
        key = typed_key(capability, attribute)
        if key is not None:
            assert lazy.read(key, component) == built.read(key, component) == expected, where
            assert lazy.reading(key, component) == built.reading(key, component), where
    # The same states through the mapping, touched after the reads above.
    for component, capability, attribute, state in states(raw):
        assert lazy.components[component][capability][attribute] == built.components[component][capability][attribute]
        assert lazy.components[component][capability][attribute].value == state.get("value")
    for component in raw["components"]:
        assert lazy.enabled_capabilities(component) == built.enabled_capabilities(component)
        assert lazy.disabled_capabilities(component) == built.disabled_capabilities(component)
    assert lazy.disabled_components() == built.disabled_components()


def test_a_component_is_built_once_and_reads_agree_with_it() -> None:
    status = decode_status(pysmartthings("device_status/da_ac_rac_01001.json"))
    main = status.components["main"]
    assert status.components["main"] is main
    assert status.attribute("switch", "switch") is main["switch"]["switch"]
    assert status.value("switch", "switch") == main["switch"]["switch"].value
    assert "nope" not in status.components
    assert status.components.get("nope") is None
    with pytest.raises(KeyError):
        status.components["nope"]


def test_absent_components_capabilities_and_attributes_read_as_none() -> None:
    status = decode_status({"components": {"main": {"switchLevel": {"level": {"value": 40, "unit": "%"}}}}})
    assert status.read(switch_level.LEVEL) == 40
    assert status.read(switch.SWITCH) is None
    assert status.read(switch_level.LEVEL, "other") is None
    assert status.attribute("switchLevel", "nope") is None
    assert status.value("switchLevel", "level", "other") is None
    assert status.enabled_capabilities("other") == []
    bodies: list[dict[str, Any]] = [{}, {"components": None}, {"components": {}}]
    for body in bodies:
        empty = decode_status(body)
        assert empty.components == {}
        assert empty == DeviceStatus()
        assert empty.read(switch.SWITCH) is None


@pytest.mark.parametrize(
    "components",
    [
        [],
        "main",
        {"main": []},
        {"main": {"switch": "on"}},
        {"main": [{"switch": {"switch": {"value": "on"}}}]},
    ],
)
def test_a_malformed_shape_is_refused_when_the_answer_is_decoded(components: Any) -> None:
    body = json.dumps({"components": components}).encode()
    transport = httpx.MockTransport(lambda _: httpx.Response(200, content=body))
    with SmartThings("token", transport=transport) as st, pytest.raises(ResponseDecodeError) as caught:
        st.devices.status(DEVICE_ID)
    assert caught.value.operation == "devices.status"


@pytest.mark.parametrize("entry", ["on", None, ["on"], 1])
def test_an_attribute_entry_that_is_not_a_state_reads_as_absent(entry: Any) -> None:
    # States are not checked one by one when the answer is decoded (a status has hundreds): one that is not an
    # object reads as absent, and the rest of the answer reads as sent.
    raw = {"components": {"main": {"switch": {"switch": entry, "other": {"value": "kept"}}}}}
    body = json.dumps(raw).encode()
    transport = httpx.MockTransport(lambda _: httpx.Response(200, content=body))
    with SmartThings("token", transport=transport) as st:
        status = st.devices.status(DEVICE_ID)
    assert status.read(switch.SWITCH) is None
    assert status.value("switch", "switch") is None
    assert status.attribute("switch", "switch") is None
    assert status.value("switch", "other") == "kept"
    assert status.components["main"]["switch"] == {"other": AttributeState(value="kept")}
    assert status == eager({"components": {"main": {"switch": {"other": {"value": "kept"}}}}})
    assert encode(status) == raw


def test_fields_nobody_read_never_fail_a_read_later() -> None:
    # An eager decode refused the whole answer for one unreadable timestamp; decoding what is read keeps the
    # rest readable, and the unreadable field stays reachable, as sent, in the state's extra.
    state = {"value": "on", "unit": "x", "timestamp": "not a time", "data": [1], "newField": 3}
    status = decode_status({"components": {"main": {"switch": {"switch": state, "ok": {"value": 1}}}}})
    assert status.read(switch.SWITCH) == "on"
    got = status.attribute("switch", "switch")
    assert got == AttributeState(value="on", unit="x")
    assert got is not None
    assert got.extra == {"timestamp": "not a time", "data": [1], "newField": 3}
    assert status.components["main"]["switch"]["switch"] == got
    assert status.value("switch", "ok") == 1
    assert "AttributeState(value='on', unit='x'" in repr(status)


def test_encoding_a_decoded_status_gives_the_answer_as_sent_and_a_copy() -> None:
    raw = pysmartthings("device_status/da_ac_rac_01001.json")
    status = decode_status(copy.deepcopy(raw))
    encoded = encode(status)
    assert encoded == raw
    encoded["components"]["main"]["switch"]["switch"]["value"] = "changed"
    encoded["components"]["main"].clear()
    assert status.value("switch", "switch") == raw["components"]["main"]["switch"]["switch"]["value"]
    with_extra = decode_status({"components": {}, "newField": 1})
    assert with_extra.extra == {"newField": 1}
    assert encode(with_extra) == {"components": {}, "newField": 1}
    # A status built by hand encodes as before.
    time = datetime(2025, 1, 1, tzinfo=timezone.utc)
    by_hand = DeviceStatus(components={"main": {"switch": {"switch": AttributeState(value="on", timestamp=time)}}})
    assert encode(by_hand) == {
        "components": {"main": {"switch": {"switch": {"value": "on", "timestamp": "2025-01-01T00:00:00Z"}}}}
    }


def test_other_mappings_decode_as_json_objects_do() -> None:
    inner = MappingProxyType({"switch": MappingProxyType({"switch": MappingProxyType({"value": "on"})})})
    status = decode_status(MappingProxyType({"components": MappingProxyType({"main": inner})}))
    assert status.read(switch.SWITCH) == "on"
    assert status == eager({"components": {"main": {"switch": {"switch": {"value": "on"}}}}})


def test_models_pickle_and_share_the_empty_extra() -> None:
    state = decode_state({"value": 1})
    assert state.extra is NO_EXTRA
    restored = pickle.loads(pickle.dumps(state))
    assert restored == state
    assert restored.extra is NO_EXTRA
    assert repr(NO_EXTRA) == "{}"
    assert dict(NO_EXTRA) == {}
    with pytest.raises(KeyError):
        NO_EXTRA["x"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
names = st.sampled_from(["main", "switch", "level", "value", "timestamp", "unit", "data", "x"])
hostile_states = st.dictionaries(names, json_values, max_size=4) | json_values
hostile_components = st.dictionaries(
    names, st.dictionaries(names, st.dictionaries(names, hostile_states, max_size=3), max_size=3) | json_values,
    max_size=3,
) | json_values


@settings(max_examples=200, derandomize=True, deadline=None)
@given(components=hostile_components)
def test_a_status_either_fails_to_decode_or_never_raises_afterwards(components: Any) -> None:
    try:
        status = decode_status({"components": components})
    except (TypeError, ValueError):
        return  # what the transport turns into ResponseDecodeError (tested above)
    repr(status)
    assert status == pickle.loads(pickle.dumps(status))
    for component, capabilities in status.components.items():
        status.enabled_capabilities(component)
        status.disabled_capabilities(component)
        for capability, attributes in capabilities.items():
            for attribute, state in attributes.items():
                assert isinstance(state, AttributeState)
                assert status.attribute(capability, attribute, component) == state
                assert status.value(capability, attribute, component) == state.value
    status.disabled_components()
    status.read(switch.SWITCH)
    status.reading(switch.SWITCH)
    encode(status)
