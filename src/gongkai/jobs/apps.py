from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gongkai.jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.backoffice import nav

        from . import probe, runner

        labels.register(actions={"job.start": "开始后台任务"})
        runner.register("jobs.probe", probe.probe)
        nav.BACKOFFICE_NAMESPACES.add("jobs")
