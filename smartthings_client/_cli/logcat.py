"""`drivers logcat`: a hub's live driver logs, read over the LAN, with the hub's certificate pinned on first use.

A hub serves its logs at ``https://<LAN IP>:9495`` (``GET /drivers``, and ``GET /drivers/logs`` as server-sent
events) with a self-signed certificate, so no certificate authority can vouch for it.  The first connection to
an address pins the certificate's SHA-256 fingerprint in ``known_hubs.json`` in the config directory (like ssh's
known_hosts); a later connection that shows another certificate is refused before the token is sent.  The
fingerprint is checked on the very connection that then carries the request, so nothing can swap in between.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import ipaddress
import json
import socket
import ssl
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import errors
from .choose import choose
from .output import print_json
from .session import NotFound, Session, UsageError

DEFAULT_PORT = 9495
LEVELS = {"trace": 100, "debug": 200, "info": 300, "warn": 400, "error": 500, "fatal": 600, "print": 1000}
LEVEL_NAMES = {value: name.upper() for name, value in LEVELS.items()}


class HubConnectionError(errors.SmartThingsError):
    """The hub's live log endpoint could not be reached or answered something else than logs (exit 1)."""


class HubCertificateChanged(errors.SmartThingsError):
    """The hub shows another certificate than the one pinned for its address (exit 1): nothing is sent."""


class HubRefusedToken(errors.NoCredentialsError):
    """The hub answered 401 or 403 to the token (exit 3)."""


def known_hubs_path() -> Path:
    from .profiles import config_dir

    return config_dir() / "known_hubs.json"


def fingerprint(der: bytes) -> str:
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def check_pin(authority: str, der: bytes) -> None:
    """Pin ``authority``'s certificate on first use; refuse one that differs from the pinned one."""
    path = known_hubs_path()
    try:
        known: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError) as error:
        raise UsageError(f"{path} is damaged ({error}); delete it to pin the hubs again") from error
    seen = fingerprint(der)
    pinned = known.get(authority, {}).get("fingerprint")
    if pinned == seen:
        return
    if pinned is not None:
        raise HubCertificateChanged(
            f"the certificate of the hub at {authority} has changed: pinned SHA-256 {pinned}, now {seen}. Nothing "
            f"was sent. If the hub was reset or replaced, delete the {authority} entry from {path} and run again "
            "to pin the new one; otherwise another machine answers at that address"
        )
    known[authority] = {"fingerprint": seen, "pinned": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(known, indent=2), encoding="utf-8")
    temporary.replace(path)
    print(
        f"pinned the certificate of the hub at {authority} (SHA-256 {seen}) in {path}; another one will be refused",
        file=sys.stderr,
    )


def parse_address(text: str) -> tuple[str, int]:
    """``IPv4[:PORT]`` (the port defaults to the hub's 9495)."""
    host, _, port_text = text.partition(":")
    try:
        ipaddress.IPv4Address(host)
    except ValueError as error:
        raise UsageError(f"--hub-address {text!r}: give the hub's IPv4 address, e.g. 192.168.1.20[:9495]") from error
    if not port_text:
        return host, DEFAULT_PORT
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise UsageError(f"--hub-address {text!r}: the port must be a number from 1 to 65535")
    return host, int(port_text)


def authorization(credential: Any) -> str:
    """The Authorization header the client would send (a stored token is refreshed as for any call)."""
    import httpx

    request = httpx.Request("GET", "https://hub.invalid/")
    flow = credential.auth().sync_auth_flow(request)
    header: str = next(flow).headers["Authorization"]
    return header


