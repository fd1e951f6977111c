"""Helpers shared by the review tests."""

from contextlib import contextmanager

from kombu import pools

from articles import services as article_services
from config.celery import app as celery_app


def edit(article, actor, **changes):
    article.refresh_from_db()
    return article_services.article_update(
        article=article, actor=actor, expected_lock_version=article.lock_version, **changes
    )


def _reset_connections():
    """Forget pooled broker connections, so the next publish uses the current broker_url."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


@contextmanager
def celery_config(**conf):
    """Run with Celery reconfigured (e.g. a real or an unreachable broker); restore after."""
    saved = {key: celery_app.conf[key] for key in conf}
    _reset_connections()
    celery_app.conf.update(conf)
    try:
        yield celery_app
    finally:
        _reset_connections()
        celery_app.conf.update(saved)
