"""Schedule the stale-content jobs: daily scan, nightly reference check, weekly digest,
and reminders/escalations every day.

Created once (``get_or_create`` by name), so an admin's later change to a schedule is kept;
all editable under "Periodic tasks" in the admin.
"""

from django.db import migrations

SCHEDULES = [
    # name, task, crontab (minute, hour, day_of_week), kwargs, description
    (
        "Freshness: nightly reference status check",
        "freshness.tasks.check_reference_status_task",
        ("15", "2", "*"),
        "{}",
        "Asks Crossref, PubMed and DailyMed about cited references not checked recently.",
    ),
    (
        "Freshness: daily stale-content scan",
        "freshness.tasks.scan_stale_content_task",
        ("30", "4", "*"),
        "{}",
        "Raises and resolves stale-content flags for every article. Safe to run any time.",
    ),
    (
        "Freshness: daily reminders and escalations",
        "freshness.tasks.send_stale_digest_task",
        ("0", "7", "1-6"),
        '{"weekly": false}',
        "Reminds overdue reviewers, escalates unanswered reminders and critical flags.",
    ),
    (
        "Freshness: weekly digest to editors",
        "freshness.tasks.send_stale_digest_task",
        ("0", "7", "0"),
        '{"weekly": true}',
        "Emails editors the open flags, most severe first (plus the daily reminders).",
    ),
]


def schedule(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour, dow), kwargs, description in SCHEDULES:
        crontab, _ = crontab_model.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=dow,
            day_of_month="*",
            month_of_year="*",
            timezone="UTC",
        )
        task_model.objects.get_or_create(
            name=name,
            defaults={
                "task": task,
                "crontab": crontab,
                "kwargs": kwargs,
                "enabled": True,
                "description": description,
            },
        )


def unschedule(apps, schema_editor):
    names = [row[0] for row in SCHEDULES]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("freshness", "0002_freshness_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
