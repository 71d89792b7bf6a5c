"""``serve_app.py`` as the README's ``make_app`` docstring says (``uvicorn serve_app:app.asgi``,
``waitress-serve serve_app:app.wsgi``), pointed at a served emulator: what ``smartthings-client emulator`` prints
(the API origin and its key server) comes in through environment variables.  test_served_webhook_app.py serves it
with real servers in processes of their own."""

from __future__ import annotations

import os

from smartthings_client import RedisTokenStore
from tests import readme_webhook

EMULATOR = os.environ["SERVED_EMULATOR"]  # e.g. http://127.0.0.1:8088
readme_webhook.CLIENT_ID = os.environ["SERVED_APP_CLIENT_ID"]
readme_webhook.CLIENT_SECRET = os.environ["SERVED_APP_CLIENT_SECRET"]
readme_webhook.APP_ID = os.environ["SERVED_APP_ID"]

app = readme_webhook.make_app(
    RedisTokenStore.from_url(os.environ["SERVED_APP_REDIS_URL"]),
    key_server=os.environ["SERVED_EMULATOR_KEY_SERVER"],  # the banner's SmartApp(key_server=...)
    token_url=EMULATOR + "/oauth/token",
    client_options={"base_url": EMULATOR + "/v1"},
)
