from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.agencies.models import Role
        from gongkai.audit import labels, privacy
        from gongkai.backoffice import nav
        from gongkai.holidays import calendar
        from gongkai.jobs import exports, runner

        from . import access, clock, ledger_export, panels, redactions
        from .states import WORKFLOW, Status

        labels.register(
            actions={
                **WORKFLOW.audit_labels(),
                "application.submit": "网上提交申请",
                "application.register": "登记申请",
                "application.import": "导入台账",
                "application.view_personal": "查看申请人完整信息",
                "application.download": "下载申请材料或告知书",
                "application.export": "导出台账",
                "application.assign": "指定承办人",
                "application.template": "修改告知书模板",
                "application.letterhead": "更换告知书版式",
                "application.redact": "遮盖处理答复材料",
                "application.service": "登记送达",
                "application.publicise": "纳入主动公开",
            },
            states=dict(Status.choices),
        )
        privacy.register("applications.application", access.audit_comment_guard)
        nav.register(
            nav.Entry(
                "applications",
                "依申请公开",
                "applications:desk",
                roles=(Role.OFFICER, Role.REVIEWER, Role.SUPERVISOR),
                order=30,
            ),
            namespace="applications",
        )
        nav.register_panel(nav.Panel("applications", panels.render_panel, order=30))
        calendar.register_listener(clock.recompute_years)
        runner.register(redactions.KIND, redactions.redact)
        exports.register(ledger_export.NAME, ledger_export.ledger_export)
