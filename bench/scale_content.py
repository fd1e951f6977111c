"""What bench/scale.py seeds: people, reference and article templates, made through the services.

A template is an article (or reference) written by the services with placeholder words
(``zzwa``…, ``zzrk03``…) where each copy gets its own words, keys and identifiers;
``bench/scale_clone.py`` copies its rows in bulk with the placeholders replaced. Shapes
follow a real backlog: 70% approved with one to four published versions, the rest draft,
submitted, under review or sent back for changes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Words each copy fills in: title, summary and body draw on them, so searches for one of
# them match a realistic share of the site (one vocabulary word in ~1–2% of the articles).
_STEMS = [
    "cardi",
    "hepat",
    "nephr",
    "gastr",
    "derm",
    "neur",
    "arthr",
    "oste",
    "myo",
    "pneum",
    "encephal",
    "mening",
    "pancreat",
    "thyr",
    "aden",
    "lymph",
    "angi",
    "phleb",
    "cyst",
    "colp",
    "col",
    "enter",
    "esophag",
    "gingiv",
    "glomerul",
    "laryng",
    "mast",
    "my",
    "oophor",
    "orch",
    "ot",
    "pharyng",
    "prostat",
    "pyel",
    "rhin",
    "salping",
    "sinus",
    "splen",
    "ten",
    "tonsill",
    "trache",
    "urethr",
    "uve",
    "vascul",
    "vertebr",
]
_ENDINGS = ["itis", "osis", "algia", "opathy", "oma", "ectasia", "emia", "ostomy", "plasty"]
VOCABULARY = [stem + ending for stem in _STEMS for ending in _ENDINGS]

WORD_SLOTS = [f"zzw{chr(ord('a') + i)}" for i in range(12)]
REFERENCE_SLOTS = 20
MEMBERS = 300
EDITORS = 20
FILLER = (
    "Clinical evidence supports early treatment and careful follow up of patients with "
    "infection, pain and swelling; imaging confirms the diagnosis and guides drainage."
)


def ref_key(slot: int) -> str:
    return f"zzrk{slot:02d}"


def ref_pmid(slot: int) -> str:
    return f"9999{slot:04d}"


@dataclass(frozen=True)
class Shape:
    name: str
    state: str  # the final status
    versions: int  # published versions (approved articles)
    weight: float
    alt: bool = False  # with a plain-language version
    old_guideline: bool = False  # cites the guideline slot published long ago


SHAPES = [
    Shape("approved1", "approved", 1, 0.22),
    Shape("approved1alt", "approved", 1, 0.06, alt=True, old_guideline=True),
    Shape("approved2", "approved", 2, 0.15, old_guideline=True),
    Shape("approved2alt", "approved", 2, 0.06, alt=True),
    Shape("approved3", "approved", 3, 0.14),
    Shape("approved4", "approved", 4, 0.07, old_guideline=True),
    Shape("draft", "draft", 0, 0.08),
    Shape("submitted", "submitted", 0, 0.07),
    Shape("underreview", "under_review", 0, 0.08, old_guideline=True),
    Shape("changesrequested", "changes_requested", 0, 0.07),
]


def shape_slots(shape: Shape) -> list[int]:
    """The reference slots a template cites: 10–19 (about 15 on average)."""
    rng = random.Random(shape.name)  # noqa: S311 - repeatable bench data
    count = 10 + sum(map(ord, shape.name)) % 10
    slots = rng.sample(range(1, REFERENCE_SLOTS), count - (1 if shape.old_guideline else 0))
    return ([0] if shape.old_guideline else []) + slots


def _text(slots: list[int], version: int, plain: bool = False) -> tuple[str, str, str]:
    """(title, summary, body) citing ``slots``; ``version`` changes a sentence of substance."""
    w = WORD_SLOTS
    title = f"What is the treatment for {w[0]} with {w[1]}?"
    summary = f"Most patients with {w[0]} recover with treatment of {w[2]} and {w[3]}."
    if plain:
        summary = f"In plain words: {w[0]} usually gets better with care for {w[2]}."
    paragraphs = []
    for n, slot in enumerate(slots):
        if n % 4 == 0:
            paragraphs.append(f"## From the {['Guidelines', 'Research', 'FDA Drug Label'][n % 3]}")
        word = w[4 + n % 8]
        paragraphs.append(
            f"{FILLER} In {word} the evidence is consistent (revision {version}) "
            f"[@{ref_key(slot)}]."
        )
    body = "\n\n".join(paragraphs) + "\n"
    return title, summary, body


@dataclass
class People:
    admin: object
    editor: object
    member: object  # BoardMember of the templates


def people(*, members: int = MEMBERS, editors: int = EDITORS) -> People:
    """The admin, the editors and the board (through the services), made once."""
    from django.contrib.auth.models import Group, User

    from articles.roles import ADMINS, ADVISORY_BOARD
    from articles.roles import EDITORS as EDITORS_GROUP
    from review import services as review_services
    from review.models import BoardMember

    def user(name, group, **extra):
        u, made = User.objects.get_or_create(
            username=name, defaults={"email": f"{name}@example.org", "is_staff": True, **extra}
        )
        if made:
            u.set_password("pw")
            u.save()
            u.groups.add(Group.objects.get(name=group))
        return u

    admin = user("scale-admin", ADMINS, is_superuser=True)
    editor = user("zzeditor", EDITORS_GROUP)
    for k in range(editors):
        user(f"editor{k:03d}", EDITORS_GROUP)

    def member(name):
        u = user(name, ADVISORY_BOARD)
        return BoardMember.objects.filter(user=u).first() or review_services.board_member_create(
            actor=admin,
            user=u,
            display_name=f"Dr {name}",
            credentials="MD, FACP",
            conflict_disclosure="No relevant financial relationships.",
        )

    template_member = member("zzmember")
    if BoardMember.objects.count() < members + 1:
        for k in range(members):
            member(f"member{k:03d}")
    return People(admin=admin, editor=editor, member=template_member)


def reference_data(slot: int, *, title_word: str, doi: str, pmid: str):
    from references.data import Kind, ReferenceData, person

    kind = [Kind.GUIDELINE, Kind.RESEARCH, Kind.REVIEW, Kind.RESEARCH][slot % 4]
    return ReferenceData(
        kind=kind,
        title=f"Outcomes of {title_word} in adults: a cohort study",
        authors=[person("Crum", "Nancy F."), person("Liu", "Catherine")],
        container_title="The American Journal of Medicine",
        container_title_short="Am J Med",
        year=2012 if slot == 0 else 2020 + slot % 5,
        volume=str(100 + slot),
        issue=str(slot % 12 + 1),
        pages=f"{slot + 1}-{slot + 9}",
        doi=doi,
        pmid=pmid,
    )


def reference_templates(actor) -> list:
    """One template reference per slot (slot 0 is a guideline old enough to be stale)."""
    from references import services as reference_services
    from references.models import Reference

    out = []
    for slot in range(REFERENCE_SLOTS):
        found = Reference.objects.filter(key=ref_key(slot)).first()
        if found is None:
            found, _ = reference_services.reference_create(
                actor=actor,
                key=ref_key(slot),
                data=reference_data(
                    slot,
                    title_word=f"zzrt{slot:02d}",
                    doi=f"10.5555/zzrd{slot:02d}",
                    pmid=ref_pmid(slot),
                ),
            )
        out.append(found)
    return out


def build_article(shape: Shape, who: People, *, slug: str, texts=None):
    """Make one article of ``shape`` through the services, as editors and the board do.

    ``texts`` turns the placeholder text into a copy's (a function applied to each
    string); the templates use the placeholders themselves.
    """
    from articles import services as article_services
    from review import services as review_services

    fill = texts or (lambda s: s)
    slots = shape_slots(shape)

    def content(version):
        title, summary, body = _text(slots, version)
        extra = {}
        if shape.alt:
            _, alt_summary, alt_body = _text(slots, version, plain=True)
            extra = {"alt_summary": fill(alt_summary), "alt_body": fill(alt_body)}
        return {"title": fill(title), "summary": fill(summary), "body": fill(body), **extra}

    editor, admin, member = who.editor, who.admin, who.member
    article = article_services.article_create(actor=editor, slug=slug, **content(1))
    if shape.state == "draft":
        return article

    def review_round(version):
        nonlocal article
        extra = {}
        if version > 1:
            extra = {"change_kind": "update", "change_note": fill("Updated for zzwa.")}
        article = article_services.article_submit(article=article, actor=editor, **extra)
        if shape.state == "submitted":
            return None
        assignment = review_services.review_assign(article=article, reviewer=member, actor=admin)
        if shape.state == "under_review":
            return None
        decision = "request_changes" if shape.state == "changes_requested" else "approve"
        review_services.review_decide(
            assignment=assignment,
            actor=member.user,
            decision=decision,
            comment=fill("Checked against the zzwb evidence."),
            evidence_checked=True,
        )
        article.refresh_from_db()
        return article

    review_round(1)
    for version in range(2, shape.versions + 1):
        article = article_services.article_revise(article=article, actor=editor)
        article = article_services.article_update(
            article=article,
            actor=editor,
            expected_lock_version=article.lock_version,
            **content(version),
        )
        review_round(version)
    article.refresh_from_db()
    return article


def long_history_article(who: People, versions: int = 40):
    """One approved article with ``versions`` versions of its text (the admin's change page)."""
    from articles import services as article_services
    from articles.models import Article

    found = Article.objects.filter(slug="scale-forty-versions").first()
    if found is not None:
        return found
    article = build_article(SHAPES[0], who, slug="scale-forty-versions")
    article = article_services.article_revise(article=article, actor=who.editor)
    for n in range(versions - 1):
        article = article_services.article_update(
            article=article,
            actor=who.editor,
            expected_lock_version=article.lock_version,
            body=article.body + f"\nEdit {n} of the text.\n",
        )
    return article
