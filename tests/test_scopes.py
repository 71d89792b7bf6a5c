"""The scope grammar, the operation table and the SmartApp scope checker, as a user meets them."""

from __future__ import annotations

import re

import pytest

from smartthings_client.scopes import (
    OPERATIONS,
    FindingKind,
    InvalidScopeError,
    OperationRule,
    Scope,
    ScopeReport,
    TokenKind,
    UnknownOperationError,
    check_app_scopes,
    covers,
    normalize_scope,
    normalize_scopes,
    parse_scope,
    rule_for,
    same_grant,
    spelling_warnings,
)

DEVICE = "6f5ea629-4c05-4a90-a244-cc129b0a80c3"
OTHER_DEVICE = "0b5ea629-4c05-4a90-a244-cc129b0a80c3"
LOCATION = "c3d4e5f6-0000-4000-8000-000000000001"

# ---------------------------------------------------------------------------------------------------------
# Grammar


@pytest.mark.parametrize(
    ("text", "permission", "entity_type", "entity_ids"),
    [
        ("r:devices:*", "r", "devices", ("*",)),
        (f"r:devices:{DEVICE}", "r", "devices", (DEVICE,)),
        ("r:devices:*:*:switch", "r", "devices", ("*", "*", "switch")),
        ("l:devices", "l", "devices", ()),
        ("i:deviceprofiles", "i", "deviceprofiles", ()),
        ("r:security:locations:*:armstate", "r", "security", ("locations", "*", "armstate")),
        ("  X:Devices:AbC  ", "x", "devices", ("AbC",)),
    ],
)
def test_parse_splits_permission_type_and_ids(
    text: str, permission: str, entity_type: str, entity_ids: tuple[str, ...]
) -> None:
    scope = parse_scope(text)
    assert (scope.permission, scope.entity_type, scope.entity_ids) == (permission, entity_type, entity_ids)
    assert scope.text == text.strip()
    assert str(scope) == text.strip()


def test_the_reserved_sse_scope_is_a_bare_word_granting_only_itself() -> None:
    sse = parse_scope("sse")
    assert (str(sse), sse.canonical, sse.usual_spellings) == ("sse", "sse", ("sse",))
    assert covers(["sse"], "sse")
    assert not covers(["r:devices:*"], "sse")
    assert not covers(["sse"], "r:devices:*")
    assert spelling_warnings(["sse"]) == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("r", "entity type is missing"),
        ("ssx", "entity type is missing"),
        ("r:", "empty segment"),
        ("r::*", "empty segment"),
        ("r:devices:", "empty segment"),
        (":devices:*", "permission"),
        ("r:devices :*", "whitespace"),
        ("r:devices:* x:devices:*", "pass each scope separately"),
        ("r:*", "entity type cannot be '*'"),
        ("1:devices:*", "permission"),
    ],
)
def test_parse_rejects_malformed_scopes_naming_the_text(text: str, fragment: str) -> None:
    with pytest.raises(InvalidScopeError, match=re.escape(fragment)) as info:
        parse_scope(text)
    assert repr(text.strip() or text) in str(info.value)
    assert isinstance(info.value, ValueError)


