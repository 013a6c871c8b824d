from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.audit import labels

        from .models import Item

        labels.register(
            actions={
                **{f"item.{name}": t.label for name, t in Item.TRANSITIONS.items()},
                "item.create": "新建", "item.update": "修改", "item.expire": "标记失效",
                "item.attach": "上传附件", "item.detach": "删除附件",
                "catalog.create": "新增目录类目", "catalog.update": "修改目录类目",
                "catalog.delete": "删除目录类目", "catalog.deactivate": "停用目录类目",
                "guide.publish": "发布公开指南",
            },
            states=dict(Item.Status.choices),
        )  # fmt: skip
