#!/usr/bin/env python3
"""Measures `letopis serve`: the time from saving one chapter to the reload event, and
to the new page being served, with the server's own rebuild time beside, without the
search index, and stage by stage (as the server's log splits it).

usage: scripts/bench-serve.py [CHAPTERS|bundled] [SAVES]
  CHAPTERS  a synthetic edition of that many chapters (scripts/gen-corpus.py), default 1000
  bundled   the repository's own edition (copied to a temporary folder)
  SAVES     how many saves to time, default 20

Each save appends a sentence to one chapter (a different one each time), as an editor
does; the clock starts just before the file is written. Figures are medians, with the
minimum and maximum. The release binary is built first.

Environment:
  PROFILE=profiling     build and run that cargo profile instead of `release`
  PERF=FILE             record the saves (not the first build) with `perf record -g`
                        into FILE, to read with `perf report -i FILE`
  PERF_CALL_GRAPH=dwarf with PERF, record whole call stacks (the release build keeps
                        no frame pointers, so `-g` alone loses most callers)
  BIN=FILE              run this letopis binary instead of building one (to time an
                        earlier build against the current one on the same machine)
"""
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROFILE = os.environ.get("PROFILE", "release")


def main(kind, saves):
    work = tempfile.mkdtemp()
    try:
        edition = prepare(kind, work)
        if not os.environ.get("BIN"):
            subprocess.run(["cargo", "build", "--profile", PROFILE, "--quiet"], cwd=ROOT,
                           check=True)
        run(edition, saves, work)
    finally:
        shutil.rmtree(work)


def prepare(kind, work):
    edition = os.path.join(work, "edition")
    if kind == "bundled":
        os.makedirs(edition)
        shutil.copy(os.path.join(ROOT, "book.toml"), edition)
        shutil.copytree(os.path.join(ROOT, "content"), os.path.join(edition, "content"))
    else:
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/gen-corpus.py"), edition,
                        kind], check=True)
    return edition


def run(edition, saves, work):
    log = open(os.path.join(work, "serve.log"), "w+")
    server = subprocess.Popen(
        [os.environ.get("BIN") or os.path.join(ROOT, "target", PROFILE, "letopis"), "serve", "--port", "0", "--root", edition],
        stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        url = server.stdout.readline().strip()
        events = Events(url)
        build = events.next()["build"]
        perf = None
        if os.environ.get("PERF"):
            graph = os.environ.get("PERF_CALL_GRAPH", "fp")
            perf = subprocess.Popen(["perf", "record", "--call-graph", graph, "-o",
                                     os.environ["PERF"], "-p", str(server.pid)],
                                    stderr=subprocess.DEVNULL)
            time.sleep(0.5)
        chapters = sorted(os.listdir(os.path.join(edition, "content/chapters")))
        to_event, to_page = [], []
        for n in range(saves):
            name = chapters[(n * 7) % len(chapters)]
            path = os.path.join(edition, "content/chapters", name)
            marker = f"Saved {n} for the benchmark."
            with open(path) as f:
                text = f.read()
            started = time.perf_counter()
            with open(path, "w") as f:
                f.write(f"{text}\n{marker}\n")
            while True:
                status = events.next()
                if status["build"] > build:
                    break
                if status["problems"]:
                    sys.exit(f"the edition does not build: {status['problems'][0]}")
            to_event.append(time.perf_counter() - started)
            build = status["build"]
            page = page_of(edition, path)
            body = urllib.request.urlopen(url + page).read().decode()
            to_page.append(time.perf_counter() - started)
            if marker not in body:
                sys.exit(f"{page} does not show the saved text")
            time.sleep(0.2)
        if perf:
            perf.send_signal(2)
            perf.wait()
        log.seek(0)
        text = log.read()
        lines = re.findall(r"rebuilt in ([0-9.]+) ms \(([^)]*) ms\)", text)[1:]
        print(f"edition: {len(chapters)} chapters, {saves} saves")
        report("rebuild (server's own clock)", [float(total) / 1000 for total, _ in lines])
        stages = [dict(stage_times(split)) for _, split in lines]
        without = [float(total) - s.get("search", 0) for (total, _), s in zip(lines, stages)]
        report("rebuild without the search index", [r / 1000 for r in without])
        for name in stages[0] if stages else []:
            report(f"  {name}", [s.get(name, 0) / 1000 for s in stages])
        rendered = re.findall(r"rebuilt in .*: ([0-9]+) of [0-9]+ files rendered again", text)[1:]
        print(f"{'files rendered again':32} {' '.join(rendered)}")
        report("save → reload event", to_event)
        report("save → new page served", to_page)
    finally:
        server.terminate()
        server.wait()


def stage_times(split):
    """The stages of the server's log line: `load 1.2, parse 0.3` → (name, ms)."""
    for part in split.split(", "):
        name, ms = part.rsplit(" ", 1)
        yield name, float(ms)


def page_of(edition, path):
    """The chapter's page: its slug is the file name without its number."""
    with open(path) as f:
        front = f.read().split("---")[1]
    slug = re.search(r"^slug:\s*(\S+)", front, re.M)
    if slug:
        return slug.group(1) + ".html"
    stem = os.path.basename(path)[:-3]
    return re.sub(r"^[0-9]+[-_]?", "", stem) + ".html"


def report(what, seconds):
    ms = sorted(s * 1000 for s in seconds)
    print(f"{what:32} median {statistics.median(ms):7.1f} ms   "
          f"min {ms[0]:7.1f}   max {ms[-1]:7.1f}   (n={len(ms)})")


class Events:
    """The server's status events, read as the live-reload script reads them."""

    def __init__(self, url):
        host, port = url.split("//")[1].split("/")[0].rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(b"GET /__letopis/events HTTP/1.0\r\n\r\n")
        self.file = self.sock.makefile("rb")
        while self.file.readline() not in (b"\r\n", b"\n", b""):
            pass

    def next(self):
        event, data = None, ""
        while True:
            line = self.file.readline().decode()
            if line == "":
                sys.exit("the event stream ended")
            line = line.rstrip("\r\n")
            if not line:
                if event == "status":
                    return json.loads(data)
                event, data = None, ""
            elif line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data += line[6:]


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "1000", int(sys.argv[2]) if len(sys.argv) > 2 else 20)
