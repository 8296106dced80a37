#!/usr/bin/env python3
"""Measures search in headless Chromium on a built edition opened from file://.

usage: search-timing.py SITE_DIR QUERY...

For each query, opens SITE_DIR/index.html afresh (nothing of the index loaded yet),
types the query into the search box at once and reports the time from the input event
to the suggestions on screen, then the same query again on that page (index loaded).
Also reports what the title page loads before the first keystroke. Needs chromium and
chromedriver on the PATH; talks WebDriver over HTTP with the standard library only.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

TYPE = """
const [query, done] = arguments;
const input = document.getElementById('search-input');
const form = input.form;
const start = performance.now();
input.value = query;
input.dispatchEvent(new Event('input'));
(function poll() {
  if (form.getAttribute('data-answered') === query) {
    requestAnimationFrame(() => done({
      ms: performance.now() - start,
      shown: document.querySelectorAll('#search-suggestions [role=option]').length - 1,
      status: document.getElementById('search-status').textContent,
    }));
  } else {
    setTimeout(poll, 1);
  }
})();
"""


def main(site, queries):
    site = os.path.abspath(site)
    with tempfile.TemporaryDirectory() as profile:
        driver = WebDriver(profile)
        try:
            page = "file://" + urllib.parse.quote(os.path.join(site, "index.html"))
            driver.post("/url", {"url": page})
            loaded = [url for url in driver.requests() if url.startswith("file://")]
            extra = [u for u in loaded if not u.endswith((".html", ".css"))]
            size = sum(os.path.getsize(urllib.parse.unquote(u[7:])) for u in extra)
            print(f"before the first keystroke the title page loads {len(loaded)} files;"
                  f" besides the page and its stylesheets: {size} bytes ({', '.join(os.path.basename(u) for u in extra)})")
            for query in queries:
                driver.post("/url", {"url": page})
                first = driver.post("/execute/async", {"script": TYPE, "args": [query]})
                driver.post("/execute/sync", {"script": "document.getElementById('search-input').form.removeAttribute('data-answered')", "args": []})
                again = driver.post("/execute/async", {"script": TYPE, "args": [query]})
                print(f"{query!r}: first keystroke {first['ms']:.0f} ms ({first['status']}),"
                      f" index loaded {again['ms']:.0f} ms")
        finally:
            driver.close()


class WebDriver:
    """A chromedriver this script started, with one headless session."""

    def __init__(self, profile):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process = subprocess.Popen(["chromedriver", f"--port={self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.05)
        options = {"args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            f"--user-data-dir={profile}"]}
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options,
                                                 "goog:loggingPrefs": {"performance": "ALL"}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]
        self.post("/timeouts", {"script": 60000})

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)["value"]

    def post(self, path, body):
        return self.call("POST", f"/session/{self.session}{path}", body)

    def requests(self):
        entries = self.post("/se/log", {"type": "performance"})
        urls = []
        for entry in entries:
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def close(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        finally:
            self.process.terminate()
            self.process.wait()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
