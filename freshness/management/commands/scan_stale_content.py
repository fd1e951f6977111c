from django.core.management.base import BaseCommand

from freshness.models import Reason
from freshness.scan import stale_scan


class Command(BaseCommand):
    help = "Raise and resolve stale-content flags for every article (the daily job, in-process)."

    def handle(self, *args, **options):
        result = stale_scan()
        for reason, raised in result.raised.items():
            resolved = result.resolved[reason]
            if raised or resolved:
                self.stdout.write(f"  {Reason(reason).label}: {raised} raised, {resolved} resolved")
        self.stdout.write(self.style.SUCCESS(str(result)))
