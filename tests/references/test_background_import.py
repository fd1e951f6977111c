"""Large reference files import as a background job: progress the user can
see, all or nothing per file, the size limit stated in the form."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from references import services
from references.models import ImportState, Reference, ReferenceImport
from references.services import importing


def bibtex(n: int) -> bytes:
    entry = (
        "@article{{k{i}, author={{Crum, Nancy F and Smith, John}}, title={{Bacterial "
        "pyomyositis in the United States, case {i}: a long title to make the file larger}}, "
        "journal={{Am J Med}}, year={{2004}}, volume={{117}}, pages={{420--428}}, "
        "note={{{pad}}}}}\n"
    )
    return "".join(entry.format(i=i, pad="x" * 700) for i in range(n)).encode()


def test_the_form_states_the_size_limit(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:references_reference_import")).content.decode()
    assert "At most 5 MB per file." in page


def test_a_large_file_runs_as_a_job_and_reports_when_done(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    content = bibtex(320)
    assert len(content) > importing.BACKGROUND_IMPORT_BYTES
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:references_reference_import"),
            {"file": SimpleUploadedFile("big.bib", content)},
        )
    job = ReferenceImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:references_reference_import_job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == ImportState.DONE and job.created_count == 320
    assert Reference.objects.count() == 320
    page = client.get(response["Location"]).content.decode()
    assert "Imported 320, matched 0 existing, 0 errors (BibTeX)." in page
    assert 'http-equiv="refresh"' not in page


def test_the_progress_page_while_it_runs(client, editor):
    job = ReferenceImport.objects.create(
        created_by=editor, filename="big.bib", content="", state=ImportState.RUNNING
    )
    cache.set(job.progress_key, (300, 1200))
    client.force_login(editor)
    page = client.get(reverse("admin:references_reference_import_job", args=[job.pk]))
    text = page.content.decode()
    assert "300 of 1200 entries" in text and 'http-equiv="refresh"' in text
    assert "if it stops half way, nothing is imported" in text


def test_a_failure_half_way_imports_nothing(editor, monkeypatch):
    job = services.reference_import_start(actor=editor, content=bibtex(60), filename="f.bib")
    real = importing._create_or_match
    calls = {"n": 0}

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 30:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(importing, "_create_or_match", failing)
    with pytest.raises(RuntimeError):
        services.reference_import_run(job=job)
    job.refresh_from_db()
    assert job.state == ImportState.FAILED and "nothing was imported" in job.message
    assert Reference.objects.count() == 0


def test_running_a_finished_job_again_changes_nothing(editor):
    job = services.reference_import_start(actor=editor, content=bibtex(3), filename="f.bib")
    services.reference_import_run(job=job)
    services.reference_import_run(job=job)
    assert Reference.objects.count() == 3


def test_a_job_without_the_role_is_refused(board_member):
    from articles.exceptions import ActionForbidden

    with pytest.raises(ActionForbidden, match="import references"):
        services.reference_import_start(actor=board_member, content=b"x", filename="f.bib")
    assert not ReferenceImport.objects.exists()
