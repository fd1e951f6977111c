"""The soak's faults: a worker killed during a scan and during a batch of emails, Redis
restarted with its data lost, PostgreSQL stopped for a while."""

# ruff: noqa: S311 - random choices simulate people, not secrets
from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.soak_stack import (  # noqa: E402
    say,
)


class Faults:
    """Mixed into ``Soak``: when each fault happens and what it does."""

    def in_window(self, fault, *, at=None, slack=0.0) -> bool:
        window = self.windows.get(fault)
        if not window:
            return False
        at = at or time.time()
        end = window[1] if window[1] else float("inf")
        return window[0] - 1 <= at <= end + slack

    def mark(self, what):
        self.events.append((time.time(), what))
        say(what)

    def kill_worker_during(self, name, task_fragment, trigger):
        """Trigger work, then kill -9 the worker as soon as its log shows such a task
        started and not finished; restart it after three seconds."""
        process = self.process(name)
        offset = process.log.stat().st_size
        deadline = time.monotonic() + 40
        running: dict[str, str] = {}
        caught = None
        next_trigger = 0.0
        pattern = re.compile(r"Task (\S+)\[([0-9a-f-]+)\] (started|succeeded|failed|retry)")
        with open(process.log, "rb") as log:
            log.seek(offset)
            while time.monotonic() < deadline and caught is None:
                if time.monotonic() >= next_trigger:  # again, if the other worker took it
                    threading.Thread(target=self.quietly, args=(trigger,), daemon=True).start()
                    next_trigger = time.monotonic() + 8
                # Everything logged so far, then: is such a task running right now?
                for line in log.readlines():
                    if not line.endswith(b"\n"):  # still being written: read it next time
                        log.seek(-len(line), os.SEEK_CUR)
                        break
                    try:
                        found = pattern.match(json.loads(line).get("message", ""))
                    except ValueError:
                        continue
                    if found:
                        task, task_id, what = found.groups()
                        if what == "started":
                            running[task_id] = task
                        else:
                            running.pop(task_id, None)
                caught = next((t for t in running.values() if task_fragment in t), None)
                if caught is None:
                    time.sleep(0.002)
        process.expected_down = True
        at = time.time()
        process.kill9()
        in_flight = sorted(running.values())
        self.kills.append({"worker": name, "at": at, "during": caught, "in_flight": in_flight})
        self.mark(f"kill -9 {name} (running: {', '.join(in_flight) or 'nothing seen'})")
        time.sleep(3)
        process.start()
        process.expected_down = False
        self.mark(f"{name} restarted")

    def quietly(self, work):
        from django.db import connection

        try:
            work()
        except Exception as error:  # noqa: BLE001 - reported
            self.unexpected[f"fault trigger: {type(error).__name__}: {error}"[:200]] += 1
        finally:
            connection.close()

    def trigger_scans(self):
        from freshness.tasks import scan_stale_content_task

        for _ in range(4):
            scan_stale_content_task.delay()

    def trigger_notifications(self):
        """A batch: eight articles assigned to both board members (sixteen emails)."""
        from articles.exceptions import ArticleError
        from review import services as review_services

        for i in range(8):
            article = self.write_article(
                self.users["editor" if i % 2 else "editor2"], self.keys[:1]
            )
            for board in ("drroe", "drsmith"):
                try:
                    review_services.review_assign(
                        article=article, reviewer=self.member(board), actor=self.users["admin"]
                    )
                except ArticleError:  # the admin's own round assigned this member first
                    self.actor_errors["fault batch: already assigned"] += 1

    def restart_redis(self):
        self.windows["redis"] = (time.time(), 0)
        self.mark("Redis stopped (its data is lost)")
        self.redis.stop()
        time.sleep(3)
        self.redis.start()
        self.windows["redis"] = (self.windows["redis"][0], time.time())
        self.mark("Redis started again, empty")

    def stop_postgres(self):
        self.windows["postgres"] = (time.time(), 0)
        self.mark("PostgreSQL stopped for 20 s")
        self.pg.stop()
        time.sleep(20)
        self.pg.start()
        self.windows["postgres"] = (self.windows["postgres"][0], time.time())
        self.mark("PostgreSQL started again")

    def faults(self):
        from django.db import connection

        seconds = self.args.seconds
        plan = []
        if self.args.faults in ("worker", "all"):
            plan += [
                (0.2, lambda: self.kill_worker_during("worker1", "scan_stale", self.trigger_scans)),
                (
                    0.45 if self.args.faults == "all" else 0.55,
                    lambda: self.kill_worker_during(
                        "worker2", "send_notification", self.trigger_notifications
                    ),
                ),
            ]
        if self.args.faults == "all":
            plan += [(0.3, self.restart_redis), (0.6, self.stop_postgres)]
        plan.sort(key=lambda item: item[0])
        started = self.load_started
        for share, fault in plan:
            wait = started + share * seconds - time.time()
            if wait > 0 and self.stop_load.wait(wait):
                break
            try:
                fault()
            except Exception as error:  # noqa: BLE001 - reported
                self.unexpected[f"fault: {type(error).__name__}: {error}"[:200]] += 1
            connection.close()

    # -- running it
