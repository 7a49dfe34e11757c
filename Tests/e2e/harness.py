"""Process plumbing shared by conftest.py and bench_first_frame.py: the server under test, the player's static
file server (a second origin), and headless Chromium driven over the Chrome DevTools Protocol."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Optional

HERE = Path(__file__).resolve().parent
PLAYER_DIR = HERE / "player"
REFERENCE_SERVER = HERE / "reference_server.py"

WIDTH, HEIGHT, FPS = 320, 180, 30
SCENE = "tesseract"


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


# What the tests accept. Every threshold compares what a viewer received and decoded with what the server says it
# sent in the same window (delivery.py), never with the wall clock or the nominal frame rate: a busy machine renders
# fewer frames, and the tests hold as long as those frames all arrive.
DECODED_SHARE = _env_float("E2E_DECODED_SHARE", 0.9)  # share of the frames sent to a viewer that it must decode
# longest interval between decoded frames, in frame intervals at the rate the session really sent in the window (one
# aiortc viewer on two cores loaded by stress-ng: up to 5)
MAX_GAP_INTERVALS = _env_float("E2E_MAX_GAP_INTERVALS", 30.0)
# liveness, not speed: a session sending under this share of its nominal FPS is stuck
LIVENESS_SHARE = _env_float("E2E_LIVENESS_SHARE", 0.25)
BLANK_STD = _env_float("E2E_BLANK_STD", 2.0)  # a frame whose rgb pixel std is below this is "blank"
MIN_MOTION = _env_float("E2E_MIN_MOTION", 0.5)  # median mean-abs-diff (0..255) between frames 1 s apart
CLEANUP_TIMEOUT = _env_float("E2E_CLEANUP_TIMEOUT", 45.0)  # seconds for the server to drop dead viewers
FIRST_FRAME_TIMEOUT = _env_float("E2E_FIRST_FRAME_TIMEOUT", 20.0)


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_tcp_and_udp_port() -> tuple[int, int]:
    tcp = free_port(socket.SOCK_STREAM)
    while True:
        udp = free_port(socket.SOCK_DGRAM)
        if udp != tcp:
            return tcp, udp


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank, 0.99 for p99); NaN for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def http_request(
    method: str, url: str, body: Optional[bytes] = None, headers: Optional[dict] = None, timeout: float = 10.0
) -> tuple[int, dict, bytes]:
    """One plain HTTP request; returns (status, headers with lower-case names, body) for every status."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


# ---------------------------------------------------------------------------------------------- server under test