class PinnedHub:
    """Requests to a hub's live log endpoint, each on a connection whose certificate was checked first."""

    def __init__(self, host: str, port: int, authorization: str, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.authority = f"{host}:{port}"
        self._authorization = authorization
        # The hub's certificate is self-signed: no CA checks it; the pin does, on the same connection.
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self._context.check_hostname = False
        self._context.verify_mode = ssl.CERT_NONE

    def get(self, path: str, *, stream: bool = False) -> http.client.HTTPResponse:
        connection = http.client.HTTPSConnection(self.host, self.port, context=self._context, timeout=self.timeout)
        try:
            connection.connect()
            assert connection.sock is not None
            der = connection.sock.getpeercert(binary_form=True)
            check_pin(self.authority, der or b"")
            if stream:
                connection.sock.settimeout(None)  # a log stream may be quiet for a long time
            connection.request("GET", path, headers={"Authorization": self._authorization, "Accept": "*/*"})
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            raise HubConnectionError(
                f"cannot reach the hub's live log at {self.authority}: {_reason(error)}; check --hub-address (the "
                f"hub's LAN address, port {DEFAULT_PORT}) and that this machine is on the hub's network"
            ) from error
        except BaseException:
            connection.close()
            raise
        if response.status in (401, 403):
            connection.close()
            raise HubRefusedToken(f"the hub at {self.authority} refused the token ({response.status})")
        if response.status != 200:
            connection.close()
            raise HubConnectionError(f"the hub at {self.authority} answered {response.status} to GET {path}")
        return response

    def drivers(self) -> list[dict[str, Any]]:
        with self.get("/drivers") as response:
            try:
                found = json.loads(response.read())
            except ValueError as error:
                raise HubConnectionError(f"the hub at {self.authority} sent no driver list: {error}") from error
        if not isinstance(found, list):
            raise HubConnectionError(f"the hub at {self.authority} sent no driver list")
        return [d for d in found if isinstance(d, dict)]

    def logs(self, driver_id: str | None) -> Iterator[dict[str, Any]]:
        path = "/drivers/logs" + (f"?driver_id={quote(driver_id)}" if driver_id else "")
        with self.get(path, stream=True) as response:
            yield from _server_sent_messages(response)


def _reason(error: BaseException) -> str:
    if isinstance(error, socket.timeout):
        return "timed out"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    return " ".join(str(error).split()) or type(error).__name__


def _server_sent_messages(response: http.client.HTTPResponse) -> Iterator[dict[str, Any]]:
    """The ``message`` events of a server-sent event stream, as JSON objects (others are skipped)."""
    data: list[str] = []
    event = "message"
    for raw in response:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if not line:
            if data and event == "message":
                try:
                    message = json.loads("\n".join(data))
                except ValueError:
                    message = None
                if isinstance(message, dict):
                    yield message
            data, event = [], "message"
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        elif line.startswith("event:"):
            event = line[6:].strip()


def _hub_lan_address(args: argparse.Namespace, client: Any) -> str:
    from .driver_lifecycle import hub_id

    hub = client.devices.get(hub_id(args, client))
    local_ip = (((hub.extra.get("hub") or {}).get("hubData") or {}).get("localIP")) if hub.extra else None
    if not local_ip:
        raise UsageError(f"hub {hub.device_id} reports no LAN address: give --hub-address")
    return str(local_ip)


def format_line(message: dict[str, Any]) -> str:
    level = LEVEL_NAMES.get(message.get("log_level", 0), str(message.get("log_level")))
    return f"{message.get('timestamp', '')} {level:<5} {message.get('driver_name', '')}  {message.get('message', '')}"


def cmd_drivers_logcat(args: argparse.Namespace) -> None:
    if args.all and args.driver_id:
        raise UsageError("give a DRIVER_ID or --all, not both")
    with Session(args) as session:
        authority = args.hub_address or _hub_lan_address(args, session.client)
        header = authorization(session.credential)
    host, port = parse_address(authority)
    hub = PinnedHub(host, port, header, timeout=args.connect_timeout)
    drivers = hub.drivers()
    driver = args.driver_id
    if driver and driver not in {d.get("driver_id") for d in drivers}:
        names = ", ".join(f"{d.get('driver_name')} ({d.get('driver_id')})" for d in drivers) or "none"
        raise NotFound(f"driver {driver} is not installed on the hub at {hub.authority} (installed: {names})")
    if not driver and not args.all:
        driver = choose(
            "driver",
            "a DRIVER_ID or --all",
            [(str(d.get("driver_id")), str(d.get("driver_name") or "")) for d in drivers],
        )
    minimum = LEVELS[args.log_level]
    collected = []
    try:
        for message in hub.logs(driver):
            if int(message.get("log_level", 0)) < minimum:
                continue
            if args.json:
                collected.append(message)
            else:
                print(format_line(message), flush=True)
    except KeyboardInterrupt:
        if args.json:  # Ctrl-C: the lines seen so far are still one document
            print_json(args, collected)
        raise
    if args.json:
        print_json(args, collected)


def add_command(drivers: Any, common: argparse.ArgumentParser) -> None:
    p = drivers.add_parser(
        "logcat",
        parents=[common],
        help="stream a hub's driver logs over the LAN (the hub's certificate is pinned on first use)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("driver_id", metavar="DRIVER_ID", nargs="?", help="the driver (on a terminal: chosen), or --all")
    p.add_argument("--all", action="store_true", help="every driver installed on the hub")
    p.add_argument("--hub-address", metavar="IP[:PORT]", help="the hub's LAN address (default: the hub reports it)")
    p.add_argument("--hub", help="the hub whose address to look up (default: the profile's, else the only one)")
    p.add_argument(
        "--log-level", choices=list(LEVELS), default="trace", help="the lowest level shown (default: trace, all)"
    )
    p.add_argument("--connect-timeout", type=float, default=30.0, help="seconds to wait for the hub (default 30)")
    p.set_defaults(func=cmd_drivers_logcat)
