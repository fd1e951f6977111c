"""The log of ingest calls: every call made with a key, answered or refused."""

from __future__ import annotations

from .models import ApiCall, ApiKey


def log_call(request, status: int, *, external_id: str = "", article=None, outcome: str = ""):
    """Record the call when it carried a known key (read calls and unknown keys are not
    logged here: the access log has them)."""
    key = getattr(request, "auth", None)
    if not isinstance(key, ApiKey):
        return
    ApiCall.objects.create(
        api_key=key,
        method=request.method[:10],
        path=request.path[:300],
        status=status,
        external_id=external_id[:100],
        article=article,
        outcome=outcome[:2000],
    )
