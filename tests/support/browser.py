"""Real Chromium (Debian's) for the browser journeys, against the live test server.

Run with `make test-browser`; never part of `make test`. Never `playwright install`.
"""

from __future__ import annotations

import os

import pytest

from tests.support.personas import PASSWORD, build_world

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def world(transactional_db):
    # A flush empties the models' tables, not the search index's own table: start from an
    # index of what this test's database holds.
    from gongkai.publishing import search

    search.rebuild()
    return build_world()


def login(browser, live_server, username):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/staff/")
    return page
