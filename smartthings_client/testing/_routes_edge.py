"""Edge drivers, channels and hub devices (contract §11): in-memory CRUD over :mod:`._edge`.

The platform's rule for installing is kept: a driver is installed on a hub from a channel that the hub is
enrolled in and that the driver is assigned to.  Scopes follow the client's (unverified) assumptions:
``r:``/``w:drivers:*``, ``r:``/``w:channels:*``, ``r:hubs`` for hub reads, ``w:drivers:*`` to install and
uninstall, ``w:devices`` on the device to switch its driver.
"""

from __future__ import annotations

import copy

import httpx

from ._edge import (
    ChannelRecord,
    child_protocol,
    edge,
    hub,
    hub_drivers,
    installed_doc,
    matches_device,
    upload,
)
from ._errors import ApiError, Forbidden, JsonDict, bad_request, constraint, detail, not_found
from ._http import Ctx, RouteTable, empty_response, json_response, paged
from ._state import DeviceRecord, new_id

table = RouteTable()

R_DRIVERS, W_DRIVERS = ["r:drivers:*"], ["w:drivers:*"]
R_CHANNELS, W_CHANNELS = ["r:channels:*"], ["w:channels:*"]
R_HUBS = ["r:hubs"]
_CHANNEL_FIELDS = ("name", "description", "termsOfServiceUrl")


def _summary(doc: JsonDict) -> JsonDict:
    return {k: copy.deepcopy(v) for k, v in doc.items() if k != "fingerprints"}


def _required_strings(body: JsonDict, names: tuple[str, ...]) -> None:
    missing = [name for name in names if not isinstance(body.get(name), str) or not body[name].strip()]
    if missing:
        raise constraint(
            "The request is malformed.", *(detail("NotEmptyError", f"{n}: must not be empty", n) for n in missing)
        )


def _emptied() -> httpx.Response:
    # Writes of these groups answer 200 with an empty body (contract §2).
    return empty_response(200)


# ----- drivers ----------------------------------------------------------------------------------------------------
@table.route("GET", "/drivers", scopes=R_DRIVERS)
def list_drivers(ctx: Ctx) -> httpx.Response:
    """The drivers you own, latest revisions, without fingerprints (EdgeDriverSummary); ``driverIds`` filters."""
    wanted = set(ctx.q_all("driverIds"))
    items = [
        _summary(r.doc)
        for driver_id, r in edge(ctx.state).drivers.items()
        if r.owned and (not wanted or driver_id in wanted)
    ]
    return paged(ctx, items)


@table.route("GET", "/drivers/default", scopes=R_DRIVERS)
def list_default_drivers(ctx: Ctx) -> httpx.Response:
    """SmartThings' own drivers (the default channel's), full documents."""
    items = [copy.deepcopy(r.doc) for r in edge(ctx.state).drivers.values() if not r.owned]
    return paged(ctx, items)


@table.route("GET", "/drivers/{driverId}", scopes=R_DRIVERS)
def get_driver(ctx: Ctx) -> httpx.Response:
    """One driver at its latest revision."""
    return json_response(copy.deepcopy(edge(ctx.state).driver(ctx.params["driverId"]).doc))


@table.route("GET", "/drivers/{driverId}/versions/{version}", scopes=R_DRIVERS)
def get_driver_revision(ctx: Ctx) -> httpx.Response:
    """One revision of a driver."""
    record = edge(ctx.state).driver(ctx.params["driverId"])
    doc = record.revisions.get(ctx.params["version"])
    if doc is None:
        raise not_found(f"Driver {ctx.params['driverId']} version {ctx.params['version']}")
    return json_response(copy.deepcopy(doc))


@table.route("DELETE", "/drivers/{driverId}", scopes=W_DRIVERS)
def delete_driver(ctx: Ctx) -> httpx.Response:
    """Delete a driver you own; channels stop offering it (hubs that installed it keep it)."""
    store = edge(ctx.state)
    record = store.driver(ctx.params["driverId"])
    if not record.owned:
        raise Forbidden("only the driver's owner may delete it")
    del store.drivers[ctx.params["driverId"]]
    for channel in store.channels.values():
        channel.drivers.pop(ctx.params["driverId"], None)
    return _emptied()


