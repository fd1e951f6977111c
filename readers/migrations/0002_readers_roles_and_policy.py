"""Grant the public site's permissions to the roles; write the first editorial policy."""

from django.db import migrations
from django.utils import timezone

from readers.roles import sync_readers_roles

POLICY = """\
Every article on this site answers one clinical question. This page explains how an
article is written, who checks it, how often it is checked again, which sources we use and
how we correct mistakes.

## How an article is written and reviewed

Our editors write each article from clinical guidelines, peer-reviewed research and
official drug labels, and cite each source where it is used. A finished draft is
**submitted** to the Medical Advisory Board. A board member who has declared no conflict of
interest with the topic takes it **under review**, reads the exact text with its sources,
and either asks the editors for changes or **approves** it.

An approval is for an exact text: the title, the short answer, the body and the cited
references, fingerprinted when the member approves them. Any later change of substance is
reviewed again before readers see it; until then readers keep the approved version.

Articles that are not approved yet may be shown with a caution notice ("Educational purpose
only") and the step they have reached.

## Dates on each article

- **Last updated** is the date of the last change of substance.
- **Medically reviewed by … on …** names each board member who approved the text, with the
  date of their approval.
- **Next review due** is when the board will look at the article again: at least every
  three years, sooner for fast-moving topics.

## Sources

We prefer current clinical practice guidelines, systematic reviews and large trials, then
other peer-reviewed research, and official drug labels for doses and warnings. References
are listed in AMA style with links to the DOI and PubMed record where they exist. We check
cited sources for retractions and newer versions.

## Corrections

Anyone can report a problem with an article using the form at its foot. Editors triage
every report. A report of a clinical error that we accept is handled first: the article is
corrected and reviewed by the board again, and its "Last updated" date changes.

## Independence

Board members declare their financial and other interests; the declarations are published
on the [Medical Advisory Board](/advisory-board/) page. A member never reviews an article
they declared a conflict for, or one they wrote. No article is sponsored.

This site gives professional medical information for education. It does not replace the
advice of a clinician who knows the patient.
"""


def write_policy(apps, schema_editor):
    page_model = apps.get_model("readers", "PolicyPage")
    if not page_model.objects.filter(slug="editorial-policy").exists():
        page_model.objects.create(
            slug="editorial-policy",
            title="Editorial policy",
            body=POLICY,
            updated_at=timezone.now(),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("readers", "0001_public_site"),
        ("articles", "0002_editorial_roles"),
    ]

    operations = [
        migrations.RunPython(sync_readers_roles, migrations.RunPython.noop),
        migrations.RunPython(write_policy, migrations.RunPython.noop),
    ]