def test_constructor_validates_like_the_parser() -> None:
    assert Scope("R", "Devices", ["*"]).text == "r:devices:*"
    with pytest.raises(InvalidScopeError):
        Scope("r", "devices", ("a b",))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("i:deviceprofiles", "i:deviceprofiles:*"),
        ("r:devices:*", "r:devices:*:*:*"),
        (f"r:devices:{DEVICE}", f"r:devices:{DEVICE}:*"),
        ("R:DEVICES:*", "r:devices:*"),
    ],
)
def test_spellings_of_one_grant_are_equal_and_hash_alike(a: str, b: str) -> None:
    assert parse_scope(a) == parse_scope(b)
    assert hash(parse_scope(a)) == hash(parse_scope(b))
    assert len({parse_scope(a), parse_scope(b)}) == 1
    assert same_grant(a, b)
    assert normalize_scope(a) == normalize_scope(b)
    # The original spelling survives for display.
    assert str(parse_scope(a)) == a


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("r:devices:*", "w:devices:*"),
        ("r:devices:*", f"r:devices:{DEVICE}"),
        ("l:devices", "r:devices:*"),
        ("r:devices:*:*:switch", "r:devices:*"),
        (f"r:devices:{DEVICE}", f"r:devices:{DEVICE.upper()}"),
    ],
)
def test_different_grants_are_not_equal(a: str, b: str) -> None:
    assert parse_scope(a) != parse_scope(b)
    assert not same_grant(a, b)


def test_scope_is_not_equal_to_its_string() -> None:
    assert parse_scope("r:devices:*") != "r:devices:*"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("i:deviceprofiles:*", "i:deviceprofiles"),
        ("i:deviceprofiles", "i:deviceprofiles"),
        ("r:devices", "r:devices:*"),
        ("r:devices:*:*", "r:devices:*"),
        ("l:devices:*", "l:devices"),
        ("r:apps", "r:apps:*"),
        ("r:hubs:*", "r:hubs"),
        ("R:Locations:*", "r:locations:*"),
        (f"r:devices:{DEVICE}:*", f"r:devices:{DEVICE}"),
        ("r:devices:*:*:switch", "r:devices:*:*:switch"),
        ("r:security:locations:*:armstate", "r:security:locations:*:armstate"),
        ("r:widgets", "r:widgets:*"),
        ("l:widgets:*", "l:widgets"),
    ],
)
def test_canonical_spelling(text: str, canonical: str) -> None:
    assert parse_scope(text).canonical == canonical
    assert normalize_scope(text) == canonical


def test_normalize_scopes_deduplicates_by_grant_and_keeps_order() -> None:
    given = ["r:devices:*", "i:deviceprofiles:*", "x:devices:*", "r:devices", "i:deviceprofiles"]
    assert normalize_scopes(given) == ("r:devices:*", "i:deviceprofiles", "x:devices:*")


def test_normalize_scopes_rejects_a_bad_entry() -> None:
    with pytest.raises(InvalidScopeError, match="'r:devices: x'"):
        normalize_scopes(["r:devices:*", "r:devices: x"])


# ---------------------------------------------------------------------------------------------------------
# Coverage


@pytest.mark.parametrize(
    ("granted", "required", "expected"),
    [
        ("r:devices:*", f"r:devices:{DEVICE}", True),
        ("r:devices:*", "r:devices:*:*:switch", True),
        ("r:devices:*", "r:devices:*", True),
        ("r:devices", f"r:devices:{DEVICE}", True),
        (f"r:devices:{DEVICE}", f"r:devices:{DEVICE}", True),
        (f"r:devices:{DEVICE}", f"r:devices:{DEVICE}:main:switch", True),
        (f"r:devices:{DEVICE}", f"r:devices:{OTHER_DEVICE}", False),
        (f"r:devices:{DEVICE}", "r:devices:*", False),
        ("r:devices:*:*:switch", f"r:devices:{DEVICE}:main:switch", True),
        ("r:devices:*:*:switch", f"r:devices:{DEVICE}:main:lock", False),
        ("r:devices:*:*:switch", f"r:devices:{DEVICE}", False),
        ("r:devices:*:*:switch", "r:devices:*", False),
        # Permissions never imply each other.
        ("w:devices:*", f"r:devices:{DEVICE}", False),
        ("w:devices:*", f"x:devices:{DEVICE}", False),
        ("x:devices:*", f"r:devices:{DEVICE}", False),
        ("l:devices", f"r:devices:{DEVICE}", False),
        ("r:devices:*", "l:devices", False),
        # Entity types never imply each other.
        ("r:locations:*", f"r:security:locations:{LOCATION}:armstate", False),
        ("r:security:locations:*:armstate", f"r:security:locations:{LOCATION}:armstate", True),
        (f"r:security:locations:{LOCATION}:armstate", "r:security:locations:*:armstate", False),
        ("r:security:locations:*:armstate", "r:security:locations:*:disarm", False),
        ("i:deviceprofiles", "i:deviceprofiles:*", True),
        ("i:deviceprofiles:*", "i:deviceprofiles", True),
        ("r:hubs", "r:hubs:*", True),
    ],
)
def test_covers_matrix(granted: str, required: str, expected: bool) -> None:
    assert parse_scope(granted).covers(parse_scope(required)) is expected
    assert covers([granted], required) is expected


