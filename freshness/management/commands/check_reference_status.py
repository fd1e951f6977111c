from django.core.management.base import BaseCommand, CommandError

from freshness.checking.run import reference_status_check
from references.models import Reference


class Command(BaseCommand):
    help = (
        "Update reference status (retractions, concerns, corrections, drug label versions) "
        "from Crossref, PubMed and DailyMed. Default: cited references not checked recently."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Every reference, even if checked recently."
        )
        parser.add_argument(
            "--reference", action="append", metavar="KEY", help="Only this key (repeatable)."
        )

    def handle(self, *args, **options):
        keys = options["reference"] or None
        if keys:
            unknown = set(keys) - set(
                Reference.objects.filter(key__in=keys).values_list("key", flat=True)
            )
            if unknown:
                raise CommandError(f"No reference with key {', '.join(sorted(unknown))}.")
        report = reference_status_check(keys=keys, everything=options["all"])
        for error in report.errors:
            self.stderr.write(f"  {error}")
        self.stdout.write(self.style.SUCCESS(str(report)))
