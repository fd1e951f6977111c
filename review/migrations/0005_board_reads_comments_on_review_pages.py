"""Board members no longer list review comments in the admin (see ``review.roles``).

Re-runs the idempotent role sync, which removes ``view_reviewcomment`` from the Advisory
Board group; they read the discussion on the review pages of their own assignments.
"""

from django.db import migrations

from review.roles import sync_review_roles


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0004_notification_sending_claim"),
        ("articles", "0003_board_reads_through_review_pages"),
    ]

    operations = [migrations.RunPython(sync_review_roles, migrations.RunPython.noop)]
