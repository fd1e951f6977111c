"""The one door for every write to an article.

Views, forms, admin actions, management commands and tasks call these functions and
nothing else. Each one runs in a transaction, checks the actor, re-reads the article under
a row lock (on SQLite the write lock and ``ConcurrentTransitionMixin`` do that job), and
refuses a caller whose picture of the article is out of date instead of overwriting
someone else's work.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import django_fsm
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.text import slugify

from accounts.verification import require_second_factor

from . import extensions, selectors, signals
from .exceptions import (
    ActionForbidden,
    ArticleConflict,
    ArticleError,
    ContentChanged,
    TransitionRefused,
)
from .models import (
    SUBSTANCE_FIELDS,
    Article,
    ArticleStatus,
    Audience,
    ChangeKind,
    ExpiryAction,
    PublishedVersion,
    StateChange,
    Topic,
    VersionRelease,
    next_review_date,
    version_name,
)
from .rendering import markdown_problem, render_markdown
from .substance import content_hash_of
from .textclean import invisible_problem, strip_control

# States in which the working text may be edited. An approved article is frozen: start a
# revision first. An archived one must be restored first.
EDITABLE_STATES = {
    ArticleStatus.DRAFT,
    ArticleStatus.SUBMITTED,
    ArticleStatus.UNDER_REVIEW,
    ArticleStatus.CHANGES_REQUESTED,
}
EDITABLE_FIELDS = {
    "title",
    "slug",
    "summary",
    "body",
    "audience",
    "alt_summary",
    "alt_body",
    "change_kind",
    "change_note",
    "review_interval_months",
    "release_at",
    "expires_at",
    "expiry_action",
}
# What may change while an article is approved (related questions too): not what readers
# were shown as approved, only how the article is scheduled and linked.
METADATA_FIELDS = {"review_interval_months", "release_at", "expires_at", "expiry_action"}
# A scheduled release that runs later than this after its time is reported as missed.
RELEASE_GRACE = timedelta(minutes=10)
CONDITION_MESSAGES = {
    "has_title_and_body": "the article needs a question (title) and a body",
}


# --- helpers -------------------------------------------------------------------------


def _lock(article: Article) -> Article:
    try:
        return Article.objects.select_for_update().get(pk=article.pk)
    except Article.DoesNotExist:
        raise ArticleError("This article no longer exists.") from None


def _status_label(status: str) -> str:
    return ArticleStatus(status).label.lower()


def _verb(transition: str) -> str:
    return transition.replace("_", " ")


def _save(article: Article, *, actor, reason: str, comment: str = "") -> int:
    """Save with a history record that names the actor and the reason; return its id.

    The per-article version number (``text_version``) moves when the substance differs
    from the last saved text, whichever service saved it (edit, revert…).
    """
    article.version += 1
    last = (
        article.history.values_list(*SUBSTANCE_FIELDS, "text_version").first()
        if article.pk
        else None
    )
    if last is None:
        article.text_version = 1
    elif tuple(getattr(article, name) for name in SUBSTANCE_FIELDS) != tuple(last[:-1]):
        article.text_version = last[-1] + 1
    article._history_user = actor
    # simple-history keeps at most 100 characters of a reason (PostgreSQL refuses more);
    # the whole comment is kept on the StateChange row.
    article._change_reason = (f"{reason}: {comment}" if comment else reason)[:100]
    try:
        article.save()
    except django_fsm.ConcurrentTransition:
        raise ArticleConflict(
            "This article changed meanwhile (someone else moved it to another state). "
            "Nothing was saved: reload it and try again."
        ) from None
    return article.history.values_list("history_id", flat=True).first()


def _check_release_time(release_at) -> None:
    if release_at is not None and release_at <= timezone.now():
        raise ArticleError(
            f"The go-live time {timezone.localtime(release_at):%Y-%m-%d %H:%M} is in the past. "
            "Choose a later time, or leave it empty to publish as soon as it is approved."
        )


def require_seen_content(
    article: Article,
    *,
    seen_content_hash: str | None,
    seen_version: int | None = None,
    then: str = "decide",
) -> None:
    """Refuse, changing nothing, when ``article`` is no longer the text the person saw.

    Every action that vouches for content (a board decision, its evidence attestation, a
    resubmission) carries the content hash and version number of the page it was taken
    on. ``None`` means the caller has no page to compare (a script); an empty or
    different hash is a refusal. ``article`` must be the locked, current row.
    """
    if seen_content_hash is None:
        return
    if seen_content_hash == content_hash_of(article):
        return
    current = article.text_version
    if seen_version and seen_version != current:
        what = f"The text changed since you opened it (version {seen_version} → {current})"
    elif seen_version:
        what = f"The cited references changed since you opened it (version {current})"
    else:
        what = f"The text changed since you opened it (it is now version {current})"
    raise ContentChanged(
        f"{what}: review the changes, then {then}. Nothing was recorded.",
        seen_version=seen_version,
        current_version=current,
    )


def clean_text_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Strip control characters (NUL…) from the title, summary and body, and refuse what
    must not be stored: invisible formatting characters in the question, a body over the
    size limit. The one place every entry path (admin, editorial screens, imports,
    scripts) goes through; see ``articles.textclean``."""
    for name in ("title", "summary", "body", "alt_summary", "alt_body"):
        if isinstance(values.get(name), str):
            values[name] = strip_control(values[name])
    problem = invisible_problem(values.get("title") or "", "question (title)")
    if problem:
        raise ArticleError(problem)
    body = values.get("body")
    if isinstance(body, str):
        refusal = body_size_problem(body) or markdown_problem(body)
        if refusal:
            raise ArticleError(
                refusal
                if refusal.endswith("Nothing was saved.")
                else f"{refusal} Nothing was saved."
            )
    return values


