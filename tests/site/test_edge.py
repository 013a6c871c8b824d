"""What enters from the network: NUL characters, numbers in URLs and queries, the client's
address behind the proxy, the Content-Security-Policy."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai import edge
from gongkai.applications.models import StatusLookup
from gongkai.audit.models import AuditEvent

NUL = "\x00"


@pytest.mark.parametrize(
    "url",
    [
        "/i/AB%00CD/",
        "/search/?q=%E5%85%AC%00",
        "/search/?agency=agency-a%00",
        "/search/?category=x%00",
        "/a/agency-a/catalog/x%00/",
        "/a/agency-a%00/reports/",
        "/a/agency-a/reports/2024/?v=1%00",
    ],
)
def test_a_nul_in_a_public_url_is_a_400(world, client_for, url):
    world.item("published")
    assert client_for("anonymous").get(url).status_code == 400


def test_a_nul_in_a_form_value_is_a_400(world, client_for):
    anonymous = client_for("anonymous")
    assert (
        anonymous.post("/apply/status/", {"code": "AB" + NUL, "digits": "1234"}).status_code == 400
    )
    assert StatusLookup.objects.count() == 0
    officer = client_for("officer")
    item = world.item("draft")
    assert officer.get("/staff/items/", {"q": "x" + NUL}).status_code == 400
    assert officer.get(f"/staff/items/{item.code}{NUL}/").status_code == 400
    assert officer.get("/staff/applications/", {"q": NUL}).status_code == 400
    assert officer.post(f"/staff/items/{item.code}/submit/", {"comment": NUL}).status_code == 400
    item.refresh_from_db()
    assert item.status == "draft"
    # a clean request still works
    assert officer.get("/staff/items/", {"q": "x"}).status_code == 200


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        ("2024", 2019, 2999, 2024),
        (" 7 ", 1, 9, 7),
        ("²", 0, 9, None),
        ("٣", 0, 9, None),  # Arabic-Indic digit: int() takes it, a URL should not
        ("１２", 0, 99, None),
        ("1_000", 0, 9999, None),
        ("99999999999999999999", 0, 10**30, None),
        ("-3", -5, 5, -3),
        ("-3", 0, 5, None),
        ("", 0, 5, None),
        (None, 0, 5, None),
        ("10", 0, 9, None),
    ],
)
def test_numbers_are_parsed_with_bounds(value, low, high, expected):
    assert edge.bounded_int(value, low, high) == expected


def test_odd_numbers_in_urls_and_queries_are_a_404(world, client_for):
    officer = client_for("officer")
    base = "/staff/reports/a/agency-a/2024/"
    assert officer.get(base).status_code == 200
    for query in ("?v=%C2%B2", "?v=99999999999999999999", "?v=abc"):
        assert officer.get(base + query).status_code == 404, query
        assert officer.get(base + "export/xlsx/" + query).status_code == 404, query
    assert officer.get(base + "cell/?id=t3/一/总计&v=%C2%B2").status_code == 404
    assert officer.get("/staff/reports/a/agency-a/99999999999999999999/").status_code == 404
    assert officer.get("/staff/calendar/99999999999999999999/").status_code == 404
    assert (
        client_for("anonymous").get("/a/agency-a/reports/99999999999999999999/").status_code == 404
    )
    ledger = "/staff/applications/export/"
    supervisor = client_for("supervisor")
    assert supervisor.get(ledger, {"year": "99999999999999999999"}).status_code == 404
    assert supervisor.get(ledger, {"year": "²"}).status_code == 404
    assert supervisor.get(ledger, {"year": "2026"}).status_code == 200
    board = client_for("supervisor")
    assert board.get("/staff/reports/board/", {"year": "²"}).status_code == 404
    assert board.get("/staff/reports/board/", {"year": "99999999999999999999"}).status_code == 404


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("1.2.3.4:5678", "1.2.3.4"),
        ("9.9.9.9, 1.2.3.4:5678", "1.2.3.4"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("junk", "127.0.0.1"),  # not an address: the proxy's stands, the limit still holds
        ("1.2.3.4, 300.1.1.1", "127.0.0.1"),
    ],
)
def test_a_malformed_forwarded_hop_is_parsed_not_stored(world, client_for, forwarded, expected):
    client = client_for("anonymous")
    response = client.post(
        "/apply/status/",
        {"code": "ZZZZZZZZZZ", "digits": "1234"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert response.status_code == 200
    assert StatusLookup.objects.get().ip == expected


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(world, client_for):
    client = client_for("anonymous")
    client.post(
        "/apply/status/",
        {"code": "ZZZZZZZZZZ", "digits": "1234"},
        REMOTE_ADDR="198.51.100.9",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    assert StatusLookup.objects.get().ip == "198.51.100.9"


def test_the_audit_records_the_clients_address_not_the_proxys(world, client_for):
    item = world.item("draft")
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    officer = client_for("officer")
    response = officer.post(
        f"/staff/items/{item.code}/submit/",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="item.submit").get()
    assert event.client_ip == "203.0.113.7"
    # rows written outside a request (the personas' set-up) carry none; those the request
    # wrote (the submit, the screening job it started) carry the client's
    assert not AuditEvent.objects.filter(pk__lte=before, client_ip__isnull=False).exists()
    assert set(AuditEvent.objects.filter(pk__gt=before).values_list("client_ip", flat=True)) == {
        "203.0.113.7"
    }


def test_pages_carry_a_content_security_policy(world, client_for):
    item = world.item("published")
    for client, url in (
        (client_for("anonymous"), "/"),
        (client_for("anonymous"), f"/i/{item.code}/"),
        (client_for("officer"), "/staff/"),
    ):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy


def test_no_page_template_has_an_inline_script():
    from pathlib import Path

    import gongkai

    root = Path(gongkai.__file__).parent
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text("utf-8")
        at = text.find("<script")
        while at != -1:
            tag = text[at : text.index(">", at)]
            if "src=" not in tag:
                offenders.append(str(path))
            at = text.find("<script", at + 1)
        if " onclick=" in text or " onload=" in text or "javascript:" in text:
            offenders.append(str(path))
    assert offenders == []


def test_an_application_date_keeps_working(world, client_for):
    # the year converter still reverses and resolves ordinary years
    from django.urls import reverse

    assert reverse("reports:report", args=["agency-a", 2024]) == "/staff/reports/a/agency-a/2024/"
    assert reverse("annual:year", args=["agency-a", date(2024, 1, 1).year]).endswith("/2024/")


def test_a_body_above_the_limit_is_a_413_before_it_is_read(world, client_for, settings):
    settings.REQUEST_MAX_BYTES = 1000
    client = client_for("anonymous")
    response = client.post("/apply/status/", {"code": "A" * 2000, "digits": "1234"})
    assert response.status_code == 413
    assert StatusLookup.objects.count() == 0
    assert client.post("/apply/status/", {"code": "ZZ", "digits": "1234"}).status_code == 200


def test_workers_are_recycled(monkeypatch):
    from gongkai.site import cli

    seen = {}

    def fake_execv(path, argv):
        seen["argv"] = argv
        raise SystemExit(0)

    monkeypatch.setattr(cli.os, "execv", fake_execv)
    monkeypatch.setattr(cli, "setup_django", lambda: None)
    from gongkai.cli import main

    with pytest.raises(SystemExit):
        main(["serve", "--no-migrate"])
    argv = seen["argv"]
    assert argv[argv.index("--max-requests") + 1] == "1000"
    assert argv[argv.index("--max-requests-jitter") + 1] == "100"
