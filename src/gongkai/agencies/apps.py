from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    verbose_name = "机关"

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.backoffice import nav

        from . import panels
        from .models import Role

        labels.register(
            actions={
                "agency.update": "修改机关信息",
                "membership.grant": "授予角色",
                "membership.revoke": "撤销角色",
                "user.create": "创建用户",
            }
        )
        nav.register(
            nav.Entry("agencies", "机关管理", "agencies:agencies", roles=(Role.ADMIN,), order=70),
            namespace="agencies",
        )
        nav.register(nav.Entry("audit", "操作日志", "agencies:audit", order=90))
        admin = (Role.ADMIN,)
        for key, label, url_name, roles, order in (
            ("profile", "机关信息", "agencies:agency_profile", admin, 10),
            ("members", "人员和角色", "agencies:members", admin, 40),
            ("audit", "操作日志", "agencies:agency_audit", (Role.ADMIN, Role.SUPERVISOR), 50),
        ):
            nav.register_tab(nav.Entry(key, label, url_name, roles=roles, order=order))
        nav.register_panel(nav.Panel("agencies", panels.render_panel, order=10))
