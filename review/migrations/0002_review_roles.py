"""Grant the review permissions to the editorial groups (see ``review.roles``)."""

from django.db import migrations

from review.roles import sync_review_roles


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_board_review"),
        ("articles", "0002_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_review_roles, migrations.RunPython.noop)]
