"""The README's SmartApp example (kept here verbatim so a test runs it against the emulator)."""

from __future__ import annotations

from typing import Any

from smartthings_client import (
    DeviceSubscription,
    FileTokenStore,
    ModeSubscription,
    SmartThings,
    parse_lifecycle,
)
from smartthings_client.auth.lifecycle import InstallRequest, UpdateRequest

CLIENT_ID, CLIENT_SECRET = "your-app-client-id", "your-app-client-secret"  # the app's OAuth client
store = FileTokenStore()  # in $SMARTTHINGS_TOKEN_DIR, else ~/.config/smartthings-client/tokens


def handle(body: bytes, **client_options: Any) -> dict[str, Any]:
    """The webhook: SmartThings POSTs lifecycle requests here."""
    request = parse_lifecycle(body)
    if isinstance(request, (InstallRequest, UpdateRequest)):
        app = request.installed_app
        # A client whose token refreshes itself; the token pair is saved before anything else.
        with SmartThings.from_lifecycle(
            request, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, store=store, **client_options
        ) as st:
            st.subscriptions.reconcile(  # one call: creates what is missing, deletes what changed
                [
                    DeviceSubscription(device_id=d, capability="switch", subscription_name=f"light{i}")
                    for i, d in enumerate(app.device_ids("lights"))
                ]
                + [ModeSubscription(location_id=str(app.location_id), subscription_name="mode")]
            )
            zone = st.locations.get(str(app.location_id)).time_zone_id or "UTC"
            st.schedules.delete_all()
            st.schedules.create_cron("nightly", "0 22 * * ? *", zone)  # 22:00 every day, location time
        return {f"{request.lifecycle.lower()}Data": {}}
    return {}
