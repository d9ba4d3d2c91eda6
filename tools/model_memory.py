"""Memory a visitor's largest honest model costs on every model page, and ten sessions holding it.

    python -m tools.model_memory                 every page, then ten sessions; prints a table
    python -m tools.model_memory --limit-mib 512 the same in a process whose data may not
                                                 exceed 512 MiB (RLIMIT_DATA), as the smallest
                                                 replica we document (deploy/kubernetes)

(RLIMIT_DATA, not RLIMIT_AS: the address space counts every library's mapping, and pandas's
could not even load under 512 MiB; the data limit counts the heap and private mappings, where
numpy's arrays live, and CI may set it where it may not make a cgroup.)

The model is tools/crafted_models.honest(): 4.6 M parameters on 64 x 64 pictures (three
convolutions, a dense layer of 256), a first model a student might train. Each page runs
through Streamlit's AppTest in this one process, as a visitor's session would on the server:
every model page with the shipped network first (what the app takes anyway), then the file is
uploaded on Your own model and every model page opens with it. Printed per page:
seconds, the process's resident memory after it (MB) and its peak so far. Exits 1 when a page
shows an exception or refuses the model.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("own", "maps", "cell", "predict", "why", "report", "teach")


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _session(data):
    """A session that uploaded the model on Your own model (none: the shipped network's)."""
    from streamlit.testing.v1 import AppTest

    from tools.plain_install import page_scripts

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(page_scripts()["own"]).run()
    if data is not None:
        at.file_uploader(key="own_file").set_value(("honest.keras", data, "application/octet-stream")).run()
    return at


def _problems(at):
    said = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
    return said


def run_pages(data):
    """Every model page in one session; the shipped network's first (data None), for the
    memory the app takes without a model of one's own."""
    from tools.plain_install import page_scripts

    at, failures = _session(data), []
    print(f"{'page':<10} {'seconds':>8} {'RSS MB':>8} {'peak MB':>8}   ({'the honest model' if data else 'shipped'})")
    for page in PAGES:
        start = time.perf_counter()
        at.switch_page(page_scripts()[page]).run()
        seconds = time.perf_counter() - start
        print(f"{page:<10} {seconds:>8.1f} {rss_mb():>8.0f} {peak_mb():>8.0f}")
        failures += [f"{page}: {problem}" for problem in _problems(at)]
        shown = any("your model: honest" in str(m.value) for m in at.markdown)
        if data and page not in ("teach", "report") and not shown:
            failures.append(f"{page}: the page does not show the model")
    return failures


def ten_sessions(data):
    from cnn_viz.app import own_models

    for _ in range(10):
        _session(data)
    held = own_models.SHELF.held_bytes() / 2**20
    print(f"ten sessions holding the model: the server's shelf holds {held:.1f} MB; RSS {rss_mb():.0f} MB")
    return [] if held < 20 else [f"ten sessions hold {held:.0f} MB of weights"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit-mib", type=int, default=0)
    limit = parser.parse_args().limit_mib
    if limit:
        resource.setrlimit(resource.RLIMIT_DATA, (limit * 2**20, limit * 2**20))
    sys.path.insert(0, str(ROOT))
    from tools import crafted_models

    data = crafted_models.honest()
    print(f"the honest model: {len(data) / 1e6:.1f} MB; process limit: {limit or 'none'} MiB; RSS {rss_mb():.0f} MB")
    failures = run_pages(None) + run_pages(data) + ten_sessions(data)
    for failure in failures:
        print("FAILED", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
