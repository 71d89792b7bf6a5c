"""``services``: location service info, capabilities (real The Weather Channel data), subscriptions with the
installed app defaulting to the SmartApp token's own, and the swallowed "Installed App ID is not found"."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.auth.credentials import SmartAppToken
from smartthings_client.errors import BadRequestError, NotFoundError, ScopeError, UnprocessableEntityError
from smartthings_client.models.services import ServiceCapability, ServiceSubscriptionType, ServiceValue
from smartthings_client.testing import Emulator

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, MODES, Mode, Recorder, load, run_resource

GET = load("core-sdk-more/services/get.json")
POST = load("core-sdk-more/services/post.json")
DELETE = load("core-sdk-more/services/delete.json")
LOCATION = "95efee9b-6073-4871-b5ba-de6642187293"
ISA = "881c4ddf-5399-4576-8ff6-df9f582e737a"
SUBSCRIPTION = "43357bf4-2687-4f9f-8ae6-5ba92c745cab"
NOT_FOUND_400 = {"requestId": "1", "error": {"code": "BadRequestError", "message": "Installed App ID is not found"}}


def app_token() -> SmartAppToken:
    return SmartAppToken("app-token", installed_app_id=ISA, location_id=LOCATION)


def run(
    mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any], token: Any = None
) -> Any:
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: st.services,
        async_resource=lambda ast: ast.services,
        token=token or app_token(),
    )


# ---------------------------------------------------------------------------------------------------------
# reading


@pytest.mark.parametrize("mode", MODES)
def test_get_info_decodes_the_sample(mode: Mode) -> None:
    server = Recorder(GET["get_info"]["response"])
    info = run(mode, server, lambda s: s.get_info(LOCATION))
    assert server.only.url.path == f"/v1/services/coordinate/locations/{LOCATION}"
    assert (info.location_id, info.city, info.latitude, info.longitude) == (LOCATION, "Mountain View", 37.402, -122.048)
    assert info.subscriptions == ()


@pytest.mark.parametrize("mode", MODES)
def test_list_capabilities_gives_the_names(mode: Mode) -> None:
    server = Recorder(GET["get_capabilities"]["response"])
    assert run(mode, server, lambda s: s.list_capabilities(LOCATION)) == ["airQuality", "forecast", "weather"]
    assert server.only.url.path == f"/v1/services/coordinate/locations/{LOCATION}/capabilities"
    assert server.only.url.query == b""


@pytest.mark.parametrize("mode", MODES)
def test_get_capabilities_keeps_the_real_readings_and_their_units(mode: Mode) -> None:
    server = Recorder(GET["get_capabilities_weather_forecast"]["response"])
    data = run(mode, server, lambda s: s.get_capabilities(LOCATION, [ServiceCapability.WEATHER, "forecast"]))
    assert server.only.url.params.multi_items() == [("name", "weather,forecast")]
    assert data.location_id == LOCATION
    assert data.weather is not None
    assert data.forecast is not None
    assert data.weather["temperature"] == ServiceValue(value=12, unit="C")
    assert data.weather["wxPhraseLong"] == ServiceValue(value="Mostly Cloudy")
    assert data.weather["sunriseTimeLocal"].value == 1585144992000
    # the real data spells these with a lower-case "hour"
    assert data.forecast["precip1hour"] == ServiceValue(value=0, unit="mm")
    assert data.forecast["temperatureAmount12hour"] == ServiceValue(value=8, unit="C")
    assert data.air_quality is None


def test_one_capability_name_and_no_name() -> None:
    server = Recorder(GET["get_capabilities_weather"]["response"])
    data = run("sync", server, lambda s: s.get_capabilities(LOCATION, "weather"))
    assert server.only.url.params.multi_items() == [("name", "weather")]
    assert data.forecast is None
    with pytest.raises(ValueError, match="at least one capability"):
        run("sync", Recorder({}), lambda s: s.get_capabilities(LOCATION, []))


# ---------------------------------------------------------------------------------------------------------
# subscriptions


@pytest.mark.parametrize("mode", MODES)
def test_create_subscription_defaults_to_the_tokens_installed_app_and_direct(mode: Mode) -> None:
    sample = POST["post_subscription"]
    server = Recorder(sample["response"])
    result = run(
        mode,
        server,
        lambda s: s.create_subscription(LOCATION, ["weather"], predicate="weather.temperature.value <= 12"),
    )
    assert (server.only.method, server.only.url.path) == (
        "POST",
        f"/v1/services/coordinate/locations/{LOCATION}/subscriptions",
    )
    assert server.body_of() == sample["request"]["data"]
    assert result.subscription_id == "55fca73f-6d70-447c-ba4e-47bcf98e7f7f"


def test_create_subscription_explicit_app_and_execution_type() -> None:
    explicit = POST["post_subscription_explicit"]
    server = Recorder(explicit["response"])
    predicate = "weather.temperature.value <= 12"
    run(
        "sync",
        server,
        lambda s: s.create_subscription(LOCATION, "weather", predicate=predicate, installed_app_id=SUBSCRIPTION),
    )
    assert server.body_of() == explicit["request"]["data"]
    execution = POST["post_subscription_execution"]
    server = Recorder(execution["response"])
    execution_type = ServiceSubscriptionType.EXECUTION
    run(
        "sync",
        server,
        lambda s: s.create_subscription(LOCATION, ["weather"], predicate=predicate, type=execution_type),
    )
    assert server.body_of() == execution["request"]["data"]


@pytest.mark.parametrize("mode", MODES)
def test_update_subscription_puts_the_same_body(mode: Mode) -> None:
    server = Recorder(POST["post_subscription"]["response"])
    run(mode, server, lambda s: s.update_subscription(LOCATION, SUBSCRIPTION, ["weather", "forecast"]))
    assert (server.only.method, server.only.url.path) == (
        "PUT",
        f"/v1/services/coordinate/locations/{LOCATION}/subscriptions/{SUBSCRIPTION}",
    )
    assert server.body_of() == {"type": "DIRECT", "isaId": ISA, "capabilities": ["weather", "forecast"]}


@pytest.mark.parametrize("mode", MODES)
def test_deletes_send_the_installed_app_and_take_an_empty_answer(mode: Mode) -> None:
    one, every = DELETE["delete_subscription"], DELETE["delete_subscriptions"]
    server = Recorder(content=b"")
    assert run(mode, server, lambda s: s.delete_subscription(LOCATION, SUBSCRIPTION)) is None
    assert (server.only.method, str(server.only.url)) == (
        "DELETE",
        one["request"]["url"].replace(".com/", ".com/v1/") + f"?isaId={ISA}",
    )
    server = Recorder(content=b"")
    assert run(mode, server, lambda s: s.delete_all_subscriptions(LOCATION)) is None
    assert str(server.only.url) == every["request"]["url"].replace(".com/", ".com/v1/") + f"?isaId={ISA}"


@pytest.mark.parametrize("mode", MODES)
def test_installed_app_id_not_found_on_delete_is_success_like_the_sdk(mode: Mode) -> None:
    assert run(mode, Recorder(NOT_FOUND_400, status=400), lambda s: s.delete_all_subscriptions(LOCATION)) is None
    assert (
        run(mode, Recorder(NOT_FOUND_400, status=400), lambda s: s.delete_subscription(LOCATION, SUBSCRIPTION)) is None
    )


@pytest.mark.parametrize("mode", MODES)
def test_other_400s_on_delete_are_raised(mode: Mode) -> None:
    other = {"requestId": "1", "error": {"code": "BadRequestError", "message": "Something else"}}
    with pytest.raises(BadRequestError) as caught:
        run(mode, Recorder(other, status=400), lambda s: s.delete_all_subscriptions(LOCATION))
    assert caught.value.operation == "services.delete_all_subscriptions"


def test_a_personal_token_must_name_the_installed_app() -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match="installed_app_id is required"):
        run("sync", server, lambda s: s.create_subscription(LOCATION, ["weather"]), token="pat")
    with pytest.raises(ValueError, match="installed_app_id is required"):
        run("sync", server, lambda s: s.delete_all_subscriptions(LOCATION), token="pat")
    assert server.requests == []
    server = Recorder(content=b"")
    run("sync", server, lambda s: s.delete_all_subscriptions(LOCATION, installed_app_id=ISA), token="pat")
    assert server.only.url.params["isaId"] == ISA


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"type": "SOMETIMES"}, ValueError),
        ({"predicate": ""}, ValueError),
        ({"installed_app_id": "a/b"}, ValueError),
    ],
)
def test_a_broken_subscription_is_refused_before_sending(kwargs: dict[str, Any], error: type[Exception]) -> None:
    server = Recorder({})
    with pytest.raises(error):
        run("sync", server, lambda s: s.create_subscription(LOCATION, ["weather"], **kwargs))
    with pytest.raises(ValueError):
        run("sync", server, lambda s: s.create_subscription(LOCATION, [""]))
    assert server.requests == []


@pytest.mark.parametrize(("value", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(value: Any, error: type[Exception]) -> None:
    server = Recorder({})
    with pytest.raises(error):
        run("sync", server, lambda s: s.get_info(value))
    with pytest.raises(error):
        run("sync", server, lambda s: s.delete_subscription(LOCATION, value))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_a_blank_403_names_the_location_scope(mode: Mode) -> None:
    with pytest.raises(ScopeError) as caught:
        run(mode, Recorder(status=403, content=b""), lambda s: s.list_capabilities(LOCATION))
    assert caught.value.operation == "services.list_capabilities"
    assert f"r:locations:{LOCATION}" in str(caught.value)


# ---------------------------------------------------------------------------------------------------------
# the emulator


def test_emulator_location_info_and_the_real_weather() -> None:
    emu = Emulator()
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        info = st.services.get_info(emu.location_id)
        assert (info.latitude, info.longitude) == (45.00708112, -93.11223629)
        assert st.services.list_capabilities(emu.location_id) == ["airQuality", "forecast", "weather"]
        data = st.services.get_capabilities(emu.location_id, ["weather", "forecast", "airQuality"])
        assert data.weather is not None
        assert data.forecast is not None
        assert data.air_quality is not None
        assert data.weather["vendor"].value == "TheWeatherChannel"
        assert data.forecast["snow24hour"] == ServiceValue(value=0, unit="cm")
        with pytest.raises(BadRequestError):
            st.services.get_capabilities(emu.location_id, "tides")
        # what it does not emulate is said so, not a bare 404
        with pytest.raises(Exception, match="does not emulate") as caught:
            st.services.get_capabilities(emu.location_id, ServiceCapability.AIR_QUALITY_FORECAST)
        assert not isinstance(caught.value, NotFoundError)
        cabin = emu.add_location("Cabin")
        assert st.services.list_capabilities(cabin) == []  # no coordinates
        with pytest.raises(NotFoundError):
            st.services.get_info("00000000-0000-0000-0000-00000000dead")


def test_emulator_subscriptions_per_installed_app() -> None:
    emu = Emulator()
    install = emu.install(emu.create_app("weather-app"))
    other = emu.install(emu.create_app("other-app"))
    token = SmartAppToken(
        install.auth_token, installed_app_id=install.installed_app_id, location_id=install.location_id
    )

    async def main() -> None:
        async with AsyncSmartThings(token, transport=emu.transport) as st:
            services = st.services
            location = install.location_id
            await services.delete_all_subscriptions(location)  # none yet: the 400 is swallowed
            created = await services.create_subscription(
                location, ["weather"], predicate="weather.temperature.value > 30"
            )
            assert created.location_id == location
            [stored] = emu.service_subscriptions(install.installed_app_id)
            assert stored["subscribedCapabilities"] == ["weather"]
            assert stored["predicate"] == "weather.temperature.value > 30"
            await services.update_subscription(
                location, created.subscription_id, ["weather", "forecast"], type="EXECUTION"
            )
            info = await services.get_info(location)
            assert [(s.subscription_id, s.type, s.subscribed_capabilities) for s in info.subscriptions] == [
                (created.subscription_id, ServiceSubscriptionType.EXECUTION, ("weather", "forecast"))
            ]
            with pytest.raises(UnprocessableEntityError):
                await services.create_subscription(location, ["tides"])
            with pytest.raises(ScopeError):  # an app token acts for its own installed app only
                await services.create_subscription(location, ["weather"], installed_app_id=other.installed_app_id)
            second = await services.create_subscription(location, ["airQuality"])
            await services.delete_subscription(location, created.subscription_id)
            assert [s["subscriptionId"] for s in emu.service_subscriptions(install.installed_app_id)] == [
                second.subscription_id
            ]
            with pytest.raises(NotFoundError):
                await services.delete_subscription(location, created.subscription_id)
            await services.delete_all_subscriptions(location)
            assert emu.service_subscriptions(install.installed_app_id) == []
            await services.delete_subscription(location, created.subscription_id)  # none left: swallowed too

    asyncio.run(main())
