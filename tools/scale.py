"""Scale figures through the proxy, run by hand (not part of the test suite):

    python -m tools.scale [--replicas 1 2 4] [--bursts 60 120 240]

For each replica count, starts the local cluster (tools.cluster: N replicas, Redis, HAProxy
with deploy/haproxy.cfg), warms every replica, then opens each burst of websocket sessions
at once on the Prediction page through the proxy (each with another sample, as in
tools.loadtest) and prints: sessions that finished, p50 / p95 / max seconds until a
session's script finished, the CPU seconds the replicas and the proxy used, and each
replica's RSS after the burst. The clients share the machine's cores with the servers.
"""

import argparse
import time

import psutil

from tools import loadtest
from tools.cluster import Cluster


def cpu_seconds(process):
    times = process.cpu_times()
    return times.user + times.system


def measure(replicas, bursts):
    with Cluster(replicas=replicas) as cluster:
        apps = [psutil.Process(proc.pid) for _, proc in cluster.replicas.values()]
        proxy = psutil.Process(cluster.proxy.pid)
        loadtest.burst(cluster.url, 4 * replicas, hold=0.5)  # every replica has run every import
        for n in bursts:
            before = [cpu_seconds(p) for p in (*apps, proxy)]
            start = time.perf_counter()
            results = loadtest.burst(cluster.url, n, hold=0.5)
            wall = time.perf_counter() - start
            after = [cpu_seconds(p) for p in (*apps, proxy)]
            used = [b - a for a, b in zip(before, after)]
            seconds = [r.seconds for r in results]
            rss = [p.memory_info().rss / 2**20 for p in apps]
            print(
                f"{replicas} replica(s) {n:4d} sessions: {sum(r.ok for r in results)}/{n} ok, "
                f"p50 {loadtest.percentile(seconds, 50):5.2f} s, p95 {loadtest.percentile(seconds, 95):5.2f} s, "
                f"max {max(seconds):5.2f} s (burst {wall:5.2f} s); CPU replicas {sum(used[:-1]):5.1f} s, "
                f"proxy {used[-1]:4.2f} s; RSS per replica {', '.join(f'{r:.0f}' for r in rss)} MB",
                flush=True,
            )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--bursts", type=int, nargs="+", default=[60, 120, 240])
    args = parser.parse_args(argv)
    print(f"{psutil.cpu_count()} cores")
    for replicas in args.replicas:
        measure(replicas, args.bursts)


if __name__ == "__main__":
    main()