class ServerProcess:
    """The WHEP server under test: the hypercube binary, or reference_server.py with the same flags."""

    def __init__(
        self,
        binary: Optional[str],
        *,
        reference: bool,
        log_dir: Path,
        env: Optional[dict] = None,
        ready_timeout: float = 60.0,
        python: str = sys.executable,
        args: tuple[str, ...] = (),
        announce: tuple[str, ...] = ("127.0.0.1",),
    ) -> None:
        self.binary = binary
        self.args = args
        self.announce = announce  # each becomes --announce-ip: the answer's host candidates, in this order
        self.reference = reference
        self.log_dir = log_dir
        self.extra_env = env or {}
        self.ready_timeout = ready_timeout
        self.python = python
        self.proc: Optional[subprocess.Popen] = None
        self.port = 0
        self.udp_port = 0
        self.log_path: Optional[Path] = None
        self.player_url: Optional[str] = None
        self.started_at = 0.0
        self.ready_seconds = 0.0
        self.exit_code: Optional[int] = None
        self.needed_kill = False
        self.starts = 0

    # -- lifecycle

    def command(self) -> list[str]:
        flags = [
            "serve",
            "--port", str(self.port),
            "--udp-port", str(self.udp_port),
            *(flag for address in self.announce for flag in ("--announce-ip", address)),
            "--size", "%dx%d" % (WIDTH, HEIGHT),
            "--fps", str(FPS),
            "--scene", SCENE,
            *self.args,
        ]  # fmt: skip
        if self.reference:
            return [self.python, str(REFERENCE_SERVER)] + flags
        assert self.binary
        return [self.binary] + flags

    def start(self, keep_ports: bool = False) -> None:
        """Starts the server on new free ports, or on the ones it had (a restart that clients must find again)."""
        if not (keep_ports and self.port):
            self.port, self.udp_port = free_tcp_and_udp_port()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        stamp = time.strftime("%Y%m%d-%H%M%S")
        # the port too: several nodes of one test start within the same second
        self.log_path = self.log_dir / ("server-%s-%d-%d-%d.log" % (stamp, os.getpid(), self.port, self.starts))
        env = dict(os.environ)
        env.update(self.extra_env)
        log = open(self.log_path, "wb")
        log.write(("$ %s\n" % " ".join(self.command())).encode())
        log.write(("# env: %s\n" % " ".join("%s=%s" % kv for kv in sorted(self.extra_env.items()))).encode())
        log.flush()
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            self.command(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # its own process group, so teardown reaches helpers it starts
            cwd=str(HERE.parent.parent),
        )
        log.close()
        self.exit_code = None
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = self.started_at + self.ready_timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(
                    "the server exited with status %s before it was ready; log %s:\n%s"
                    % (self.proc.returncode, self.log_path, self.log_tail())
                )
            try:
                status, _, body = http_request("GET", self.url("/health/ready"), timeout=2)
                if status == 200:
                    self.ready_seconds = time.monotonic() - self.started_at
                    self.player_url = self.find_player_url()
                    return
                last = "GET /health/ready answered %d %r" % (status, body[:200])
            except OSError as exc:
                last = "GET /health/ready: %s" % exc
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            "the server was not ready within %.0f s (%s); log %s:\n%s"
            % (self.ready_timeout, last, self.log_path, self.log_tail())
        )

    def stop(self, grace: float = 10.0) -> Optional[int]:
        """SIGTERM the process group, wait up to `grace` seconds, then SIGKILL. Returns the exit status."""
        proc = self.proc
        if proc is None:
            return self.exit_code
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.needed_kill = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)
        else:  # the leader is gone; make sure no child lingers in its group
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.exit_code = proc.returncode
        self.proc = None
        return self.exit_code

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # -- logs

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size if self.log_path else 0
        except OSError:
            return 0

    def log_text(self, since: int = 0) -> str:
        if not self.log_path:
            return ""
        try:
            with open(self.log_path, "rb") as f:
                f.seek(since)
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 80, since: int = 0) -> str:
        return "\n".join(self.log_text(since).splitlines()[-lines:])

    def find_player_url(self) -> Optional[str]:
        for match in re.finditer(r"https?://[^\s\"'<>)]+", self.log_text()):
            url = match.group(0).rstrip(".,;")
            if ":%d" % self.port in url:
                return url
        return None

    # -- HTTP helpers

    @property
    def base_url(self) -> str:
        return "http://127.0.0.1:%d" % self.port

    def url(self, path: str) -> str:
        return self.base_url + path

    def whep_url(self, session: str = "default") -> str:
        return self.url("/whep/%s" % session)

    def sessions(self) -> dict:
        status, _, body = http_request("GET", self.url("/v1/sessions"), timeout=5)
        if status != 200:
            raise AssertionError("GET /v1/sessions answered %d: %r" % (status, body[:300]))
        return json.loads(body)

    def flag(self, name: str) -> dict:
        """GET /v1/flags/<name>: the flag's value, default, updated_at and updated_by."""
        status, _, body = http_request("GET", self.url("/v1/flags/" + name), timeout=5)
        assert status == 200, "GET /v1/flags/%s answered %d: %r" % (name, status, body[:300])
        return json.loads(body)

    def write(self, token: str, method: str, path: str, body: Optional[bytes] = None) -> int:
        """An operator write (JSON body), retried while the server answers 429; returns the final status."""
        headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        for _ in range(20):
            status, response_headers, _ = http_request(method, self.url(path), body=body, headers=headers, timeout=10)
            if status != 429:
                return status
            time.sleep(float(response_headers.get("retry-after", "1")))
        return status

    def viewers(self, session: str = "default") -> int:
        for entry in self.sessions().get("sessions", []):
            if entry.get("id") == session:
                return int(entry["viewers"])
        raise AssertionError("GET /v1/sessions lists no session %r" % session)

    def session_metric(self, name: str, session: str = "default") -> Optional[float]:
        """The sample `name{session="<session>"}` of GET /metrics; None when there is none."""
        from prometheus_client.parser import text_string_to_metric_families

        status, _, body = http_request("GET", self.url("/metrics"), timeout=10)
        if status != 200:
            raise AssertionError("GET /metrics answered %d" % status)
        for family in text_string_to_metric_families(body.decode()):
            for sample in family.samples:
                if sample.name == name and sample.labels.get("session") == session:
                    return sample.value
        return None

    def metrics_viewers(self, session: str = "default") -> Optional[float]:
        return self.session_metric("hypercube_viewers", session)

    def viewer_listing(self, token: str, session: str = "default") -> list[dict]:
        """GET /v1/sessions/<session>/viewers (operator only): each viewer's state and send counters."""
        status, _, body = http_request(
            "GET", self.url("/v1/sessions/%s/viewers" % session), headers={"Authorization": "Bearer " + token},
            timeout=10)
        assert status == 200, "GET /v1/sessions/%s/viewers answered %d: %r" % (session, status, body[:300])
        return json.loads(body)["viewers"]

    def wait_viewers(self, predicate, timeout: float, session: str = "default", interval: float = 0.25) -> int:  # type: ignore[no-untyped-def]
        """Poll /v1/sessions until predicate(viewers) holds; returns the last count seen."""
        deadline = time.monotonic() + timeout
        count = self.viewers(session)
        while not predicate(count) and time.monotonic() < deadline:
            time.sleep(interval)
            count = self.viewers(session)
        return count


