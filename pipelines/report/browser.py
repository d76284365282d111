"""Headless Chromium through the DevTools protocol: open a page, collect console errors, take a screenshot.

Used by the report's browser test and by `jixiao report --screenshot`. Needs Debian's `chromium`
(`make browser`) and the `websockets` package, which is not a runtime dependency: it comes with the
`screenshot` extra (`pip install 'jixiao[screenshot]'`) and with `dev`. The browser runs with a new empty
profile, no sandbox (we run as root in CI) and no background networking; nothing leaves the machine.
"""
from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--remote-debugging-port=0"]
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")


class BrowserError(RuntimeError):
    pass


def find_chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageCheck:
    url: str
    console_errors: list[str] = field(default_factory=list)   # console.error/assert, uncaught exceptions, failed loads
    console_messages: list[str] = field(default_factory=list)  # everything the page logged
    facts: dict = field(default_factory=dict)                  # the result of the `probe` expression
    screenshot: Path | None = None


class _Session:
    """A minimal CDP client over one websocket, with a flattened page session."""

    def __init__(self, ws):
        self.ws = ws
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        self.session_id: str | None = None

    def _until(self, done, timeout: float, what: str) -> dict:
        """Read messages (keeping events) until done(message) is true; BrowserError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"{what} within {timeout:.0f} s")
            data = json.loads(self.ws.recv(timeout=left))
            if "method" in data:
                self.events.append(data)
            if done(data):
                return data

    def send(self, method: str, params: dict | None = None, timeout: float = 30.0, page: bool = True) -> dict:
        msg_id = next(self.ids)
        msg = {"id": msg_id, "method": method, "params": params or {}}
        if page and self.session_id:
            msg["sessionId"] = self.session_id
        self.ws.send(json.dumps(msg))
        data = self._until(lambda d: d.get("id") == msg_id, timeout, f"no answer to {method}")
        if "error" in data:
            raise BrowserError(f"{method}: {data['error'].get('message')}")
        return data.get("result", {})

    def wait_for(self, method: str, timeout: float = 30.0) -> dict:
        for e in self.events:
            if e["method"] == method:
                return e
        return self._until(lambda d: d.get("method") == method, timeout, f"page did not reach {method}")


def _launch(chromium: str, profile: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BrowserError(f"{chromium} exited with status {proc.returncode} before opening DevTools")
        if port_file.exists():
            lines = port_file.read_text().split()
            if len(lines) >= 2:
                return proc, f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        time.sleep(0.05)
    proc.kill()
    raise BrowserError(f"{chromium} did not open DevTools within 30 s")


def _describe(event: dict) -> str | None:
    """A console error as one line, or None when the event is not an error."""
    method, p = event["method"], event.get("params", {})
    if method == "Runtime.exceptionThrown":
        d = p.get("exceptionDetails", {})
        return "uncaught: " + (d.get("exception", {}).get("description") or d.get("text", "exception"))
    if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
        return "console." + p["type"] + ": " + " ".join(str(a.get("value", a.get("description", "")))
                                                       for a in p.get("args", []))
    if method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
        e = p["entry"]
        return f"{e.get('source')}: {e.get('text')} {e.get('url', '')}".strip()
    return None


def check_page(target: str | Path, *, probe: str = "null", screenshot: Path | None = None, width: int = 1280,
               max_height: int = 0, settle_seconds: float = 0.3, chromium: str | None = None) -> PageCheck:
    """Open `target` (a file path or URL) in headless Chromium; return its console errors and the probe's value.

    probe: a JavaScript expression evaluated after the load event (its JSON value lands in .facts).
    screenshot: write a full-page PNG there (cut at max_height CSS pixels when that is > 0).
    """
    chromium = chromium or find_chromium()
    if not chromium:
        raise BrowserError("no chromium on PATH (Debian: apt-get install chromium, or `make browser`)")
    try:
        from websockets.sync.client import connect
    except ImportError:
        raise BrowserError("the DevTools client needs the `websockets` package: "
                           "pip install 'jixiao[screenshot]'") from None
    url = target if isinstance(target, str) and "://" in target else Path(target).resolve().as_uri()
    result = PageCheck(url)
    with tempfile.TemporaryDirectory(prefix="jixiao-chromium-") as tmp:
        proc, ws_url = _launch(chromium, Path(tmp))
        try:
            with connect(ws_url, max_size=256 * 1024 * 1024, open_timeout=20) as ws:
                _drive(_Session(ws), url, result, probe, screenshot, width, max_height, settle_seconds)
        finally:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    return result


def _drive(cdp: _Session, url: str, result: PageCheck, probe: str, screenshot: Path | None, width: int,
           max_height: int, settle_seconds: float) -> None:
    """Open the page in a new tab, gather console errors and the probe's value, optionally screenshot it."""
    target_id = cdp.send("Target.createTarget", {"url": "about:blank"}, page=False)["targetId"]
    cdp.session_id = cdp.send("Target.attachToTarget", {"targetId": target_id, "flatten": True},
                              page=False)["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        cdp.send(f"{domain}.enable")
    cdp.send("Emulation.setDeviceMetricsOverride",
             {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    cdp.send("Page.navigate", {"url": url})
    cdp.wait_for("Page.loadEventFired")
    time.sleep(settle_seconds)  # late console messages and timers
    value = cdp.send("Runtime.evaluate", {"expression": f"JSON.stringify({probe})", "returnByValue": True})
    result.facts = json.loads(value.get("result", {}).get("value") or "null") or {}
    if screenshot is not None:
        size = cdp.send("Page.getLayoutMetrics")["cssContentSize"]
        height = min(size["height"], max_height) if max_height > 0 else size["height"]
        shot = cdp.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}, timeout=60)
        screenshot = Path(screenshot)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        result.screenshot = screenshot
    cdp.send("Runtime.evaluate", {"expression": "0"})  # flush pending events
    for e in cdp.events:
        if e["method"] == "Runtime.consoleAPICalled":
            p = e["params"]
            result.console_messages.append(
                f"{p.get('type')}: " + " ".join(str(a.get("value", "")) for a in p.get("args", [])))
        err = _describe(e)
        if err:
            result.console_errors.append(err)
    try:
        cdp.send("Browser.close", page=False, timeout=5)
    except BrowserError:
        pass
