"""The items of large answers (devices, history events) keep their JSON and decode each field when it is first
read: they must be indistinguishable from objects decoded eagerly (equality, hashing, repr, pickling, copies,
``attrs.evolve``, ``encode()``, every field), refuse what an eager decode refuses at the call, and read a field
that does not decode as its default instead of raising later."""

from __future__ import annotations

import copy
import json
import pickle
import threading
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartthings_client import SmartThings
from smartthings_client.errors import ResponseDecodeError
from smartthings_client.models import Device
from smartthings_client.models.converter import _make_model_structure_hook, decode_as, encode
from smartthings_client.models.history import DeviceActivity

from .fixtures import DEVICE_ID, FIXTURES, PYSMARTTHINGS, pysmartthings

LAZY = [Device, DeviceActivity]


def _device_items() -> list[Any]:
    items = [pysmartthings("device.json")]
    for path in sorted(PYSMARTTHINGS.glob("devices*.json")):
        items += json.loads(path.read_text())["items"]
    return items


def _history_items() -> list[Any]:
    answers = json.loads((FIXTURES / "core-sdk-more" / "history" / "get.json").read_text())
    return [item for answer in answers.values() for item in answer["response"]["items"]]


CASES = [(Device, item) for item in _device_items()] + [(DeviceActivity, item) for item in _history_items()]


def _eager(cls: type, raw: Any) -> Any:
    return _make_model_structure_hook(cls)(copy.deepcopy(raw), cls)


def _untouched(obj: Any, name: str) -> bool:
    try:
        object.__getattribute__(obj, name)
    except AttributeError:
        return True
    return False


def _same_hash(lazy: Any, eager: Any) -> None:
    """Hashed alike: equal hashes, or both unhashable (an event whose ``data`` is an object, for one)."""
    try:
        expected = hash(eager)
    except TypeError:
        with pytest.raises(TypeError):
            hash(lazy)
    else:
        assert hash(lazy) == expected


def test_every_real_item_is_covered() -> None:
    assert len([c for c in CASES if c[0] is Device]) > 100
    assert len([c for c in CASES if c[0] is DeviceActivity]) > 10


@pytest.mark.parametrize(("cls", "raw"), CASES, ids=[f"{c.__name__}-{i}" for i, (c, _) in enumerate(CASES)])
def test_a_lazily_decoded_item_is_the_eagerly_decoded_one(cls: Any, raw: Any) -> None:
    lazy: Any = decode_as(cls)(copy.deepcopy(raw))
    eager: Any = _eager(cls, raw)
    assert type(lazy) is cls
    assert _untouched(lazy, "extra")  # nothing but the required fields was decoded
    assert lazy == eager
    assert eager == lazy
    _same_hash(lazy, eager)
    assert repr(lazy) == repr(eager)
    assert lazy.extra == eager.extra
    assert encode(decode_as(cls)(copy.deepcopy(raw))) == encode(eager)
    for field in attrs.fields(cls):
        assert getattr(decode_as(cls)(copy.deepcopy(raw)), field.name) == getattr(eager, field.name)
    for again in (pickle.loads(pickle.dumps(decode_as(cls)(raw))), copy.copy(lazy), copy.deepcopy(lazy)):
        assert type(again) is cls
        assert again == eager


def test_a_field_is_decoded_once_when_first_read() -> None:
    device = decode_as(Device)(pysmartthings("device.json"))
    assert _untouched(device, "label")
    assert _untouched(device, "components")
    assert device.label == "Bathroom spot"
    assert not _untouched(device, "label")
    assert _untouched(device, "components")
    assert device.components is device.components


def test_encoding_reads_every_field_as_for_an_eager_object() -> None:
    raw = pysmartthings("device.json")
    device = decode_as(Device)(copy.deepcopy(raw))
    assert encode(device) == encode(_eager(Device, raw))
    assert encode(attrs.evolve(device, label="Hall")) == {**encode(_eager(Device, raw)), "label": "Hall"}
    assert encode(Device(device_id=DEVICE_ID)) == {"deviceId": DEVICE_ID, "components": []}


def test_a_field_that_does_not_decode_reads_as_its_default() -> None:
    raw = {"deviceId": DEVICE_ID, "label": "Lamp", "createTime": "not a time", "components": "main", "allowed": 3}
    device = decode_as(Device)(raw)
    assert device.label == "Lamp"
    assert device.create_time is None
    assert device.components == ()
    assert device.allowed is None


@pytest.mark.parametrize(
    "items",
    [
        [{"label": "no id"}],
        [{"deviceId": None}],
        ["not an object"],
        [None],
    ],
)
def test_what_an_eager_decode_refuses_is_refused_at_the_call(items: list[Any]) -> None:
    body = json.dumps({"items": items}).encode()
    transport = httpx.MockTransport(lambda _: httpx.Response(200, content=body))
    with SmartThings("token", transport=transport) as st, pytest.raises(ResponseDecodeError) as caught:
        list(st.devices.list())
    assert caught.value.operation == "devices.list"


def test_a_listed_device_decodes_only_what_is_read() -> None:
    body = (PYSMARTTHINGS / "devices.json").read_bytes()
    transport = httpx.MockTransport(lambda _: httpx.Response(200, content=body))
    with SmartThings("token", transport=transport) as st:
        devices = list(st.devices.list())
    labels = [device.label for device in devices]
    assert labels == [item.get("label") for item in json.loads(body)["items"]]
    assert all(_untouched(device, "components") for device in devices)


def test_threads_reading_one_object_see_the_same_values() -> None:
    device = decode_as(Device)(pysmartthings("device.json"))
    seen: list[tuple[Any, ...]] = []
    names = [field.name for field in attrs.fields(Device)]

    def read() -> None:
        seen.append(tuple(getattr(device, name) for name in names))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(seen) == 8
    assert all(values == seen[0] for values in seen)
    assert device == _eager(Device, pysmartthings("device.json"))


def test_a_missing_attribute_is_an_attribute_error() -> None:
    device = decode_as(Device)(pysmartthings("device.json"))
    with pytest.raises(AttributeError, match="no_such_field"):
        _ = device.no_such_field  # type: ignore[attr-defined]
    assert getattr(device, "__deepcopy__", None) is None
    with pytest.raises(AttributeError, match="no_such_field"):
        _ = Device(device_id=DEVICE_ID).no_such_field  # type: ignore[attr-defined]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
keys = st.sampled_from(["deviceId", "label", "components", "createTime", "profile", "app", "type", "time", "value"])


@settings(max_examples=200, derandomize=True, deadline=None)
@given(cls=st.sampled_from(LAZY), raw=st.dictionaries(keys, json_values, max_size=6) | json_values)
def test_an_item_either_fails_to_decode_or_never_raises_afterwards(cls: type, raw: Any) -> None:
    try:
        item: Any = decode_as(cls)(raw)
    except (TypeError, ValueError, KeyError):
        return  # what the transport turns into ResponseDecodeError
    for field in attrs.fields(cls):
        getattr(item, field.name)
    repr(item)
    _same_hash(item, pickle.loads(pickle.dumps(item)))
    assert item == pickle.loads(pickle.dumps(item))
    encode(item)
