from django.db import models


class TaskRun(models.Model):
    """When a watched background job (``ops.health.WATCHED_TASKS``) last started and last
    succeeded, for the readiness check. One row per task, updated in place."""

    task = models.CharField(max_length=200, unique=True)
    first_started_at = models.DateTimeField()
    last_started_at = models.DateTimeField()
    succeeded_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "background job run"
        # Also the home of the metrics permission (an app's permissions belong to a model).
        permissions = [("view_metrics", "Can see the operational metrics at /metrics")]

    def __str__(self) -> str:
        return self.task
