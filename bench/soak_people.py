"""The simulated people of the soak: editors, the admin, board members, readers, an editor
watching the workspace, and the check that every approval reaches every process."""

# ruff: noqa: S311 - random choices simulate people, not secrets
from __future__ import annotations

import random
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from bench.soak_http import CSRF_INPUT, TOKEN, Browser  # noqa: E402


class People:
    """Mixed into ``Soak``: each method is one person's loop or one step of it."""

    def body(self, keys: list[str]) -> tuple[str, str]:
        token = f"soak-token-{secrets.token_hex(6)}"
        cited = " ".join(f"[@{key}]" for key in keys)
        return token, (
            "## From the research\n\nPsoas myositis is treated with antibiotics and, "
            f"when there is an abscess, drainage {cited}.\n\nRevision {token}.\n"
        )

    def write_article(self, editor, keys):
        from articles import services as article_services

        _, body = self.body(keys)
        article = article_services.article_create(
            actor=editor,
            title=f"Soak question {secrets.token_hex(4)}: how is psoas myositis treated?",
            summary="Antibiotics, and drainage of any abscess.",
            body=body,
        )
        return article_services.article_submit(article=article, actor=editor)

    def member(self, username):
        from review.models import BoardMember

        return BoardMember.objects.get(user__username=username)

    def approve_now(self, article, token_hint):
        from review import services as review_services

        board = random.choice(["drroe", "drsmith"])
        assignment = review_services.review_assign(
            article=article, reviewer=self.member(board), actor=self.users["admin"]
        )
        review_services.review_decide(
            assignment=assignment,
            actor=self.users[board],
            decision="approve",
            evidence_checked=True,
            claims_confirmed=True,
        )
        article.refresh_from_db()
        with self.lock:
            self.approved_slugs.append(article.slug)

    def actor(self, name, step, pause):
        from django.db import DatabaseError, close_old_connections, connection

        from articles.exceptions import ArticleError

        while not self.stop_load.is_set():
            close_old_connections()
            try:
                step()
            except ArticleError as error:
                self.actor_errors[f"{name}: {type(error).__name__}"] += 1
            except DatabaseError as error:
                self.actor_errors[f"{name}: database ({type(error).__name__})"] += 1
                if not self.in_window("postgres", slack=5):
                    self.unexpected[f"{name}: {type(error).__name__}: {error}"[:200]] += 1
                connection.close()
                time.sleep(1)
            except Exception as error:  # noqa: BLE001 - counted and reported, never hidden
                if not self.in_window("redis", slack=5):
                    self.unexpected[f"{name}: {type(error).__name__}: {error}"[:200]] += 1
                else:
                    self.actor_errors[f"{name}: {type(error).__name__} (Redis restarting)"] += 1
            time.sleep(random.uniform(*pause))
        connection.close()

    def editor_step(self, username):
        from articles import services as article_services
        from articles.models import Article, ArticleStatus

        def step():
            editor = self.users[username]
            mine = Article.objects.filter(author=editor)
            returned = mine.filter(status=ArticleStatus.CHANGES_REQUESTED).first()
            approved = (
                mine.filter(status=ArticleStatus.APPROVED).exclude(
                    citations__reference__key="soakretracted"
                ).order_by("?").first()
            )  # fmt: skip
            roll = random.random()
            if returned is not None:
                _, body = self.body([random.choice(self.keys)])
                article_services.article_update(
                    article=returned,
                    actor=editor,
                    expected_lock_version=returned.lock_version,
                    body=body,
                )
                returned.refresh_from_db()
                article_services.article_submit(article=returned, actor=editor)
            elif approved is not None and roll < 0.4:
                article = article_services.article_revise(article=approved, actor=editor)
                _, body = self.body([random.choice(self.keys)])
                article_services.article_update(
                    article=article,
                    actor=editor,
                    expected_lock_version=article.lock_version,
                    body=body,
                )
                article.refresh_from_db()
                article_services.article_submit(
                    article=article,
                    actor=editor,
                    change_kind="update",
                    change_note="Newer evidence on drainage.",
                )
            else:
                self.write_article(editor, [random.choice(self.keys)])

        return step

    def admin_step(self):
        from articles.models import Article, ArticleStatus
        from review import services as review_services
        from review.models import AssignmentState

        def step():
            waiting = Article.objects.filter(status=ArticleStatus.SUBMITTED).exclude(
                assignments__state=AssignmentState.PENDING
            )[:5]
            for article in waiting:
                review_services.review_assign(
                    article=article,
                    reviewer=self.member(random.choice(["drroe", "drsmith"])),
                    actor=self.users["admin"],
                )

        return step

    def board_step(self, username):
        from review import services as review_services
        from review.models import ReviewAssignment

        def step():
            assignment = (
                ReviewAssignment.objects.pending()
                .filter(reviewer__user__username=username)
                .select_related("article")
                .first()
            )
            if assignment is None:
                return
            if random.random() < 0.15:
                review_services.review_decide(
                    assignment=assignment,
                    actor=self.users[username],
                    decision="request_changes",
                    comment="Please cite the drainage trial.",
                )
                return
            decided = review_services.review_decide(
                assignment=assignment,
                actor=self.users[username],
                decision="approve",
                evidence_checked=True,
                claims_confirmed=True,
            )
            # Returned after the commit and its cache bump: the time the approval counts from.
            committed = time.time()
            decided.refresh_from_db(fields=["published_version"])
            live = decided.published_version
            if live is None or live.approved_by_id != self.users[username].pk:
                return  # another member's decision published it (a quorum of more than one)
            token = TOKEN.search(live.body)  # the demo's own articles carry none
            slug = assignment.article.slug
            with self.lock:
                if token:
                    self.approvals.append((slug, token.group(0), committed, live.pk))
                if slug not in self.approved_slugs:
                    self.approved_slugs.append(slug)

        return step

    def reader(self, i):
        browser = Browser(self.results, "reader")
        while not self.stop_load.is_set():
            port = random.choice(self.web_ports)
            with self.lock:
                slug = random.choice(self.approved_slugs)
            roll = random.random()
            if roll < 0.08:
                browser.cookies["audience"] = random.choice(["patient", "clinician"])
            elif roll < 0.12:
                browser.request(
                    port, "GET", f"/audience/patient/?next=/articles/{slug}/", what="audience"
                )
            elif roll < 0.17:
                self.report(browser, port, slug)
                continue
            elif roll < 0.27:
                browser.request(port, "GET", "/", what="home")
                continue
            browser.request(port, "GET", f"/articles/{slug}/", what="article")
            time.sleep(random.uniform(0.01, 0.05))

    def report(self, browser, port, slug):
        status, page = browser.request(port, "GET", f"/articles/{slug}/report/", what="report")
        match = CSRF_INPUT.search(page) if status == 200 else None
        if not match:
            return
        token = f"soak-report-{secrets.token_hex(6)}"
        status, _ = browser.request(
            port,
            "POST",
            f"/articles/{slug}/report/",
            body={
                "csrfmiddlewaretoken": match.group(1),
                "kind": "typo",
                "message": f"A typo in the second paragraph ({token}).",
                "email": "",
                "website": "",
            },
            what="report",
        )
        with self.lock:
            self.reports[token] = status

    def staff(self):
        browser = Browser(self.results, "staff")
        logged_in = False
        while not self.stop_load.is_set():
            if not logged_in:
                logged_in = browser.login(self.web_ports[0], "editor")
            if logged_in:
                port = random.choice(self.web_ports)
                browser.request(port, "GET", "/editorial/my-articles/", what="staff")
            time.sleep(0.5)

    def visibility_checker(self):
        """Once READERS_GENERATION_CHECK_SECONDS have passed since an approval committed,
        every process must show it (each port asked several times: both its workers)."""
        browser = Browser(self.results, "visibility")
        seen = 0
        while not (self.stop_load.is_set() and seen >= len(self.approvals)):
            if seen >= len(self.approvals):
                time.sleep(0.05)
                continue
            slug, token, committed, version_pk = self.approvals[seen]
            seen += 1
            wait = committed + self.args.generation_check + 0.05 - time.time()
            if wait > 0:
                time.sleep(wait)
            for port in self.web_ports:
                for _ in range(3):
                    asked = time.time()
                    status, page = browser.request(
                        port, "GET", f"/articles/{slug}/", what="visibility", record=False
                    )
                    skipped = self.in_window("postgres", at=asked, slack=5) or self.in_window(
                        "redis", at=asked, slack=5
                    )
                    shown = token in page
                    # A newer approval of the same article since (its editor revised it at
                    # once) rightly shows instead: the page is not older than this one.
                    newer = not shown and any(t in page for t in self.newer_tokens(version_pk))
                    self.visibility.append(
                        {
                            "slug": slug,
                            "port": port,
                            "status": status,
                            "cache": browser.last_cache,
                            "shown": shown or newer,
                            "superseded": newer,
                            "after": asked - committed,
                            "at": asked,
                            "skipped": skipped,
                        }
                    )

    def newer_tokens(self, version_pk) -> list[str]:
        """The tokens of the versions of the same article approved after ``version_pk``."""
        from articles.models import PublishedVersion

        version = PublishedVersion.objects.get(pk=version_pk)
        later = PublishedVersion.objects.filter(article_id=version.article_id, pk__gt=version_pk)
        return [m.group(0) for m in map(TOKEN.search, later.values_list("body", flat=True)) if m]

    # -- faults
