"""Load demo users, board members, references and articles. Idempotent.

It lives in ``review``, the top of the import chain, because the demo spans every app.
Everything is created through the services, so the demo history looks like real use:
the approved articles were assigned to a board member who approved them, and their
published versions carry numbered citations and the reviewer's credentials.
"""

import logging
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts import services as account_services
from accounts.demo import demo_key
from accounts.verification import second_factor_required
from articles import services as article_services
from articles.models import Article, Audience, Topic
from articles.roles import ADMINS, ADVISORY_BOARD, EDITORS
from references import services as reference_services
from review import demo_content
from review import services as review_services
from review.demo_signals import demo_loaded
from review.models import BoardMember

# (username, first, last, group, superuser). Demo passwords are "<username>-demo".
DEMO_USERS = [
    ("admin", "Ada", "Admin", ADMINS, True),
    ("editor", "Eve", "Editor", EDITORS, False),
    ("editor2", "Ed", "Writer", EDITORS, False),
    ("drroe", "Jane", "Roe", ADVISORY_BOARD, False),
    ("drsmith", "Sam", "Smith", ADVISORY_BOARD, False),
]

BOARD_PROFILES = {
    "drroe": {
        "display_name": "Jane Roe",
        "credentials": "MD, FACP",
        "specialties": "rheumatology, internal medicine",
        "bio": "Consultant rheumatologist with an interest in inflammatory myopathies.",
        "conflict_disclosure": "No relevant financial relationships.",
    },
    "drsmith": {
        "display_name": "Sam Smith",
        "credentials": "MD, PhD",
        "specialties": "infectious diseases, musculoskeletal radiology",
        "bio": "Infectious-disease physician; bone, joint and soft-tissue infections.",
        "conflict_disclosure": "No relevant financial relationships.",
    },
}

# Topics readers browse by (and review policies may match on): (name, slug, description).
DEMO_TOPICS = [
    ("Infectious diseases", "infectious-diseases", "Infections of muscle, bone and soft tissue."),
    ("Rheumatology", "rheumatology", "Inflammatory and autoimmune muscle and joint disease."),
    ("Musculoskeletal", "musculoskeletal", "Muscles, tendons, bursae and the hip."),
]

# Article title -> topic slugs.
DEMO_ARTICLE_TOPICS = {
    "What is the treatment for psoas myositis?": ["infectious-diseases", "musculoskeletal"],
    "How is inflammatory myositis diagnosed and treated?": ["rheumatology"],
    "What causes a psoas abscess?": ["infectious-diseases"],
    "What are the symptoms of pyomyositis?": ["infectious-diseases", "musculoskeletal"],
    "How is iliopsoas bursitis managed?": ["musculoskeletal"],
}

# (title, summary, body, audience, reviewer username or None, the state to bring it to)
DEMO_ARTICLES = [
    (
        "What is the treatment for psoas myositis?",
        "Antibiotics active against Staphylococcus aureus, with drainage of any abscess.",
        demo_content.PSOAS_MYOSITIS,
        Audience.CLINICIAN,
        "drsmith",
        "approved",
    ),
    (
        "How is inflammatory myositis diagnosed and treated?",
        "By weakness, muscle enzymes, antibodies, imaging and biopsy; treated with "
        "glucocorticoids and steroid-sparing drugs.",
        demo_content.INFLAMMATORY_MYOSITIS,
        Audience.CLINICIAN,
        "drroe",
        "under_review",
    ),
    (
        "What causes a psoas abscess?",
        "Spread through the blood (primary) or from a neighbouring infection (secondary).",
        demo_content.PSOAS_ABSCESS,
        Audience.PATIENT,
        None,
        "submitted",
    ),
    (
        "What are the symptoms of pyomyositis?",
        "Muscle pain and swelling, then fever as an abscess forms.",
        demo_content.PYOMYOSITIS,
        Audience.PATIENT,
        None,
        "draft",
    ),
    (
        "How is iliopsoas bursitis managed?",
        "Rest, physiotherapy and anti-inflammatory drugs; injection if pain persists.",
        demo_content.ILIOPSOAS_BURSITIS,
        Audience.PATIENT,
        "drroe",
        "revising",  # approved, then a revision in progress: readers see the approved text
    ),
]


# Related questions (article title -> the titles it links to), set once all exist.
DEMO_RELATED = {
    "What is the treatment for psoas myositis?": [
        "What causes a psoas abscess?",
        "How is inflammatory myositis diagnosed and treated?",
        "How is iliopsoas bursitis managed?",
    ],
    "How is iliopsoas bursitis managed?": [
        "What is the treatment for psoas myositis?",
        "What causes a psoas abscess?",
    ],
    "What causes a psoas abscess?": [
        "What is the treatment for psoas myositis?",
        "What are the symptoms of pyomyositis?",
    ],
    "How is inflammatory myositis diagnosed and treated?": [
        "What is the treatment for psoas myositis?",
    ],
}


