"""The soak's invariants and figures (see bench/soak.py). Every check is exact; only the
figures printed beside them are timings."""

from __future__ import annotations

import email
import email.policy
import http.client
from collections import Counter

from prometheus_client.parser import text_string_to_metric_families

SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Report:
    def __init__(self):
        self.failed = []

    def check(self, name: str, ok: bool, detail: str = "") -> None:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}" + (f": {detail}" if detail else ""))
        if not ok:
            self.failed.append(name)


def delivered_emails(folder) -> tuple[Counter, int]:
    """(to, subject, body) of every email the file backend wrote, and unreadable chunks."""
    seen, broken = Counter(), 0
    for path in sorted(folder.iterdir()):
        for chunk in path.read_bytes().split(SEPARATOR):
            if not chunk.strip():
                continue
            try:
                message = email.message_from_bytes(chunk, policy=email.policy.default)
                body = message.get_content().replace("\r\n", "\n").strip()
                seen[(str(message["To"]), str(message["Subject"]), body)] += 1
            except Exception:  # noqa: BLE001 - a chunk cut short by a kill
                broken += 1
    return seen, broken


def scrape(port: int, path: str = "/metrics") -> list:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        text = conn.getresponse().read().decode()
    except OSError:
        return []
    finally:
        conn.close()
    return list(text_string_to_metric_families(text))