def test_covers_takes_any_granted_scope_and_skips_unparsable_ones() -> None:
    granted: list[str | Scope] = ["sse", "", "l:devices", parse_scope("r:devices:*")]
    assert covers(granted, f"r:devices:{DEVICE}")
    assert not covers(["sse", "w:devices:*"], f"r:devices:{DEVICE}")
    assert not covers([], "r:devices:*")


def test_covers_rejects_a_bad_required_scope() -> None:
    with pytest.raises(InvalidScopeError):
        covers(["r:devices:*"], "r devices")


# ---------------------------------------------------------------------------------------------------------
# The operation table

_PATH_PREFIX = {
    "devices": "/devices",
    "locations": "/locations",
    "rooms": "/locations/{locationId}/rooms",
    "modes": "/locations/{locationId}/modes",
    "installedapps": "/installedapps",
    "subscriptions": "/installedapps/{installedAppId}/subscriptions",
    "schedules": "/installedapps/{installedAppId}/schedules",
    "deviceprofiles": "/deviceprofiles",
    "apps": "/apps",
    "capabilities": "/capabilities",
    "scenes": "/scenes",
    "rules": "/rules",
    "history": "/history",
    "virtual_devices": "/virtualdevices",
    "events": ("/subscriptions", "/filters"),
    "drivers": "/drivers",
    "channels": "/distchannels",
    "hub_devices": "/hubdevices",
    "presentation": "/presentation",
    "device_preferences": "/devicepreferences",
    "organizations": "/organizations",
    "notifications": "/notification",
    "services": "/services/coordinate/locations/{locationId}",
}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")
# Subscription variants fill scopes from the request body, not the path.
_BODY_IDS = {"deviceId", "locationId", "capability"}
# Operations whose scope names an id that travels in the body (Request.ids), not in the path.
_OPERATION_BODY_IDS = {"notifications.send": {"locationId"}}

