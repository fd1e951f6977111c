from django.db import migrations

from articles.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_article_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