def body_size_problem(body: str) -> str | None:
    """The refusal for a body over ``ARTICLE_BODY_MAX_KB`` (UTF-8), or ``None``."""
    limit = settings.ARTICLE_BODY_MAX_KB
    size = len(body.encode("utf-8", errors="replace"))
    if size <= limit * 1024:
        return None
    return (
        f"The body is {size / 1024:,.0f} KB of Markdown; the maximum is {limit} KB. "
        "Split it into several articles or shorten it. Nothing was saved."
    )


def _validate(article: Article) -> None:
    # The protected state field cannot be re-assigned by clean_fields(); transitions own it.
    article.full_clean(exclude=["status"])


def _require_perm(actor, codename: str, what: str) -> None:
    if not (actor and actor.is_active and actor.has_perm(f"articles.{codename}")):
        raise ActionForbidden(f"Your role does not allow you to {what}.")
    require_second_factor(actor, what, ActionForbidden)


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:240] or "article"
    slug, n = base, 2
    taken = Article.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _ensure_transition_allowed(
    article: Article, transition: str, actor, *, scheduled: bool = False
) -> None:
    """Raise the clearest refusal for ``actor`` taking ``transition`` on ``article`` now.

    ``scheduled``: the scheduled job acts on an editor's earlier decision (an expiry date
    set with "archive"), with no one to check the role of; the state rules still apply.
    """
    meta = getattr(Article, transition)._django_fsm
    any_transition = next(iter(meta.transitions.values()))
    verb = _verb(transition)
    if not scheduled and not (actor and any_transition.has_perm(article, actor)):
        holds_role = actor and actor.is_active and actor.has_perm(f"articles.{transition}_article")
        if holds_role and article.author_id == actor.pk:
            raise ActionForbidden(
                f"You wrote this article, so you cannot {verb} it; another board member must."
            )
        raise ActionForbidden(f"Your role does not allow you to {verb} articles.")
    if not scheduled:
        require_second_factor(actor, f"{verb} articles", ActionForbidden)
    if not meta.has_transition(article.status):
        labels = [_status_label(s) for s in ArticleStatus.values if meta.has_transition(s)]
        sources = " or ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
        raise TransitionRefused(
            f"Cannot {verb} this article: it is {_status_label(article.status)}; "
            f"this is possible only when it is {sources}."
        )
    transition_obj = meta.get_transition(article.status)
    unmet = [c for c in transition_obj.conditions if not c(article)]
    if unmet:
        problems = [CONDITION_MESSAGES.get(c.__name__, c.__name__) for c in unmet]
        raise TransitionRefused(f"Cannot {verb}: {'; '.join(problems)}.", problems=problems)


