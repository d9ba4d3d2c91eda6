"""deploy/kubernetes: every manifest valid against the Kubernetes API's schemas (kubernetes-
validate, strict) and clean by yamllint, and held to the one source of truth for what they
repeat: the Dockerfile's port, user and health check, deploy/haproxy.cfg's cookie, health
path and tunnel timeout, compose's room store, the measured memory per replica.

What no test here can do: apply them to a cluster (there is none on this machine). The
Gateway API and Envoy Gateway kinds have no schema in kubernetes-validate; they are checked
field by field below against the Gateway API's documented shape."""

import re

import kubernetes_validate
import pytest
import yaml
from yamllint import config as yamllint_config
from yamllint import linter

from cnn_viz import ROOT

K8S = ROOT / "deploy" / "kubernetes"
CORE_GROUPS = ("v1", "apps/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1")
YAMLLINT = yamllint_config.YamlLintConfig(
    "extends: default\nrules:\n  line-length: {max: 120}\n  document-start: disable\n"
    "  comments: {min-spaces-from-content: 2}\n  truthy: {check-keys: false}\n"
)


def manifests():
    """[(file name, resource)] for every manifest in deploy/kubernetes."""
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        found += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return found


def resource(kind, name=None):
    matches = [doc for _, doc in manifests() if doc["kind"] == kind and name in (None, doc["metadata"]["name"])]
    assert len(matches) == 1, (kind, name, len(matches))
    return matches[0]


def dockerfile():
    return (ROOT / "deploy" / "Dockerfile").read_text()


def haproxy():
    return (ROOT / "deploy" / "haproxy.cfg").read_text()


@pytest.mark.parametrize("path", sorted(K8S.glob("*.yaml")), ids=lambda p: p.name)
def test_every_file_is_clean_yaml(path):
    problems = list(linter.run(path.read_text(), YAMLLINT))
    assert not problems, [f"{path.name}:{p.line} {p.desc}" for p in problems]


@pytest.mark.parametrize("name, doc", [m for m in manifests() if m[1]["apiVersion"] in CORE_GROUPS], ids=str)
def test_every_core_resource_is_valid_against_the_api_schema(name, doc):
    kubernetes_validate.validate(doc, "1.33", strict=True)  # raises with the field that is wrong


def test_the_kustomization_applies_every_manifest_but_the_alternative():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files - {"ingress-haproxy.yaml"}
    assert kustomization["namespace"] == resource("Namespace")["metadata"]["name"]
    assert [i["name"] for i in kustomization["images"]] == [container()["image"]]


def container():
    [app] = resource("Deployment", "cnn-viz")["spec"]["template"]["spec"]["containers"]
    return app


def test_the_app_runs_the_dockerfiles_image_as_it_was_built():
    app = container()
    port = int(re.search(r"^EXPOSE (\d+)", dockerfile(), re.M).group(1))
    assert app["ports"] == [{"name": "http", "containerPort": port}]
    assert "command" not in app and "args" not in app, "the image's own CMD runs"
    uid = int(re.search(r"useradd .*--uid (\d+)", dockerfile()).group(1))
    pod = resource("Deployment", "cnn-viz")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == uid and pod["securityContext"]["runAsNonRoot"]


def test_the_probes_ask_the_health_path_the_dockerfile_and_the_proxy_ask():
    path = re.search(r"http://127.0.0.1:\d+(/\S+)'", dockerfile()).group(1)
    assert re.search(rf"option httpchk GET {re.escape(path)}$", haproxy(), re.M)
    app = container()
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert app[probe]["httpGet"] == {"path": path, "port": "http"}, probe
    ingress = resource("Ingress")["metadata"]["annotations"]
    assert ingress["haproxy.org/check-http"] == path