@contextmanager
def quietly():
    """Load without printing: notification emails go to memory instead of the console
    (the outbox rows are still written and marked sent) and per-task log lines are held
    back, so the command ends with the logins and the URLs, not 300 lines of email."""
    loggers = [logging.getLogger(name) for name in ("celery.app.trace", "celery")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Create demo users for every role, board members, references and five articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the URLs printed at the end.",
        )

    def handle(self, *args, **options):
        with quietly(), transaction.atomic():
            users = self._users()
            secrets = self._second_factor(users)
            self._board(users)
            self._references(users["admin"])
            created = self._articles(users)
            self._related(users["editor"])
            # The apps above add their part (the attention queue's flags).
            articles = {a.title: a for a in Article.objects.all()}
            demo_loaded.send(sender=self.__class__, users=users, articles=articles)
        base = options["base_url"].rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} articles added)."))
        if created:
            self.stdout.write(
                "The notifications it caused are listed in the admin under "
                "Notifications; their emails were not printed."
            )
        self.stdout.write("\nDemo logins (username / password):")
        for username, _first, _last, group, _su in DEMO_USERS:
            self.stdout.write(f"  {username:<8} / {f'{username}-demo':<14} {group}")
        self.stdout.write(
            "\nThe board and admins also enter a code from an authenticator app. Add the key\n"
            "below to one (time-based, 6 digits), or print the current code with\n"
            "  .venv/bin/python manage.py demo_code USERNAME"
        )
        for username, secret in secrets.items():
            self.stdout.write(f"  {username:<8} key {secret}")
        self.stdout.write(
            "\nOpen:\n"
            f"  {base}/             the public site (what readers see)\n"
            f"  {base}/admin/login/ sign in: each role lands on its own page\n"
            f"  {base}/editorial/   the editorial workspace (dashboard, reviews)\n"
            f"  {base}/admin/       the admin"
        )

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

    def _second_factor(self, users) -> dict[str, str]:
        """Demo accounts that need a second factor get a fixed authenticator key."""
        keys = {}
        for username, user in users.items():
            if second_factor_required(user):
                device = account_services.demo_enrol(user=user, secret_hex=demo_key(username))
                keys[username] = account_services.secret_text(device)
        return keys

    def _board(self, users):
        for username, profile in BOARD_PROFILES.items():
            if not BoardMember.objects.filter(user=users[username]).exists():
                review_services.board_member_create(
                    actor=users["admin"], user=users[username], **profile
                )

    def _references(self, admin):
        for key, data in demo_content.REFERENCES.items():
            reference_services.reference_create(actor=admin, data=data, key=key)

    def _articles(self, users):
        editor, admin = users["editor"], users["admin"]
        topics = {}
        for name, slug, description in DEMO_TOPICS:
            topics[slug], _ = Topic.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )
        created = 0
        for title, summary, body, audience, reviewer, goal in DEMO_ARTICLES:
            if Article.objects.filter(title=title).exists():
                continue
            created += 1
            article = article_services.article_create(
                actor=editor,
                title=title,
                summary=summary,
                body=body,
                audience=audience,
                topics=[topics[slug] for slug in DEMO_ARTICLE_TOPICS.get(title, [])],
            )
            if goal == "draft":
                continue
            article = article_services.article_submit(article=article, actor=editor)
            if goal == "submitted":
                continue
            member = BoardMember.objects.get(user=users[reviewer])
            assignment = review_services.review_assign(
                article=article, reviewer=member, actor=admin
            )
            if goal == "under_review":
                continue
            review_services.review_decide(
                assignment=assignment,
                actor=member.user,
                decision="approve",
                comment="Accurate and well sourced.",
                evidence_checked=True,
                claims_confirmed=True,
            )
            if goal == "revising":
                article.refresh_from_db()
                article = article_services.article_revise(
                    article=article, actor=editor, comment="Add exercise guidance."
                )
                article_services.article_update(
                    article=article,
                    actor=editor,
                    expected_lock_version=article.lock_version,
                    body=body + "\nA physiotherapist can tailor a home exercise programme.\n",
                    comment="Exercise guidance (draft revision).",
                )
        return created

    def _related(self, editor):
        """Related questions are metadata: set through the service, no new review needed."""
        by_title = {a.title: a for a in Article.objects.filter(title__in=list(DEMO_RELATED))}
        everything = {a.title: a for a in Article.objects.all()}
        for title, others in DEMO_RELATED.items():
            article = by_title.get(title)
            wanted = [everything[o] for o in others if o in everything]
            if article is None or set(article.related_articles.all()) == set(wanted):
                continue
            article_services.article_update(
                article=article,
                actor=editor,
                expected_lock_version=article.lock_version,
                related_articles=wanted,
                comment="Related questions.",
            )
