"""The deployment of deploy/ without Docker: N replicas, Redis and HAProxy on this machine.

    python -m tools.cluster --replicas 2 --port 8080

starts N `streamlit run serve.py` on loopback ports, `redis-server` for the live-class rooms
(every replica gets CNN_VIZ_ROOMS pointing at it), and HAProxy with deploy/haproxy.cfg, the
very file `docker compose up` uses; only the list of replicas differs (loopback ports here,
Docker's DNS there). It waits until every part answers, prints the URL, and stops everything
on Ctrl-C or SIGTERM. The tests use `Cluster` the same way (tests/test_cluster.py).

Needs `haproxy` and `redis-server` (Debian: apt-get install haproxy redis-server).
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cnn_viz import ROOT
from tools import st_client

DEPLOY = ROOT / "deploy"


def answers(host, port):
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def wait_until(what, ready, proc, timeout, log):
    deadline = time.time() + timeout
    while not ready():
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"{what} did not start; see {log}")
        time.sleep(0.2)


def start_redis(port, log, timeout=30, data_dir=None):
    """redis-server on 127.0.0.1:port. With `data_dir`, every change goes to an append-only
    file there (as deploy/compose.yaml and deploy/kubernetes run it), so a restart of Redis
    loses no room; without, nothing is written to disk (the tests' throwaway store)."""
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    if data_dir:
        command += ["--appendonly", "yes", "--appendfsync", "everysec", "--dir", str(data_dir)]
    else:
        command += ["--appendonly", "no"]
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    wait_until("redis-server", lambda: answers("127.0.0.1", port), proc, timeout, getattr(log, "name", ""))
    return proc


def servers_file(ports):
    """The replica list for deploy/haproxy.cfg: `backend app from replicas`, one line each."""
    lines = ["# Written by tools.cluster: the local replicas.", "backend app from replicas"]
    lines += [f"    server app{i} 127.0.0.1:{port}" for i, port in enumerate(ports, 1)]
    return "\n".join(lines) + "\n"


class Cluster:
    """Start with `with Cluster(replicas=2) as cluster:`; `cluster.url` is the proxy's
    address, `cluster.replicas` maps app1..appN to (url, process), `cluster.kill("app1")`
    stops one replica as a crash would, `cluster.remove("app1")` as a scale-in does."""

    def __init__(self, replicas=2, port=None, log_dir=None, timeout=120):
        for program in ("haproxy", "redis-server"):
            if shutil.which(program) is None:
                raise RuntimeError(f"tools.cluster needs {program} (Debian: apt-get install {program}).")
        self.count, self.timeout = replicas, timeout
        self.port = port or st_client.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.dir = Path(log_dir or tempfile.mkdtemp(prefix="cnn-viz-cluster-"))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.replicas, self._procs, self._logs = {}, [], []

    def _spawn(self, name, command, env=None):
        log = open(self.dir / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self._logs.append(log)
        proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        self._procs.append(proc)
        return proc, log.name

    def start(self):
        redis_port = st_client.free_port()
        self._logs.append(open(self.dir / "redis.log", "w"))  # noqa: SIM115 - closed in stop()
        (self.dir / "redis").mkdir(exist_ok=True)
        self._procs.append(start_redis(redis_port, self._logs[-1], self.timeout, self.dir / "redis"))
        self.rooms_url = f"redis://127.0.0.1:{redis_port}/0"
        # One cookie secret for all replicas, as compose gives them: a visitor moved to another
        # replica (its own died) keeps working cookies.
        secret = secrets.token_urlsafe(24)
        env = {**os.environ, "CNN_VIZ_ROOMS": self.rooms_url, "STREAMLIT_SERVER_COOKIE_SECRET": secret}
        ports = [st_client.free_port() for _ in range(self.count)]
        for i, port in enumerate(ports, 1):
            log = open(self.dir / f"app{i}.log", "w")  # noqa: SIM115 - closed in stop()
            self._logs.append(log)
            proc = st_client.start_streamlit(port, log, env)
            self._procs.append(proc)
            self.replicas[f"app{i}"] = (f"http://127.0.0.1:{port}", proc)
        for url, proc in self.replicas.values():  # they start side by side; wait for all
            st_client.wait_healthy(url, proc, self.timeout, str(self.dir))
        (self.dir / "servers.cfg").write_text(servers_file(ports))
        proxy_env = {**os.environ, "CNN_VIZ_BIND": f"127.0.0.1:{self.port}"}
        command = ["haproxy", "-db", "-f", str(DEPLOY / "haproxy.cfg"), "-f", str(self.dir / "servers.cfg")]
        self.proxy, log = self._spawn("haproxy", command, proxy_env)
        wait_until("haproxy", lambda: st_client.healthy(self.url), self.proxy, self.timeout, log)
        return self

    def kill(self, name):
        """Kill one replica outright (SIGKILL), as a crash or a lost machine would."""
        _, proc = self.replicas[name]
        proc.kill()
        proc.wait()

    def remove(self, name):
        """Stop one replica as Kubernetes scales in: SIGTERM, and wait for it to end. Its
        visitors' sockets close; the proxy's next health check takes it out of rotation."""
        _, proc = self.replicas[name]
        st_client.stop(proc)

    def stop(self):
        for proc in reversed(self._procs):
            if proc.poll() is None:
                st_client.stop(proc)
        for log in self._logs:
            log.close()

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="the proxy's port (default 8080)")
    parser.add_argument("--log-dir", help="where the logs go (default: a new temporary folder)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    try:
        with Cluster(args.replicas, args.port, args.log_dir) as cluster:
            print(f"CNN Viz on {cluster.url} ({args.replicas} replicas, Redis, HAProxy)")
            print(f"logs in {cluster.dir}; Ctrl-C stops everything")
            sys.stdout.flush()
            stopping.wait()
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    print("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