EXPECTED_NAMES = {
    "devices": {
        "list", "get", "status", "component_status", "capability_status", "health", "update", "delete",
        "execute", "create_events", "install", "update_profile", "get_preferences",
    },
    "locations": {"list", "get", "create", "update", "delete"},
    "rooms": {"list", "get", "create", "update", "delete", "list_devices"},
    "modes": {"list", "get_current", "set_current", "create", "update", "delete"},
    "installedapps": {
        "list", "get", "list_configs", "get_config", "me", "create", "update", "delete", "create_events",
        "update_configuration", "patch_configuration", "send_message",
    },
    "subscriptions": {"list", "get", "create", "delete", "delete_all"},
    "schedules": {"list", "get", "create", "delete", "delete_all"},
    "deviceprofiles": {
        "list",
        "get",
        "create",
        "update",
        "delete",
        "set_status",
        "list_locales",
        "get_localization",
        "put_localization",
        "delete_localization",
    },
    "apps": {
        "list",
        "get",
        "get_settings",
        "get_oauth",
        "create",
        "update",
        "delete",
        "update_settings",
        "update_oauth",
        "generate_oauth",
        "register",
        "update_signature_type",
    },
    "presentation": {"get", "get_config", "create_config", "generate_config"},
    "device_preferences": {
        "list",
        "get",
        "create",
        "update",
        "list_localizations",
        "get_localization",
        "create_localization",
        "update_localization",
    },
    "organizations": {"list", "get"},
    "notifications": {"send"},
    "services": {
        "get_info",
        "list_capabilities",
        "create_subscription",
        "update_subscription",
        "delete_subscription",
        "delete_all_subscriptions",
    },
    "capabilities": {
        "list_standard", "list_namespaces", "list_in_namespace", "list_versions", "get", "create", "update",
        "delete", "get_presentation", "create_presentation", "update_presentation", "list_locales",
        "get_translations", "create_translations", "update_translations", "delete_translations",
    },
    "scenes": {"list", "execute"},
    "rules": {"list", "get", "create", "update", "delete", "execute"},
    "history": {"devices"},
    "virtual_devices": {"list", "create", "create_standard", "create_events"},
    "events": {"create_sink", "delete_sink", "stream"},
    "drivers": {"list", "list_default", "get", "get_revision", "delete", "upload"},
    "channels": {
        "list", "create", "get", "update", "delete", "list_assigned_drivers", "assign_driver", "unassign_driver",
        "get_driver_channel_meta", "enroll_hub", "unenroll_hub",
    },
    "hub_devices": {
        "get", "characteristics", "enrolled_channels", "installed_drivers", "get_installed_driver",
        "install_driver", "uninstall_driver", "switch_driver",
    },
}


def test_table_holds_the_documented_operations() -> None:
    expected = {f"{group}.{op}" for group, ops in EXPECTED_NAMES.items() for op in ops}
    assert expected <= set(OPERATIONS)


def test_method_and_path_are_unique() -> None:
    routes = [(rule.method, rule.path) for rule in OPERATIONS.values()]
    assert len(routes) == len(set(routes))


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_every_rule_is_well_formed(name: str) -> None:
    rule = OPERATIONS[name]
    assert rule.name == name
    assert rule.path.startswith("/")
    prefix = _PATH_PREFIX.get(name.split(".", 1)[0])
    if prefix is not None:
        prefixes = (prefix,) if isinstance(prefix, str) else prefix
        assert any(rule.path == p or rule.path.startswith(p + "/") for p in prefixes)
    assert rule.method in {"GET", "POST", "PUT", "PATCH", "DELETE"}
    assert rule.token_kinds
    assert rule.scopes_implicit_for <= rule.token_kinds
    path_ids = set(_PLACEHOLDER.findall(rule.path)) | _OPERATION_BODY_IDS.get(name, set())
    for alternatives, allowed_ids in [
        (rule.scopes, path_ids),
        *((alts, path_ids | _BODY_IDS) for alts in rule.variants.values()),
    ]:
        for alternative in alternatives:
            assert alternative, f"{name}: an empty alternative would mean 'no scope' by accident"
            for template in alternative:
                names = _PLACEHOLDER.findall(template)
                assert set(names) <= allowed_ids, f"{name}: {template} uses an id the call does not have"
                filled = _PLACEHOLDER.sub("x", template)
                parse_scope(filled)
                # A placeholder must stand for a whole segment, or filling it would change the grammar.
                assert all(_PLACEHOLDER.fullmatch(seg) or "{" not in seg for seg in template.split(":")), template
    assert rule.requirement_text()
    assert rule.explain().startswith(f"{name}: {rule.method} {rule.path}\n")


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("devices.list", {TokenKind.PAT, TokenKind.SMARTAPP}),
        ("devices.execute", {TokenKind.PAT, TokenKind.SMARTAPP}),
        ("devices.install", {TokenKind.SMARTAPP}),
        ("devices.create_events", {TokenKind.SMARTAPP}),
        ("devices.update_profile", {TokenKind.SMARTAPP}),
        ("installedapps.me", {TokenKind.SMARTAPP}),
        ("installedapps.create_events", {TokenKind.SMARTAPP}),
        ("subscriptions.list", {TokenKind.SMARTAPP}),
        ("subscriptions.create", {TokenKind.SMARTAPP}),
        ("subscriptions.delete_all", {TokenKind.SMARTAPP}),
        ("schedules.create", {TokenKind.PAT, TokenKind.SMARTAPP}),
        ("deviceprofiles.get", {TokenKind.PAT}),
        ("apps.create", {TokenKind.PAT}),
        ("locations.create", {TokenKind.PAT}),
        ("locations.get", {TokenKind.PAT, TokenKind.SMARTAPP}),
    ],
)
def test_token_kinds_follow_the_contract(name: str, kinds: set[TokenKind]) -> None:
    rule = rule_for(name)
    assert rule.token_kinds == kinds
    assert all(rule.accepts(kind) is (kind in kinds) for kind in TokenKind)


