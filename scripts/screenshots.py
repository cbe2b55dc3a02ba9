#!/usr/bin/env python3
"""Screenshots of the overview and two reports for the README.

Run by hand against a running ``make demo`` server:

    .venv/bin/python scripts/screenshots.py [--url http://localhost:8069] [--db crm_demo]

It logs in through ``/web/session/authenticate``, drives headless Chromium
through the DevTools protocol (websocket-client) and writes the PNGs to
``docs/screenshots/``. Pages are taken in the language of the login.
"""

import argparse
import base64
import itertools
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
import websocket

REPO = Path(__file__).resolve().parent.parent
# (file name, URL path, CSS selector that shows the page is rendered)
PAGES = [
    (
        "overview.png",
        "/odoo/customer-overview",
        ".o_crm_customer_overview div[name='kpi_customers'] .o_crm_overview_kpi",
    ),
    ("rfm_grid.png", "/odoo/rfm-grid", ".o_pivot_view .o_pivot table"),
    ("credit_aging.png", "/odoo/credit-aging?view_type=pivot", ".o_pivot_view .o_pivot table"),
]


def fail(message):
    sys.exit(f"ERROR: {message}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def login(url, db, user, password):
    """The session id of ``user``, from Odoo's JSON-RPC login."""
    try:
        response = requests.post(
            f"{url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": db, "login": user, "password": password},
            },
            timeout=60,
        )
    except requests.ConnectionError:
        fail(f"no Odoo server at {url}: start 'make demo' first (or pass --url).")
    result = response.json()
    if result.get("error") or not response.cookies.get("session_id"):
        fail(f"cannot log in as {user} on {db}: {json.dumps(result.get('error'))[:300]}")
    return response.cookies["session_id"]


class DevTools:
    """A minimal DevTools-protocol client for one page."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.ids = itertools.count(1)

    def call(self, method, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    fail(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout):
        deadline = time.monotonic() + timeout
        check = f"!!document.querySelector({json.dumps(selector)})"
        while time.monotonic() < deadline:
            if self.evaluate(check):
                return
            time.sleep(0.25)
        fail(f"{selector} did not appear within {timeout}s on {self.evaluate('location.href')}")


def start_chromium(chromium, port, profile, width, height):
    process = subprocess.Popen(
        [
            chromium,
            "--headless=new",
            "--no-sandbox",  # root has no sandbox; harmless otherwise
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--window-size={width},{height}",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            targets = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=2).json()
        except requests.RequestException:
            time.sleep(0.25)
            continue
        pages = [target for target in targets if target.get("type") == "page"]
        if pages:
            return process, pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.25)
    process.kill()
    fail(f"{chromium} did not start its DevTools endpoint")
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069", help="the demo server")
    parser.add_argument("--db", default="crm_demo")
    parser.add_argument("--login", default="manager", help="password = login unless given")
    parser.add_argument("--password")
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--timeout", type=int, default=60, help="seconds per page")
    args = parser.parse_args()

    url = args.url.rstrip("/")
    session_id = login(url, args.db, args.login, args.password or args.login)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="crm-screenshots-") as profile:
        process, ws_url = start_chromium(
            args.chromium, free_port(), profile, args.width, args.height
        )
        try:
            page = DevTools(ws_url)
            page.call("Page.enable")
            page.call(
                "Emulation.setDeviceMetricsOverride",
                width=args.width,
                height=args.height,
                deviceScaleFactor=1,
                mobile=False,
            )
            page.call(
                "Network.setCookie",
                name="session_id",
                value=session_id,
                domain=urlsplit(url).hostname,
                path="/",
            )
            for name, path, selector in PAGES:
                page.call("Page.navigate", url=f"{url}{path}")
                time.sleep(1)  # let the old page go before looking for the new one
                page.wait_for(selector, args.timeout)
                # Fonts, images and the last re-render settle.
                page.wait_for("body:not(.o_loading)", args.timeout)
                time.sleep(1.5)
                shot = page.call("Page.captureScreenshot", format="png")
                (out / name).write_bytes(base64.b64decode(shot["data"]))
                sys.stdout.write(f"{out / name}\n")
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
