from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gongkai.jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.backoffice import nav

        from . import exports, probe, runner

        labels.register(
            actions={
                "job.start": "开始后台任务",
                "job.download": "下载后台任务生成的文件",
                "job.files_cleaned": "清理过期的后台任务文件",
            }
        )
        runner.register("jobs.probe", probe.probe)
        runner.register(exports.KIND, exports.run_export)
        nav.BACKOFFICE_NAMESPACES.add("jobs")
