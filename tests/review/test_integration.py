"""A real Celery worker and Redis deliver the assignment email (locmem backend).

The worker runs in a thread of this process, so Django's locmem ``mail.outbox`` sees what
it sends; it consumes from the Redis at ``REDIS_URL`` like a production worker.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from articles import services as article_services
from config.celery import app as celery_app
from review import services
from review.models import Notification, NotificationStatus
from tests.articles.factories import ArticleFactory, UserFactory
from tests.review.factories import BoardMemberFactory
from tests.review.helpers import celery_config

pytestmark = [
    pytest.mark.integration,
    # serialized_rollback: the roles created by migrations survive the flush after the test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def real_broker():
    with celery_config(task_always_eager=False, broker_url=settings.REDIS_URL):
        yield


def test_a_real_worker_delivers_the_assignment_email(real_broker):
    editor = UserFactory(role="Editors")
    admin = UserFactory(role="Admins")
    member = BoardMemberFactory(display_name="Jane Roe")
    article = ArticleFactory(author=editor)
    article_services.article_submit(article=article, actor=editor)

    with start_worker(
        celery_app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=10,
    ):
        services.review_assign(article=article, reviewer=member, actor=admin)  # commits here
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)

    [email] = mail.outbox
    assert email.to == [member.user.email]
    assert email.subject == f"Review requested: {article.title}"
    notification = Notification.objects.get(kind="assigned")
    assert notification.status == NotificationStatus.SENT
    article.refresh_from_db()
    assert article.status == "under_review"
