"""One short example per resource group, shown at the top of the group's page in the API reference.

Each is a whole script, as a reader would run it: ``SmartThings()`` reads ``SMARTTHINGS_TOKEN`` (a personal access
token), and the groups that need a SmartApp token take the stored token of an install.  Names a script uses but
does not define are given in the page's prose (:data:`GIVEN`).  tests/test_docs_examples.py runs every one against
a served emulator and type-checks it with ``mypy --strict``, so an example cannot go stale.
"""

from __future__ import annotations

# What the prose hands to an example, with its type (the test supplies them and declares them for mypy).
GIVEN = {
    "device_id": ("str", "the id of a device with a switch"),
    "location_id": ("str", "the id of a location"),
    "installed_app_id": ("str", "the id of an install of your SmartApp, whose tokens are in the token store"),
    "sse_token": ("str", "the token of an app granted the reserved `sse` scope"),
}

EXAMPLES: dict[str, str] = {
    "devices": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for device in st.devices.list(capability="switch"):
        print(device.label, st.devices.status(device.device_id).value("switch", "switch"))
    st.devices.command(device_id, "switch", "on")
''',
    "locations": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for location in st.locations.list():
        print(location.name, st.locations.get(location.location_id).time_zone_id)
''',
    "rooms": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    room = st.locations.rooms.create(location_id, "Attic")
    st.devices.update(device_id, room_id=room.room_id)
    print([device.label for device in st.locations.rooms.list_devices(location_id, room.room_id)])
''',
    "modes": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    print("now:", st.locations.modes.get_current(location_id).label)
    away = next(mode for mode in st.locations.modes.list(location_id) if mode.label == "Away")
    st.locations.modes.set_current(location_id, away.id)
''',
    "installedapps": '''\
from smartthings_client import FileTokenStore, RefreshableToken, SmartThings

with SmartThings(RefreshableToken.from_store(FileTokenStore(), installed_app_id)) as st:
    app = st.installedapps.get()  # the install whose token this is
    print(app.display_name, app.installed_app_status)
    for config in st.installedapps.list_configs():
        print(config.configuration_id, config.configuration_status)
''',
    "subscriptions": '''\
from smartthings_client import DeviceSubscription, FileTokenStore, RefreshableToken, SmartThings

with SmartThings(RefreshableToken.from_store(FileTokenStore(), installed_app_id)) as st:
    st.subscriptions.create(
        DeviceSubscription(device_id=device_id, capability="switch", subscription_name="light")
    )
    print([subscription.source_type for subscription in st.subscriptions.list()])
''',
    "schedules": '''\
from smartthings_client import FileTokenStore, RefreshableToken, SmartThings

with SmartThings(RefreshableToken.from_store(FileTokenStore(), installed_app_id)) as st:
    st.schedules.create_cron("nightly", "0 22 * * ? *", "Europe/London")  # 22:00 every day
    print([schedule.name for schedule in st.schedules.list()])
''',
    "deviceprofiles": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for profile in st.deviceprofiles.list():
        print(profile.name, [component.id for component in profile.components])
''',
    "apps": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for app in st.apps.list():
        print(app.app_name, app.app_type)
''',
    "schema": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for connector in st.schema.list():
        print(connector.app_name, connector.hosting_type)
''',
    "capabilities": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for argument in st.capabilities.get("switchLevel").commands["setLevel"].arguments:
        print(argument.describe())
''',
    "scenes": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    good_night = next(scene for scene in st.scenes.list() if scene.scene_name == "Good Night")
    print(st.scenes.execute(good_night.scene_id).status)
''',
    "rules": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for rule in st.rules.list(location_id):
        print(rule.name)
''',
    "history": '''\
from datetime import datetime, timedelta, timezone

from smartthings_client import SmartThings

with SmartThings() as st:
    since = datetime.now(timezone.utc) - timedelta(hours=12)
    for event in st.history.devices(location_id, device_id=device_id, start=since):
        print(f"{event.time:%H:%M} {event.capability}.{event.attribute} = {event.value}")
''',
    "virtual_devices": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    switch = st.virtual_devices.create_standard("Test switch", "VIRTUAL_SWITCH", location_id)
    st.devices.command(switch.device_id, "switch", "on")
    print(st.devices.status(switch.device_id).value("switch", "switch"))
''',
    "events": '''\
from smartthings_client import SmartAppToken, SmartThings
from smartthings_client.models.events import DeviceEvent

with SmartThings(SmartAppToken(sse_token)) as st:
    for event in st.events.watch([location_id]):
        if isinstance(event, DeviceEvent):
            print(event.device_id, event.attribute, event.value)
            break  # leaving the loop deletes the sink
''',
    "drivers": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for driver in st.drivers.list():
        print(driver.name, driver.version)
''',
    "channels": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for channel in st.channels.list():
        drivers = [driver.driver_id for driver in st.channels.list_assigned_drivers(channel.channel_id)]
        print(channel.name, drivers)
''',
    "hub_devices": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    hub = st.devices.list(type="HUB").first()
    if hub is not None:
        for driver in st.hub_devices.installed_drivers(hub.device_id):
            print(driver.name, driver.version)
''',
    "presentation": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    presentation = st.presentation.for_device(device_id)
    print(presentation.presentation_id, presentation.manufacturer_name)
''',
    "device_preferences": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for preference in st.device_preferences.list():
        print(preference.preference_id, preference.preference_type)
''',
    "organizations": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    for organization in st.organizations.list():
        print(organization.name, organization.organization_id)
''',
    "notifications": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    st.notifications.send(
        location_id, "ALERT", {"en": {"title": "Leak", "body": "Water under the sink"}}
    )
    print("sent")
''',
    "services": '''\
from smartthings_client import SmartThings

with SmartThings() as st:
    info = st.services.get_info(location_id)
    print(info.latitude, info.longitude, st.services.list_capabilities(location_id))
''',
}
