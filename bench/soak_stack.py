"""The soak's moving parts: throwaway PostgreSQL and Redis, the processes, the replayed
reference service (see bench/soak.py). Loopback only; everything started here is stopped
here, by its own process id."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
VENV_BIN = Path(sys.executable).parent


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class OwnPostgres:
    """A PostgreSQL cluster in a temporary directory, on its own port; stopped and started
    for the outage fault (never the machine's shared server)."""

    def __init__(self, workdir: Path, port: int):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise SystemExit("No PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
        self.bin = Path(found[-1]).parent
        self.dir = workdir / "pg"
        self.port = port
        self.url = f"postgres://postgres@127.0.0.1:{port}/medreview_ops_soak"

    def _ctl(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 (PostgreSQL's own tools, fixed arguments)
            _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), *args]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def create(self) -> None:
        self.dir.mkdir(parents=True)
        os.chmod(self.dir.parent, 0o755)  # noqa: S103 - the postgres user must reach it
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(  # noqa: S603
            _as_postgres(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.dir / "data"),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ]
            ),  # fmt: skip
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-o", options, "-l", str(self.dir / "log"), "-w", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class OwnRedis:
    """A Redis without persistence on its own port: a restart loses everything in it."""

    def __init__(self, workdir: Path, port: int):
        self.port = port
        self.dir = workdir
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("The soak's Redis did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def create_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    if not name.startswith("medreview") or not name.endswith("soak"):
        raise SystemExit(f"Refusing to recreate database {name!r}: not a soak database")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Process:
    """One service process (its own session, so a kill reaches its children too)."""

    def __init__(self, name: str, args: list[str], env: dict, logdir: Path):
        self.name, self.args, self.env = name, args, env
        self.log = logdir / f"{name}.log"
        self.popen: subprocess.Popen | None = None
        self.expected_down = False
        self.restarts = 0

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.popen = subprocess.Popen(  # noqa: S603 (our own services, fixed arguments)
                self.args,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def signal(self, sig: int) -> None:
        if self.popen and self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def kill9(self) -> None:
        self.signal(signal.SIGKILL)
        self.popen.wait(10)

    def stop(self) -> None:
        self.expected_down = True
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(15)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait(5)

    def dead(self) -> bool:
        return self.popen is not None and self.popen.poll() is not None


class Supervisor(threading.Thread):
    """Restarts a process that died unexpectedly, as systemd or compose would; counts it."""

    def __init__(self, processes: list[Process]):
        super().__init__(daemon=True)
        self.processes = processes
        self.running = True

    def run(self) -> None:
        while self.running:
            for process in self.processes:
                if process.dead() and not process.expected_down:
                    say(f"{process.name} exited unexpectedly; restarting it")
                    process.restarts += 1
                    process.start()
            time.sleep(1)


class ReplayedReferences:
    """Crossref, PubMed and DailyMed as recorded responses, on 127.0.0.1: DOIs listed in
    ``retracted`` come back retracted, every other work clean."""

    def __init__(self, retracted: set[str]):
        crossref = json.loads((DATA / "freshness/crossref_clean.json").read_text())
        crossref["message"].pop("updated-by", None)
        self.clean = crossref
        self.retracted_work = json.loads(
            (DATA / "freshness/crossref_retracted_work.json").read_text()
        )
        self.efetch = (DATA / "lookup/efetch_empty.xml").read_bytes()
        self.history = (DATA / "freshness/dailymed_history_absent.json").read_bytes()
        self.retracted = {doi.lower() for doi in retracted}
        self.requests = 0
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802 - the standard library's name
                replay.requests += 1
                path = urllib.parse.unquote(urllib.parse.urlparse(self.path).path)
                if "/works/" in path:
                    doi = path.split("/works/", 1)[1].lower()
                    work = replay.retracted_work if doi in replay.retracted else replay.clean
                    work = json.loads(json.dumps(work))
                    work["message"]["DOI"] = doi
                    body, kind = json.dumps(work).encode(), "application/json"
                elif "efetch" in path:
                    body, kind = replay.efetch, "text/xml"
                elif "/spls/" in path:
                    body, kind = replay.history, "application/json"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()


def venv(tool: str) -> str:
    return str(VENV_BIN / tool)
