from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    verbose_name = "机关"

    def ready(self) -> None:
        from gongkai.audit import labels

        labels.register(
            actions={
                "agency.update": "修改机关信息", "membership.grant": "授予角色",
                "membership.revoke": "撤销角色", "user.create": "创建用户",
            }
        )  # fmt: skip
