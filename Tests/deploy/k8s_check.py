"""Renders each deploy/k8s overlay and checks what kubernetes-validate cannot: the Prometheus Operator resources
(a strict key check, no schema needed) and that the PrometheusRule carries deploy/prometheus/hypercube-rules.yml.

    k8s_check.py ROOT OUT_DIR     writes OUT_DIR/<overlay>.yaml and OUT_DIR/<overlay>.rules.yml, prints ok/FAIL lines

Rendering uses `kubectl kustomize` when kubectl is on PATH (and then checks that the built-in renderer below gives
the same resources, so the fallback stays honest); otherwise the built-in renderer, which understands the subset
deploy/k8s uses: resources (files and directories), labels (metadata only), inline JSON 6902 patches and secret
generators from literals without a name hash.

A kustomization nested in an overlay (overlays/cluster/postgres-trial) is rendered too, as <overlay>-<folder>.yaml;
it has no render Deployment, so only its own checks apply. An overlay whose Deployment joins a cluster (--cluster) is
checked for what a cluster needs: the database URL from a Secret, the password only in a mounted file, the node id
from the pod name, the public URL from the pod IP, several replicas on distinct nodes, and a NetworkPolicy that lets
the nodes reach each other's HTTP and media ports and the database.
"""

import base64
import copy
import urllib.parse
import json
import pathlib
import shutil
import subprocess
import sys

import jsonpatch
import yaml

from checks import Checks


