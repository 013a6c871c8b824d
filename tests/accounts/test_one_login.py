"""One login for the whole site, with the lockout (security audit, item 2): the Django
admin's own login is not a second door, failures are limited by address as well as by
account, and the admin is for superusers only."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from gongkai.accounts.models import LoginFailure

ROOT_PASSWORD = "root-secret-pw-2026"


def _root():
    return get_user_model().objects.create_superuser("root", password=ROOT_PASSWORD)


def test_admin_login_is_the_site_login(world):
    _root()
    client = Client()
    response = client.get("/sysadmin/login/?next=/sysadmin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
    assert "next=/sysadmin/" in response["Location"]
    # a password guessed at the admin's address is not even looked at
    response = client.post("/sysadmin/login/", {"username": "root", "password": "guess"})
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    assert "_auth_user_id" not in client.session
    response = client.post("/sysadmin/login/", {"username": "root", "password": ROOT_PASSWORD})
    assert "_auth_user_id" not in client.session
    # anonymous at the admin: sent to the one login
    response = Client().get("/sysadmin/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_superuser_locked_out_like_everyone(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    _root()
    client = Client()
    for _ in range(3):
        client.post("/staff/login/", {"username": "root", "password": "guess"})
    response = client.post("/staff/login/", {"username": "root", "password": ROOT_PASSWORD})
    assert response.status_code == 200 and "已暂时锁定" in response.content.decode()


def test_superuser_logs_in_once_and_reaches_the_admin(world):
    _root()
    client = Client()
    response = client.post(
        "/staff/login/?next=/sysadmin/",
        {"username": "root", "password": ROOT_PASSWORD, "next": "/sysadmin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/sysadmin/"
    assert client.get("/sysadmin/").status_code == 200


def test_admin_only_for_superusers(world, client_for):
    staff = world.admin
    staff.is_staff = True
    staff.save()
    client = client_for("admin")
    assert client.get("/sysadmin/").status_code == 403
    assert client.get("/sysadmin/accounts/user/").status_code == 403
    assert client.get("/sysadmin/login/").status_code == 403


def test_lockout_by_address_across_accounts(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 100
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("a1", "a2", "a3", "a4"):
        attacker.post("/staff/login/", {"username": name, "password": "guess"})
    assert LoginFailure.objects.filter(ip="203.0.113.9").count() == 4
    from tests.support.personas import PASSWORD

    response = attacker.post("/staff/login/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 200 and "该地址登录失败次数过多" in response.content.decode()
    other = Client(REMOTE_ADDR="198.51.100.7")
    response = other.post("/staff/login/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302


def test_address_behind_the_trusted_proxy(world, settings):
    from tests.support.personas import PASSWORD

    settings.LOGIN_FAILURE_LIMIT = 100
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2
    settings.FORWARDED_ALLOW_IPS = "127.0.0.1"
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    attacker = Client(HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.9", **proxy)
    for name in ("a1", "a2"):
        attacker.post("/staff/login/", {"username": name, "password": "guess"})
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"203.0.113.9"}
    refused = attacker.post("/staff/login/", {"username": "officer", "password": PASSWORD})
    assert "该地址登录失败次数过多" in refused.content.decode()
    # another client through the same proxy is not refused; a malformed hop is ignored
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert (
        other.post("/staff/login/", {"username": "officer", "password": PASSWORD}).status_code
        == 302
    )
    odd = Client(HTTP_X_FORWARDED_FOR="1.2.3.4:5678", **proxy)
    assert (
        odd.post("/staff/login/", {"username": "reviewer", "password": PASSWORD}).status_code == 302
    )
