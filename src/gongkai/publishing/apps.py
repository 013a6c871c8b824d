from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.agencies.models import Role
        from gongkai.audit import labels
        from gongkai.backoffice import nav
        from gongkai.jobs import runner

        from . import entries, pages_index, panels, screening_jobs
        from .models import Item

        runner.register(screening_jobs.KIND, screening_jobs.screen_item)

        labels.register(
            actions={
                **Item.WORKFLOW.audit_labels(),
                "item.create": "新建",
                "item.update": "修改",
                "item.expire": "标记失效",
                "item.attach": "上传附件",
                "item.detach": "删除附件",
                "item.screen": "重新进行自动保密检查",
                "item.screening_acknowledge": "确认保密检查提示",
                "item.mask": "遮盖正文内容",
                "item.mask_attachment": "以遮盖副本替换附件",
                "agency.word_add": "添加敏感词",
                "agency.word_remove": "删除敏感词",
                "catalog.create": "新增目录类目",
                "catalog.update": "修改目录类目",
                "catalog.delete": "删除目录类目",
                "catalog.deactivate": "停用目录类目",
                "guide.publish": "发布公开指南",
                "item.sign": "签批",
                "item.schedule": "定时发布",
                "signoff.update": "修改签批流程",
            },
            states=dict(Item.Status.choices),
        )
        nav.register(nav.Entry("items", "公开信息", "publishing:items", order=20), "publishing")
        nav.register(
            nav.Entry(
                "supervision", "监督", "publishing:supervision", roles=(Role.SUPERVISOR,), order=80
            )
        )
        for key, label, url_name, order in (
            ("catalog", "公开目录", "publishing:catalog", 20),
            ("guide", "公开指南", "publishing:guide", 30),
            ("signoff", "签批流程", "publishing:signoff", 35),
            ("words", "敏感词表", "publishing:words", 40),
        ):
            nav.register_tab(nav.Entry(key, label, url_name, roles=(Role.ADMIN,), order=order))
        nav.register_panel(nav.Panel("publishing", panels.render_panel, order=20))
        entries.register_source(pages_index.rebuild)
