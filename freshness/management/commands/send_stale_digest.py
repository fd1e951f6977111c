from django.core.management.base import BaseCommand

from freshness.services import stale_digest_send


class Command(BaseCommand):
    help = (
        "Send the weekly digest of open flags to editors, remind overdue reviewers, escalate "
        "unanswered reminders and critical flags (through the review outbox)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-digest", action="store_true", help="Only reminders and escalations."
        )

    def handle(self, *args, **options):
        sent = stale_digest_send(weekly=not options["no_digest"])
        self.stdout.write(
            self.style.SUCCESS(", ".join(f"{count} {kind}" for kind, count in sent.items()))
        )
