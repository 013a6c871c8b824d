from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self) -> None:
        from gongkai.agencies.models import Role
        from gongkai.audit import labels
        from gongkai.backoffice import nav
        from gongkai.jobs import exports, runner
        from gongkai.publishing import entries

        from . import bulk_check, export_jobs, panels, search_index
        from .models import AnnualReport

        nav.register(nav.Entry("reports", "年度报告", "reports:index", order=50), "reports")
        nav.register(
            nav.Entry("board", "年报审查", "reports:board", roles=(Role.SUPERVISOR,), order=85)
        )
        nav.register_panel(nav.Panel("reports", panels.render_panel, order=40))
        entries.register_source(search_index.rebuild)
        exports.register(export_jobs.BOARD, export_jobs.board_workbook)
        runner.register(bulk_check.KIND, bulk_check.run_check)
        labels.register(
            actions={
                **AnnualReport.WORKFLOW.audit_labels(),
                "report.create": "开始编制年度报告",
                "report.narrative": "修改年度报告正文",
                "report.refresh": "按最新数据更新正文数字",
                "report.figures": "填报表二数据",
                "report.import": "导入已发布的年度报告",
                "report.bulk_check": "批量检查年度报告",
                "notice.send": "发出督办事项",
                "notice.open": "查看督办事项",
                "notice.resolve": "办结督办事项",
            },
            states=dict(AnnualReport.Status.choices),
        )
