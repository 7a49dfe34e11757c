"""A real Prometheus scrapes a real `hypercube serve` on 127.0.0.1, evaluates deploy/prometheus/hypercube-rules.yml,
and then:

- every rule evaluates without error (`/api/v1/rules` health ok), and every metric name a rule uses is in the
  scrape (alert expressions compare against thresholds, so on a healthy server they return nothing; their names
  are what can be wrong);
- every query of deploy/grafana/hypercube.json (panels, annotations, template variables) returns data, with
  `$__rate_interval` as 10s and the variables as `.+`.

While it scrapes, one aiortc viewer (viewer.py) watches the default session and drops 5 % of its packets (so the
media, NACK and loss families move), the test sends some HTTP requests (so the latency histogram has routes) and
changes a flag (so the flag-change annotation has something to show).

    prometheus_live.py ROOT HYPERCUBE_BINARY [SECONDS]     prints ok/FAIL lines, exits 1 on any FAIL
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
import urllib.parse
import urllib.request

import yaml

from checks import Checks

TOKEN = "prometheus-live-test-operator-token"
NAME = re.compile(r"\b(hypercube_[a-z0-9_]+|hypercube:[a-z0-9_:]+|up)\b(?!\s*\()")


def free_port(kind):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=5):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(url, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if http("GET", url, timeout=1)[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def query(base, expr):
    status, body = http("GET", f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    answer = json.loads(body)
    if answer.get("status") != "success":
        return None, answer.get("error", body[:200])
    return answer["data"]["result"], None


def dashboard_queries(dashboard):
    found = []
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            found.append((f"panel {panel['title']!r} {target['refId']}", target["expr"]))
    for annotation in dashboard["annotations"]["list"]:
        found.append((f"annotation {annotation['name']!r}", annotation["expr"]))
    for variable in dashboard["templating"]["list"]:
        if variable["type"] == "query":
            match = re.fullmatch(r"label_values\((.*), (\w+)\)", variable["query"]["query"])
            found.append((f"variable ${variable['name']}", match.group(1)))
    return found


def grafana_to_promql(expr):
    return expr.replace("$__rate_interval", "10s").replace('"$job"', '".+"').replace('"$session"', '".+"')


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main():
    root, binary = pathlib.Path(sys.argv[1]).resolve(), os.path.abspath(sys.argv[2])
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 20
    checks = Checks(lines=lambda detail: detail.splitlines()[:10])
    report = checks.report

    if not shutil.which("prometheus"):
        report(False, "prometheus is not installed (Debian package prometheus: scripts/install-deps.sh test)")
        sys.exit(1)
    work = pathlib.Path(tempfile.mkdtemp(prefix="hypercube-prometheus-"))
    http_port, udp_port, prometheus_port = free_port(socket.SOCK_STREAM), free_port(socket.SOCK_DGRAM), 0
    prometheus_port = free_port(socket.SOCK_STREAM)
    server = prometheus = None
    try:
        (work / "state").mkdir()
        server = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(http_port), "--udp-port", str(udp_port),
             "--announce-ip", "127.0.0.1", "--size", "320x180", "--fps", "15", "--state-dir", str(work / "state")],
            cwd=root, env={**os.environ, "HYPERCUBE_OPERATOR_TOKEN": TOKEN},
            stdout=open(work / "serve.log", "wb"), stderr=subprocess.STDOUT)
        hypercube = f"http://127.0.0.1:{http_port}"
        if not wait_for(f"{hypercube}/health/ready", 60):
            report(False, "hypercube serve ready", (work / "serve.log").read_text()[-2000:])
            sys.exit(1)

        rules = root / "deploy/prometheus/hypercube-rules.yml"
        (work / "prometheus.yml").write_text(yaml.safe_dump({
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(rules)],
            "scrape_configs": [{"job_name": "render-4d-hypercube",
                                "static_configs": [{"targets": [f"127.0.0.1:{http_port}"]}]}],
        }))
        prometheus = subprocess.Popen(
            ["prometheus", f"--config.file={work / 'prometheus.yml'}", f"--storage.tsdb.path={work / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{prometheus_port}", "--storage.tsdb.retention.time=1h"],
            stdout=open(work / "prometheus.log", "wb"), stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{prometheus_port}"
        if not wait_for(f"{base}/-/ready", 30):
            report(False, "prometheus ready", (work / "prometheus.log").read_text()[-2000:])
            sys.exit(1)

        viewer = subprocess.Popen(
            [sys.executable, str(root / "Tests/deploy/viewer.py"), str(root), f"{hypercube}/whep/default",
             str(seconds - 3), "0.05"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + seconds
        changed = False
        while time.monotonic() < deadline:
            for path in ("/v1/flags", "/v1/sessions", "/v1/scenes", "/v1/audit?limit=5", "/health/live"):
                http("GET", hypercube + path)
            if not changed and time.monotonic() > deadline - seconds / 2:
                status, body = http("PUT", f"{hypercube}/v1/flags/advanced_rendering", b'{"value": false}',
                                    {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
                report(status == 200, f"PUT /v1/flags/advanced_rendering answers {status}", body[:300])
                changed = True
            time.sleep(0.5)

        try:
            output, _ = viewer.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            viewer.kill()
            output, _ = viewer.communicate()
        report(viewer.returncode == 0, f"viewer: {output.strip().splitlines()[-1] if output.strip() else 'no output'}",
               output[-1500:])
        time.sleep(2)  # the last scrapes after the viewer left
        for expr in ("max_over_time(hypercube_viewers[1m]) > 0", "increase(hypercube_rtp_packets_sent_total[1m]) > 0"):
            result, error = query(base, expr)
            report(bool(result), f"the viewer shows in the scrape: {expr}", error or "no data")

        status, body = http("GET", f"{base}/api/v1/label/__name__/values")
        names = set(json.loads(body)["data"])
        report(any(n.startswith("hypercube_") for n in names), f"scrape has {len(names)} metric names")

        status, body = http("GET", f"{base}/api/v1/rules")
        groups = json.loads(body)["data"]["groups"]
        loaded = [rule for group in groups for rule in group["rules"]]
        expected = yaml.safe_load(rules.read_text())["groups"]
        report(len(loaded) == sum(len(g["rules"]) for g in expected), f"prometheus loaded {len(loaded)} rules")
        for rule in loaded:
            label = rule["name"]
            report(rule["health"] == "ok", f"rule {label}: evaluates ({rule['health']})", rule.get("lastError", ""))
            missing = sorted(set(NAME.findall(rule["query"])) - names)
            report(not missing, f"rule {label}: every metric it names is scraped", f"missing: {missing}")

        dashboard = json.loads((root / "deploy/grafana/hypercube.json").read_text())
        for label, expr in dashboard_queries(dashboard):
            result, error = query(base, grafana_to_promql(expr))
            report(bool(result), f"dashboard {label}: returns data", error or f"no data for {expr}")
    finally:
        for process in (prometheus, server):
            if process is not None:
                stop(process)
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