def test_all_subscription_operations_are_smartapp_only() -> None:
    rules = [rule for name, rule in OPERATIONS.items() if name.startswith("subscriptions.")]
    assert len(rules) == 5
    assert all(rule.token_kinds == {TokenKind.SMARTAPP} for rule in rules)


@pytest.mark.parametrize(
    ("name", "ids", "variant", "text"),
    [
        ("devices.get", None, None, "r:devices:* (or r:devices:<id>)"),
        ("devices.get", {"deviceId": DEVICE}, None, f"r:devices:{DEVICE} (or r:devices:*)"),
        ("devices.list", None, None, "l:devices or r:devices:*"),
        ("devices.install", None, None, "i:deviceprofiles"),
        (
            "modes.set_current",
            None,
            None,
            "x:locations:* or w:locations:* (or x:locations:<id> or w:locations:<id>)",
        ),
        ("subscriptions.list", None, None, "no scope (the token must belong to this installed app)"),
        ("installedapps.me", None, None, "no scope (any SmartApp token)"),
        ("subscriptions.create", None, "CAPABILITY", "r:devices:* (or r:devices:*:*:<capability>)"),
        # Variant names are case-insensitive.
        (
            "subscriptions.create",
            {"capability": "switch"},
            "capability",
            "r:devices:* or r:devices:*:*:switch",
        ),
        (
            "subscriptions.create",
            {"locationId": LOCATION},
            "SECURITY_ARM_STATE",
            f"r:security:locations:{LOCATION}:armstate (or r:security:locations:*:armstate)",
        ),
        ("subscriptions.create", None, "HUB_HEALTH", "r:hubs"),
        (
            "schedules.list",
            None,
            None,
            "r:schedules; a SmartApp token has it implicitly for its own installed app",
        ),
        ("apps.list", None, None, "r:apps"),
    ],
)
def test_requirement_text(name: str, ids: dict[str, str] | None, variant: str | None, text: str) -> None:
    assert rule_for(name).requirement_text(ids, variant) == text


def test_requirement_text_for_a_kind_that_holds_the_scope_implicitly() -> None:
    rule = rule_for("schedules.create")
    assert rule.requirement_text(kind=TokenKind.SMARTAPP) == (
        "no scope for a SmartApp token (it has w:schedules implicitly for its own installed app)"
    )
    assert rule.requirement_text(kind=TokenKind.PAT).startswith("w:schedules;")


def test_required_fills_templates_and_defaults_missing_ids_to_wildcard() -> None:
    rule = rule_for("devices.execute")
    assert rule.required() == ((parse_scope("x:devices:*"),),)
    assert rule.required({"deviceId": DEVICE}) == ((parse_scope(f"x:devices:{DEVICE}"),),)
    # Unrelated ids are ignored.
    assert rule.required({"locationId": LOCATION}) == ((parse_scope("x:devices:*"),),)


