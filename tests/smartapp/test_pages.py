"""The typed page builder: every setting type's wire form, the lifecycle spec's properties, translations from locale
files, and CONFIGURATION PAGE answered from a builder page through a signed webhook request."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
import yaml

from smartthings_client import MemoryTokenStore
from smartthings_client.auth.lifecycle import ConfigurationRequest
from smartthings_client.smartapp import (
    BooleanSetting,
    DecimalSetting,
    DeviceSetting,
    EmailSetting,
    EnumSetting,
    ImageSetting,
    ImagesSetting,
    LinkSetting,
    LocaleFileError,
    Locales,
    MessageGroupSetting,
    ModeSetting,
    NumberSetting,
    OAuthSetting,
    Option,
    OptionGroup,
    Page,
    PageError,
    PageSetting,
    ParagraphSetting,
    PasswordSetting,
    PhoneSetting,
    SceneSetting,
    Section,
    SecuritySetting,
    Setting,
    SmartApp,
    SoundOption,
    SoundSetting,
    TextSetting,
    TimeSetting,
    VideoSetting,
    page_from_json,
)
from smartthings_client.smartapp.pages import SETTING_TYPES
from smartthings_client.testing import Emulator

SPEC = Path(__file__).parents[1] / "data" / "spec" / "smartapp-sdk-java-2019" / "smartapps-v1.yml"

EVERY_SETTING: list[Setting] = [
    BooleanSetting("away", name="Away?", image="https://img/away.png", submit_on_change=True),
    DecimalSetting("ratio", min=0.5, max=2.5, post_message="x", default_value=1.5, required=True),
    DeviceSetting(
        "lights",
        capabilities=["switch", "switchLevel"],
        exclude_capabilities="colorControl",
        permissions="rx",
        multiple=True,
        close_on_selection=True,
        preselect=True,
        style="COMPLETE",
    ),
    EmailSetting("email", image="https://img/mail.png"),
    EnumSetting("colour", options={"red": "Red", "blue": "Blue"}, multiple=True, style="DROPDOWN"),
    ImageSetting("logo", image="https://img/logo.png"),
    ImagesSetting("gallery", images=["https://img/1.png", "https://img/2.png"]),
    LinkSetting("help", url="https://example.com/help", image="https://img/help.png", style="DEFAULT"),
    MessageGroupSetting("notify", message_group_key="family", options=["me", "you"]),
    ModeSetting("modes", multiple=True, submit_on_change=True),
    NumberSetting("delay", min=0, max=60, step=5, post_message="min", image="https://img/t.png"),
    OAuthSetting("login", url_template="https://auth.example.com/?cb=__SmartThingsOAuthCallback__", style="ERROR"),
    PageSetting("more", page="advanced", image="https://img/more.png"),
    ParagraphSetting("about", name="About", description="Keeps your lights together."),
    PasswordSetting("pin", min_length=4, max_length=8),
    PhoneSetting("phone"),
    SceneSetting("scenes", multiple=True),
    SecuritySetting("arm"),
    SoundSetting("chime", options=[SoundOption("ding", "Ding", sound="https://snd/ding.mp3")]),
    TextSetting("greeting", min_length=1, max_length=40, post_message="!", disabled=True),
    TimeSetting("wake", image="https://img/clock.png"),
    VideoSetting("intro", video="https://vid/intro.mp4", image="https://img/poster.png"),
]


def test_the_builder_has_the_23_setting_types_of_the_node_sdk() -> None:
    node_types = {
        "boolean", "decimal", "device", "email", "enum", "image", "images", "link", "message group", "mode",
        "number", "oauth", "page", "paragraph", "password", "phone", "scene", "section", "security", "sound", "text",
        "time", "video",
    }  # fmt: skip
    ours = {type(s).__name__.removesuffix("Setting").lower() for s in EVERY_SETTING} | {"section"}
    ours = {"message group" if name == "messagegroup" else name for name in ours}
    assert ours == node_types
    assert len(node_types) == 23


def _spec_properties() -> dict[str, set[str]]:
    definitions = yaml.safe_load(SPEC.read_text())["definitions"]
    found: dict[str, set[str]] = {}
    for definition in definitions.values():
        kind = definition.get("x-discriminator-value")
        if kind is None:
            continue
        properties: set[str] = set()
        for part in definition["allOf"]:
            properties |= set(part.get("properties", {}))
        found[kind] = properties | {"id", "name", "description", "defaultValue", "required", "type"}
    return found


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


@pytest.mark.parametrize("kind", sorted(_spec_properties()))
def test_every_property_the_spec_gives_a_setting_type_is_a_field(kind: str) -> None:
    cls = SETTING_TYPES[kind]
    fields = {_camel(f.name) for f in attrs.fields(cls)} | {"type"}
    assert _spec_properties()[kind] <= fields


def test_every_setting_type_writes_its_wire_form() -> None:
    page = Page("main", [Section("All", EVERY_SETTING)])
    written = {s["id"]: s for s in page.to_json()["sections"][0]["settings"]}
    assert written["lights"] == {
        "id": "lights",
        "type": "DEVICE",
        "name": "lights",
        "description": "Tap to set",
        "required": False,
        "multiple": True,
        "closeOnSelection": True,
        "style": "COMPLETE",
        "preselect": True,
        "capabilities": ["switch", "switchLevel"],
        "excludeCapabilities": ["colorControl"],
        "permissions": ["r", "x"],
    }
    assert written["ratio"] == {
        "id": "ratio", "type": "DECIMAL", "name": "ratio", "description": "Tap to set", "required": True,
        "defaultValue": "1.5", "min": 0.5, "max": 2.5, "postMessage": "x",
    }  # fmt: skip
    assert written["colour"]["options"] == [{"id": "red", "name": "Red"}, {"id": "blue", "name": "Blue"}]
    assert written["arm"]["type"] == "ENUM"
    assert [o["id"] for o in written["arm"]["options"]] == ["DISARMED", "ARMED_STAY", "ARMED_AWAY"]
    assert written["chime"]["options"] == [{"id": "ding", "name": "Ding", "sound": "https://snd/ding.mp3"}]
    assert written["notify"]["messageGroupKey"] == "family"
    assert written["about"] == {
        "id": "about", "type": "PARAGRAPH", "name": "About", "description": "Keeps your lights together.",
        "required": False,
    }  # fmt: skip
    assert written["greeting"]["disabled"] is True
    assert written["login"]["urlTemplate"].endswith("__SmartThingsOAuthCallback__")
    assert written["more"]["page"] == "advanced"
    assert written["intro"]["video"] == "https://vid/intro.mp4"
    assert written["gallery"]["images"] == ["https://img/1.png", "https://img/2.png"]
    assert written["delay"]["step"] == 5
    assert "description" not in written["wake"]  # not a choice: no "Tap to set"
    # Plain JSON, as SmartThings reads it.
    assert orjson.loads(orjson.dumps(page.to_json())) == page.to_json()


def test_a_page_reads_back_into_the_same_typed_structure() -> None:
    page = Page(
        "main",
        [
            Section("All", [s for s in EVERY_SETTING if not isinstance(s, SecuritySetting)], hideable=True),
            Section(None, [EnumSetting("warm", grouped_options=[OptionGroup("Warm", ["red", Option("or", "Or")])])]),
        ],
        name="Everything",
        next_page_id="advanced",
        style="DEFAULT",
        next_text="On",
    )
    again = page_from_json(page.to_json())
    assert again.to_json() == page.to_json()
    assert isinstance(again.settings[2], DeviceSetting)
    assert again.settings[2].permissions == ("r", "x")
    assert again.is_complete is False
    # A security setting is an ENUM on the wire: it comes back as one, with its options.
    security = page_from_json(Page("p", [Section("s", [SecuritySetting("arm")])]).to_json()).settings[0]
    assert isinstance(security, EnumSetting)
    assert [o.id for o in security.options] == ["DISARMED", "ARMED_STAY", "ARMED_AWAY"]


def _one_setting(setting: dict[str, Any]) -> dict[str, Any]:
    return {"pageId": "p", "sections": [{"settings": [setting]}]}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Page("main", [Section("s", [TextSetting("a"), PhoneSetting("a")])]), "used twice"),
        (lambda: TextSetting("has space"), "setting id"),
        (lambda: Page("a/b"), "page id"),
        (lambda: NumberSetting("n", min=10, max=1), "above max"),
        (lambda: NumberSetting("n", step=0), "step must be positive"),
        (lambda: DecimalSetting("d", min=2.0, max=1.0), "above max"),
        (lambda: TextSetting("t", min_length=9, max_length=2), "above max"),
        (lambda: DeviceSetting("d", permissions=["read"]), "device permissions"),
        (lambda: EnumSetting("e", options=["a", "a"]), "share an id"),
        (lambda: Section("s", [{"id": "raw"}]), "holds settings"),  # type: ignore[list-item]
        (lambda: Page("p", [{"name": "raw"}]), "holds Section"),  # type: ignore[list-item]
        (lambda: page_from_json(_one_setting({"id": "x", "type": "HOLOGRAM"})), "unknown type"),
        (lambda: page_from_json({"sections": []}), "cannot be read"),
        (lambda: page_from_json(_one_setting({"id": "e", "type": "ENUM", "options": [1]})), "option"),
        (lambda: page_from_json(_one_setting({"id": "n", "type": "NUMBER", "min": 5, "max": 1})), "above max"),
    ],
)
def test_pages_smartthings_would_refuse_are_refused_when_built(make: Any, message: str) -> None:
    with pytest.raises(PageError, match=message):
        make()


# --- translations ---------------------------------------------------------------------------------------------


@pytest.fixture
def locales(tmp_path: Path) -> Locales:
    (tmp_path / "en.json").write_text(
        orjson.dumps(
            {
                "pages.main.name": "Lights",
                "pages.main.sections.which.name": "Which lights?",
                "pages.main.settings.lights.name": "Lights to keep together",
                "pages.main.settings.colour.options.red.name": "Red",
                "pages.main.settings.delay.postMessage": "minutes",
            }
        ).decode()
    )
    (tmp_path / "fr.json").write_text(
        orjson.dumps(
            {
                "pages": {
                    "main": {
                        "name": "Lumières",
                        "sections": {"which": {"name": "Quelles lumières ?"}},
                        "settings": {
                            "lights": {"name": "Lumières à garder ensemble", "description": "Touchez pour choisir"},
                            "colour": {"options": {"red": {"name": "Rouge"}}},
                        },
                    }
                }
            }
        ).decode()
    )
    return Locales(tmp_path)


def _page() -> Page:
    return Page(
        "main",
        [
            Section(
                "which",
                [
                    DeviceSetting("lights", capabilities="switch"),
                    EnumSetting("colour", options={"red": "red", "blue": "Blue"}),
                    NumberSetting("delay", post_message="min"),
                ],
            )
        ],
    )


def test_labels_come_from_the_users_language_then_the_default_then_the_code(locales: Locales) -> None:
    french = _page().to_json(locales.translator("fr-CA"))
    assert french["name"] == "Lumières"
    section = french["sections"][0]
    assert section["name"] == "Quelles lumières ?"
    lights, colour, delay = section["settings"]
    assert (lights["name"], lights["description"]) == ("Lumières à garder ensemble", "Touchez pour choisir")
    assert colour["options"] == [{"id": "red", "name": "Rouge"}, {"id": "blue", "name": "Blue"}]  # blue: code
    assert delay["postMessage"] == "minutes"  # not in fr.json: English, the default
    assert delay["name"] == "delay"  # in no file: the setting id

    assert _page().to_json(locales.translator("de"))["name"] == "Lights"  # no German file: the default
    assert _page().to_json(locales.translator(None))["sections"][0]["settings"][0]["description"] == "Tap to set"
    assert _page().to_json()["name"] == "main"  # no locales at all: the page id
    assert locales.languages == ("en", "fr")


def test_unreadable_locale_files_are_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "en.json").write_text("{not json")
    with pytest.raises(LocaleFileError, match=r"en\.json"):
        Locales(tmp_path)
    (tmp_path / "en.json").write_text('{"pages": {"main": {"name": 3}}}')
    with pytest.raises(LocaleFileError, match=r"pages\.main\.name"):
        Locales(tmp_path)
    (tmp_path / "en.json").write_text("[]")
    with pytest.raises(LocaleFileError, match="JSON object"):
        Locales(tmp_path)
    with pytest.raises(LocaleFileError, match="no locale directory"):
        Locales(tmp_path / "missing")


# --- CONFIGURATION answered from the builder ---------------------------------------------------------------------


def test_configuration_pages_come_from_the_builder_in_the_installers_language(locales: Locales) -> None:
    emu = Emulator()
    registered = emu.create_app("together")
    app = SmartApp(
        target_url="https://together.example.com/st",
        client_id=registered.client_id,
        client_secret=registered.client_secret,
        store=MemoryTokenStore(),
        locales=locales,
        client_options={"transport": emu.transport},
        clock=emu.clock.now,
    )
    seen: list[dict[str, Any]] = []

    @app.page("main", next_page="advanced")
    def main(request: ConfigurationRequest) -> Page:
        seen.append(dict(request.config))
        return _page()

    @app.page("advanced", "Advanced", previous_page="main")
    def advanced(request: ConfigurationRequest) -> list[Section]:
        return [Section("More", [BooleanSetting("away")])]

    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    initialize = hook.configuration("INITIALIZE").body["configurationData"]["initialize"]
    assert initialize["firstPageId"] == "main"

    payload = emu.lifecycle_payload("CONFIGURATION", phase="PAGE", page_id="main", app_id=registered.app_id)
    payload["client"] = {"language": "fr-CA"}
    page = hook.post(payload).body["configurationData"]["page"]
    assert page["name"] == "Lumières"
    assert (page["nextPageId"], page["complete"]) == ("advanced", False)  # the registration's next page
    assert page["sections"][0]["settings"][0]["name"] == "Lumières à garder ensemble"

    second = hook.configuration("PAGE", page_id="advanced").body["configurationData"]["page"]
    assert (second["name"], second["previousPageId"], second["complete"]) == ("Advanced", "main", True)
    assert second["sections"] == [
        {"name": "More", "settings": [{"id": "away", "type": "BOOLEAN", "name": "away", "required": False}]}
    ]
    assert hook.configuration("PAGE", page_id="nowhere").status == 404


def test_a_handler_returning_another_page_is_an_error_that_sends_no_details(caplog: pytest.LogCaptureFixture) -> None:
    emu = Emulator()
    registered = emu.create_app("together")
    app = SmartApp(
        target_url="https://x.example.com/st", client_options={"transport": emu.transport}, clock=emu.clock.now
    )

    @app.page("main")
    def main(request: ConfigurationRequest) -> Page:
        return Page("other")

    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    answer = hook.configuration("PAGE", page_id="main")
    assert (answer.status, answer.body) == (500, {"message": "internal error"})
    assert re.search(r"returned page 'other'", caplog.text)
    with pytest.raises(ValueError, match="already registered"):
        app.page("main")(main)


def test_required_defaults_come_from_the_section_then_the_page() -> None:
    page = Page(
        "main",
        [
            Section("a", [TextSetting("t1"), TextSetting("t2", required=False)], default_required=True),
            Section("b", [TextSetting("t3")]),
        ],
        default_required=True,
    )
    required = {s["id"]: s["required"] for section in page.to_json()["sections"] for s in section["settings"]}
    assert required == {"t1": True, "t2": False, "t3": True}
    lax = Page("main", [Section("b", [TextSetting("t3")], default_required=False)], default_required=True)
    assert lax.to_json()["sections"][0]["settings"][0]["required"] is False


def test_a_default_value_is_translated_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "en.json").write_text('{"pages.main.settings.greet.defaultValue": "Hello"}')
    (tmp_path / "fr.json").write_text('{"pages.main.settings.greet.defaultValue": "Bonjour"}')
    translated = Locales(tmp_path).translator("fr")
    asked = Page("main", [Section("s", [TextSetting("greet", default_value="Hi", translate_default_value=True)])])
    plain = Page("main", [Section("s", [TextSetting("greet", default_value="Hi")])])
    assert asked.to_json(translated)["sections"][0]["settings"][0]["defaultValue"] == "Bonjour"
    assert plain.to_json(translated)["sections"][0]["settings"][0]["defaultValue"] == "Hi"
    assert "translateDefaultValue" not in asked.to_json()["sections"][0]["settings"][0]  # not sent


def test_missing_keys_lists_what_a_translator_still_has_to_write(locales: Locales) -> None:
    assert locales.missing_keys(_page(), "fr") == [
        "pages.main.settings.colour.description",
        "pages.main.settings.colour.name",
        "pages.main.settings.colour.options.blue.name",
        "pages.main.settings.delay.description",
        "pages.main.settings.delay.name",
        "pages.main.settings.delay.postMessage",
    ]
    assert "pages.main.name" not in locales.missing_keys(_page())  # English (the default) has it


def test_unknown_pages_go_to_the_default_page_and_initialize_can_be_changed(locales: Locales) -> None:
    emu = Emulator()
    registered = emu.create_app("together")
    app = SmartApp(
        target_url="https://x.example.com/st",
        name="Together",
        locales=locales,
        client_options={"transport": emu.transport},
        clock=emu.clock.now,
    )
    resubmits: list[bool] = []

    @app.page("main")
    def main(request: ConfigurationRequest) -> list[Section]:
        resubmits.append(request.is_resubmit)
        return [Section("s", [BooleanSetting("b", submit_on_change=True)])]

    @app.default_page
    def anything(request: ConfigurationRequest) -> Page:
        return Page(request.configuration_data.page_id or "x", name="Generated")

    @app.on_initialize
    def initialize(request: ConfigurationRequest) -> dict[str, Any]:
        return {"disableRemoveApp": True, "firstPageId": "main"}

    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    init = hook.configuration("INITIALIZE").body["configurationData"]["initialize"]
    assert (init["disableRemoveApp"], init["firstPageId"], init["name"]) == (True, "main", "Together")
    generated = hook.configuration("PAGE", page_id="dynamic-7").body["configurationData"]["page"]
    assert (generated["pageId"], generated["name"]) == ("dynamic-7", "Generated")
    hook.configuration("PAGE", page_id="main")
    hook.configuration("PAGE", page_id="main", previous_page_id="main")
    assert resubmits == [False, True]


def test_pages_written_as_plain_dicts_still_work() -> None:
    emu = Emulator()
    registered = emu.create_app("together")
    app = SmartApp(
        target_url="https://x.example.com/st", client_options={"transport": emu.transport}, clock=emu.clock.now
    )
    lights = {"id": "lights", "name": "Lights", "type": "DEVICE", "multiple": True}
    raw = {"name": "Which lights?", "settings": [lights]}

    @app.page("main", "Lights")
    def main(request: ConfigurationRequest) -> list[Any]:
        return [raw, Section("More", [BooleanSetting("away")])]

    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    page = hook.configuration("PAGE", page_id="main").body["configurationData"]["page"]
    assert (page["pageId"], page["name"], page["complete"], page["nextPageId"]) == ("main", "Lights", True, None)
    assert page["sections"][0] == raw  # sent as written
    assert page["sections"][1]["settings"][0]["type"] == "BOOLEAN"
