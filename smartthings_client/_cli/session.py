"""What every command works with: the client (made on first use, so `--help` never loads it), the token it
holds, and usage errors."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from .. import errors
from .._defaults import BASE_URL_ENV, TOKEN_ENV
from .problems import NotFound, UsageError

__all__ = ["NotFound", "Session", "UsageError", "base_url", "make_client", "only_location"]

if TYPE_CHECKING:
    from ..auth.credentials import Credential
    from ..client import SmartThings


def token_store(args: argparse.Namespace) -> Any:
    from ..auth.stores import FileTokenStore

    return FileTokenStore(args.token_dir) if getattr(args, "token_dir", None) else FileTokenStore()


def stored_credential(args: argparse.Namespace) -> Credential:
    """The token saved by `auth login` (refreshed and re-saved as it is used), when no token was given."""
    from ..auth.refresh import RefreshableToken

    store = token_store(args)
    keys = store.keys()
    key = args.installed_app_id
    if key is None and len(keys) == 1:
        key = keys[0]
    if key is None or key not in keys:
        where = f"in {store!r}" if keys else f"no stored token in {store!r}"
        raise errors.NoCredentialsError(
            f"no token: pass --token, set {TOKEN_ENV}, or run `smartthings-client auth login` once "
            f"({where}{'; choose one with --installed-app-id: ' + ', '.join(keys) if len(keys) > 1 else ''})"
        )
    return RefreshableToken.from_store(store, key)


def given_token(args: argparse.Namespace) -> str | None:
    """The --token value; an empty or blank one is no token, which is an authentication failure (exit 3)."""
    token: str | None = getattr(args, "token", None)
    if token is None:
        return None
    if not token.strip():
        raise errors.NoCredentialsError(
            f"--token is empty: pass the token itself, set {TOKEN_ENV}, or run `smartthings-client auth login` once"
        )
    return token.strip()


def make_client(credential: Credential, **options: Any) -> SmartThings:
    """The client a command calls the API with; imported here, so that ``--help`` never loads it."""
    from ..client import SmartThings

    return SmartThings(credential, **options)


class Session:
    """What a command works with: a client, and (with --emulator) the emulator behind it."""

    def __init__(
        self, args: argparse.Namespace, *, smartapp: bool = False, sse: bool = False, **client_options: Any
    ) -> None:
        from ..auth.credentials import PersonalAccessToken, SmartAppToken

        self.emulator: Any = None
        given = given_token(args)
        if args.emulator:
            if given is not None:
                raise UsageError(
                    "--emulator runs against an in-process emulator that issues its own token, so --token would "
                    "be ignored: drop --token, or drop --emulator to use the token (with --base-url for a served "
                    "emulator)"
                )
            from ..testing import Emulator

            self.emulator = Emulator()
            if sse:  # the event stream needs the reserved sse scope: an account-linked app's token
                install = self.emulator.install_sse_app()
                credential: Credential = SmartAppToken(
                    install.auth_token,
                    installed_app_id=install.installed_app_id,
                    location_id=install.location_id,
                    scopes=install.payload["installData"]["installedApp"]["permissions"],
                )
            elif smartapp:
                app = self.emulator.create_app("cli-smartapp")
                install = self.emulator.install(app)
                credential = SmartAppToken(
                    install.auth_token,
                    installed_app_id=install.installed_app_id,
                    location_id=install.location_id,
                    scopes=install.payload["installData"]["installedApp"]["permissions"],
                )
            else:
                credential = PersonalAccessToken(self.emulator.issue_pat())
            self.credential = credential
            self.client = make_client(credential, transport=self.emulator.transport, **client_options)
            return
        token = given or os.environ.get(TOKEN_ENV, "").strip() or profile_token(args)
        if token:
            if smartapp or args.installed_app_id:
                credential = SmartAppToken(token, installed_app_id=args.installed_app_id)
                # A token does not say what kind it is: one given to a SmartApp command is taken as a SmartApp
                # token, and a 403 then also explains what happens if it was a personal access token.
                args.token_taken_as_smartapp = True
            else:
                credential = PersonalAccessToken(token)
        else:
            credential = stored_credential(args)
        self.credential = credential
        self.client = make_client(credential, base_url=base_url(args), **client_options)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()


def only_location(client: SmartThings, args: argparse.Namespace) -> str:
    """The location of a command given no --location-id: the profile's, else the only one the token sees, else
    (on a terminal) the one the user picks from a numbered list."""
    from .choose import choose
    from .profiles import setting

    profiled = setting(args, "location")
    if profiled:
        return profiled
    locations = list(client.locations.list())
    if len(locations) == 1:
        return locations[0].location_id
    return choose(
        "location",
        "--location-id",
        [(location.location_id, location.name or "") for location in locations],
        why=f"the token sees {len(locations)} locations",
    )


def base_url(args: argparse.Namespace) -> str | None:
    """--base-url, else $SMARTTHINGS_BASE_URL (read by the client), else the profile's, else the default."""
    from .profiles import setting

    given: str | None = args.base_url or os.environ.get(BASE_URL_ENV, "").strip()
    return given or setting(args, "base_url")


def profile_token(args: argparse.Namespace) -> str:
    from .profiles import setting

    return (setting(args, "token") or "").strip()
