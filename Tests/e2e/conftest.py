"""Fixtures for the Hypercube end-to-end tests.

The server under test is the `hypercube` binary (--hypercube-bin PATH or HYPERCUBE_BIN) or, with
--reference-server or HYPERCUBE_E2E_SERVER=reference, the aiortc reference server in this folder. One server is
started per test session on free TCP and UDP ports:

    <bin> serve --port P --udp-port U --announce-ip 127.0.0.1 --size 320x180 --fps 30 --scene tesseract

with HYPERCUBE_ICE_TIMEOUT_SECONDS=5 in its environment (E2E_ICE_TIMEOUT_SECONDS overrides), the operator token
OPERATOR_TOKEN (fixture `operator_token`), a fresh state directory kept across restarts and a GPU budget of three
default-sized sessions, and is ready when
GET /health/ready answers 200 (within 60 s, E2E_READY_TIMEOUT overrides). Its output goes to a log file under
Tests/e2e/.logs/ (E2E_LOG_DIR overrides); a failing test gets the part of the log written during it appended to
its report. If the server dies, the next test that needs it starts a new one (and says so).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import HERE, Chrome, PlayerOrigin, ServerProcess, find_chromium  # noqa: E402

LOG_DIR = Path(os.environ.get("E2E_LOG_DIR", str(HERE / ".logs")))
ICE_TIMEOUT = os.environ.get("E2E_ICE_TIMEOUT_SECONDS", "5")
OPERATOR_TOKEN = "e2e-operator-token-0123456789abcdef"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hypercube", "Hypercube end-to-end tests")
    group.addoption(
        "--hypercube-bin",
        default=os.environ.get("HYPERCUBE_BIN"),
        help="path to the hypercube binary to test (default: $HYPERCUBE_BIN)",
    )
    group.addoption(
        "--reference-server",
        action="store_true",
        default=os.environ.get("HYPERCUBE_E2E_SERVER", "").lower() == "reference",
        help="test Tests/e2e/reference_server.py instead of the binary (default when HYPERCUBE_E2E_SERVER=reference)",
    )


class _State:
    server: ServerProcess | None = None
    restarts: list[str] = []
    chrome: Chrome | None = None


def _make_server(config: pytest.Config) -> ServerProcess:
    reference = config.getoption("--reference-server")
    binary = config.getoption("--hypercube-bin")
    if not reference:
        if not binary:
            raise pytest.UsageError(
                "no server to test: pass --hypercube-bin PATH (or set HYPERCUBE_BIN), "
                "or --reference-server (HYPERCUBE_E2E_SERVER=reference)"
            )
        binary = str(Path(binary).resolve())
        if not os.access(binary, os.X_OK):
            raise pytest.UsageError("%s is not an executable file" % binary)
    return ServerProcess(
        binary,
        reference=reference,
        log_dir=LOG_DIR,
        env={
            "HYPERCUBE_ICE_TIMEOUT_SECONDS": ICE_TIMEOUT,
            "HYPERCUBE_OPERATOR_TOKEN": OPERATOR_TOKEN,
            "HYPERCUBE_STATE_DIR": tempfile.mkdtemp(prefix="hypercube-e2e-state-"),
            "HYPERCUBE_GPU_PIXEL_BUDGET": str(320 * 180 * 30 * 3),
            "HYPERCUBE_WRITE_BURST": "1000",  # schemathesis writes in bursts; the limiter is tested in Swift
        },
        ready_timeout=float(os.environ.get("E2E_READY_TIMEOUT", "60")),
    )


def _prune_old_logs(days: float = 2.0) -> None:
    cutoff = time.time() - days * 86400
    for path in LOG_DIR.glob("*.log"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


@pytest.fixture(scope="session")
def _server_session(pytestconfig: pytest.Config):
    _prune_old_logs()
    server = _make_server(pytestconfig)
    _State.server = server
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(_server_session: ServerProcess, request: pytest.FixtureRequest) -> ServerProcess:
    """The running server (restarted first if an earlier test left it dead)."""
    if not _server_session.alive():
        _State.restarts.append(
            "%s: the server had exited with status %s; started a new one (previous log: %s)"
            % (request.node.nodeid, _server_session.proc and _server_session.proc.returncode, _server_session.log_path)
        )
        _server_session.stop()
        _server_session.start()
    request.node._e2e_server = _server_session
    request.node._e2e_log_offset = _server_session.log_size()
    return _server_session


@pytest.fixture
def private_server(pytestconfig: pytest.Config, request: pytest.FixtureRequest):
    """A server of this test's own, configured like `server`, that the test may stop and start again."""
    server = _make_server(pytestconfig)
    server.start()
    request.node._e2e_server = server
    request.node._e2e_log_offset = 0
    yield server
    server.stop()


@pytest.fixture(scope="session")
def operator_token() -> str:
    """The bearer token that authorizes flag and session writes on the server under test."""
    return OPERATOR_TOKEN


@pytest.fixture(scope="session")
def player_origin():
    origin = PlayerOrigin()
    yield origin
    origin.close()


@pytest.fixture(scope="session")
def chrome():
    binary = find_chromium()
    if binary is None:
        pytest.fail("chromium is not installed (Tests/e2e/run.sh installs it with apt-get install chromium)")
    browser = Chrome(binary, LOG_DIR)
    _State.chrome = browser
    yield browser
    browser.close()


ORDER = ["protocol", "stream", "browser", "load", "hostile"]


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Cheap checks first, the heaviest (load, hostile input) last."""

    def rank(item: pytest.Item) -> int:
        for i, name in enumerate(ORDER):
            if item.get_closest_marker(name):
                return i
        return len(ORDER)

    items.sort(key=rank)  # stable: file order within a group


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("setup", "call"):
        server: ServerProcess | None = getattr(item, "_e2e_server", None) or _State.server
        if server is not None and server.log_path is not None:
            since = getattr(item, "_e2e_log_offset", 0)
            state = "running" if server.alive() else "NOT RUNNING (exit status %s)" % (
                server.proc.returncode if server.proc else server.exit_code
            )
            report.sections.append(
                (
                    "hypercube server log during this test",
                    "server %s, log file %s (last 150 lines written during the test):\n%s"
                    % (state, server.log_path, server.log_tail(150, since=since)),
                )
            )
        page_console = getattr(item, "_e2e_console", None)
        if page_console:
            report.sections.append(("chromium console", "\n".join(page_console[-100:])))


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    server = _State.server
    if server is None:
        return
    kind = "reference server" if server.reference else server.binary
    terminalreporter.write_sep("-", "hypercube e2e")
    terminalreporter.write_line("server under test: %s" % kind)
    terminalreporter.write_line(
        "ready after %.1f s on http %d / udp %d; log: %s" % (server.ready_seconds, server.port, server.udp_port, server.log_path)
    )
    terminalreporter.write_line("player URL printed by the server: %s" % server.player_url)
    if server.exit_code is not None or server.needed_kill:
        terminalreporter.write_line(
            "after SIGTERM: exit status %s%s" % (server.exit_code, " (had to SIGKILL after 10 s)" if server.needed_kill else "")
        )
    for line in _State.restarts:
        terminalreporter.write_line("restart: " + line)
    if _State.chrome is not None:
        terminalreporter.write_line("chromium log: %s" % _State.chrome.log_path)
