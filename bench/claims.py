"""Clinical claim detection: precision and recall on a labelled set, and speed.

Prints figures, asserts nothing. Usage: ``.venv/bin/python bench/claims.py``.

The labelled set (``tests/data/safety/labelled_sentences.tsv``) was written by hand for
this check: realistic sentences from clinician and patient articles, each labelled with
the claim kinds a reviewer would want sourced (or none) and whether it carries a citation.
Four sets, in the order they were written:

- development (``labelled_sentences.tsv``): written with the first rules;
- held-out and fresh: each measured once, then used to extend the rules (so no longer
  independent; their first figures are in helper 11's and helper C's reports);
- independent (``independent_sentences.tsv``): written by helper C before any rule change
  and never used to choose a rule; measured once before and once after that change. Tune
  nothing on it without saying so, or it stops telling us how the rules generalise.

Two measures:

- claim detection: is the sentence a claim (any kind)? and per kind;
- uncited-claim flagging (what editors are warned about): is it an uncited claim?

Speed: ``safety.claims.analyse`` on a 1,500-word article in Markdown (paragraphs, lists,
citations), median of 50 runs after a warm-up.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LABELLED = ROOT / "tests" / "data" / "safety" / "labelled_sentences.tsv"
HELD_OUT = ROOT / "tests" / "data" / "safety" / "held_out_sentences.tsv"
FRESH = ROOT / "tests" / "data" / "safety" / "fresh_sentences.tsv"
INDEPENDENT = ROOT / "tests" / "data" / "safety" / "independent_sentences.tsv"


def load_labelled(path: Path = LABELLED) -> list[tuple[set[str], bool, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kinds, cited, text = line.split("\t")
        rows.append((set() if kinds == "-" else set(kinds.split(",")), cited == "cited", text))
    return rows


def precision_recall(pairs: list[tuple[bool, bool]]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for truth, guess in pairs if truth and guess)
    fp = sum(1 for truth, guess in pairs if guess and not truth)
    fn = sum(1 for truth, guess in pairs if truth and not guess)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def article_of(words: int) -> str:
    paragraphs = [
        "Psoas myositis is an inflammation of the psoas muscle, e.g. after a hip injury or "
        "an infection nearby. It is rare vs. other causes of back pain, and the diagnosis is "
        "often delayed.",
        "Vancomycin 15–20 mg/kg i.v. every 8–12 hours is the usual starting regimen "
        "[@idsa2011]. Mortality is 2–20% depending on the cause. Drainage is recommended for "
        "abscesses larger than 3 cm.[@idsa2014]",
        "- Give amoxicillin 500 mg three times a day for 5 days.\n"
        "- See your doctor if the pain gets worse.\n"
        "- The odds ratio for recurrence was 2.3 (95% CI 1.4–3.8). [@lee2018]",
        "Most people recover completely. Walking may be painful for several days, and rest, "
        "ice and gentle stretching are commonly used at home.",
    ]
    parts, count, i = ["# What is psoas myositis?"], 0, 0
    while count < words:
        paragraph = paragraphs[i % len(paragraphs)]
        parts.append(paragraph)
        count += len(paragraph.split())
        i += 1
    return "\n\n".join(parts) + "\n"


def report(rows, path: Path) -> None:
    from safety.claims import ClaimKind, analyse

    detected = []
    for kinds, cited, text in rows:
        analysis = analyse(text)
        found = analysis.kinds
        flagged = bool(analysis.uncovered)
        detected.append((kinds, cited, found, flagged))
    print(f"\n{len(rows)} labelled sentences ({path.relative_to(ROOT)})")
    p, r, tp, fp, fn = precision_recall([(bool(k), bool(f)) for k, _, f, _ in detected])
    print(f"claim detection: precision {p:.3f}, recall {r:.3f} (tp {tp}, fp {fp}, fn {fn})")
    for kind in ClaimKind.values:
        p, r, tp, fp, fn = precision_recall([(kind in k, kind in f) for k, _, f, _ in detected])
        print(f"  {kind:<15} precision {p:.3f}, recall {r:.3f} (tp {tp}, fp {fp}, fn {fn})")
    p, r, tp, fp, fn = precision_recall(
        [(bool(k) and not c, flagged) for k, c, _, flagged in detected]
    )
    print(f"uncited-claim flagging: precision {p:.3f}, recall {r:.3f} (tp {tp}, fp {fp}, fn {fn})")
    misses = [(k, f, t) for (k, _, t), (_, _, f, _) in zip(rows, detected, strict=True) if k != f]
    for truth, found, text in misses:
        print(f"  kinds differ: labelled {sorted(truth)}, found {sorted(found)}: {text}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from safety.claims import analyse

    for path in (LABELLED, HELD_OUT, FRESH, INDEPENDENT):
        report(load_labelled(path), path)

    body = article_of(1500)
    analyse(body)  # warm-up (compiles syntok's patterns)
    durations = []
    for _ in range(50):
        start = time.perf_counter()
        analysis = analyse(body)
        durations.append((time.perf_counter() - start) * 1000)
    print(
        f"analyse a {len(body.split())}-word article ({len(analysis.sentences)} sentences, "
        f"{analysis.total} claims, {analysis.coverage_label}): median "
        f"{statistics.median(durations):.1f} ms, max {max(durations):.1f} ms (50 runs)"
    )


if __name__ == "__main__":
    main()