def test_the_rooms_live_in_redis_with_an_append_only_file_as_compose_runs_them():
    env = {e["name"]: e for e in container()["env"]}
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    for name in ("CNN_VIZ_ROOMS", "CNN_VIZ_TRUSTED_PROXIES"):  # the same as compose's
        assert env[name]["value"] == compose["services"]["app"]["environment"][name], name
    host, port = re.match(r"redis://([^:/]+):(\d+)/", env["CNN_VIZ_ROOMS"]["value"]).groups()
    service = resource("Service", host)
    assert service["spec"]["ports"][0]["port"] == int(port)
    redis = resource("StatefulSet", "redis")["spec"]
    args = redis["template"]["spec"]["containers"][0]["args"]
    assert args[args.index("--appendonly") + 1] == "yes" and "--dir" in args
    assert redis["volumeClaimTemplates"][0]["metadata"]["name"] == "data"
    command = compose["services"]["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes", "compose keeps the rooms on a volume too"


def test_the_cookie_secret_comes_from_the_secret():
    ref = {e["name"]: e for e in container()["env"]}["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]
    secret = resource("Secret", ref["name"])
    assert ref["key"] in secret["stringData"]


def test_sessions_stick_to_their_pod_for_as_long_as_a_lesson():
    """The same cookie name as the proxy, a websocket never cut by a request timeout, and an
    idle timeout at least the proxy's tunnel timeout."""
    cookie = re.search(r"^\s*cookie (\S+) insert", haproxy(), re.M).group(1)
    tunnel = re.search(r"^\s*timeout tunnel (\d+)h", haproxy(), re.M).group(1)
    [rule] = resource("HTTPRoute")["spec"]["rules"]
    persistence = rule["sessionPersistence"]
    assert persistence["type"] == "Cookie" and persistence["sessionName"] == cookie
    assert persistence["cookieConfig"]["lifetimeType"] in ("Permanent", "Session")
    assert re.fullmatch(r"([0-9]{1,5}(h|m|s|ms)){1,4}", persistence["absoluteTimeout"])  # the API's pattern
    assert rule["timeouts"]["request"] == "0s", "a Streamlit session is one long websocket"
    assert rule["backendRefs"] == [
        {"name": "cnn-viz", "port": resource("Service", "cnn-viz")["spec"]["ports"][0]["port"]}
    ]
    idle = resource("ClientTrafficPolicy")["spec"]["timeout"]["http"]["idleTimeout"]
    assert int(idle.rstrip("s")) >= int(tunnel) * 3600
    assert resource("HTTPRoute")["spec"]["parentRefs"] == [{"name": resource("Gateway")["metadata"]["name"]}]
    ingress = resource("Ingress")["metadata"]["annotations"]
    assert ingress["haproxy.org/cookie-persistence"] == cookie and ingress["haproxy.org/timeout-tunnel"] == f"{tunnel}h"


def test_resources_are_sized_from_the_measured_memory_per_replica():
    """docs/performance.md: 175-200 MB a replica with up to 240 sessions, ~90 MB more while a
    20-megapixel upload decodes."""
    resources = container()["resources"]
    mebibytes = lambda v: int(v.removesuffix("Mi"))
    assert mebibytes(resources["requests"]["memory"]) >= 200
    assert mebibytes(resources["limits"]["memory"]) >= 200 + 90 + 100
    assert resources["limits"]["cpu"] == "1", "one interpreter lock: one core a replica"


def test_pods_run_locked_down():
    pod = resource("Deployment", "cnn-viz")["spec"]["template"]["spec"]
    for spec in (pod, resource("StatefulSet", "redis")["spec"]["template"]["spec"]):
        assert spec["automountServiceAccountToken"] is False
        assert spec["securityContext"]["runAsNonRoot"] and spec["securityContext"]["seccompProfile"]
        for c in spec["containers"]:
            ctx = c["securityContext"]
            assert ctx["readOnlyRootFilesystem"] and not ctx["allowPrivilegeEscalation"]
            assert ctx["capabilities"]["drop"] == ["ALL"]
    assert {m["mountPath"] for m in container()["volumeMounts"]} == {"/tmp"}
    assert {e["name"]: e.get("value") for e in container()["env"]}["HOME"] == "/tmp"


def test_scaling_keeps_a_class_served():
    budget = resource("PodDisruptionBudget")["spec"]
    hpa = resource("HorizontalPodAutoscaler")["spec"]
    deployment = resource("Deployment", "cnn-viz")["spec"]
    assert budget["minAvailable"] >= 1 and budget["selector"] == deployment["selector"]
    assert hpa["scaleTargetRef"]["name"] == "cnn-viz" and hpa["minReplicas"] >= 2
    assert hpa["behavior"]["scaleDown"]["stabilizationWindowSeconds"] >= 1800, "no scale-in mid-lesson"
    assert deployment["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
