"""Load demo users and articles. Idempotent: running it again changes nothing.

Everything is created through the services, so the demo history looks like real use.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import demo_content, services
from articles.models import Article, Audience
from articles.roles import ADMINS, ADVISORY_BOARD, EDITORS

# (username, first, last, group, superuser). Demo passwords are "<username>-demo".
DEMO_USERS = [
    ("admin", "Ada", "Admin", ADMINS, True),
    ("editor", "Eve", "Editor", EDITORS, False),
    ("editor2", "Ed", "Writer", EDITORS, False),
    ("drroe", "Jane", "Roe", ADVISORY_BOARD, False),
    ("drsmith", "Sam", "Smith", ADVISORY_BOARD, False),
]

# (title, summary, body, audience, the state to bring it to)
DEMO_ARTICLES = [
    (
        "What is the treatment for psoas myositis?",
        "Antibiotics active against Staphylococcus aureus, with drainage of any abscess.",
        demo_content.PSOAS_MYOSITIS,
        Audience.CLINICIAN,
        "approved",
    ),
    (
        "How is inflammatory myositis diagnosed and treated?",
        "By weakness, muscle enzymes, antibodies, imaging and biopsy; treated with "
        "glucocorticoids and steroid-sparing drugs.",
        demo_content.INFLAMMATORY_MYOSITIS,
        Audience.CLINICIAN,
        "under_review",
    ),
    (
        "What causes a psoas abscess?",
        "Spread through the blood (primary) or from a neighbouring infection (secondary).",
        demo_content.PSOAS_ABSCESS,
        Audience.PATIENT,
        "submitted",
    ),
    (
        "What are the symptoms of pyomyositis?",
        "Muscle pain and swelling, then fever as an abscess forms.",
        demo_content.PYOMYOSITIS,
        Audience.PATIENT,
        "draft",
    ),
    (
        "How is iliopsoas bursitis managed?",
        "Rest, physiotherapy and anti-inflammatory drugs; injection if pain persists.",
        demo_content.ILIOPSOAS_BURSITIS,
        Audience.PATIENT,
        "revising",  # approved, then a revision in progress: readers see the approved text
    ),
]


class Command(BaseCommand):
    help = "Create demo users (one or more per role) and five demo articles in various states."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self._users()
            created = self._articles(users)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} articles added)."))
        self.stdout.write("Demo logins (username / password):")
        for username, _first, _last, group, _su in DEMO_USERS:
            self.stdout.write(f"  {username:<8} / {username}-demo   ({group})")

    def _users(self):
        user_model = get_user_model()
        users = {}
        for username, first, last, group_name, superuser in DEMO_USERS:
            user, made = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                    "is_staff": True,
                    "is_superuser": superuser,
                },
            )
            if made:
                user.set_password(f"{username}-demo")
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
            users[username] = user
        return users

    def _articles(self, users):
        editor, reviewer = users["editor"], users["drroe"]
        created = 0
        for title, summary, body, audience, goal in DEMO_ARTICLES:
            if Article.objects.filter(title=title).exists():
                continue
            created += 1
            article = services.article_create(
                actor=editor, title=title, summary=summary, body=body, audience=audience
            )
            if goal == "draft":
                continue
            article = services.article_submit(article=article, actor=editor)
            if goal == "submitted":
                continue
            article = services.article_start_review(article=article, actor=reviewer)
            if goal == "under_review":
                continue
            services.article_approve(
                article=article, actor=reviewer, comment="Accurate and well sourced."
            )
            if goal == "revising":
                article.refresh_from_db()
                article = services.article_revise(
                    article=article, actor=editor, comment="Add exercise guidance."
                )
                services.article_update(
                    article=article,
                    actor=editor,
                    expected_version=article.version,
                    body=body + "\nA physiotherapist can tailor a home exercise programme.\n",
                    comment="Exercise guidance (draft revision).",
                )
        return created
