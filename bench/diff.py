"""Diff benchmark: print how long ``articles.diffing.diff_text`` takes; assert nothing.

Cases that once hurt (``difflib.HtmlDiff`` took ~29 s, recursed, or never finished on
them): a 29 KB body of 500 paragraphs with every second one edited, 2,000 such lines,
and a 5 MB body. Targets: under 200 ms for the 29 KB case, under 3 s for 5 MB.
Usage: ``.venv/bin/python bench/diff.py``.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from articles.diffing import diff_text  # noqa: E402

WORDS = [
    "psoas",
    "abscess",
    "myositis",
    "treatment",
    "dose",
    "patient",
    "antibiotic",
    "drainage",
    "imaging",
    "culture",
    "staphylococcus",
    "fever",
    "pain",
    "hip",
    "flexion",
    "computed",
    "tomography",
    "weeks",
    "outcome",
]


def paragraphs(n: int, words: int, seed: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 (test data)
    return [f"{i}. " + " ".join(rng.choice(WORDS) for _ in range(words)) for i in range(n)]


def edited(paras: list[str], every: int = 2) -> list[str]:
    return [
        p.replace(" dose ", " double dose ", 1) + " INSERTED." if i % every == 0 else p
        for i, p in enumerate(paras)
    ]


def run(label: str, before: str, after: str, repeat: int) -> None:
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = diff_text(before, after)
        durations.append(time.perf_counter() - start)
    changed = sum(1 for r in result.rows if r.is_change)
    print(
        f"{label:<50} {len(before) / 1024:>6.0f} KB"
        f"  median {statistics.median(durations) * 1000:>7.1f} ms"
        f"  max {max(durations) * 1000:>8.1f} ms  changed blocks shown {changed}"
        + (f"  notes: {' | '.join(result.notes)}" if result.notes else "")
    )


def main() -> None:
    base = paragraphs(500, 7, seed=1)
    run(
        "500 paragraphs (~29 KB), every 2nd edited",
        "\n\n".join(base).replace("\n\n", "\n"),
        "\n".join(edited(base)),
        repeat=5,
    )
    base = paragraphs(2000, 8, seed=2)
    run("2,000 lines, every 2nd edited", "\n".join(base), "\n".join(edited(base)), repeat=3)
    base = paragraphs(50_000, 12, seed=3)  # ~5 MB
    big = "\n".join(base)
    run("5 MB body, every 2nd paragraph edited", big, "\n".join(edited(base)), repeat=1)
    run(
        "5 MB body, one paragraph edited",
        big,
        big.replace(base[25_000], base[25_000] + " X"),
        repeat=1,
    )
    rng = random.Random(4)  # noqa: S311 (test data)
    shuffled = base[:]
    rng.shuffle(shuffled)
    run("5 MB body against the same paragraphs shuffled", big, "\n".join(shuffled), repeat=1)


if __name__ == "__main__":
    main()
