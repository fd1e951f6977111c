"""Board members lose ``view_citation``: the citation admin listed every article's title,
drafts included (see references/roles.py)."""

from django.db import migrations

from references.roles import sync_reference_roles


class Migration(migrations.Migration):
    dependencies = [("references", "0003_reference_status_details")]

    operations = [migrations.RunPython(sync_reference_roles, migrations.RunPython.noop)]
