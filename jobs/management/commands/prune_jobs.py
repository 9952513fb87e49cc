"""Keep the jobs table true and small: fail jobs whose worker died, delete old ended jobs."""

import datetime as dt

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from jobs.services import jobs_fail_stale, jobs_prune


class Command(BaseCommand):
    help = (
        "Fail running jobs that have reported no progress for --stale-minutes (their worker "
        "was killed), then delete jobs that ended more than --keep-days ago with their result "
        "files. Run it daily (cron, a systemd timer, or a scheduled container)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=int,
            default=settings.JOBS_KEEP_DAYS,
            help="Keep ended jobs this many days (default JOBS_KEEP_DAYS, %(default)s).",
        )
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=settings.JOBS_STALE_MINUTES,
            help="A running job silent this long has lost its worker (default "
            "JOBS_STALE_MINUTES, %(default)s).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report; change nothing.")

    def handle(self, *args, keep_days: int, stale_minutes: int, dry_run: bool, **options):
        if keep_days < 0:
            raise CommandError(f"--keep-days must be 0 or more, not {keep_days}.")
        if stale_minutes < 1:
            raise CommandError(f"--stale-minutes must be 1 or more, not {stale_minutes}.")
        verb = "would be" if dry_run else "were"
        stale = jobs_fail_stale(silent_for=dt.timedelta(minutes=stale_minutes), dry_run=dry_run)
        for job in stale:
            self.stdout.write(f"{job}: silent since {job.last_sign:%Y-%m-%d %H:%M:%S}")
        self.stdout.write(f"{len(stale)} running job(s) without a worker {verb} failed.")
        cutoff = timezone.now() - dt.timedelta(days=keep_days)
        pruned = jobs_prune(finished_before=cutoff, dry_run=dry_run)
        self.stdout.write(f"{pruned} job(s) ended before {cutoff:%Y-%m-%d %H:%M} {verb} deleted.")
