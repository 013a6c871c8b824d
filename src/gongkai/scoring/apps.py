from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "gongkai.scoring"
    verbose_name = "政务公开考核"

    def ready(self) -> None:
        from gongkai.agencies.models import Role
        from gongkai.audit import labels
        from gongkai.backoffice import nav
        from gongkai.jobs import exports

        from . import (
            export_jobs,
            measures_records,  # noqa: F401  (registers the computations)
        )

        exports.register(export_jobs.RANKING, export_jobs.ranking_export)
        exports.register(export_jobs.LEDGER, export_jobs.ledger_export)

        nav.register(
            nav.Entry("scoring", "考核评分", "scoring:ranking", roles=(Role.SUPERVISOR,), order=87),
            "scoring",
        )
        labels.register(
            actions={"scoring.manual": "人工评分", "scoring.close": "结束年度考核"}, states={}
        )