@pytest.mark.parametrize("bad_id", ["", "abc:def", "a b"])
def test_an_id_that_cannot_be_a_segment_counts_as_missing(bad_id: str) -> None:
    rule = rule_for("devices.get")
    assert rule.required({"deviceId": bad_id}) == ((parse_scope("r:devices:*"),),)
    assert rule.requirement_text({"deviceId": bad_id}) == "r:devices:* (or r:devices:<id>)"


def test_subscription_variants_follow_the_source_type_table() -> None:
    rule = rule_for("subscriptions.create")
    ids = {"deviceId": DEVICE, "locationId": LOCATION, "capability": "switch"}
    expected = {
        "DEVICE": [[f"r:devices:{DEVICE}"]],
        "CAPABILITY": [["r:devices:*"], ["r:devices:*:*:switch"]],
        "MODE": [[f"r:locations:{LOCATION}"]],
        "DEVICE_LIFECYCLE": [[f"r:devices:{DEVICE}"]],
        "DEVICE_HEALTH": [[f"r:devices:{DEVICE}"]],
        "SECURITY_ARM_STATE": [[f"r:security:locations:{LOCATION}:armstate"]],
        "HUB_HEALTH": [["r:hubs"]],
        "SCENE_LIFECYCLE": [["r:scenes:*"]],
    }
    assert set(rule.variants) == set(expected)
    for variant, alternatives in expected.items():
        got = [[str(s) for s in alternative] for alternative in rule.required(ids, variant)]
        assert got == alternatives, variant


def test_unknown_variant_falls_back_to_the_general_rule() -> None:
    rule = rule_for("subscriptions.create")
    assert rule.required(variant="SOMETHING_NEW") == rule.required()
    assert rule.missing(["r:hubs"], variant="SOMETHING_NEW") is None


def test_capability_subscription_needs_all_device_access() -> None:
    rule = rule_for("subscriptions.create")
    ids = {"locationId": LOCATION, "capability": "switch"}
    assert rule.missing([f"r:devices:{DEVICE}"], ids, "CAPABILITY") == (parse_scope("r:devices:*"),)
    assert rule.missing(["r:devices:*"], ids, "CAPABILITY") is None
    assert rule.missing(["r:devices:*:*:switch"], ids, "CAPABILITY") is None


def test_missing_names_i_deviceprofiles_for_device_install() -> None:
    missing = rule_for("devices.install").missing(["r:devices:*", "x:devices:*"])
    assert missing is not None
    assert [str(s) for s in missing] == ["i:deviceprofiles"]
    assert rule_for("devices.install").missing(["i:deviceprofiles:*"]) is None


def test_missing_per_device() -> None:
    rule = rule_for("devices.status")
    assert rule.missing([f"r:devices:{DEVICE}"], {"deviceId": DEVICE}) is None
    assert rule.missing([f"r:devices:{DEVICE}"], {"deviceId": OTHER_DEVICE}) == (
        parse_scope(f"r:devices:{OTHER_DEVICE}"),
    )
    # Without the id, only a grant on all devices is known to be enough.
    assert rule.missing([f"r:devices:{DEVICE}"]) == (parse_scope("r:devices:*"),)
    assert rule.missing(["w:devices:*", "x:devices:*"], {"deviceId": DEVICE}) is not None


def test_missing_accepts_any_alternative() -> None:
    rule = rule_for("devices.list")
    assert rule.missing(["l:devices"]) is None
    assert rule.missing(["r:devices:*"]) is None
    assert rule.missing(["x:devices:*"]) == (parse_scope("l:devices"),)


def test_missing_honours_implicit_scopes_for_the_kind() -> None:
    rule = rule_for("schedules.create")
    assert rule.missing([]) == (parse_scope("w:schedules"),)
    assert rule.missing([], kind=TokenKind.PAT) == (parse_scope("w:schedules"),)
    assert rule.missing([], kind=TokenKind.SMARTAPP) is None
    assert rule_for("subscriptions.delete_all").missing([]) is None


