from tests.applications.conftest import register, today, world  # noqa: F401