def check_everything(soak, replay) -> bool:
    from django.db import close_old_connections
    from django.db.models import Count

    from articles.models import Article, PublishedVersion
    from freshness.models import Reason, StaleFlag
    from readers.models import Feedback
    from review.models import Notification, NotificationStatus, ReviewAssignment

    close_old_connections()
    report = Report()
    rows = soak.results.rows
    pg = soak.windows.get("postgres")
    redis = soak.windows.get("redis")

    def during(window, at, slack=0.0):
        return bool(window) and window[0] - 1 <= at <= window[1] + slack

    print("\n== Figures")
    by_kind = Counter(what for _, what, *_ in rows)
    print(f"  load {soak.args.seconds} s, faults: {soak.args.faults}; requests {len(rows)}: "
          + ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items())))  # fmt: skip
    for kind in ("article", "home", "staff", "report"):
        times = [sec for _, what, _, status, sec, _ in rows if what == kind and status == 200]
        if times:
            print(
                f"  {kind:8} p50 {percentile(times, 0.5) * 1000:6.1f} ms  "
                f"p99 {percentile(times, 0.99) * 1000:6.1f} ms  (n={len(times)})"
            )
    hits = Counter(cache for _, what, _, status, _, cache in rows if what == "article")
    print("  article pages by cache: " + ", ".join(f"{k or 'none'} {n}" for k, n in hits.items()))
    print(f"  approvals during the load {len(soak.approvals)}; editorial refusals "
          f"{sum(soak.actor_errors.values())}")  # fmt: skip
    for what, n in soak.actor_errors.most_common(8):
        print(f"    {n:4} {what}")
    print(f"  reference service requests {replay.requests}")
    for process in soak.processes:
        if process.restarts:
            print(f"  {process.name} restarted by the supervisor {process.restarts} time(s)")

    tasks = Counter()
    for port in soak.worker_ports:
        for family in scrape(port, "/"):
            if family.name == "medreview_celery_tasks":
                for sample in family.samples:
                    if sample.name.endswith("_total"):
                        key = (sample.labels["task"].rsplit(".", 1)[-1], sample.labels["outcome"])
                        tasks[key] += sample.value
    print("  tasks by outcome (workers' /metrics, since their last start): "
          + ", ".join(f"{t} {o} {int(n)}" for (t, o), n in sorted(tasks.items())))  # fmt: skip
    statuses = Counter()
    for port in soak.web_ports:
        for family in scrape(port):
            if family.name == "medreview_http_requests":
                for sample in family.samples:
                    if sample.name.endswith("_total"):
                        statuses[sample.labels["status"]] += sample.value
    print("  responses by status (gunicorns' /metrics): "
          + ", ".join(f"{s} {int(n)}" for s, n in sorted(statuses.items())))  # fmt: skip

    print("\n== Checks")
    # 1. Server errors.
    errors = [r for r in rows if r[3] is not None and r[3] >= 500]
    outside = [r for r in errors if not (r[3] == 503 and during(pg, r[0], slack=10))]
    refused = [r for r in rows if r[3] is None]
    report.check(
        "no server error (a 503 only while PostgreSQL was stopped)",
        not outside and not refused,
        f"{len(errors)} 5xx, {len(outside)} outside the outage, {len(refused)} connection errors"
        + (f"; first: {outside[0][1]} {outside[0][3]}" if outside else ""),
    )
    # 2. Visibility.
    checked = [v for v in soak.visibility if not v["skipped"]]
    missed = [v for v in checked if not v["shown"]]
    delays = [v["after"] for v in checked]
    report.check(
        f"every approval shown by every process {soak.args.generation_check} s after it committed",
        bool(soak.approvals) and not missed,
        f"{len(soak.approvals)} approvals, {len(checked)} page loads checked "
        f"({len(soak.visibility) - len(checked)} skipped during a fault, "
        f"{sum(v['superseded'] for v in checked)} showing a newer approval), {len(missed)} stale; "
        f"asked {min(delays, default=0):.2f}–{max(delays, default=0):.2f} s after",
    )
    for miss in missed[:5]:
        print(
            f"        stale: {miss['slug'][:40]} on :{miss['port']} status {miss['status']} "
            f"cache {miss['cache'] or '-'} "
            f"at {miss['at']:.2f} ({miss['after']:.2f} s after); faults: {soak.events}"
        )
    # 3. Notifications.
    delivered, broken = delivered_emails(soak.mail_dir)
    notifications = list(
        Notification.objects.values_list("email", "subject", "body", "status", "last_attempt_at")
    )
    wanted, sent_keys = Counter(), Counter()
    sending, unsent = [], []
    for address, subject, body, status, attempted in notifications:
        key = (address, subject, body.replace("\r\n", "\n").strip())
        wanted[key] += 1
        if status == NotificationStatus.SENT:
            sent_keys[key] += 1
        elif status == NotificationStatus.SENDING:
            sending.append((key, attempted))
        else:
            unsent.append(status)
    doubled = {k: n for k, n in delivered.items() if n > wanted[k]}
    missing = {k: n for k, n in sent_keys.items() if delivered[k] < n}
    kill_times = [kill["at"] for kill in soak.kills]
    in_flight_at_kill = [
        key for key, attempted in sending
        if attempted and any(0 <= at - attempted.timestamp() <= 5 for at in kill_times)
    ]  # fmt: skip
    stuck_elsewhere = len(sending) - len(in_flight_at_kill)
    report.check(
        "each notification delivered exactly once",
        not doubled and not missing and not unsent and not stuck_elsewhere and not broken,
        f"{len(notifications)} in the outbox, {sum(delivered.values())} delivered, "
        f"{len(doubled)} doubled, {len(missing)} marked sent but not delivered, "
        f"{len(unsent)} not sent, {len(in_flight_at_kill)} claimed by a killed worker "
        f"(at-least-once: resent after the claim times out), {broken} unreadable",
    )
    # 4. Stale flags.
    repeated = (
        StaleFlag.objects.values("article", "reason", "subject_id", "cause")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    retracted = set(
        StaleFlag.objects.filter(reason=Reason.REFERENCE_RETRACTED).values_list(
            "article_id", flat=True
        )
    )
    report.check(
        "each stale flag raised once",
        repeated == 0 and set(soak.retracted_articles) <= retracted,
        f"{StaleFlag.objects.count()} flags, {repeated} raised twice; the retracted citation "
        f"flagged on {len(retracted & set(soak.retracted_articles))} of "
        f"{len(soak.retracted_articles)} articles",
    )
    # 5. Reader reports.
    accepted = [t for t, status in soak.reports.items() if status == 302]
    stored = Counter()
    for message in Feedback.objects.values_list("message", flat=True):
        for token in soak.reports:
            if token in message:
                stored[token] += 1
    report.check(
        "every reader report stored once",
        all(stored[t] == 1 for t in accepted) and all(n <= 1 for n in stored.values()),
        f"{len(soak.reports)} sent, {len(accepted)} accepted, "
        f"{sum(1 for t in accepted if stored[t] == 1)} stored once",
    )
    # 6. Published text.
    history = Article.history.model
    wrong = 0
    versions = PublishedVersion.objects.all()
    for version in versions:
        record = history.objects.filter(history_id=version.history_id).first()
        approvals = ReviewAssignment.objects.filter(published_version=version)
        if (
            record is None
            or (record.title, record.body) != (version.title, version.body)
            or not approvals.exists()
            or approvals.exclude(content_hash=version.content_hash).exists()
        ):
            wrong += 1
    report.check(
        "every published version is the text its approvers approved",
        wrong == 0,
        f"{versions.count()} published versions, {wrong} differing",
    )
    # 7. Faults.
    for kill in soak.kills:
        report.check(
            f"kill -9 {kill['worker']} during {kill['during'] or 'its work'}: the rest finished",
            kill["during"] is not None,
            f"running at the kill: {', '.join(kill['in_flight']) or 'nothing'}",
        )
    if redis:
        after = [
            r
            for r in rows
            if r[0] > redis[1] + 5 and r[1] == "article" and not during(pg, r[0], slack=10)
        ]
        report.check(
            "after the Redis restart readers were served and tasks ran again",
            bool(after) and all(r[3] == 200 for r in after) and tasks,
            f"{len(after)} article pages after it, all 200",
        )
    if pg:
        readers = [r for r in rows if during(pg, r[0]) and r[1] == "article"]
        staff = [r for r in rows if during(pg, r[0]) and r[1] == "staff"]
        served = Counter((r[3], r[5]) for r in readers)
        staff_statuses = Counter(r[3] for r in staff)
        back = [r[0] - pg[1] for r in rows if r[1] == "staff" and r[0] > pg[1] and r[3] == 200]
        report.check(
            "PostgreSQL stopped: readers got cached pages, staff a 503, then it recovered",
            bool(readers)
            and served.get((200, "hit"), 0) + served.get((200, "stale"), 0) > 0
            and all(status in (200, 503) for status, _ in served)
            and set(staff_statuses) <= {200, 503}
            and staff_statuses.get(503, 0) > 0
            and bool(back),
            "readers: "
            + ", ".join(f"{s} {c or 'none'} {n}" for (s, c), n in sorted(served.items(), key=str))
            + "; staff: "
            + ", ".join(f"{s} {n}" for s, n in sorted(staff_statuses.items(), key=str))
            + (f"; staff served again {min(back):.1f} s after it came back" if back else ""),
        )
    if soak.unexpected:
        for what, n in soak.unexpected.most_common(5):
            print(f"        {n} × {what}")
    report.check(
        "no unexpected error in the simulated people's work",
        not soak.unexpected,
        f"{sum(soak.unexpected.values())} unexpected",
    )
    print("\nRESULT: " + ("all checks passed" if not report.failed else f"FAILED: {report.failed}"))
    return not report.failed
