"""The read API beside the HTML pages it mirrors, through gunicorn.

Seeds ``--articles`` approved articles as ``bench/public_pages.py`` does (same seed, same
throwaway SQLite file or ``DATABASE_URL``), starts two gunicorn servers (page cache on and
off) and loads each pair with the same client loop: the article page and
``/api/v1/articles/<slug>``, the home page and ``/api/v1/articles``, the board page and
``/api/v1/board``, cached and uncached; and a client revalidating the cached article with
``If-None-Match`` (a 304). Prints requests/s, p50 and p99 latency, and each API figure
beside its page's.

Usage: ``.venv/bin/python bench/api_pages.py [--articles 500] [--seconds 5] [--workers 2]
[--clients 4]``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.public_pages import free_port, load, seed, setup_django, start_gunicorn  # noqa: E402


def _revalidating(args) -> list[float]:
    """A client that holds the ETag and asks again with If-None-Match (304s)."""
    port, path, seconds = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    etag = response.getheader("ETag")
    latencies, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        conn.request("GET", path, headers={"If-None-Match": etag})
        response = conn.getresponse()
        response.read()
        if response.status == 304:
            latencies.append(time.perf_counter() - start)
    conn.close()
    return latencies


def revalidate(port: int, path: str, *, seconds: float, clients: int) -> dict:
    with multiprocessing.Pool(clients) as pool:
        results = pool.map(_revalidating, [(port, path, seconds)] * clients)
    latencies = sorted(x for r in results for x in r)
    if not latencies:
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan")}
    return {
        "rps": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    setup_django()
    print(f"Seeding {args.articles} approved articles through the services…", flush=True)
    seed(args.articles)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.bench_site", "PYTHONPATH": str(ROOT)}
    cached, uncached = free_port(), free_port()
    servers = [
        start_gunicorn(cached, args.workers, {**env, "READERS_CACHE_SECONDS": "600"}),
        start_gunicorn(uncached, args.workers, {**env, "READERS_CACHE_SECONDS": "0"}),
    ]
    articles = [f"bench-{i}" for i in range(args.articles)]
    pairs = [
        ("article, cached", cached, ["/articles/bench-0/"], ["/api/v1/articles/bench-0"]),
        (
            "article, uncached (random)",
            uncached,
            [f"/articles/{s}/" for s in articles],
            [f"/api/v1/articles/{s}" for s in articles],
        ),
        ("list, cached", cached, ["/"], ["/api/v1/articles"]),
        ("list, uncached", uncached, ["/"], ["/api/v1/articles"]),
        ("board, cached", cached, ["/advisory-board/"], ["/api/v1/board"]),
    ]
    try:
        print(
            f"\n{args.workers} gunicorn sync workers, {args.clients} client processes, "
            f"{args.seconds:.0f} s each, cache: "
            + ("Redis" if os.environ.get("REDIS_URL") else "local memory per worker")
        )
        print(
            f"{'':<28} {'HTML req/s':>10} {'p50 ms':>7} {'p99 ms':>7}   "
            f"{'API req/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'API/HTML':>8}"
        )
        for label, port, html_paths, api_paths in pairs:
            page = load(port, html_paths, seconds=args.seconds, clients=args.clients)
            api = load(port, api_paths, seconds=args.seconds, clients=args.clients)
            ratio = api["rps"] / page["rps"] if page["rps"] else 0
            print(
                f"{label:<28} {page['rps']:10.0f} {page['p50']:7.2f} {page['p99']:7.2f}   "
                f"{api['rps']:10.0f} {api['p50']:7.2f} {api['p99']:7.2f} {ratio:8.2f}",
                flush=True,
            )
        result = revalidate(
            cached, "/api/v1/articles/bench-0", seconds=args.seconds, clients=args.clients
        )
        print(
            f"{'article, If-None-Match (304)':<28} {'':>10} {'':>7} {'':>7}   "
            f"{result['rps']:10.0f} {result['p50']:7.2f} {result['p99']:7.2f}"
        )
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
