from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "gongkai.notify"
    verbose_name = "通知"

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.backoffice import nav
        from gongkai.jobs import runner

        from . import outbox, panels

        runner.register("notify.send", outbox.send_job)
        labels.register(actions={"notify.resend": "重新发送通知"})
        nav.register_panel(nav.Panel("notify", panels.render_panel, order=35))
