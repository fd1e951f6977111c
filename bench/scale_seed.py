"""Fill a database for bench/scale.py: resumable bulk copies of service-made templates.

For ``n`` articles: ``2n`` references, about ``15n`` citations, 300 board members, 20
editors, 20 topics, ``n / 10`` reader reports and questions, one article with 40 versions,
and (after the stale scan the bench runs) about ``n / 2`` open stale flags. Each batch
of copies is one transaction, so an interrupted run resumes at the next batch.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

import scale_content as content
from django.db import connection, transaction
from scale_clone import (
    Group,
    Words,
    compare,
    content_hash,
    hash_of,
    insert,
    next_ids,
    reset_sequences,
)

BATCH = 2000
TOPICS = 20


def ref_word(r: int) -> str:
    return content.VOCABULARY[(r * 7919) % len(content.VOCABULARY)]


def ref_values(r: int) -> dict[str, str]:
    """What reference copy ``r`` (of template slot r % SLOTS) puts for the placeholders."""
    slot = r % content.REFERENCE_SLOTS
    return {
        content.ref_key(slot): f"sr{r}",
        f"zzrt{slot:02d}": ref_word(r),
        f"zzrd{slot:02d}": f"scale.{r}",
        content.ref_pmid(slot): str(20_000_000 + r),
    }


class References:
    def __init__(self, who):
        from references.models import Reference, fingerprint

        self.templates = content.reference_templates(who.admin)
        self.groups = [Group(Reference, t.pk) for t in self.templates]
        self.words = [
            Words([*ref_values(slot), t.fingerprint]) for slot, t in enumerate(self.templates)
        ]
        self.fingerprint = fingerprint
        self._ids: dict[str, int] = {}
        self._identities: dict[int, dict] = {}

    def values(self, r: int) -> dict[str, str]:
        slot = r % content.REFERENCE_SLOTS
        values = ref_values(r)
        data = content.reference_data(
            slot, title_word=ref_word(r), doi=f"10.5555/scale.{r}", pmid=str(20_000_000 + r)
        )
        values[self.templates[slot].fingerprint] = self.fingerprint(data)
        return values

    def identity(self, r: int) -> dict[str, str]:
        """The cited identity of copy ``r`` (key, DOI, PMID, AMA text), for content hashes."""
        if r not in self._identities:
            slot = r % content.REFERENCE_SLOTS
            template = self.templates[slot]
            fill = self.words[slot](ref_values(r))
            self._identities[r] = {
                "doi": fill(template.doi),
                "pmid": fill(template.pmid),
                "text": fill(template.formatted_text),
            }
        return self._identities[r]

    def seed(self, total: int) -> None:
        from references.models import Reference

        have = Reference.objects.filter(key__startswith="sr").count()
        tables = self.groups[0].tables
        for lo in range(have, total, BATCH * 5):
            hi = min(total, lo + BATCH * 5)
            with transaction.atomic():
                ids, out = next_ids(tables), {t: [] for t in tables}
                for r in range(lo, hi):
                    slot = r % content.REFERENCE_SLOTS
                    fill = self.words[slot](self.values(r))
                    rows = self.groups[slot].copy(
                        next_ids=ids, swap={}, shift=timedelta(0), words=fill
                    )
                    for table in tables:
                        out[table] += rows[table]
                for table in tables:
                    insert(table, out[table])
                reset_sequences(tables)
            print(f"  references {hi:,}/{total:,}", flush=True)

    def id_of(self, r: int) -> int:
        if not self._ids:
            from references.models import Reference

            self._ids = dict(
                Reference.objects.filter(key__startswith="sr").values_list("key", "pk")
            )
        return self._ids[f"sr{r}"]


class Articles:
    def __init__(self, who, refs: References, n_refs: int):
        from articles.models import Article
        from review.models import BoardMember

        self.who, self.refs, self.n_refs = who, refs, n_refs
        from articles.models import SUBSTANCE_FIELDS
        from references.markers import cited_keys

        self.groups, self.hashes, self.words, self.texts = {}, {}, {}, {}
        template_refs = {
            t.key: {"doi": t.doi, "pmid": t.pmid, "text": t.formatted_text} for t in refs.templates
        }
        for shape in content.SHAPES:
            slug = f"zztpl-{shape.name}"
            article = Article.objects.filter(slug=slug).first() or content.build_article(
                shape, who, slug=slug
            )
            group = Group(Article, article.pk)
            history = group.rows["articles_historicalarticle"]
            known = {content_hash(row, template_refs) for row in history}
            used = {
                row["content_hash"]
                for table in ("articles_publishedversion", "review_reviewassignment")
                for row in group.rows[table]
                if row["content_hash"]
            }
            if used - known:
                raise SystemExit(f"{shape.name}: the bench computes content hashes differently")
            self.groups[shape.name] = group
            self.hashes[shape.name] = known
            keys = [*content.WORD_SLOTS, "zzeditor", "zzmember", slug]
            for slot in range(content.REFERENCE_SLOTS):
                keys += list(ref_values(slot))
            keys += [h for h in known] + [h[:12] for h in known]
            keys += [r["approval_reference"] for r in group.rows["articles_publishedversion"]]
            keys.append(f"/articles/{article.pk}/")  # links in notifications
            self.words[shape.name] = Words(keys)
            texts = {}
            for row in history:  # each distinct text once: (its hash, fields, cited keys)
                fields = {k: row[k] for k in SUBSTANCE_FIELDS}
                texts.setdefault(
                    content_hash(row, template_refs), (fields, cited_keys(row["body"]))
                )
            self.texts[shape.name] = [(h, f, k) for h, (f, k) in texts.items()]
        self.template_refs = template_refs
        from django.contrib.auth.models import User

        self.editors = list(
            User.objects.filter(username__startswith="editor")
            .order_by("username")
            .values_list("pk", "username")
        )
        self.members = list(
            BoardMember.objects.filter(user__username__startswith="member")
            .order_by("pk")
            .values_list("pk", "user_id", "user__username")
        )
        from articles.models import Topic

        for n in range(TOPICS):
            Topic.objects.get_or_create(slug=f"topic-{n}", defaults={"name": f"Topic {n}"})
        self.topics = list(
            Topic.objects.filter(slug__startswith="topic-").values_list("pk", flat=True)
        )
        self.counters: dict[int, int] = {}

    def plan(self, i: int, slug: str):
        """Copy ``i``: its shape, words, people, references and age."""
        rng = random.Random(i)  # noqa: S311 - repeatable bench data
        shape = rng.choices(content.SHAPES, weights=[s.weight for s in content.SHAPES])[0]
        values = {slot: rng.choice(content.VOCABULARY) for slot in content.WORD_SLOTS}
        group = self.groups[shape.name]
        values[group.rows["articles_article"][0]["slug"]] = slug
        editor_pk, editor_name = self.editors[i % len(self.editors)]
        member_pk, member_user, member_name = self.members[rng.randrange(len(self.members))]
        values["zzeditor"], values["zzmember"] = editor_name, member_name
        per_slot = max(1, self.n_refs // content.REFERENCE_SLOTS)
        chosen = {}
        for slot in content.shape_slots(shape):
            r = slot + content.REFERENCE_SLOTS * rng.randrange(per_slot)
            chosen[slot] = r
            values.update(ref_values(r))
        days = rng.randrange(1500) if shape.state == "approved" else rng.randrange(90)
        return shape, values, (editor_pk, member_pk, member_user), chosen, timedelta(days=days)

    def copy(self, i: int, slug: str, ids: dict[str, int]):
        shape, values, (editor_pk, member_pk, member_user), chosen, shift = self.plan(i, slug)
        group = self.groups[shape.name]
        words = self.words[shape.name]
        fill = words(values)
        cited = {}
        for r in chosen.values():
            cited[f"sr{r}"] = self.refs.identity(r)
        for old, fields, keys in self.texts[shape.name]:
            text = {k: fill(v) for k, v in fields.items()}
            cited_rows = [{"key": fill(k), **cited[fill(k)]} for k in keys if fill(k) in cited]
            new = hash_of(text, cited_rows)
            values[old], values[old[:12]] = new, new[:12]
        for row in group.rows["articles_publishedversion"]:
            year = (row["approved_at"] - shift).year
            if year not in self.counters:
                self.counters[year] = _last_approval_number(year)
            self.counters[year] += 1
            values[row["approval_reference"]] = f"MAB-{year}-{self.counters[year]:04d}"
        template_pk = group.rows["articles_article"][0]["id"]
        values[f"/articles/{template_pk}/"] = f"/articles/{ids['articles_article']}/"
        tpl = self.who
        swap = {
            "auth_user": {tpl.editor.pk: editor_pk, tpl.member.user_id: member_user},
            "review_boardmember": {tpl.member.pk: member_pk},
            "references_reference": {
                self.refs.templates[slot].pk: self.refs.id_of(r) for slot, r in chosen.items()
            },
        }
        return group.copy(next_ids=ids, swap=swap, shift=shift, words=words(values)), shape

    def seed(self, total: int) -> None:
        from articles.models import Article

        have = Article.objects.filter(slug__regex=r"^scale-[0-9]+$").count()
        self.counters = {}  # numbered from what the database holds now
        tables = self.groups[content.SHAPES[0].name].tables
        started = time.perf_counter()
        for lo in range(have, total, BATCH):
            hi = min(total, lo + BATCH)
            with transaction.atomic():
                ids, out = next_ids(tables), {t: [] for t in tables}
                topics = []
                for i in range(lo, hi):
                    rows, _ = self.copy(i, f"scale-{i}", ids)
                    for table in tables:
                        out[table] += rows.get(table, [])
                    article_id = rows["articles_article"][0]["id"]
                    topics.append({"article_id": article_id, "topic_id": self.topics[i % TOPICS]})
                for table in tables:
                    insert(table, out[table])
                insert("articles_article_topics", topics)
                reset_sequences([*tables, "articles_article_topics"])
            rate = (hi - have) / (time.perf_counter() - started)
            print(f"  articles {hi:,}/{total:,} ({rate:.0f}/s)", flush=True)

    def check(self) -> None:
        """Make one article of each shape through the services with a copy's words, people
        and references, and compare it with the bulk copy, field for field."""
        from django.contrib.auth.models import User

        from articles.models import Article
        from review.models import BoardMember

        for n, shape in enumerate(content.SHAPES):
            slug = f"scale-check-{shape.name}"
            i = 10_000_000 + n
            while self.plan(i, slug)[0] != shape:
                i += 1
            _, values, (editor_pk, member_pk, _), _, _ = self.plan(i, slug)
            made = Article.objects.filter(slug=slug).first()
            if made is None:
                who = content.People(
                    admin=self.who.admin,
                    editor=User.objects.get(pk=editor_pk),
                    member=BoardMember.objects.get(pk=member_pk),
                )
                fill = self.words[shape.name](values)
                made = content.build_article(shape, who, slug=slug, texts=fill)
            made_rows = Group(Article, made.pk)
            rows, _ = self.copy(i, slug, next_ids(self.groups[shape.name].tables))
            problems = compare(self.groups[shape.name], made_rows, rows)
            counts = ", ".join(f"{t.split('_', 1)[1]} {len(r)}" for t, r in rows.items() if r)
            if problems:
                print(f"  {shape.name}: the copy differs from the service-made article:")
                for line in problems[:20]:
                    print(f"    {line}")
                raise SystemExit(1)
            print(f"  {shape.name:<17} copy = service-made, field for field ({counts})")


def _last_approval_number(year: int) -> int:
    from django.db.models.functions import Length

    from articles.models import PublishedVersion

    prefix = f"MAB-{year}-"
    last = (
        PublishedVersion.objects.filter(approval_reference__startswith=prefix)
        .order_by(Length("approval_reference").desc(), "-approval_reference")
        .values_list("approval_reference", flat=True)
        .first()
    )
    return int(last.removeprefix(prefix)) if last else 0


def feedback(total: int) -> None:
    """Reader reports and follow-up questions (plain rows: the services write one row each)."""
    from articles.models import Article
    from readers.models import Feedback, FollowUpQuestion

    have = Feedback.objects.count() + FollowUpQuestion.objects.count()
    if have >= total:
        return
    ids = list(
        Article.objects.filter(status="approved", slug__regex=r"^scale-[0-9]+$")
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    rng = random.Random(total)  # noqa: S311 - repeatable bench data
    reports = [
        Feedback(
            article_id=rng.choice(ids),
            kind=rng.choice(["clinical_error", "out_of_date", "typo", "other"]),
            message="The dose in the second paragraph looks wrong.",
        )
        for _ in range((total - have) * 6 // 10)
    ]
    questions = [
        FollowUpQuestion(asked_on_id=rng.choice(ids), question="Is this safe in pregnancy?")
        for _ in range((total - have) * 4 // 10)
    ]
    Feedback.objects.bulk_create(reports, batch_size=5000)
    FollowUpQuestion.objects.bulk_create(questions, batch_size=5000)


def retract(fraction: float = 0.005) -> None:
    """Mark a share of the references retracted (as the status check would)."""
    from references.models import Reference

    step = int(1 / fraction)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE references_reference SET retracted = %s WHERE key LIKE 'sr%%' "
            "AND CAST(SUBSTR(key, 3) AS INTEGER) %% %s = 7",
            [True, step],
        )
    return Reference.objects.filter(retracted=True).count()
