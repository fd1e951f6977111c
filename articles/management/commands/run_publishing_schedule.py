"""Run the publishing schedule now (what the beat job does every minute)."""

from django.core.management.base import BaseCommand

from articles.services import publishing_schedule_run


class Command(BaseCommand):
    help = "Release embargoed approved versions that are due and apply due expiry dates."

    def handle(self, *args, **options):
        done = publishing_schedule_run()
        self.stdout.write(
            f"Released {done['released']} version(s) ({done['late']} late), "
            f"archived {done['archived']} expired article(s), "
            f"{done['banner']} shown as under review."
        )
