"""The deployment: deploy/'s files, and two replicas behind HAProxy with Redis (tools.cluster,
which runs deploy/haproxy.cfg, the file `docker compose up` mounts) in Chromium.

Which replica answered each request is in HAProxy's X-CNN-Viz-Replica header; a browser is
put on a chosen replica by giving it that replica's CNNVIZ cookie, as HAProxy would.
"""

import asyncio
import os
import subprocess
import sys
import urllib.request
from http.cookies import SimpleCookie

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from cnn_viz import ROOT, article, i18n, ops
from cnn_viz.app.pages import PAGES
from tests import corpus
from tests.apptest import TITLES
from tests.browser import (
    ARTIFACTS,
    FIRST_QUESTION,
    NUMBER_BOX,
    SIZES,
    go,
    settle,
    shoot,
    start_class_and_ask,
    uploader,
)
from tools import st_client
from tools.cluster import DEPLOY, Cluster, servers_file

REPLICA = "x-cnn-viz-replica"


# ------------------------------------------------------------------ the files


@pytest.mark.slow  # runs haproxy -c
def test_compose_runs_the_proxy_config_the_local_cluster_runs():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"app", "proxy", "redis"}
    mounts = {m.split(":")[1]: m.split(":")[0] for m in services["proxy"]["volumes"]}
    assert mounts["/usr/local/etc/haproxy/haproxy.cfg"] == "./haproxy.cfg", "the file tools.cluster runs"
    assert mounts["/usr/local/etc/haproxy/servers.cfg"] == "./servers-compose.cfg"
    assert services["app"]["environment"]["CNN_VIZ_ROOMS"] == "redis://redis:6379/0"
    assert services["app"]["deploy"]["replicas"] >= 2
    for servers in (DEPLOY / "servers-compose.cfg", None):
        if servers is None:
            servers = ARTIFACTS / "servers-local.cfg"
            ARTIFACTS.mkdir(exist_ok=True)
            servers.write_text(servers_file([8601, 8602]))
        check = subprocess.run(
            ["haproxy", "-c", "-f", str(DEPLOY / "haproxy.cfg"), "-f", str(servers)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.slow  # starts a server
def test_the_images_files_are_enough_to_serve_every_page(tmp_path):
    """What deploy/Dockerfile copies into the image, and nothing else, serves the app."""
    copies = [
        line.split()[1:-1] for line in (DEPLOY / "Dockerfile").read_text().splitlines() if line.startswith("COPY")
    ]
    tree = tmp_path / "image"
    tree.mkdir()
    for sources in copies:
        for source in sources:
            if source.startswith("--"):
                continue
            subprocess.run(["cp", "-r", str(ROOT / source.rstrip("/")), str(tree)], check=True)
    assert {p.name for p in tree.iterdir()} >= {"app.py", "serve.py", "cnn_viz", "pages", "models", ".streamlit"}
    before = {path: path.stat().st_mtime_ns for path in tree.rglob("*")}
    home = tmp_path / "home"  # deploy/kubernetes: a read-only root, HOME an emptyDir at /tmp
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"}  # as the Dockerfile sets
    port = st_client.free_port()
    proc = st_client.start_streamlit(port, cwd=tree, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        st_client.wait_healthy(url, proc, 90)
        results = asyncio.run(st_client.open_sessions(url, [(p.url_path, "") for p in PAGES]))
    finally:
        st_client.stop(proc)
    assert all(r.ok and not r.exceptions for r in results), results
    after = {path: path.stat().st_mtime_ns for path in tree.rglob("*")}
    assert after == before, "serving every page wrote into the app's own files (a read-only root would refuse)"


# ------------------------------------------------------------------ through the proxy


_COOKIES = {}  # (proxy url, replica) -> its CNNVIZ cookie: a replica's never changes (a dynamic cookie key)


def cookie_of(url, replica, tries=200):
    """The CNNVIZ cookie HAProxy gives a new visitor that lands on `replica`. The proxy balances
    by least connections, so while the other replica holds fewer (a closed context's sockets
    linger a moment), every new request goes there: each replica's cookie is kept once seen,
    and the requests go on until one lands (CI once saw 20 in a row land on the other)."""
    for _ in range(tries):
        if (url, replica) in _COOKIES and _lands_on(url, _COOKIES[url, replica]) == replica:
            return _COOKIES[url, replica]  # checked: a later cluster on the same port has other cookies
        with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                if "CNNVIZ" in cookie:
                    _COOKIES[url, response.headers[REPLICA]] = cookie["CNNVIZ"].value
    raise AssertionError(f"no request landed on {replica}")


def _lands_on(url, cookie):
    """The replica a request carrying this CNNVIZ cookie reaches."""
    request = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": f"CNNVIZ={cookie}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.headers[REPLICA]


class Visitor:
    """A Chromium context that remembers which replica answered each of its requests."""

    def __init__(self, browser, url, size="student", replica=None):
        self.context = browser.new_context(**SIZES[size], locale="en-US")
        if replica:
            self.context.add_cookies([{"name": "CNNVIZ", "value": cookie_of(url, replica), "url": url}])
        self.replicas, self.paths, self.sockets, self.closed = [], [], [], []
        self.context.on("response", self._seen)
        self.page = self.context.new_page()
        self.page.on("websocket", self._socket)

    def _socket(self, ws):
        self.sockets.append(ws.url)
        ws.on("close", lambda ws: self.closed.append(ws.url))

    def _seen(self, response):
        served_by = response.headers.get(REPLICA)
        if served_by:
            self.replicas.append(served_by)
            self.paths.append(response.url)

    def open(self, url):
        self.page.goto(url)
        return self.page


@pytest.mark.slow  # starts a replica, Redis and HAProxy: a few seconds
def test_a_client_cannot_choose_its_address_through_the_proxy():
    """A script sends X-Forwarded-For lines of its own making, another address each session,
    through deploy/haproxy.cfg: it still opens only the 5 rooms an hour its own address may
    (one replica, so one process counts), and a teacher on another address still opens one."""
    from cnn_viz.live import limits
    from tools import abuse

    async def opens(url):
        taken = []
        for i in range(limits.OPENS + 3):
            forged = [("X-Forwarded-For", f"10.9.0.{i}"), ("X-Forwarded-For", f"10.9.1.{i}, 203.0.113.{i}")]
            taken.append(await abuse.open_room(url, abuse.ABUSER, forged))
        return taken, await abuse.open_room(url, abuse.TEACHER)

    with Cluster(replicas=1, log_dir=ARTIFACTS / "cluster-forwarded") as cluster:
        taken, (teachers, _) = asyncio.run(opens(cluster.url))
    assert sum(bool(code) for code, _ in taken) == limits.OPENS
    assert all(run.says("started 5 classes within the hour") for code, run in taken if not code)
    assert teachers, "the teacher's own address was not used up by the script's"


@pytest.mark.slow
@pytest.mark.browser
def test_two_replicas_behind_the_proxy(browser, tmp_path):
    """One cluster, four checks in order (the last kills a replica): affinity across every
    page with an upload; a second visitor on the other replica; a live class spanning both;
    a killed replica's visitors reconnecting to the other with their view from the URL."""
    with Cluster(replicas=2, log_dir=ARTIFACTS / "cluster") as cluster:
        first = a_visitor_stays_on_its_replica_across_every_page(browser, cluster, tmp_path)
        other = "app2" if first == "app1" else "app1"
        a_live_class_spans_both_replicas(browser, cluster.url, teacher_on=first, students_on=other)
        a_killed_replicas_visitors_reconnect_to_the_other(browser, cluster, dying=first, living=other)


@pytest.mark.slow
@pytest.mark.browser
def test_a_replica_removed_as_kubernetes_scales_in(browser):
    """Scale-in stops a pod with its sessions open (SIGTERM, not a crash). Its visitors
    reconnect to the replica that stays, with their view from the address bar; a live class
    whose students sat on it goes on: the room is in Redis, and a phone's link carries its
    student, so an answer given before still counts and a new one arrives."""
    with Cluster(replicas=2, log_dir=ARTIFACTS / "cluster-scale-in") as cluster:
        teacher = Visitor(browser, cluster.url, "presenter")
        page = teacher.open(f"{cluster.url}/Convolution?presenter=1&lang=en")
        code, question = start_class_and_ask(page), FIRST_QUESTION
        staying = teacher.replicas[-1]
        leaving = "app2" if staying == "app1" else "app1"

        viewer = Visitor(browser, cluster.url, replica=leaving)
        view = viewer.open(f"{cluster.url}/Convolution?step=4&k=3&p=1")
        view.get_by_text("Output position row 1, column 0").wait_for(timeout=60_000)
        settle(view)
        phones = [Visitor(browser, cluster.url, "phone", replica=leaving) for _ in range(2)]
        first = phones[0].open(f"{cluster.url}/Live_class?room={code}")
        first.get_by_text(question).wait_for(timeout=60_000)
        first.locator(NUMBER_BOX).fill("7")
        first.get_by_role("button", name="Send", exact=True).click()
        first.get_by_text("Your answer: 7.").wait_for()
        second = phones[1].open(f"{cluster.url}/Live_class?room={code}")
        second.get_by_text(question).wait_for(timeout=60_000)
        page.get_by_text("1 of 2 answered").wait_for()
        assert {*viewer.replicas, *phones[0].replicas, *phones[1].replicas} == {leaving}

        # Every page of the removed replica opens a new websocket, on the replica that stays.
        with (
            view.expect_websocket(timeout=60_000),
            first.expect_websocket(timeout=60_000),
            second.expect_websocket(timeout=60_000) as reconnected,
        ):
            cluster.remove(leaving)
        view.get_by_text("Output position row 1, column 0").wait_for()
        settle(view)
        assert "step=4" in view.url and viewer.replicas[-1] == staying
        expect(view.locator(".st-key-conv_k input")).to_have_value("3")

        first.get_by_text("Your answer: 7.").wait_for(timeout=60_000)  # reconnected, the same student
        # The phone still shows the old page until its new session has run once (it then waits
        # on the room's news, sending nothing): a Send pressed before that run is the old page's
        # and lost, so the student, seeing no answer, presses again, as a person would.
        assert reconnected.value.url.endswith("/_stcore/stream")
        for attempt in range(3):
            settle(second)
            second.get_by_text(question).wait_for(timeout=60_000)
            second.locator(NUMBER_BOX).fill("2")
            second.get_by_role("button", name="Send", exact=True).click()
            try:
                second.get_by_text("Your answer: 2.").wait_for(timeout=20_000)
                break
            except PlaywrightTimeout:
                assert attempt < 2, "the answer never arrived on the replica that stayed"
        page.get_by_text("2 of 2 answered").wait_for()
        # A phone's request for news held on the leaving replica is answered there as it shuts
        # down (gracefully, within the 20 s a request is held), possibly after the phone moved:
        # where its page went is told by its other requests.
        moved = [r for r, path in zip(phones[1].replicas, phones[1].paths) if "/_live/news" not in path]
        assert moved[-1] == staying and set(teacher.replicas) == {staying}
        shoot(page, "cluster-after-scale-in")
        for visitor in (teacher, viewer, *phones):
            visitor.context.close()


def a_visitor_stays_on_its_replica_across_every_page(browser, cluster, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(corpus.save(corpus.gradient(90, 60), "PNG"))
    visitor = Visitor(browser, cluster.url)
    page = visitor.open(f"{cluster.url}/Image_as_numbers")
    page.get_by_role("heading", name=TITLES["pages/1_Image_as_numbers.py"]).wait_for(timeout=60_000)
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Upload", exact=True).click()
    settle(page)
    sidebar.locator(uploader("uploader")).set_input_files(str(photo))
    page.get_by_text("Your picture: 90 x 60 pixels").wait_for()
    settle(page)
    for p in PAGES:
        if p.id in ("image", "live"):
            continue
        go(page, i18n.text("en", p.title_key), TITLES[p.script])
        if p.id in ("conv", "maps", "cell", "predict", "why"):  # the pages with the picture picker
            expect(sidebar.get_by_text("your upload", exact=True)).to_be_visible()
    shoot(page, "cluster-affinity-last-page")

    # A second visitor, while the first is still here, goes to the replica with fewer sessions.
    second = Visitor(browser, cluster.url)
    second.open(f"{cluster.url}/Pooling").get_by_role("heading", name=TITLES["pages/3_Pooling.py"]).wait_for()
    settle(second.page)

    assert len(set(visitor.replicas)) == 1, f"one visitor, several replicas: {set(visitor.replicas)}"
    kinds = {path.split("/")[3] for path in visitor.paths}
    assert {"static", "_stcore"} <= kinds, kinds
    assert any("/_upload/" in path for path in visitor.paths), (
        "the upload itself went through the proxy, to its replica"
    )
    assert set(second.replicas) and set(second.replicas) != set(visitor.replicas)
    assert len(set(second.replicas)) == 1
    first_replica = visitor.replicas[0]
    visitor.context.close()
    second.context.close()
    return first_replica


def a_live_class_spans_both_replicas(browser, url, teacher_on, students_on):
    teacher = Visitor(browser, url, "presenter", replica=teacher_on)
    page = teacher.open(f"{url}/Convolution?presenter=1&lang=en")
    code, question = start_class_and_ask(page), FIRST_QUESTION

    truth = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS).steps[0].total
    # The class spread over both replicas: a laptop on the teacher's, a phone and a second laptop
    # on the other; each answer is posted to its own replica and counted on the projector.
    places = (("student", students_on), ("phone", students_on), ("student", teacher_on))
    students = [Visitor(browser, url, size, replica=replica) for size, replica in places]
    for student, answer in zip(students, (f"{truth:g}", "0", "0")):
        phone = student.open(f"{url}/Live_class?room={code}")
        phone.get_by_text(question).wait_for(timeout=60_000)
        phone.locator(NUMBER_BOX).fill(answer)
        phone.get_by_role("button", name="Send", exact=True).click()
        phone.get_by_text(f"Your answer: {answer}.").wait_for()
    page.get_by_text("3 of 3 answered").wait_for()
    page.get_by_role("button", name="Reveal", exact=True).click()
    page.get_by_text("1 of 3 got it (33%)").wait_for()
    for student in students:
        student.page.get_by_text("33% of the class got it (1 of 3).").wait_for()
    assert set(teacher.replicas) == {teacher_on}
    assert [set(s.replicas) for s in students] == [{replica} for _, replica in places]
    assert all(any("/_live/answer" in path for path in s.paths) for s in students), "answers posted by the browser"
    for visitor in (teacher, *students):
        visitor.context.close()


def a_killed_replicas_visitors_reconnect_to_the_other(browser, cluster, dying, living):
    """Among them a teacher mid-question: the projector comes back to its room with control
    (its cookie names the room in Redis), and Reveal reaches the phone on the other replica."""
    url = cluster.url
    lost = Visitor(browser, url, replica=dying)
    page = lost.open(f"{url}/Convolution?step=4&k=3&p=1")
    page.get_by_text("Output position row 1, column 0").wait_for(timeout=60_000)
    settle(page)
    kept = Visitor(browser, url, replica=living)
    calm = kept.open(f"{url}/Pooling")
    calm.get_by_role("heading", name="Max pooling").wait_for(timeout=60_000)
    settle(calm)
    teacher = Visitor(browser, url, "presenter", replica=dying)
    projector = teacher.open(f"{url}/Convolution?presenter=1&lang=en")
    code = start_class_and_ask(projector)
    student = Visitor(browser, url, "phone", replica=living)
    phone = student.open(f"{url}/Live_class?room={code}")
    phone.get_by_text(FIRST_QUESTION).wait_for(timeout=60_000)
    phone.locator(NUMBER_BOX).fill("5")
    phone.get_by_role("button", name="Send", exact=True).click()
    phone.get_by_text("Your answer: 5.").wait_for()

    with page.expect_websocket(timeout=60_000), projector.expect_websocket(timeout=60_000):
        cluster.kill(dying)
    projector.get_by_text(f"Back in room {code}").wait_for(timeout=60_000)
    projector.get_by_text("1 of 1 answered").wait_for()
    projector.get_by_role("button", name="Reveal", exact=True).click()
    phone.get_by_text("of the class got it").wait_for(timeout=30_000)
    assert teacher.replicas[-1] == living
    page.get_by_text("Output position row 1, column 0").wait_for()
    settle(page)
    assert "step=4" in page.url and "k=3" in page.url
    expect(page.locator(".st-key-conv_k input")).to_have_value("3")
    after = lost.replicas[lost.replicas.index(dying) :]
    assert after[-1] == living, f"after the kill, answered by {after[-1]}"
    shoot(page, "cluster-after-failover")

    # The other replica's visitor lost nothing: the same session answers a click.
    calm.locator('[data-testid="stButtonGroup"]').get_by_text("Average", exact=True).click()
    calm.get_by_role("heading", name="Average pooling").first.wait_for()
    settle(calm)
    assert len(kept.sockets) == 1 and not kept.closed, "the living replica's session never reconnected"
    assert set(kept.replicas) == {living}
    for visitor in (lost, kept, teacher, student):
        visitor.context.close()


@pytest.mark.slow
def test_the_launcher_starts_everything_and_sigterm_stops_everything(tmp_path):
    import signal

    import psutil

    port = st_client.free_port()
    command = [
        sys.executable,
        "-m",
        "tools.cluster",
        "--replicas",
        "1",
        "--port",
        str(port),
        "--log-dir",
        str(tmp_path),
    ]
    launcher = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        first = launcher.stdout.readline()  # printed once every part answers
        assert first.startswith(f"CNN Viz on http://127.0.0.1:{port} (1 replicas, Redis, HAProxy)"), first
        assert st_client.healthy(f"http://127.0.0.1:{port}")
        children = psutil.Process(launcher.pid).children(recursive=True)
        names = {" ".join(c.cmdline()[:3]) for c in children}
        assert any("haproxy" in n for n in names) and any("redis-server" in n for n in names)
        assert any("streamlit" in " ".join(c.cmdline()) for c in children)
        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(60) == 0
        gone, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, f"left running: {[c.cmdline() for c in alive]}"
        assert not st_client.healthy(f"http://127.0.0.1:{port}")
    finally:
        if launcher.poll() is None:
            launcher.kill()
