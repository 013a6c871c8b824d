from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import Agency
from gongkai.publishing import rescreen


class Command(BaseCommand):
    help = (
        "Screen every published item again (personal data, secrecy marks, the agencies' "
        "word lists) and report what is found to each agency's disclosure office."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", action="append", help="agency slug (repeatable)")
        parser.add_argument("--no-mail", action="store_true", help="print only, send no mail")

    def handle(self, *args, **options):
        agencies = None
        if options["agency"]:
            agencies = list(Agency.objects.filter(slug__in=options["agency"]))
            missing = set(options["agency"]) - {a.slug for a in agencies}
            if missing:
                raise CommandError(f"no such agency: {', '.join(sorted(missing))}")
        reports = rescreen.rescreen_published(agencies)
        for report in reports:
            self.stdout.write(report.text())
            if not options["no_mail"]:
                sent = rescreen.mail(report)
                if sent:
                    self.stdout.write(f"（已通知{sent}人，邮件由后台任务发送）")
            self.stdout.write("")
        total = sum(r.screened for r in reports)
        flagged = sum(len(r.items) for r in reports)
        self.stdout.write(f"Screened {total} published items; {flagged} with open findings.")
