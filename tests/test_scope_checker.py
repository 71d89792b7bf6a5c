"""``check_app_scopes``: what a SmartApp author learns before an install fails with "An unexpected error occurred".

Staff (community t/250198): requested permissions "need to match the format of the ones you've whitelisted in
the Developer Workspace".  ``i:deviceprofiles`` and ``i:deviceprofiles:*`` are one grant but two strings.
"""

from __future__ import annotations

import pytest

from smartthings_client.scopes import FindingKind, check_app_scopes


@pytest.mark.parametrize(
    ("whitelisted", "requested"),
    [("i:deviceprofiles:*", "i:deviceprofiles"), ("i:deviceprofiles", "i:deviceprofiles:*")],
    ids=["requested-bare", "requested-star"],
)
def test_the_same_grant_spelled_differently_is_flagged(whitelisted: str, requested: str) -> None:
    report = check_app_scopes(whitelisted=["r:devices:*", whitelisted], requested=["r:devices:*", requested])
    assert not report.ok
    [finding] = report.findings
    assert finding.kind is FindingKind.SPELLED_DIFFERENTLY
    assert finding.kind.fails_install
    assert (finding.scope, finding.related) == (requested, whitelisted)
    assert "same grant" in finding.message
    assert f"request {whitelisted}" in finding.message
    assert report.failures == (finding,)
    assert "would make the install fail" in str(report)
    assert "[SPELLED_DIFFERENTLY]" in str(report)


def test_a_scope_requested_but_not_whitelisted_is_flagged() -> None:
    report = check_app_scopes(
        whitelisted=["r:devices:*", "x:devices:*"], requested=["r:devices:*", "x:devices:*", "i:deviceprofiles"]
    )
    assert not report.ok
    [finding] = report.findings
    assert finding.kind is FindingKind.NOT_WHITELISTED
    assert finding.scope == "i:deviceprofiles"
    assert finding.related is None
    assert "not whitelisted" in finding.message
    assert "Developer Workspace" in finding.message


def test_a_narrower_request_than_the_whitelist_is_flagged_with_the_whitelisted_scope() -> None:
    device = "6f5ea629-4c05-4a90-a244-cc129b0a80c3"
    report = check_app_scopes(whitelisted=["r:devices:*"], requested=[f"r:devices:{device}"])
    [finding] = report.findings
    assert finding.kind is FindingKind.NOT_WHITELISTED
    assert finding.related == "r:devices:*"
    assert "request r:devices:*" in finding.message


def test_a_matching_set_passes() -> None:
    scopes = ["r:devices:*", "x:devices:*", "r:locations:*", "i:deviceprofiles"]
    report = check_app_scopes(whitelisted=scopes, requested=list(reversed(scopes)))
    assert report.ok
    assert report.findings == ()
    assert str(report) == "OK: every requested scope is whitelisted in the same spelling."


def test_write_without_read_passes_with_a_warning() -> None:
    report = check_app_scopes(whitelisted=["w:devices:*", "r:locations:*"], requested=["w:devices:*"])
    assert report.ok
    [warning] = report.warnings
    assert warning.kind is FindingKind.WRITE_WITHOUT_READ
    assert warning.related == "r:devices:*"
    assert str(report).startswith("OK: the install should work.")


def test_invalid_scopes_are_flagged_on_either_side() -> None:
    report = check_app_scopes(whitelisted=["r:devices:*", "devices"], requested=["r:devices:*", "r devices"])
    assert [(f.kind, f.scope) for f in report.findings] == [
        (FindingKind.INVALID, "devices"),
        (FindingKind.INVALID, "r devices"),
    ]
    assert not report.ok
