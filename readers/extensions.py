"""The public site's part in the review: staff previews drawn in the public layout."""

from __future__ import annotations

from review.extensions import ReviewExtension


class ReadersReview(ReviewExtension):
    def render_preview(self, request, version):
        from .views import render_staff_preview

        return render_staff_preview(request, version)
