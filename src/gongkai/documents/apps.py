from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gongkai.documents"
    verbose_name = "公文登记与规范性文件库"

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.backoffice import nav

        labels.register(
            actions={
                "document.register": "公文登记",
                "document.update": "修改公文登记",
                "document.confirm": "确认不予公开",
                "document.import": "导入公文登记",
                "document.expiry_warning": "到期提醒",
            },
            states={},
        )
        nav.register(
            nav.Entry("documents", "公文登记", "documents:register", order=22), "documents"
        )
