from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "gongkai.backoffice"
    verbose_name = "工作台"

    def ready(self) -> None:
        from . import nav

        nav.register(nav.Entry("dashboard", "待办", "backoffice:dashboard", order=10))