@table.route("POST", "/drivers/package", scopes=W_DRIVERS)
def upload_driver(ctx: Ctx) -> httpx.Response:
    """A zipped package (``Content-Type: application/zip``); its config.yml and fingerprints.yml are read."""
    content_type = ctx.request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/zip":
        raise ApiError(
            415, "UnsupportedMediaTypeError", f"Content type '{content_type or 'none'}' not supported; send a zip"
        )
    version = ctx.state.now_iso()[:-1] + "000000"  # the real versions carry nanoseconds
    return json_response(copy.deepcopy(upload(edge(ctx.state), ctx.request.content, version)))


# ----- channels ---------------------------------------------------------------------------------------------------
@table.route("GET", "/distchannels", scopes=R_CHANNELS)
def list_channels(ctx: Ctx) -> httpx.Response:
    """Owned channels; ``includeReadOnly`` adds the others; ``type=HUB&subscriberId=`` keeps a hub's."""
    subscriber_type, subscriber_id = ctx.q("type"), ctx.q("subscriberId")
    if subscriber_id is not None and subscriber_type is None:
        raise bad_request("subscriberId requires type", detail("NotNullError", "type: must not be null", "type"))
    if subscriber_type is not None and subscriber_type != "HUB":
        raise bad_request("Invalid type", detail("NotValidValue", f"{subscriber_type} is not a valid value.", "type"))
    read_only = ctx.q_bool("includeReadOnly")
    items = [
        copy.deepcopy(c.doc)
        for c in edge(ctx.state).channels.values()
        if (c.owned or read_only or subscriber_id is not None) and (subscriber_id is None or subscriber_id in c.hubs)
    ]
    return paged(ctx, items)


@table.route("POST", "/distchannels", scopes=W_CHANNELS)
def create_channel(ctx: Ctx) -> httpx.Response:
    """A new channel of yours (type DRIVER unless given)."""
    body = ctx.json_object()
    _required_strings(body, _CHANNEL_FIELDS)
    now = ctx.state.now_iso()
    doc: JsonDict = {key: body[key] for key in _CHANNEL_FIELDS}
    doc.update(channelId=new_id(), type=body.get("type") or "DRIVER", createdDate=now, lastModifiedDate=now)
    edge(ctx.state).channels[doc["channelId"]] = ChannelRecord(doc, owned=True)
    return json_response(copy.deepcopy(doc))


def _own_channel(ctx: Ctx) -> JsonDict:
    record = edge(ctx.state).channel(ctx.params["channelId"])
    if not record.owned:
        raise Forbidden("only the channel's owner may change it")
    return record.doc


@table.route("GET", "/distchannels/{channelId}", scopes=R_CHANNELS)
def get_channel(ctx: Ctx) -> httpx.Response:
    """One channel."""
    return json_response(copy.deepcopy(edge(ctx.state).channel(ctx.params["channelId"]).doc))


@table.route("PUT", "/distchannels/{channelId}", scopes=W_CHANNELS)
def update_channel(ctx: Ctx) -> httpx.Response:
    """Replace name, description and terms of service URL of a channel you own."""
    doc = _own_channel(ctx)
    body = ctx.json_object()
    _required_strings(body, _CHANNEL_FIELDS)
    doc.update({key: body[key] for key in _CHANNEL_FIELDS}, lastModifiedDate=ctx.state.now_iso())
    return json_response(copy.deepcopy(doc))


@table.route("DELETE", "/distchannels/{channelId}", scopes=W_CHANNELS)
def delete_channel(ctx: Ctx) -> httpx.Response:
    """Delete a channel you own, with its assignments and enrollments."""
    _own_channel(ctx)
    del edge(ctx.state).channels[ctx.params["channelId"]]
    return _emptied()


@table.route("GET", "/distchannels/{channelId}/drivers", scopes=R_CHANNELS)
def list_assigned_drivers(ctx: Ctx) -> httpx.Response:
    """The drivers a channel offers, with their versions."""
    record = edge(ctx.state).channel(ctx.params["channelId"])
    return paged(ctx, [copy.deepcopy(d) for d in record.drivers.values()])


