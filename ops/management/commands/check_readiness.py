"""The readiness checks of ``/readyz``, for processes with no HTTP port (worker, beat)."""

import json

from django.core.management.base import BaseCommand, CommandError

from ops.health import readiness


class Command(BaseCommand):
    help = (
        "Checks the database, cache, broker, beat's schedules and the stale-content scan; "
        "prints the result as JSON and exits 1 when not ready."
    )

    def handle(self, *args, **options):
        ready, body = readiness()
        self.stdout.write(json.dumps(body, indent=2))
        if not ready:
            raise CommandError(f"Not ready: {', '.join(body['failing'])}")
