"""The README's webhook SmartApp and its jobs (kept here verbatim so tests run them against the emulator)."""

from __future__ import annotations

from typing import Any

from smartthings_client import DeviceSubscription, RedisTokenStore, RefreshableToken, SmartThings
from smartthings_client.auth.lifecycle import (
    ConfigurationRequest,
    EventRequest,
    InstallRequest,
    LifecycleEvent,
    UpdateRequest,
)
from smartthings_client.smartapp import SmartApp

CLIENT_ID, CLIENT_SECRET = "your-app-client-id", "your-app-client-secret"  # the app's OAuth client
APP_ID = "your-app-id"
JOBS = "night-light:jobs"  # a Redis list: one job = one installed app id


def make_app(store: RedisTokenStore, **options: Any) -> SmartApp:
    """Serve it with any ASGI or WSGI server: with ``app = make_app(RedisTokenStore.from_url(...))`` in
    ``serve_app.py``, run ``uvicorn serve_app:app.asgi`` or ``waitress-serve serve_app:app.wsgi``."""
    app = SmartApp(
        target_url="https://smartapp.example.com/smartthings",  # the URL registered for the app
        app_id=APP_ID,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        store=store,  # INSTALL/UPDATE pairs are saved here before any handler runs
        name="Lights together",
        permissions=["r:devices:*", "x:devices:*"],
        **options,
    )

    @app.page("main", "Lights")
    def main_page(request: ConfigurationRequest) -> list[dict[str, Any]]:
        lights = {"id": "lights", "name": "Lights", "type": "DEVICE", "capabilities": ["switch"], "multiple": True}
        return [{"name": "Which lights go together?", "settings": [{**lights, "permissions": ["r", "x"]}]}]

    @app.on_installed  # INSTALL and UPDATE
    def subscribe(request: InstallRequest | UpdateRequest, st: SmartThings) -> None:
        lights = request.installed_app.device_ids("lights")
        # Names are unique per install: lights_0, lights_1... all go to the "lights" handler.
        st.subscriptions.reconcile(
            [
                DeviceSubscription(device_id=d, capability="switch", subscription_name=f"lights_{i}")
                for i, d in enumerate(lights)
            ]
        )
        # Slow work goes to a queue (SmartThings waits 10 s for this answer): jobs carry only the installed
        # app id, and run when they reach the front of the queue, long after this 24-hour token may have died.
        store.client.rpush(JOBS, *[request.installed_app.installed_app_id] * 30)

    @app.on_event("lights")
    def follow(request: EventRequest, event: LifecycleEvent, st: SmartThings) -> None:
        changed = event.device_event
        if changed is None or changed.value not in ("on", "off"):
            return
        for device_id in request.installed_app.device_ids("lights"):
            if device_id != changed.device_id:
                st.devices.command(device_id, "switch", str(changed.value))

    return app


def run_jobs(store: RedisTokenStore, **client_options: Any) -> int:
    """A worker (any process, any machine, hours later): each job resolves its client from the store."""
    done = 0
    while (job := store.client.lpop(JOBS)) is not None:
        installed_app_id = job.decode() if isinstance(job, bytes) else str(job)
        token = RefreshableToken.from_store(store, installed_app_id)  # refreshed once, whoever gets there first
        with SmartThings(token, **client_options) as st:
            st.devices.list(capability="switch").first()
        done += 1
    return done
