from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "gongkai.holidays"
    verbose_name = "节假日安排"

    def ready(self) -> None:
        from gongkai.agencies.models import Role
        from gongkai.audit import labels
        from gongkai.backoffice import nav

        labels.register(
            actions={"holidays.load": "载入节假日安排", "holidays.delete": "删除节假日安排"}
        )
        nav.register(
            nav.Entry(
                "holidays",
                "节假日安排",
                "holidays:schedules",
                roles=(Role.SUPERVISOR, Role.ADMIN),
                order=85,
            ),
            namespace="holidays",
        )
