"""Schedule the publishing job: every minute, release embargoed versions that are due and
apply expiry dates that have passed.

Created once (``get_or_create``), so an admin's later change to the schedule is kept.
"""

from django.db import migrations

TASK = "articles.tasks.run_publishing_schedule_task"
NAME = "Articles: scheduled releases and expiry"


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
            "description": "Puts embargoed approved versions live when their time comes and "
            "applies expiry dates (archive or 'under review' banner). Idempotent; a run "
            "missed while the worker was down is caught up at the next one.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_audience_versions_change_notes_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
