from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    verbose_name = "行政复议和行政诉讼"

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.backoffice import nav

        nav.register(nav.Entry("appeals", "复议诉讼", "appeals:list", order=40), "appeals")
        labels.register(
            actions={
                "case.create": "登记复议诉讼案件",
                "case.update": "修改复议诉讼案件",
                "case.delete": "删除复议诉讼案件",
            },
            states={
                "pending": "尚未审结",
                "upheld": "结果维持",
                "corrected": "结果纠正",
                "other": "其他结果",
            },
        )
