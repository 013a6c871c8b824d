"""Fixtures for the web tests: the personas world and clients logged in as each persona.

    def test_something(world, client_for):
        item = world.item("published")
        response = client_for("other_officer").get(f"/staff/items/{item.code}/")
        assert response.status_code == 404

Persona names: officer, reviewer, publisher, admin (agency A), other_officer (agency B),
supervisor (the government above A and B), anonymous.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.personas import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(world):
    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(world.people[name])
        return client

    return make