@table.route("POST", "/distchannels/{channelId}/drivers", scopes=W_CHANNELS)
def assign_driver(ctx: Ctx) -> httpx.Response:
    """Assign a driver revision to a channel you own, or change the assigned revision."""
    _own_channel(ctx)
    store = edge(ctx.state)
    channel = store.channel(ctx.params["channelId"])
    body = ctx.json_object()
    _required_strings(body, ("driverId", "version"))
    driver = store.drivers.get(body["driverId"])
    if driver is None:
        raise constraint(
            "The request is malformed.", detail("NotFoundError", f"driver {body['driverId']} not found", "driverId")
        )
    if body["version"] not in driver.revisions:
        raise constraint(
            "The request is malformed.",
            detail("NotFoundError", f"driver {body['driverId']} has no version {body['version']}", "version"),
        )
    previous = channel.drivers.get(body["driverId"])
    details = store.details(
        channel.doc["channelId"],
        body["driverId"],
        body["version"],
        ctx.state.now_iso(),
        previous["createdDate"] if previous else None,
    )
    channel.drivers[body["driverId"]] = details
    return json_response(copy.deepcopy(details))


def _assigned(ctx: Ctx) -> JsonDict:
    record = edge(ctx.state).channel(ctx.params["channelId"])
    details = record.drivers.get(ctx.params["driverId"])
    if details is None:
        raise not_found(f"Driver {ctx.params['driverId']} in channel {ctx.params['channelId']}")
    return details


@table.route("DELETE", "/distchannels/{channelId}/drivers/{driverId}", scopes=W_CHANNELS)
def unassign_driver(ctx: Ctx) -> httpx.Response:
    """Withdraw a driver from a channel you own."""
    _own_channel(ctx)
    _assigned(ctx)
    del edge(ctx.state).channels[ctx.params["channelId"]].drivers[ctx.params["driverId"]]
    return _emptied()


@table.route("GET", "/distchannels/{channelId}/drivers/{driverId}/meta", scopes=R_CHANNELS)
def driver_channel_meta(ctx: Ctx) -> httpx.Response:
    """The driver as the channel offers it: the assigned revision."""
    details = _assigned(ctx)
    record = edge(ctx.state).driver(ctx.params["driverId"])
    return json_response(copy.deepcopy(record.revisions.get(details["version"], record.doc)))


@table.route("POST", "/distchannels/{channelId}/hubs/{hubId}", scopes=W_CHANNELS)
def enroll_hub(ctx: Ctx) -> httpx.Response:
    """Enroll a hub (idempotent)."""
    record = edge(ctx.state).channel(ctx.params["channelId"])
    device = hub(ctx.state, ctx.params["hubId"])
    ctx.check_location(device.location_id)
    if device.id not in record.hubs:
        record.hubs.append(device.id)
    return _emptied()


@table.route("DELETE", "/distchannels/{channelId}/hubs/{hubId}", scopes=W_CHANNELS)
def unenroll_hub(ctx: Ctx) -> httpx.Response:
    """Take a hub out of a channel; drivers it installed from there stay installed."""
    record = edge(ctx.state).channel(ctx.params["channelId"])
    if ctx.params["hubId"] not in record.hubs:
        raise not_found(f"Hub {ctx.params['hubId']} in channel {ctx.params['channelId']}")
    record.hubs.remove(ctx.params["hubId"])
    return _emptied()


# ----- hub devices ------------------------------------------------------------------------------------------------
def _hub(ctx: Ctx) -> DeviceRecord:
    device = hub(ctx.state, ctx.params["hubId"])
    ctx.check_location(device.location_id)
    return device


@table.route("GET", "/hubdevices/{hubId}", scopes=R_HUBS)
def get_hub(ctx: Ctx) -> httpx.Response:
    """The hub record, from the hub's device document."""
    device = _hub(ctx)
    details = device.doc.get("hub") or {}
    return json_response(
        {
            "id": device.id,
            "name": device.doc.get("label") or device.doc.get("name"),
            "eui": details.get("hubEui"),
            "owner": device.doc.get("ownerId"),
            "serialNumber": details.get("serialNumber"),
            "firmwareVersion": details.get("firmwareVersion"),
        }
    )


@table.route("GET", "/hubdevices/{hubId}/characteristics", scopes=R_HUBS)
def hub_characteristics(ctx: Ctx) -> httpx.Response:
    """The hub document's ``hubData`` (radios, Zigbee channel, firmware...)."""
    return json_response(copy.deepcopy((_hub(ctx).doc.get("hub") or {}).get("hubData") or {}))