def load_all(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def render(directory):
    """The resources of one kustomization directory, built like kustomize does for the fields we use."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    known = {"apiVersion", "kind", "resources", "labels", "patches", "secretGenerator", "generatorOptions"}
    unknown = set(kustomization) - known
    if unknown:
        raise ValueError(f"{directory}: the built-in renderer does not support {sorted(unknown)}")
    resources = []
    for entry in kustomization.get("resources", []):
        path = (directory / entry).resolve()
        resources += render(path) if path.is_dir() else load_all(path)
    for patch in kustomization.get("patches", []):
        target = patch["target"]
        matched = [r for r in resources if r["kind"] == target["kind"] and r["metadata"]["name"] == target["name"]]
        if len(matched) != 1:
            raise ValueError(f"{directory}: patch target {target} matches {len(matched)} resources")
        index = resources.index(matched[0])
        resources[index] = jsonpatch.apply_patch(matched[0], yaml.safe_load(patch["patch"]))
    generators = kustomization.get("secretGenerator", [])
    if generators and not kustomization.get("generatorOptions", {}).get("disableNameSuffixHash"):
        raise ValueError(f"{directory}: the built-in renderer generates Secrets only with disableNameSuffixHash")
    for generator in generators:
        if set(generator) - {"name", "literals"}:
            raise ValueError(f"{directory}: the built-in renderer generates Secrets from literals only")
        pairs = [literal.split("=", 1) for literal in generator.get("literals", [])]
        resources.append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": generator["name"]},
                          "type": "Opaque",
                          "data": {key: base64.b64encode(value.encode()).decode() for key, value in pairs}})
    for label in kustomization.get("labels", []):
        for resource in resources:
            resource["metadata"].setdefault("labels", {}).update(label["pairs"])
    return resources


def keyed(resources):
    return {(r["kind"], r["metadata"]["name"]): r for r in resources}


def comparable(resources):
    """keyed(), with Secret data decoded: kustomize folds long base64 values over several lines."""
    result = keyed(copy.deepcopy(resources))
    for (kind, _), resource in result.items():
        if kind == "Secret":
            resource["data"] = {k: base64.b64decode(v) for k, v in resource.get("data", {}).items()}
    return result


def secret_value(secret, key):
    return base64.b64decode(secret.get("data", {}).get(key, "")).decode()


def rule_allows(rules, peer_key, port, protocol, peer_labels, pod_labels):
    """Whether one of a NetworkPolicy's ingress or egress rules lets TCP/UDP `port` through to or from a pod with
    `peer_labels` (or, with peer_labels None, to any address: only rules without a peer list or with 0.0.0.0/0)."""
    for rule in rules:
        ports = rule.get("ports") or []
        if ports and not any(p.get("port") in (port, None) and p.get("protocol", "TCP") == protocol for p in ports):
            continue
        peers = rule.get(peer_key) or []
        if not peers:
            return True
        for peer in peers:
            if peer_labels is None:
                if peer.get("ipBlock", {}).get("cidr") == "0.0.0.0/0" and not peer["ipBlock"].get("except"):
                    return True
            elif "podSelector" in peer and "namespaceSelector" not in peer and "ipBlock" not in peer:
                wanted = peer["podSelector"].get("matchLabels", {})
                if all(peer_labels.get(k) == v for k, v in wanted.items()):
                    return True
    return False


def check_cluster(name, resources, container, pod, deployment, report):
    """What `serve --cluster` in a Deployment needs (docs/operations.md, "Cluster")."""
    args = container["args"]
    env = {e["name"]: e for e in container.get("env", [])}
    value_of = {a.split("=", 1)[0]: a.split("=", 1)[1] for a in args if a.startswith("--") and "=" in a}
    url_source = env.get("HYPERCUBE_CLUSTER_URL", {}).get("valueFrom", {}).get("secretKeyRef")
    report(value_of.get("--cluster") == "$(HYPERCUBE_CLUSTER_URL)" and bool(url_source),
           f"{name}: --cluster=$(HYPERCUBE_CLUSTER_URL), the URL from Secret {url_source}")
    password_file = value_of.get("--cluster-password-file", "")
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    mount = next((path for path in mounts if password_file.startswith(path.rstrip("/") + "/")), None)
    secret = volumes.get(mounts.get(mount), {}).get("secret", {}) if mount else {}
    paths = {item["path"]: item["key"] for item in secret.get("items", [])}
    report(bool(secret) and paths.get(password_file[len(mount) + 1:]) == "password"
           and secret.get("secretName") == (url_source or {}).get("name"),
           f"{name}: --cluster-password-file={password_file} is key `password` of the same Secret, mounted",
           f"mount {mount}, secret {secret}")
    plain = [e["name"] for e in container.get("env", [])
             if e["name"] == "HYPERCUBE_CLUSTER_PASSWORD" or "postgres" in str(e.get("value", "")).lower()]
    in_args = [a for a in args if "postgres" in a.lower() or "password=" in a.lower()]
    report(not plain and not in_args, f"{name}: no database URL or password in plain env or args", plain + in_args)
    node_id = env.get("HYPERCUBE_NODE_ID", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
    report(node_id == "metadata.name" and "--node-id" not in value_of,
           f"{name}: HYPERCUBE_NODE_ID from the pod name ({node_id})")
    http_port = value_of.get("--port")
    pod_ip = env.get("POD_IP", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
    report(value_of.get("--public-url") == f"http://$(POD_IP):{http_port}" and pod_ip == "status.podIP",
           f"{name}: --public-url={value_of.get('--public-url')} from status.podIP and --port")
    replicas = deployment["spec"].get("replicas", 1)
    report(replicas >= 2 and deployment["spec"].get("strategy", {}).get("type") == "RollingUpdate",
           f"{name}: {replicas} replicas, replaced one at a time (RollingUpdate)")
    terms = pod.get("affinity", {}).get("podAntiAffinity", {}).get("requiredDuringSchedulingIgnoredDuringExecution", [])
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    report(any(t.get("topologyKey") == "kubernetes.io/hostname"
               and all(labels.get(k) == v for k, v in t.get("labelSelector", {}).get("matchLabels", {}).items())
               for t in terms), f"{name}: one pod per node (required anti-affinity on kubernetes.io/hostname)")
    state = next((m for m in container["volumeMounts"] if m["name"] == "state"), {})
    claim = volumes.get("state", {}).get("persistentVolumeClaim", {}).get("claimName")
    modes = resources.get(("PersistentVolumeClaim", claim), {}).get("spec", {}).get("accessModes", [])
    report(claim is None or ("ReadWriteMany" in modes and "$(HYPERCUBE_NODE_ID)" in state.get("subPathExpr", "")),
           f"{name}: each pod's state in its own folder of a claim every pod can mount ({claim}: {modes})")
    udp_port = int(value_of["--udp-port"])
    policy = resources[("NetworkPolicy", "render-4d-hypercube")]["spec"]
    policy_labels = policy["podSelector"].get("matchLabels", {})
    report(all(labels.get(k) == v for k, v in policy_labels.items()), f"{name}: the NetworkPolicy selects the nodes")
    for port, protocol, to_any in ((int(http_port), "TCP", False), (udp_port, "UDP", True)):
        # The owner announces its node's address for media, which no pod selector matches: UDP must go anywhere.
        report(rule_allows(policy.get("ingress", []), "from", port, protocol, labels, labels)
               and rule_allows(policy.get("egress", []), "to", port, protocol, None if to_any else labels, labels),
               f"{name}: NetworkPolicy lets nodes reach each other on {protocol} {port}"
               f"{' (at any address: node addresses are announced)' if to_any else ''}")
    report(rule_allows(policy.get("egress", []), "to", 5432, "TCP", None, labels),
           f"{name}: NetworkPolicy lets nodes reach PostgreSQL (TCP 5432)")


def check_trial(name, resources, overlay_resources, report):
    """The trial database: what the overlay's Deployment expects of it."""
    secret = resources.get(("Secret", "render-4d-hypercube-cluster"))
    report(secret is not None, f"{name}: makes Secret render-4d-hypercube-cluster")
    if secret is None:
        return
    url = urllib.parse.urlsplit(secret_value(secret, "url"))
    report(url.scheme == "postgres" and url.password is None and bool(secret_value(secret, "password")),
           f"{name}: Secret has a url without a password ({url.scheme}://{url.username}@{url.hostname}) and a password")
    service = resources.get(("Service", url.hostname))
    report(service is not None and any(p["port"] == (url.port or 5432) for p in service["spec"]["ports"]),
           f"{name}: Service {url.hostname} serves port {url.port or 5432} of the url")
    database = next((r for r in resources.values() if r["kind"] == "StatefulSet"), None)
    container = database["spec"]["template"]["spec"]["containers"][0] if database else {}
    env = {e["name"]: e for e in container.get("env", [])}
    report("POSTGRES_PASSWORD_FILE" in env and "POSTGRES_PASSWORD" not in env,
           f"{name}: PostgreSQL reads its password from a mounted file (POSTGRES_PASSWORD_FILE)")
    report(env.get("POSTGRES_USER", {}).get("value") == url.username
           and env.get("POSTGRES_DB", {}).get("value") == url.path.lstrip("/"),
           f"{name}: PostgreSQL's user and database are the url's")
    policy = next((r["spec"] for r in resources.values() if r["kind"] == "NetworkPolicy"), {})
    deployment = overlay_resources[("Deployment", "render-4d-hypercube")]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    report(rule_allows(policy.get("ingress", []), "from", url.port or 5432, "TCP", labels, {}),
           f"{name}: its NetworkPolicy lets the render nodes in")


def check_keys(value, allowed, where, problems):
    """allowed: a dict of key -> nested allowed (dict), [nested] for lists of objects, or None for any value."""
    if isinstance(allowed, list):
        for i, item in enumerate(value):
            check_keys(item, allowed[0], f"{where}[{i}]", problems)
    elif isinstance(allowed, dict):
        if not isinstance(value, dict):
            problems.append(f"{where}: expected a mapping")
            return
        for key, item in value.items():
            if key not in allowed:
                problems.append(f"{where}: unknown field {key!r}")
            else:
                check_keys(item, allowed[key], f"{where}.{key}", problems)


METADATA = {"name": None, "labels": None, "annotations": None, "namespace": None}
SERVICE_MONITOR = {
    "apiVersion": None, "kind": None, "metadata": METADATA,
    "spec": {
        "selector": {"matchLabels": None},
        "endpoints": [{"port": None, "path": None, "interval": None, "scrapeTimeout": None, "scheme": None}],
    },
}
PROMETHEUS_RULE = {
    "apiVersion": None, "kind": None, "metadata": METADATA,
    "spec": {"groups": [{"name": None, "interval": None, "rules": [
        {"alert": None, "record": None, "expr": None, "for": None, "labels": None, "annotations": None},
    ]}]},
}


def main():
    root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    checks = Checks()
    report = checks.report

    rules_file = yaml.safe_load((root / "deploy/prometheus/hypercube-rules.yml").read_text())
    base = keyed(render(root / "deploy/k8s/base"))
    report(base[("PrometheusRule", "render-4d-hypercube")]["spec"]["groups"] == rules_file["groups"],
           "base PrometheusRule has the groups of deploy/prometheus/hypercube-rules.yml")

    kubectl = shutil.which("kubectl")

    def build(directory, name):
        """Renders one kustomization, writes OUT/<name>.yaml, and returns its resources keyed (None on failure)."""
        try:
            ours = render(directory)
        except Exception as error:  # noqa: BLE001 - reported as a failed check
            report(False, f"{name}: built-in render", error)
            return None
        if kubectl:
            run = subprocess.run([kubectl, "kustomize", str(directory)], capture_output=True, text=True, timeout=60)
            if run.returncode != 0:
                report(False, f"{name}: kubectl kustomize", run.stderr)
                return None
            rendered = [d for d in yaml.safe_load_all(run.stdout) if d is not None]
            report(comparable(rendered) == comparable(ours),
                   f"{name}: kubectl kustomize and the built-in renderer agree",
                   json.dumps(sorted(set(keyed(rendered)) ^ set(keyed(ours)))))
        else:
            rendered = ours
        report(True, f"{name}: rendered {len(rendered)} resources"
               f" ({'kubectl kustomize' if kubectl else 'built-in renderer'})")
        (out / f"{name}.yaml").write_text(yaml.safe_dump_all(rendered, sort_keys=False))
        return keyed(rendered)

    for overlay in sorted((root / "deploy/k8s/overlays").iterdir()):
        name = overlay.name
        resources = build(overlay, name)
        if resources is None:
            continue
        for kind, allowed in (("ServiceMonitor", SERVICE_MONITOR), ("PrometheusRule", PROMETHEUS_RULE)):
            found = [r for (k, _), r in resources.items() if k == kind]
            problems = [] if found else [f"no {kind}"]
            for resource in found:
                if resource["apiVersion"] != "monitoring.coreos.com/v1":
                    problems.append(f"{kind}: apiVersion {resource['apiVersion']}")
                check_keys(resource, allowed, kind, problems)
            report(not problems, f"{name}: {kind} fields", "\n".join(problems))
        rule = resources[("PrometheusRule", "render-4d-hypercube")]
        (out / f"{name}.rules.yml").write_text(yaml.safe_dump({"groups": copy.deepcopy(rule["spec"]["groups"])}))

        deployment = resources[("Deployment", "render-4d-hypercube")]
        pod = deployment["spec"]["template"]["spec"]
        container = pod["containers"][0]
        drain = [float(a.split("=", 1)[1]) for a in container["args"] if a.startswith("--drain-seconds=")]
        report(bool(drain) and pod["terminationGracePeriodSeconds"] > drain[0] + 10,
               f"{name}: terminationGracePeriodSeconds {pod['terminationGracePeriodSeconds']} > drain {drain} + 10 s")
        udp = [a.split("=", 1)[1] for a in container["args"] if a.startswith("--udp-port=")]
        media = [p for p in container["ports"] if p["protocol"] == "UDP"]
        report(bool(udp) and len(media) == 1 and str(media[0]["containerPort"]) == udp[0],
               f"{name}: UDP containerPort equals --udp-port {udp}")
        service = resources[("Service", "render-4d-hypercube-media")]
        node_port = service["spec"]["ports"][0].get("nodePort")
        report(node_port is None or str(node_port) == udp[0],
               f"{name}: media nodePort {node_port} is the announced port (or none with hostNetwork)")
        env = {e["name"] for e in container["env"]}
        report({"EXPERIMENTAL_FEATURES", "ADVANCED_RENDERING", "HYPERCUBE_OPERATOR_TOKEN_FILE"} <= env,
               f"{name}: flag and operator-token environment")
        if any(a.startswith("--cluster") for a in container["args"]):
            check_cluster(name, resources, container, pod, deployment, report)

        for nested in sorted(overlay.rglob("*/kustomization.yaml")):
            folder = nested.parent.relative_to(overlay)
            nested_name = f"{name}-{'-'.join(folder.parts)}"
            nested_resources = build(nested.parent, nested_name)
            if nested_resources is not None:
                check_trial(nested_name, nested_resources, resources, report)
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