def test_token_kind_fix_for_a_pat_on_subscriptions() -> None:
    assert rule_for("subscriptions.create").token_kind_fix(TokenKind.PAT) == (
        "subscriptions.create accepts only a SmartApp token; a personal access token always gets 403 here. "
        "Use the authToken from the INSTALL, UPDATE or EVENT payload."
    )


def test_token_kind_fix_for_a_smartapp_token_on_a_pat_only_operation() -> None:
    assert rule_for("deviceprofiles.list").token_kind_fix(TokenKind.SMARTAPP) == (
        "deviceprofiles.list accepts only a personal access token; a SmartApp token always gets 403 here. "
        "Use a personal access token (or a user token from an OAuth-In app) that has r:deviceprofiles."
    )


def test_token_kind_fix_is_empty_when_the_kind_is_accepted() -> None:
    assert rule_for("devices.get").token_kind_fix(TokenKind.PAT) == ""
    assert rule_for("subscriptions.create").token_kind_fix(TokenKind.SMARTAPP) == ""


def test_explain_shows_path_scopes_token_kinds_and_note() -> None:
    text = rule_for("devices.install").explain()
    lines = text.splitlines()
    assert lines[0] == "devices.install: POST /devices"
    assert "  scopes: i:deviceprofiles" in lines
    assert "  token kinds: SmartApp token only" in lines
    fix = "  with a personal access token: devices.install accepts only a SmartApp token;"
    assert any(line.startswith(fix) for line in lines)
    assert any(line.startswith("  note: ") and "i:deviceprofiles:*" in line for line in lines)


def test_explain_lists_subscription_variants() -> None:
    text = rule_for("subscriptions.create").explain()
    assert "    MODE: r:locations:* (or r:locations:<id>)" in text
    assert "    SECURITY_ARM_STATE: r:security:locations:*:armstate" in text


def test_rule_for_unknown_name_suggests_close_names() -> None:
    with pytest.raises(KeyError) as info:
        rule_for("devices.excute")
    assert isinstance(info.value, UnknownOperationError)
    assert "devices.execute" in str(info.value)
    assert str(info.value).startswith("unknown operation 'devices.excute'")


def test_rule_for_unrelated_name_lists_groups() -> None:
    with pytest.raises(UnknownOperationError, match="known groups: devices, locations"):
        rule_for("zzz")


def test_rules_are_immutable_values() -> None:
    rule = rule_for("subscriptions.create")
    with pytest.raises(TypeError):
        rule.variants["NEW"] = ()  # type: ignore[index]
    assert hash(rule) == hash(rule_for("subscriptions.create"))
    assert isinstance(rule, OperationRule)


def test_token_kind_labels() -> None:
    assert TokenKind.PAT.label == "personal access token"
    assert TokenKind.SMARTAPP.label == "SmartApp token"


# ---------------------------------------------------------------------------------------------------------
# The SmartApp scope checker


def _kinds(report: ScopeReport) -> list[tuple[FindingKind, str, str | None]]:
    return [(f.kind, f.scope, f.related) for f in report.findings]


def test_checker_ok_when_requested_matches_whitelist() -> None:
    report = check_app_scopes(
        ["r:devices:*", "x:devices:*", "i:deviceprofiles", "r:locations:*"],
        ["r:devices:*", "x:devices:*", "i:deviceprofiles", "r:devices:*"],
    )
    assert report.ok
    assert report.findings == ()
    assert str(report).startswith("OK")


def test_checker_flags_requested_colon_star_against_whitelisted_bare_form() -> None:
    report = check_app_scopes(["i:deviceprofiles", "r:devices:*"], ["r:devices:*", "i:deviceprofiles:*"])
    assert not report.ok
    assert _kinds(report) == [(FindingKind.SPELLED_DIFFERENTLY, "i:deviceprofiles:*", "i:deviceprofiles")]
    message = report.findings[0].message
    assert "i:deviceprofiles:*" in message
    assert "i:deviceprofiles" in message.replace("i:deviceprofiles:*", "")
    assert "same grant" in message


