from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gongkai.documents"
    verbose_name = "公文登记与规范性文件库"

    def ready(self) -> None:
        from gongkai.agencies.models import Role
        from gongkai.audit import labels
        from gongkai.backoffice import nav
        from gongkai.jobs import exports
        from gongkai.publishing import screening_jobs

        from . import export_jobs, panels, queries
        from .models import CleanupBatch

        screening_jobs.register_attribute_source(queries.attribute_of_item)
        labels.register(
            actions={
                "document.register": "公文登记",
                "document.update": "修改公文登记",
                "document.confirm": "确认不予公开",
                "document.import": "导入公文登记",
                "document.expiry_warning": "到期提醒",
                **CleanupBatch.WORKFLOW.audit_labels(),
                "cleanup.open": "发起清理",
                "cleanup.decide": "清理结论",
            },
            states=dict(CleanupBatch.Status.choices),
        )
        nav.register(
            nav.Entry(
                "documents-supervision",
                "政策文件监督",
                "documents:policy_supervision",
                roles=(Role.SUPERVISOR,),
                order=82,
            ),
            "documents",
        )
        nav.register(nav.Entry("cleanups", "文件清理", "documents:cleanups", order=24), "documents")
        nav.register(nav.Entry("documents", "公文登记", "documents:entries", order=22), "documents")
        nav.register_panel(nav.Panel("documents", panels.render_panel, order=25))
        exports.register(export_jobs.NAME, export_jobs.register_export)
