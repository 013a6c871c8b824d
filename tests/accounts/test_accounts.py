"""Login, lockout after repeated failures, logout and password change."""

from __future__ import annotations

from django.test import Client

from gongkai.accounts.models import LoginFailure
from tests.support.personas import PASSWORD


def login(client, username, password):
    return client.post("/staff/login/", {"username": username, "password": password})


def test_login_and_logout(world):
    client = Client()
    response = login(client, "officer", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    client.post("/staff/logout/")
    assert client.get("/staff/").status_code == 302


def test_wrong_password_says_so(world):
    response = login(Client(), "officer", "wrong")
    assert "用户名或密码不正确" in response.content.decode()


def test_lockout_after_repeated_failures(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        login(client, "officer", "wrong")
    response = login(client, "officer", PASSWORD)
    assert response.status_code == 200 and "已暂时锁定" in response.content.decode()
    # Another user is not affected, and the failures are rows every process sees.
    assert login(Client(), "reviewer", PASSWORD).status_code == 302
    assert LoginFailure.objects.filter(username="officer").count() == 3


def test_lockout_expires(world, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.LOGIN_FAILURE_LIMIT = 2
    old = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    LoginFailure.objects.bulk_create([LoginFailure(username="officer", at=old)] * 2)
    assert login(Client(), "officer", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="officer").exists()


def test_password_change(world, client_for):
    client = client_for("officer")
    response = client.post(
        "/staff/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "new-secret-2024!",
            "new_password2": "new-secret-2024!",
        },
    )
    assert response.status_code == 302
    assert login(Client(), "officer", "new-secret-2024!").status_code == 302
