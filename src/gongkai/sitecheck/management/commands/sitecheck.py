"""`gongkai manage sitecheck [--agency SLUG] [--format json] [--no-save]`

Inspects the agencies' disclosure columns the way a website inspection does and prints
the findings with their indicator ids. Exits 1 when a finding fails an inspection
outright (单项否决), 0 otherwise. The findings are kept for the supervisor's board.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.sitecheck import checks


class Command(BaseCommand):
    help = "按政府网站检查指标检查各机关的政府信息公开栏目"

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="只检查该机关（slug）")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--no-save", action="store_true", help="不保存检查结果")

    def handle(self, *args, agency=None, format="text", no_save=False, **options):
        agencies = Agency.objects.public().order_by("path")
        if agency:
            agencies = agencies.filter(slug=agency)
            if not agencies.exists():
                raise CommandError(f"没有找到机关：{agency}")
        today = timezone.localdate()
        results = checks.run(list(agencies), today, save=not no_save)
        failing = sum(r.failing for r in results)
        if format == "json":
            out = {
                "checked_on": today.isoformat(),
                "failing": failing,
                "agencies": [r.as_dict() for r in results],
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            self._text(results, today, failing)
        if failing:
            raise SystemExit(1)

    def _text(self, results, today, failing) -> None:
        w = self.stdout.write
        w(f"网站检查 {today:%Y-%m-%d}：{len(results)}个机关")
        for r in results:
            if not r.findings:
                w(f"\n{r.agency.name}：未发现问题")
                continue
            w(f"\n{r.agency.name}：{len(r.findings)}个问题，其中单项否决{r.failing}个")
            for f in r.findings:
                mark = "否决" if f.fails else "扣分"
                w(f"  [{mark}] {f.indicator} {f.subject}：{f.detail}  {f.url}")
        total = sum(len(r.findings) for r in results)
        w(f"\n共{total}个问题，单项否决{failing}个。")
