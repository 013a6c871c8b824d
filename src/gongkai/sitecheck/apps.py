from django.apps import AppConfig


class SitecheckConfig(AppConfig):
    name = "gongkai.sitecheck"
    verbose_name = "网站检查"

    def ready(self) -> None:
        from gongkai.agencies.models import Role
        from gongkai.backoffice import nav

        nav.register(
            nav.Entry(
                "sitecheck", "网站检查", "sitecheck:board", roles=(Role.SUPERVISOR,), order=86
            ),
            "sitecheck",
        )