# ---------------------------------------------------------------------------------------------- the player's origin


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class PlayerOrigin:
    """Serves Tests/e2e/player/ on its own port: an origin other than the server's, so CORS is exercised."""

    def __init__(self) -> None:
        self.port = free_port()
        handler = functools.partial(QuietHandler, directory=str(PLAYER_DIR))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def player_url(self, whep_url: str, **params: str) -> str:
        from urllib.parse import urlencode

        query = urlencode(dict(whep=whep_url, **params))
        return "http://127.0.0.1:%d/whep-player.html?%s" % (self.port, query)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# ---------------------------------------------------------------------------------------------- headless Chromium


def find_chromium() -> Optional[str]:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",  # software WebGL for the XR page (Chromium deprecated the silent fallback)
    "--mute-audio",
    # nothing but loopback: no background services, no DNS for anything else, no mDNS-obfuscated candidates
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    "--metrics-recording-only",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
    "--disable-features=WebRtcHideLocalIpsWithMdns,OptimizationHints,MediaRouter,Translate,DialMediaRouteProvider",
    "--allow-loopback-in-peer-connection",
    # a hidden headless tab must not be throttled
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--window-size=800,600",
]


class CdpError(Exception):
    pass


class Page:
    """One tab, driven over its DevTools WebSocket (synchronous; events are kept for diagnostics)."""

    def __init__(self, ws_url: str) -> None:
        import websocket  # websocket-client

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True, enable_multithread=True)
        self.next_id = 0
        self.console: list[str] = []
        self.send("Runtime.enable")
        self.send("Page.enable")
        self.send("Log.enable")

    def _record_event(self, message: dict) -> None:
        method = message.get("method")
        params = message.get("params", {})
        if method == "Runtime.consoleAPICalled":
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append("console.%s: %s" % (params.get("type"), args))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console.append("exception: %s" % details.get("exception", {}).get("description", details.get("text")))
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            self.console.append("log.%s: %s %s" % (entry.get("level"), entry.get("text"), entry.get("url", "")))

    def send(self, method: str, params: Optional[dict] = None, timeout: float = 30.0) -> dict:
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params or {}}))
        deadline = time.monotonic() + timeout
        while True:
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise CdpError("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            self._record_event(message)
            if time.monotonic() > deadline:
                raise CdpError("%s: no answer within %.0f s" % (method, timeout))

    def navigate(self, url: str) -> None:
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CdpError("navigating to %s: %s" % (url, result["errorText"]))

    def evaluate(self, expression: str, timeout: float = 30.0) -> Any:
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CdpError("evaluating %r: %s" % (expression[:80], text))
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float, interval: float = 0.1) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                return value
            time.sleep(interval)

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001
            pass


class Chrome:
    def __init__(self, binary: str, log_dir: Path) -> None:
        self.binary = binary
        self.profile = tempfile.mkdtemp(prefix="e2e-chromium-")
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / ("chromium-%s-%d.log" % (time.strftime("%Y%m%d-%H%M%S"), os.getpid()))
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [binary, *CHROME_FLAGS, "--user-data-dir=%s" % self.profile, "about:blank"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.port = self._wait_devtools_port()
        self.pages: list[Page] = []

    def _wait_devtools_port(self, timeout: float = 30.0) -> int:
        path = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("chromium exited with %s:\n%s" % (self.proc.returncode, self.log_tail()))
            if path.exists():
                lines = path.read_text().split()
                if lines:
                    return int(lines[0])
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its DevTools port within %.0f s:\n%s" % (timeout, self.log_tail()))

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def new_page(self) -> Page:
        status, _, body = http_request("PUT", "http://127.0.0.1:%d/json/new?about:blank" % self.port)
        if status != 200:
            raise CdpError("PUT /json/new answered %d: %r" % (status, body[:200]))
        page = Page(json.loads(body)["webSocketDebuggerUrl"])
        self.pages.append(page)
        return page

    def close(self) -> None:
        for page in self.pages:
            page.close()
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)