def _run_transition(
    *,
    article: Article,
    actor,
    transition: str,
    comment: str = "",
    reason: str | None = None,
    params: dict[str, Any] | None = None,
    before_save=None,
    permission_actor=None,
    scheduled: bool = False,
) -> tuple[Article, StateChange]:
    fresh = _lock(article)
    if fresh.status != article.status:
        raise ArticleConflict(
            f"This article changed meanwhile: it is now {_status_label(fresh.status)}, "
            f"not {_status_label(article.status)}. Nothing was changed; reload and try again."
        )
    _ensure_transition_allowed(fresh, transition, permission_actor or actor, scheduled=scheduled)
    source = fresh.status
    getattr(fresh, transition)(**(params or {}))
    if before_save:
        before_save(fresh)
    _validate(fresh)
    history_id = _save(
        fresh, actor=actor, reason=reason or f"article.{transition}", comment=comment
    )
    change = StateChange.objects.create(
        article=fresh,
        transition=transition,
        source=source,
        target=fresh.status,
        actor=actor,
        comment=comment,
        history_id=history_id,
    )
    extensions.after_transition(
        fresh,
        actor=actor,
        transition=transition,
        source=source,
        target=fresh.status,
        comment=comment,
    )
    transaction.on_commit(
        lambda: signals.article_transitioned.send(
            sender=Article,
            article=fresh,
            actor=actor,
            transition=transition,
            source=source,
            target=fresh.status,
            comment=comment,
        )
    )
    return fresh, change


def _edited(article: Article, *, actor, substance_changed: bool) -> None:
    """Run the in-transaction edit hooks now; tell decoupled listeners after commit."""
    extensions.after_edit(article, actor=actor, substance_changed=substance_changed)
    transaction.on_commit(
        lambda: signals.article_edited.send(
            sender=Article, article=article, actor=actor, substance_changed=substance_changed
        )
    )


# --- creating and editing ------------------------------------------------------------


