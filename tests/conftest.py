"""Black-box fixtures: a real Odoo server on loopback and external clients.

`make test` sets CRM_TEST_DB (a database with our addons and demo data) and
CRM_ODOO_CONF; the server runs in its own process, as in production.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xmlrpc.client
from http.cookiejar import CookieJar

import pytest
from suite_stats import STATS, summary_line

# Demo archive documents whose scans open without a loan: copies that are not
# secret (the scans of originals and secret documents open only during one).
OPEN_SCAN_DOCUMENTS = [
    ("original", "=", "copy"),
    ("confidentiality", "!=", "secret"),
    ("attachment_ids", "!=", False),
]
DEMO_LOGINS = ["admin", "sales", "service", "archivist", "credit", "marketing", "manager", "portal"]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve_odoo(db, conf, log):
    """An Odoo server in its own process on ``db``, as in production."""
    port = _free_port()
    cmd = [
        os.path.join(os.path.dirname(sys.executable), "odoo"),
        "server",
        "-c",
        conf,
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        "--workers=2",
        "--max-cron-threads=0",
        "--log-level=warn",
        f"--logfile={log}",
    ]
    with subprocess.Popen(cmd, stdin=subprocess.DEVNULL) as proc:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/web/health", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"Odoo did not start; see {log}:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        try:
            yield {"url": url, "db": db, "log": log}
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _test_db():
    db, conf = os.environ.get("CRM_TEST_DB"), os.environ.get("CRM_ODOO_CONF")
    if not db or not conf:
        pytest.fail("CRM_TEST_DB and CRM_ODOO_CONF must be set: run the tests with 'make test'.")
    return db, conf


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory, odoo_server_db_copy, attack_db_copy):
    db, conf = _test_db()
    with serve_odoo(db, conf, tmp_path_factory.mktemp("odoo") / "server.log") as server:
        yield server


@pytest.fixture(scope="session")
def attack_server(tmp_path_factory, attack_db_copy):
    """A second server on a copy of the demo, for attacks that change it when
    they succeed (transitions run by every role)."""
    db, conf = attack_db_copy
    with serve_odoo(db, conf, tmp_path_factory.mktemp("odoo_attack") / "server.log") as server:
        yield server


class JsonRpcSession:
    """A browser-like session: cookies, /web/session/authenticate, call_kw."""

    def __init__(self, url, db):
        self.url, self.db = url, db
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params})
        req = urllib.request.Request(
            self.url + path, body.encode(), {"Content-Type": "application/json"}
        )
        with self.opener.open(req, timeout=60) as resp:
            return json.loads(resp.read())

    def authenticate(self, login, password):
        return self.post(
            "/web/session/authenticate", {"db": self.db, "login": login, "password": password}
        )

    def call(self, model, method, *args, **kwargs):
        reply = self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )
        if "error" in reply:
            raise RuntimeError(
                reply["error"]["data"]["name"] + ": " + reply["error"]["data"]["message"]
            )
        return reply["result"]

    def attempt(self, model, method, *args, **kwargs):
        """(True, result) when the server answered, (False, "name: message")
        when it refused."""
        reply = self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )
        if "error" in reply:
            data = reply["error"].get("data", {})
            return False, f"{data.get('name')}: {data.get('message')}"
        return True, reply["result"]

    def get(self, path):
        try:
            with self.opener.open(self.url + path, timeout=60) as resp:
                return resp.status, resp.geturl(), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.geturl(), err.read()


@pytest.fixture
def session(odoo_server):
    return JsonRpcSession(odoo_server["url"], odoo_server["db"])


@pytest.fixture
def rpc(odoo_server):
    url = odoo_server["url"]
    return {
        "db": odoo_server["db"],
        "common": xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True),
        "object": xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True),
    }


def pytest_terminal_summary(terminalreporter):
    """One line with the figures of the security and reliability suite."""
    if any(STATS.values()):
        terminalreporter.write_line(summary_line())


def _db_copy(suffix):
    """A copy of the test database, taken before the main server opens
    connections to it (a template must be idle)."""
    db, conf = _test_db()
    copy = f"{db}_{suffix}"
    subprocess.run(["dropdb", "--if-exists", copy], check=True)
    subprocess.run(["createdb", "-T", db, copy], check=True)
    try:
        yield copy, conf
    finally:
        subprocess.run(["dropdb", "--if-exists", copy], check=False)


@pytest.fixture(scope="session")
def odoo_server_db_copy():
    """A copy of the test database for lifecycle tests."""
    yield from _db_copy("lifecycle")


@pytest.fixture(scope="session")
def attack_db_copy():
    yield from _db_copy("attack")