def test_checker_flags_requested_bare_form_against_whitelisted_colon_star() -> None:
    report = check_app_scopes(["i:deviceprofiles:*"], ["i:deviceprofiles"])
    assert not report.ok
    assert _kinds(report) == [(FindingKind.SPELLED_DIFFERENTLY, "i:deviceprofiles", "i:deviceprofiles:*")]
    assert "request i:deviceprofiles:*" in report.findings[0].message


def test_checker_flags_scope_not_whitelisted_under_any_spelling() -> None:
    report = check_app_scopes(["r:devices:*"], ["r:devices:*", "x:devices:*"])
    assert not report.ok
    assert _kinds(report) == [(FindingKind.NOT_WHITELISTED, "x:devices:*", None)]
    assert "not whitelisted" in report.findings[0].message
    assert "x:devices:*" in str(report)


def test_checker_names_the_whitelisted_scope_that_covers_a_narrower_request() -> None:
    report = check_app_scopes(["r:devices:*"], [f"r:devices:{DEVICE}"])
    assert _kinds(report) == [(FindingKind.NOT_WHITELISTED, f"r:devices:{DEVICE}", "r:devices:*")]


def test_checker_warns_write_without_read_but_install_still_ok() -> None:
    report = check_app_scopes(["w:devices:*", "x:devices:*"], ["w:devices:*", "x:devices:*"])
    assert report.ok
    assert _kinds(report) == [(FindingKind.WRITE_WITHOUT_READ, "w:devices:*", "r:devices:*")]
    assert "write implies neither read nor execute" in report.findings[0].message
    assert "warning" in str(report)


def test_checker_write_with_read_is_quiet() -> None:
    report = check_app_scopes(["w:schedules", "r:schedules"], ["w:schedules", "r:schedules"])
    assert report.findings == ()


def test_checker_flags_invalid_scopes() -> None:
    report = check_app_scopes(["r:devices:*", "bogus"], ["r:devices:*", "r:devices *"])
    assert not report.ok
    assert _kinds(report) == [
        (FindingKind.INVALID, "bogus", None),
        (FindingKind.INVALID, "r:devices *", None),
    ]


def test_checker_messages_are_one_sentence() -> None:
    report = check_app_scopes(
        ["i:deviceprofiles:*"], ["i:deviceprofiles", "w:locations:*", "nope", f"r:devices:{DEVICE}"]
    )
    assert len(report.findings) == 5
    for finding in report.findings:
        assert finding.message.endswith(".")
        assert finding.message.count(". ") == 0, finding.message
    assert str(report).splitlines()[0] == "4 problems would make the install fail:"


def test_spelling_warnings_against_a_whitelist() -> None:
    warnings = spelling_warnings(["i:deviceprofiles", "r:devices:*"], ["i:deviceprofiles:*", "r:devices:*"])
    assert len(warnings) == 1
    assert "i:deviceprofiles" in warnings[0]
    assert "use i:deviceprofiles:*" in warnings[0]


def test_spelling_warnings_against_the_usual_form() -> None:
    warnings = spelling_warnings(["i:deviceprofiles:*", "r:devices:*", "r:apps", "r:devices", "x:devices:*"])
    assert len(warnings) == 2
    assert warnings[0].startswith("i:deviceprofiles:* is usually spelled i:deviceprofiles;")
    assert warnings[1].startswith("r:devices is usually spelled r:devices:*;")


def test_spelling_warnings_flag_unparsable_scopes() -> None:
    assert spelling_warnings(["r:devices *"]) == [
        "'r:devices *' is not a scope of the form permission:entity-type[:entity-id]."
    ]
    assert spelling_warnings([]) == []