@table.route("GET", "/hubdevices/{hubId}/channels", scopes=R_HUBS)
def hub_channels(ctx: Ctx) -> httpx.Response:
    """The driver channels the hub is enrolled in: a plain array."""
    device = _hub(ctx)
    if ctx.q("channelType") not in (None, "DRIVERS"):
        return json_response([])
    keys = ("channelId", "name", "description", "createdDate", "lastModifiedDate")
    items = [{k: c.doc.get(k) for k in keys} for c in edge(ctx.state).channels.values() if device.id in c.hubs]
    return json_response(items)


@table.route("GET", "/hubdevices/{hubId}/drivers", scopes=R_HUBS)
def hub_installed_drivers(ctx: Ctx) -> httpx.Response:
    """The installed drivers (plain array); ``deviceId`` keeps those that match the device."""
    device = _hub(ctx)
    store = edge(ctx.state)
    entries = hub_drivers(device)
    device_id = ctx.q("deviceId")
    if device_id is not None:
        current = child_protocol(ctx.state, device.id, device_id).get("driverId")
        child = ctx.state.device(device_id)
        entries = [e for e in entries if matches_device(store, str(e.get("driverId")), child, current)]
    return json_response([installed_doc(store, entry) for entry in entries])


def _installed_entry(ctx: Ctx) -> JsonDict:
    for entry in hub_drivers(_hub(ctx)):
        if entry.get("driverId") == ctx.params["driverId"]:
            return entry
    raise not_found(f"Driver {ctx.params['driverId']} on hub {ctx.params['hubId']}")


@table.route("GET", "/hubdevices/{hubId}/drivers/{driverId}", scopes=R_HUBS)
def hub_installed_driver(ctx: Ctx) -> httpx.Response:
    """One installed driver."""
    return json_response(installed_doc(edge(ctx.state), _installed_entry(ctx)))


@table.route("PUT", "/hubdevices/{hubId}/drivers/{driverId}", scopes=W_DRIVERS)
def install_driver(ctx: Ctx) -> httpx.Response:
    """Install (or update to the channel's version) a driver assigned to a channel the hub is enrolled in."""
    device = _hub(ctx)
    body = ctx.json_object()
    _required_strings(body, ("channelId",))
    store = edge(ctx.state)
    channel = store.channel(body["channelId"])
    if device.id not in channel.hubs:
        raise constraint(
            "The request is malformed.",
            detail("NotEnrolledError", f"hub {device.id} is not enrolled in channel {body['channelId']}", "channelId"),
        )
    assigned = channel.drivers.get(ctx.params["driverId"])
    if assigned is None:
        raise constraint(
            "The request is malformed.",
            detail(
                "NotAssignedError",
                f"driver {ctx.params['driverId']} is not assigned to channel {body['channelId']}",
                "driverId",
            ),
        )
    entries = hub_drivers(device)
    entries[:] = [e for e in entries if e.get("driverId") != ctx.params["driverId"]]
    entries.append(
        {"driverVersion": assigned["version"], "driverId": ctx.params["driverId"], "channelId": body["channelId"]}
    )
    return _emptied()


@table.route("DELETE", "/hubdevices/{hubId}/drivers/{driverId}", scopes=W_DRIVERS)
def uninstall_driver(ctx: Ctx) -> httpx.Response:
    """Remove an installed driver."""
    entry = _installed_entry(ctx)
    hub_drivers(_hub(ctx)).remove(entry)
    return _emptied()


@table.route("PATCH", "/hubdevices/{hubId}/childdevice/{deviceId}", scopes=["w:devices:{deviceId}"])
def switch_driver(ctx: Ctx) -> httpx.Response:
    """Point a device of this hub at another driver installed on the hub (``forceUpdate`` is accepted)."""
    device = _hub(ctx)
    body = ctx.json_object()
    _required_strings(body, ("driverId",))
    protocol = child_protocol(ctx.state, device.id, ctx.params["deviceId"])
    if not any(e.get("driverId") == body["driverId"] for e in hub_drivers(device)):
        raise constraint(
            "The request is malformed.",
            detail("NotInstalledError", f"driver {body['driverId']} is not installed on hub {device.id}", "driverId"),
        )
    protocol["driverId"] = body["driverId"]
    return _emptied()
