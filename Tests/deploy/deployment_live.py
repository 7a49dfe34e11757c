"""Starts the real binary with the container arguments and environment of a rendered overlay's Deployment, on
127.0.0.1: the arguments parse, the token file is read (a flag write with its token answers 200), the startup probe's path answers 200 within the probe's
budget, and after SIGTERM readiness turns 503 and the process exits 0 inside terminationGracePeriodSeconds.
A Deployment that joins a cluster (--cluster=$(HYPERCUBE_CLUSTER_URL)) gets a throwaway PostgreSQL (Tests/e2e/postgres.py) that
asks for a password: its URL stands in for the Secret's `url`, its password is written to the mounted password file,
and the node must join under its pod name, own the default session at its --public-url, and never log the password.

    deployment_live.py RENDERED.yaml HYPERCUBE_BINARY SCENES_ROOT     prints ok/FAIL lines, exits 1 on any FAIL

Ports, the state directory and the secret mounts are replaced by local ones; $(HOST_IP) and $(POD_IP) become
127.0.0.1, the pod name deployment-live-pod, and $(VAR) in the arguments is expanded from the environment as the
kubelet does.
"""

import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import yaml

from checks import Checks

# The e2e tests' throwaway PostgreSQL, here with a password (appended, so nothing of this folder is shadowed).
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from postgres import TemporaryPostgres  # noqa: E402

POD_NAME = "deployment-live-pod"
CLUSTER_PASSWORD = "deployment-live-cluster-password"


def free_port(kind):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def get_json(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return json.load(response)
    except (OSError, ValueError):
        return None


def main():
    rendered, binary, root = pathlib.Path(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
    name = rendered.stem
    deployment = next(d for d in yaml.safe_load_all(rendered.read_text()) if d and d["kind"] == "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    checks = Checks(prefix=f"{name}: ", lines=lambda detail: detail.strip().splitlines()[-10:])
    report = checks.report

    work = pathlib.Path(tempfile.mkdtemp(prefix="hypercube-deployment-"))
    process = None
    database = None
    clustered = any(a.startswith("--cluster=") for a in container["args"])
    try:
        if clustered:
            try:
                database = TemporaryPostgres("hypercube", "hypercube", CLUSTER_PASSWORD)
            except (RuntimeError, OSError, subprocess.SubprocessError) as error:
                report(False, "a throwaway PostgreSQL for --cluster starts", error)
                return 1
        http_port, udp_port = free_port(socket.SOCK_STREAM), free_port(socket.SOCK_DGRAM)
        mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
        local = {mounts["state"]: str(work / "state"), mounts["operator-token"]: str(work / "secret")}
        (work / "secret").mkdir()
        (work / "state").mkdir()
        if "cluster-password" in mounts:
            local[mounts["cluster-password"]] = str(work / "cluster-secret")
            (work / "cluster-secret").mkdir()
            (work / "cluster-secret" / "password").write_text(CLUSTER_PASSWORD + "\n")
        # Longest first: /run/secrets/hypercube is a prefix of /run/secrets/hypercube-cluster.
        local = dict(sorted(local.items(), key=lambda item: -len(item[0])))
        fields = {"metadata.name": POD_NAME, "status.podIP": "127.0.0.1", "status.hostIP": "127.0.0.1"}
        env = {"PATH": os.environ["PATH"], "HOST_IP": "127.0.0.1"}
        for variable in container["env"]:
            value = variable.get("value")
            source = variable.get("valueFrom", {})
            if "fieldRef" in source:
                value = fields[source["fieldRef"]["fieldPath"]]
            elif source.get("secretKeyRef", {}).get("key") == "url" and database is not None:
                value = database.url
            if value is None:
                continue
            for mount, path in local.items():
                value = value.replace(mount, path)
            env[variable["name"]] = value
        token_file = pathlib.Path(env["HYPERCUBE_OPERATOR_TOKEN_FILE"])
        token_file.write_text("deployment-live-test-token\n")
        env["XDG_CACHE_HOME"] = str(work / "cache")
        arguments = []
        for argument in container["args"]:
            argument = re.sub(r"^--port=.*", f"--port={http_port}", argument)
            argument = re.sub(r"^--udp-port=.*", f"--udp-port={udp_port}", argument)
            argument = re.sub(r"\$\((\w+)\)", lambda m: env.get(m[1], m[0]), argument)
            argument = re.sub(r"^(--public-url=http://[^/:]+):\d+$", rf"\g<1>:{http_port}", argument)
            for mount, path in local.items():
                argument = argument.replace(mount, path)
            arguments.append(argument)
        arguments += ["--host", "127.0.0.1"]
        process = subprocess.Popen([binary, *arguments], cwd=root, env=env, stdout=open(work / "log", "wb"),
                                   stderr=subprocess.STDOUT)
        probe = container["startupProbe"]
        budget = probe["periodSeconds"] * probe["failureThreshold"]
        url = f"http://127.0.0.1:{http_port}{probe['httpGet']['path']}"
        started = time.monotonic()
        while time.monotonic() - started < budget and process.poll() is None and status(url) != 200:
            time.sleep(0.2)
        ready = status(url) == 200
        report(ready, f"`hypercube {' '.join(container['args'])}` ready in {time.monotonic() - started:.1f} s "
               f"(startup probe allows {budget} s)", (work / "log").read_text())
        if not ready:
            return 1
        request = urllib.request.Request(
            f"http://127.0.0.1:{http_port}/v1/flags/bitrate", data=b'{"value": 1500000}', method="PUT",
            headers={"Authorization": "Bearer deployment-live-test-token", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                written = response.status
        except urllib.error.HTTPError as error:
            written = error.code
        report(written == 200, f"the operator token from HYPERCUBE_OPERATOR_TOKEN_FILE authorizes a write ({written})")
        if clustered:
            public = next(a.split("=", 1)[1] for a in arguments if a.startswith("--public-url="))
            deadline = time.monotonic() + 15
            cluster, default = None, None
            while time.monotonic() < deadline and default is None:
                listing = get_json(f"http://127.0.0.1:{http_port}/v1/sessions", "deployment-live-test-token") or {}
                cluster = listing.get("cluster") if isinstance(listing, dict) else None
                default = next((s for s in (cluster or {}).get("sessions", []) if s.get("id") == "default"
                                and s.get("owner") == POD_NAME and s.get("leaseLive")), None)
                time.sleep(0.3)
            report(bool(cluster) and cluster.get("node") == POD_NAME and cluster.get("reachable") is True,
                   f"joined the cluster as the pod name {POD_NAME} (node {(cluster or {}).get('node')}, reachable "
                   f"{(cluster or {}).get('reachable')})", json.dumps(cluster) + "\n" + (work / "log").read_text())
            report(default is not None and default.get("ownerURL") == public and default.get("renderedHere"),
                   f"owns and renders the default session at --public-url {public} ({default})")
        process.send_signal(signal.SIGTERM)
        term = time.monotonic()
        time.sleep(0.3)
        report(status(url) in (503, None), f"readiness answers {status(url)} right after SIGTERM (draining)")
        grace = pod["terminationGracePeriodSeconds"]
        try:
            code = process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            code = None
        report(code == 0, f"exits {code} {time.monotonic() - term:.1f} s after SIGTERM (grace {grace} s)",
               (work / "log").read_text())
        if clustered:
            report(CLUSTER_PASSWORD not in (work / "log").read_text(), "the database password is never logged")
    finally:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        if database is not None:
            database.destroy()
        shutil.rmtree(work, ignore_errors=True)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