@transaction.atomic
def article_create(
    *,
    actor,
    title: str,
    body: str = "",
    summary: str = "",
    audience: str = Audience.CLINICIAN,
    alt_summary: str = "",
    alt_body: str = "",
    slug: str = "",
    review_interval_months: int | None = None,
    release_at=None,
    expires_at=None,
    expiry_action: str = ExpiryAction.BANNER,
    related_articles: Iterable[Article] = (),
    topics: Iterable[Topic] = (),
    comment: str = "",
) -> Article:
    _require_perm(actor, "add_article", "create articles")
    cleaned = clean_text_fields({"title": title, "summary": summary, "body": body})
    title, summary, body = cleaned["title"], cleaned["summary"], cleaned["body"]
    article = Article(
        title=title,
        body=body,
        summary=summary,
        audience=audience,
        alt_summary=alt_summary,
        alt_body=alt_body,
        release_at=release_at,
        expires_at=expires_at,
        expiry_action=expiry_action,
        author=actor,
        slug=slug or _unique_slug(title),
    )
    _check_release_time(release_at)
    if review_interval_months is not None:
        article.review_interval_months = review_interval_months
    _validate(article)
    article.version = 0  # _save makes it 1
    _save(article, actor=actor, reason="article.create", comment=comment)
    if related_articles:
        article.related_articles.set(related_articles)
    if topics:
        article.topics.set(topics)
    _edited(article, actor=actor, substance_changed=True)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    actor,
    expected_version: int,
    comment: str = "",
    related_articles: Iterable[Article] | None = None,
    topics: Iterable[Topic] | None = None,
    **changes: Any,
) -> Article:
    """Edit the working text and metadata.

    ``expected_version`` is the version the editor's form was built from: if anyone saved
    since, the edit is refused and nothing is lost. "Last updated" moves only when the
    substance (title, summary, body) changes; a save that changes nothing at all writes
    nothing.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ArticleError(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    _require_perm(actor, "change_article", "edit articles")
    changes = clean_text_fields(dict(changes))
    fresh = _lock(article)
    if fresh.version != expected_version:
        last = fresh.history.select_related("history_user").first()
        who = last.history_user if last and last.history_user else "someone else"
        raise ArticleConflict(
            f"This article was changed by {who} after you opened it "
            f"(it is now {fresh.version_name()}, {_status_label(fresh.status)}). "
            "Your changes were not saved: reload the article and apply them again."
        )
    if fresh.status == ArticleStatus.APPROVED:
        frozen = sorted(
            name for name, value in changes.items()
            if name not in METADATA_FIELDS and getattr(fresh, name) != value
        )  # fmt: skip
        if frozen:
            raise TransitionRefused(
                f"This article is approved and frozen ({', '.join(frozen)}). Start a revision "
                "to change it; readers keep the approved version until the revision is "
                "approved. The review interval, topics and related questions can change at "
                "any time."
            )
    elif fresh.status not in EDITABLE_STATES:
        raise TransitionRefused("This article is archived. Restore it before editing.")

    before = fresh.substance()
    changed = {k: v for k, v in changes.items() if getattr(fresh, k) != v}
    if "release_at" in changed:
        _check_release_time(changed["release_at"])
    for name, value in changed.items():
        setattr(fresh, name, value)
    if related_articles is not None and any(a.pk == fresh.pk for a in related_articles):
        raise ArticleError("An article cannot be related to itself.")
    related_changed = _m2m_differs(fresh.related_articles, related_articles)
    topics_changed = _m2m_differs(fresh.topics, topics)
    if not changed and not related_changed and not topics_changed:
        return fresh
    substance_changed = fresh.substance() != before
    if substance_changed:
        fresh.content_updated_at = timezone.now()
    if "review_interval_months" in changed and fresh.last_reviewed_at:
        # A shorter interval for a fast-moving topic brings the next review forward now.
        fresh.next_review_due = next_review_date(fresh, fresh.last_reviewed_at)
    _validate(fresh)
    _save(fresh, actor=actor, reason="article.update", comment=comment)
    if related_changed:
        fresh.related_articles.set(related_articles)
    if topics_changed:
        fresh.topics.set(topics)
    _edited(fresh, actor=actor, substance_changed=substance_changed)
    return fresh


def _m2m_differs(current, wanted) -> bool:
    """Whether a many-to-many field should change; ``None`` means "leave it as it is"."""
    if wanted is None:
        return False
    return {obj.pk for obj in wanted} != set(current.values_list("pk", flat=True))


# --- transitions -------------------------------------------------------------------


def change_note_problems(article: Article) -> list[str]:
    """A revision of an approved article says what changed, for the public record."""
    if not article.published_versions.exists():
        return []
    problems = []
    if not article.change_note.strip():
        problems.append(
            "this is a revision of an approved article: say what changed (a short note "
            "readers will see in the article history)"
        )
    if article.change_kind not in ChangeKind.values:
        problems.append("choose the kind of change: update, correction or minor")
    return problems


@transaction.atomic
def article_submit(
    *,
    article: Article,
    actor,
    comment: str = "",
    change_kind: str | None = None,
    change_note: str | None = None,
    seen_content_hash: str | None = None,
    seen_version: int | None = None,
) -> Article:
    """Hand the article to the board. Refused, naming every problem, while any check fails.

    A submission vouches for the text on the submitter's screen: from a page built on an
    older text (``seen_content_hash``) it is refused and nothing changes. A revision of an
    approved article needs ``change_kind`` and ``change_note`` (given here, or saved on the
    article before): they become its public "what changed" entry.
    """

    def checks(fresh: Article) -> None:
        require_seen_content(
            fresh, seen_content_hash=seen_content_hash, seen_version=seen_version, then="submit"
        )
        if change_kind is not None:
            fresh.change_kind = change_kind
        if change_note is not None:
            fresh.change_note = change_note.strip()
        problems = change_note_problems(fresh) + extensions.submit_problems(fresh)
        if problems:
            raise TransitionRefused(f"Cannot submit: {'; '.join(problems)}", problems=problems)

    fresh, _ = _run_transition(
        article=article, actor=actor, transition="submit", comment=comment, before_save=checks
    )
    return fresh


@transaction.atomic
def article_withdraw(*, article: Article, actor, comment: str = "") -> Article:
    return _run_transition(article=article, actor=actor, transition="withdraw", comment=comment)[0]


@transaction.atomic
def article_start_review(
    *, article: Article, actor, comment: str = "", on_behalf_of=None
) -> Article:
    """The board picks the article up.

    ``on_behalf_of`` is the board member for whom ``actor`` starts the review, as when an
    editor assigns the first reviewer (the app above authorises that assignment): the
    transition's permission is checked against the member (the board role, never their own
    article), while the state change and history name ``actor``, who did it.
    """
    return _run_transition(
        article=article,
        actor=actor,
        transition="start_review",
        comment=comment,
        permission_actor=on_behalf_of,
    )[0]


@transaction.atomic
def article_request_changes(*, article: Article, actor, comment: str = "") -> Article:
    return _run_transition(
        article=article, actor=actor, transition="request_changes", comment=comment
    )[0]


@transaction.atomic
def article_revise(*, article: Article, actor, comment: str = "") -> Article:
    return _run_transition(article=article, actor=actor, transition="revise", comment=comment)[0]


@transaction.atomic
def article_archive(*, article: Article, actor, comment: str = "") -> Article:
    return _run_transition(article=article, actor=actor, transition="archive", comment=comment)[0]


@transaction.atomic
def article_restore(*, article: Article, actor, comment: str = "") -> Article:
    return _run_transition(article=article, actor=actor, transition="restore", comment=comment)[0]


@transaction.atomic
def article_approve(
    *,
    article: Article,
    actor,
    comment: str = "",
    published: dict[str, Any] | None = None,
    seen_content_hash: str | None = None,
    seen_version: int | None = None,
) -> PublishedVersion:
    """Approve the current version and freeze what readers will see of it.

    ``published`` lets the approving service above this app supply what it alone can
    build (the body with numbered citations, formatted references, the reviewers with
    credentials); by default the plain Markdown body is rendered and the approver listed.
    """
    now = timezone.now()
    embargo = {}

    def publishable(fresh: Article) -> None:
        require_seen_content(
            fresh, seen_content_hash=seen_content_hash, seen_version=seen_version, then="decide"
        )
        # An embargo set on the working article applies to this approval, once.
        embargo["until"] = fresh.release_at if fresh.release_at and fresh.release_at > now else None
        fresh.release_at = None
        if fresh.is_expired(now):  # the board has just reviewed it again
            fresh.expires_at = None
        # What could not be submitted cannot be approved either (e.g. a citation key added
        # during the review that the library does not know), nor anything a registered
        # check refuses (the board's quorum of approvals of this exact text).
        problems = extensions.approve_problems(fresh)
        if problems:
            raise TransitionRefused(f"Cannot approve: {'; '.join(problems)}", problems=problems)

    fresh, _ = _run_transition(
        article=article,
        actor=actor,
        transition="approve",
        comment=comment,
        params={"at": now},
        before_save=publishable,
    )
    history_id = fresh.history.values_list("history_id", flat=True).first()
    data = {
        "body_html": render_markdown(fresh.body),
        "alt_body_html": render_markdown(fresh.alt_body) if fresh.alt_body.strip() else "",
        "references": [],
        "reviewers": [{"name": actor.get_full_name() or actor.get_username(), "credentials": ""}],
        **(published or {}),
    }
    data["release_at"] = embargo.get("until")
    version = _publish(fresh, actor=actor, history_id=history_id, approved_at=now, data=data)
    transaction.on_commit(
        lambda: signals.article_approved.send(
            sender=Article, article=fresh, actor=actor, published_version=version
        )
    )
    return version


def _publish(article: Article, *, actor, history_id: int, approved_at, data) -> PublishedVersion:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return PublishedVersion.objects.create(
                    article=article,
                    history_id=history_id,
                    text_version=article.text_version,
                    title=article.title,
                    summary=article.summary,
                    body=article.body,
                    audience=article.audience,
                    alt_summary=article.alt_summary,
                    alt_body=article.alt_body,
                    change_kind=article.change_kind,
                    change_note=article.change_note,
                    content_hash=content_hash_of(article),
                    approval_reference=_next_approval_reference(approved_at.year),
                    content_updated_at=article.content_updated_at,
                    approved_at=approved_at,
                    approved_by=actor,
                    **data,
                )
        except IntegrityError:  # another approval took the same reference: take the next
            continue
    raise ArticleConflict("Could not allocate an approval reference; please try again.")


def _next_approval_reference(year: int) -> str:
    """``MAB-<year>-<n>``, numbered from 1 each year, e.g. ``MAB-2026-0042``."""
    prefix = f"MAB-{year}-"
    last = (  # longest first, then highest: "…-10000" sorts after "…-9999"
        PublishedVersion.objects.filter(approval_reference__startswith=prefix)
        .order_by(Length("approval_reference").desc(), "-approval_reference")
        .values_list("approval_reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def article_revert(*, article: Article, actor, history_id: int, comment: str = "") -> Article:
    """Put an older version's substance back, as a new draft version.

    What is approved never changes silently: the published version stays live until the
    reverted text is reviewed and approved again.
    """
    old = article.history.filter(history_id=history_id).first()
    if old is None:
        raise ArticleError("That version is not a version of this article.")
    target = {name: getattr(old, name) for name in SUBSTANCE_FIELDS}
    stamp = timezone.localtime(old.history_date).strftime("%Y-%m-%d %H:%M")

    def touch(fresh: Article) -> None:
        # Compared with the locked row (the transition has already copied ``target``).
        if fresh.history.values_list(*SUBSTANCE_FIELDS).first() == tuple(
            target[name] for name in SUBSTANCE_FIELDS
        ):
            raise TransitionRefused(
                "That version has the same content as the current one: there is nothing to revert."
            )
        fresh.content_updated_at = timezone.now()

    fresh, _ = _run_transition(
        article=article,
        actor=actor,
        transition="revert",
        comment=comment,
        reason=f"article.revert (to {version_name(old.text_version)} of {stamp})",
        params={"to": target},
        before_save=touch,
    )
    _edited(fresh, actor=actor, substance_changed=True)
    return fresh


# --- scheduled publishing and expiry (called by the scheduled job) --------------------


def _stamp(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def _record_event(article: Article, *, transition: str, comment: str, at) -> StateChange:
    """A timeline entry for something the schedule did that changes no state."""
    return StateChange.objects.create(
        article=article,
        transition=transition,
        source=article.status,
        target=article.status,
        actor=None,
        comment=comment,
        at=at,
        history_id=article.history.values_list("history_id", flat=True).first(),
    )


@transaction.atomic
def published_version_release(*, version: PublishedVersion, now=None) -> VersionRelease | None:
    """Put an embargoed approved version live, once its time has come (idempotent).

    Returns the release, or None when there is nothing to do (not embargoed, not due yet,
    already released, or the article was archived meanwhile). A release that runs more
    than ``RELEASE_GRACE`` after its time (the scheduler was down) still happens, and the
    timeline says it was late.
    """
    now = now or timezone.now()
    version = (
        PublishedVersion.objects.select_for_update().select_related("article").get(pk=version.pk)
    )
    if version.release_at is None or version.release_at > now:
        return None
    if VersionRelease.objects.filter(published_version=version).exists():
        return None
    article = version.article
    if article.status == ArticleStatus.ARCHIVED:
        return None
    late = now - version.release_at > RELEASE_GRACE
    release = VersionRelease.objects.create(
        published_version=version, due_at=version.release_at, released_at=now, late=late
    )
    if late:
        comment = (
            f"{version.approval_reference} was scheduled to go live at "
            f"{_stamp(version.release_at)} but the scheduled job did not run then (missed "
            f"release); released at the next run, {_stamp(now)}."
        )
    else:
        comment = f"{version.approval_reference} went live as scheduled ({_stamp(now)})."
    _record_event(article, transition="release", comment=comment, at=now)
    transaction.on_commit(
        lambda: signals.article_released.send(sender=Article, article=article, release=release)
    )
    return release


@transaction.atomic
def article_expire(*, article: Article, now=None) -> str:
    """Apply the article's expiry once its date has passed (idempotent).

    "archive": archived by the schedule (readers get the "withdrawn" page, saying when and
    why); "banner": stays public with an "under review" banner, recorded in the timeline.
    Returns what was done: "archived", "banner" or "" (nothing to do).
    """
    now = now or timezone.now()
    fresh = _lock(article)
    if not fresh.is_expired(now) or fresh.status == ArticleStatus.ARCHIVED:
        return ""
    if not fresh.published_versions.exists():
        return ""  # never public: nothing for readers to expire
    when = timezone.localtime(fresh.expires_at).strftime("%B %-d, %Y %H:%M %Z")
    reason = f"Its expiry date ({when}) passed"
    if fresh.expiry_action == ExpiryAction.ARCHIVE:
        _run_transition(
            article=fresh,
            actor=None,
            transition="archive",
            comment=f"{reason}: withdrawn by the publishing schedule.",
            reason="article.expire",
            scheduled=True,
        )
        return "archived"
    if fresh.state_changes.filter(transition="expire", at__gte=fresh.expires_at).exists():
        return ""
    _record_event(
        fresh,
        transition="expire",
        comment=f"{reason}: shown to readers with an “under review” banner.",
        at=now,
    )
    transaction.on_commit(
        lambda: signals.article_expired.send(sender=Article, article=fresh, action="banner")
    )
    return "banner"


def publishing_schedule_run(*, now=None) -> dict[str, int]:
    """Release every embargoed version that is due and apply every expiry that is due.

    Each item is its own transaction, so one failure leaves the others done; running it
    again does nothing more (the services are idempotent). Called every minute by the beat
    job and by ``manage.py run_publishing_schedule``.
    """
    now = now or timezone.now()
    done = {"released": 0, "late": 0, "archived": 0, "banner": 0}
    for version in selectors.releases_due(now):
        release = published_version_release(version=version, now=now)
        if release is not None:
            done["released"] += 1
            done["late"] += int(release.late)
    for article in selectors.expiries_due(now):
        action = article_expire(article=article, now=now)
        if action:
            done[action] += 1
    return done


# Used by the admin's transition buttons and the editorial screens: name → service.
TRANSITION_SERVICES = {
    "submit": article_submit,
    "withdraw": article_withdraw,
    "start_review": article_start_review,
    "request_changes": article_request_changes,
    "approve": article_approve,
    "revise": article_revise,
    "archive": article_archive,
    "restore": article_restore,
}


def article_apply_transition(
    *, article: Article, actor, transition: str, comment: str = "", **extra: Any
):
    """``extra``: the submit service's ``change_kind`` and ``change_note``."""
    try:
        service = TRANSITION_SERVICES[transition]
    except KeyError:
        raise ArticleError(f"There is no action called “{transition}”.") from None
    return service(article=article, actor=actor, comment=comment, **extra)
