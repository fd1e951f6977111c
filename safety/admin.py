"""Review policies and per-article overrides in the admin; the claim coverage column.

Writes go through ``safety.services``; nothing is deleted (a policy is switched off).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from articles.admin import ServiceErrorsMixin
from articles.models import Article, ArticleStatus

from . import services
from .claims import article_coverage
from .models import ArticleClaimPolicy, ReviewPolicy
from .routing import policy_match

MATCHES_SHOWN = 50  # articles in review looked at on a policy's page


@admin.display(description="claims cited")
def claim_coverage(article) -> str:
    """ "12 of 14 claims cited" for the article list (the current text)."""
    label, uncited = article_coverage(article)
    if uncited:
        return format_html('<span class="claims-uncited">{}</span>', label)
    return label


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(ServiceErrorsMixin, SimpleHistoryAdmin):
    list_display = ["name", "is_active", "conditions", "adds", "changed_at"]
    list_filter = ["is_active", "on_dosing", "on_statistics", "on_recommendations", "audience"]
    search_fields = ["name", "description", "required_specialties"]
    filter_horizontal = ["topics"]
    readonly_fields = ["changed_at", "matches_now"]
    fieldsets = [
        (None, {"fields": ["name", "description", "is_active"]}),
        (
            "When it applies (every condition set must hold; none set: every article)",
            {"fields": ["on_dosing", "on_statistics", "on_recommendations", "topics", "audience"]},
        ),
        (
            "What it adds",
            {
                "fields": [
                    "required_approvals",
                    "required_specialties",
                    "refuse_uncited_claims",
                    "hide_while_pending",
                ]
            },
        ),
        (None, {"fields": ["changed_at", "matches_now"]}),
    ]

    @admin.display(description="articles in review it matches now")
    def matches_now(self, policy: ReviewPolicy) -> str:
        """Which articles in review this (saved) policy matches, and why."""
        if policy.pk is None:
            return "—"
        if not policy.is_active:
            return "None: this policy is switched off."
        policy = ReviewPolicy.objects.prefetch_related("topics").get(pk=policy.pk)
        rows = []
        in_review = (
            Article.objects.filter(status__in=[ArticleStatus.SUBMITTED, ArticleStatus.UNDER_REVIEW])
            .prefetch_related("topics")
            .order_by("title")
        )
        for article in in_review[:MATCHES_SHOWN]:
            if (match := policy_match(policy, article)) is not None:
                rows.append(format_html("<li>{}: {}</li>", article.title, match.explanation))
        if not rows:
            return "None."
        return format_html("<ul>{}</ul>", format_html_join("", "{}", ((r,) for r in rows)))

    @admin.display(description="applies to")
    def conditions(self, policy: ReviewPolicy) -> str:
        parts = [*policy.claim_kinds]
        parts += [f"topic {t.name}" for t in policy.topics.all()]
        if policy.audience:
            parts.append(f"audience {policy.get_audience_display()}")
        return ", ".join(parts) or "every article"

    @admin.display(description="adds")
    def adds(self, policy: ReviewPolicy) -> str:
        parts = []
        if policy.required_approvals:
            parts.append(f"{policy.required_approvals} approvals")
        if policy.specialty_list:
            parts.append(f"one approval from {' or '.join(policy.specialty_list)}")
        if policy.refuse_uncited_claims:
            parts.append("uncited claims refuse submission")
        if policy.hide_while_pending:
            parts.append("kept off the site while pending")
        return "; ".join(parts)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    def save_model(self, request, obj, form, change):
        services.review_policy_save(
            policy=obj, actor=request.user, topics=form.cleaned_data.get("topics")
        )

    def save_related(self, request, form, formsets, change):
        """The service set the topics: skip ``form.save_m2m()``."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ArticleClaimPolicy)
class ArticleClaimPolicyAdmin(ServiceErrorsMixin, SimpleHistoryAdmin):
    list_display = ["article", "uncited_claims", "reason", "changed_by", "changed_at"]
    list_select_related = ["article", "changed_by"]
    autocomplete_fields = ["article"]
    fields = ["article", "uncited_claims", "reason", "changed_by", "changed_at"]
    readonly_fields = ["changed_by", "changed_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "article"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        saved = services.article_claim_policy_set(
            article=obj.article,
            actor=request.user,
            uncited_claims=obj.uncited_claims,
            reason=obj.reason,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False
