"""Admins see each person's notification preferences; schedule the daily digest (07:00).

The schedule is created once (``get_or_create``), so an admin's later change is kept.
"""

from django.db import migrations

from review.roles import sync_review_roles

TASK = "review.tasks.send_notification_digest_task"
NAME = "Review: daily digest of notifications"


def schedule(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    seven, _ = crontab_model.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*"
    )
    task_model.objects.get_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "crontab": seven,
            "enabled": True,
            "description": "Sends each person one e-mail with what they chose to receive "
            "daily. Safe to run any time: each held e-mail goes out in one digest.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0011_notification_preferences"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(sync_review_roles, migrations.RunPython.noop),
        migrations.RunPython(schedule, unschedule),
    ]
