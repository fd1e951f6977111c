"""``python manage.py import_references FILE [--article SLUG] [--as USERNAME]``.

Imports a RIS, BibTeX, PubMed/MEDLINE (.nbib or XML) or CSL-JSON file through
``references.services.reference_import`` and prints "Imported N, matched M existing,
K errors" and one line per entry that was not imported.

The actor (named in the version history, and whose permissions are checked) is
``--as USERNAME``; without it, the first active superuser by id (a one-person laptop
install has exactly one). With neither, the command refuses and says to pass ``--as``.

Exit status: 0 when the file was read, even if some entries were refused (they are
listed); non-zero when the file is in no supported format (nothing is imported), or
the file, user or article cannot be found, or the user may not import.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.exceptions import ArticleError
from articles.models import Article
from references import services


class Command(BaseCommand):
    help = "Import references from a RIS, BibTeX, PubMed (.nbib/XML) or CSL-JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import.")
        parser.add_argument("--article", metavar="SLUG", help="Attach the references to it.")
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="Who imports (kept in the history). Default: the first active superuser.",
        )

    def handle(self, *args, file, article=None, username=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = self._actor(username)
        target = None
        if article:
            target = Article.objects.filter(slug=article).first()
            if target is None:
                raise CommandError(f"No article has the slug '{article}'.")
        try:
            report = services.reference_import(
                actor=actor, content=path.read_bytes(), filename=path.name, article=target
            )
        except ArticleError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{report.summary}.")
        for message in report.errors:
            self.stdout.write(f"  {message}")

    def _actor(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"No active user is called '{username}'.")
            return user
        user = users.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError(
                "Pass --as USERNAME: the import is recorded in the history under a user, "
                "and there is no superuser to default to."
            )
        return user
