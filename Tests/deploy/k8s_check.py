"""Renders each deploy/k8s overlay and checks what kubernetes-validate cannot: the Prometheus Operator resources
(a strict key check, no schema needed) and that the PrometheusRule carries deploy/prometheus/hypercube-rules.yml.

    k8s_check.py ROOT OUT_DIR     writes OUT_DIR/<overlay>.yaml and OUT_DIR/<overlay>.rules.yml, prints ok/FAIL lines

Rendering uses `kubectl kustomize` when kubectl is on PATH (and then checks that the built-in renderer below gives
the same resources, so the fallback stays honest); otherwise the built-in renderer, which understands the subset
deploy/k8s uses: resources (files and directories), labels (metadata only) and inline JSON 6902 patches.
"""

import copy
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
    known = {"apiVersion", "kind", "resources", "labels", "patches"}
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
    for label in kustomization.get("labels", []):
        for resource in resources:
            resource["metadata"].setdefault("labels", {}).update(label["pairs"])
    return resources


def keyed(resources):
    return {(r["kind"], r["metadata"]["name"]): r for r in resources}


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
    for overlay in sorted((root / "deploy/k8s/overlays").iterdir()):
        name = overlay.name
        try:
            ours = render(overlay)
        except Exception as error:  # noqa: BLE001 - reported as a failed check
            report(False, f"{name}: built-in render", error)
            continue
        if kubectl:
            run = subprocess.run([kubectl, "kustomize", str(overlay)], capture_output=True, text=True, timeout=60)
            if run.returncode != 0:
                report(False, f"{name}: kubectl kustomize", run.stderr)
                continue
            rendered = [d for d in yaml.safe_load_all(run.stdout) if d is not None]
            report(keyed(rendered) == keyed(ours), f"{name}: kubectl kustomize and the built-in renderer agree",
                   json.dumps(sorted(set(keyed(rendered)) ^ set(keyed(ours)))))
        else:
            rendered = ours
        report(True, f"{name}: rendered {len(rendered)} resources"
               f" ({'kubectl kustomize' if kubectl else 'built-in renderer'})")
        (out / f"{name}.yaml").write_text(yaml.safe_dump_all(rendered, sort_keys=False))

        resources = keyed(rendered)
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
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
