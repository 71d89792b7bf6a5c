"""The README's webhook SmartApp and its jobs (kept here verbatim so tests run them against the emulator)."""

from __future__ import annotations

from typing import Any

from smartthings_client import RedisTokenStore, RefreshableToken, SmartThings
from smartthings_client.auth.lifecycle import (
    ConfigurationRequest,
    EventRequest,
    InstallRequest,
    LifecycleEvent,
    UpdateRequest,
)
from smartthings_client.catalog import switch
from smartthings_client.smartapp import DeviceSetting, Page, RedisContextStore, Section, SmartApp

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
        context_store=RedisContextStore.beside(store),  # and each install's configuration (app.with_context)
        name="Lights together",
        permissions=["r:devices:*", "x:devices:*"],
        **options,
    )

    @app.page("main")
    def main_page(request: ConfigurationRequest) -> Page:
        lights = DeviceSetting("lights", name="Lights", capabilities=["switch"], multiple=True, permissions="rx")
        return Page("main", [Section("Which lights go together?", [lights])], name="Lights")

    @app.on_installed  # INSTALL and UPDATE
    def subscribe(request: InstallRequest | UpdateRequest, st: SmartThings) -> None:
        # One subscription per chosen light, named lights_0, lights_1... (all go to the "lights" handler);
        # on UPDATE, reconcile changes only the subscriptions of the lights the user added or removed.
        st.subscriptions.reconcile(request.config.subscriptions("lights", capability="switch"))
        # Slow work goes to a queue (SmartThings waits 10 s for this answer): jobs carry only the installed
        # app id, and run when they reach the front of the queue, long after this 24-hour token may have died.
        store.client.rpush(JOBS, *[request.installed_app.installed_app_id] * 30)

    @app.on_event("lights")
    def follow(request: EventRequest, event: LifecycleEvent, st: SmartThings) -> None:
        changed = event.device_event
        if changed is None or changed.value not in ("on", "off"):
            return
        others = [light for light in request.config.devices("lights") if light.device_id != changed.device_id]
        st.devices.execute_all(others, switch.on() if changed.value == "on" else switch.off())

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
