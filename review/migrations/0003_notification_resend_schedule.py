"""Schedule the outbox sweep: every minute, send notifications still pending.

Created once (``get_or_create``), so an admin's later change to the schedule is kept.
"""

from django.db import migrations

TASK = "review.tasks.resend_pending_notifications_task"
NAME = "Review: send pending notifications"


def schedule(apps, schema_editor):
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = interval_model.objects.get_or_create(every=1, period="minutes")
    task_model.objects.get_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "interval": every_minute,
            "enabled": True,
            "description": "Sends review emails that could not be enqueued or delivered "
            "(e.g. the broker was down). Safe to run any time: sending is idempotent.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0002_review_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
