"""`kg fetch gdelt` / `kg follow gdelt` against a local HTTP server (127.0.0.1) serving files made from the
shared GDELT sample: good files, a bad MD5, a truncated zip, a 404, a slow response, and resumed downloads."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from kg.store.follow import Follower
from kg.store.writer import read_feed
from loaders.gdelt_feed import GdeltClient, ListedFile, fetch_range, missing_intervals, parse_file_list
from tests.conftest import FIXTURES, Neo4jTarget

DATASETS = Path(os.environ.get("KG_DATASETS", FIXTURES))  # a cut of the sample (tests/data/datasets)
SAMPLE = DATASETS / "gdelt" / "20150218230000.export.CSV"


@dataclass
class Served:
    body: bytes
    status: int = 200
    delay: float = 0.0  # seconds before the body
    cut_at: int | None = None  # close the connection after this many bytes (a dropped download)


@dataclass
class FakeGdelt:
    """The files a test serves; `requests` counts what was asked for (paths and Range headers)."""

    files: dict[str, Served] = field(default_factory=dict)
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    url: str = ""

    def listing(self, items: list[tuple[str, bytes, str | None]]) -> str:
        """`SIZE MD5 URL` lines; an md5 given overrides the real one (a bad MD5)."""
        return "".join(f"{len(body)} {md5 or hashlib.md5(body).hexdigest()} http://data.gdeltproject.org/gdeltv2/"
                       f"{name}\n" for name, body, md5 in items)


def _handler(fake: FakeGdelt) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            name = self.path.rsplit("/", 1)[-1]
            fake.requests.append((name, self.headers.get("Range")))
            served = fake.files.get(name)
            if served is None or served.status == 404:
                self.send_error(404)
                return
            time.sleep(served.delay)
            body, status = served.body, served.status
            start = int(self.headers["Range"].split("=")[1].rstrip("-")) if self.headers.get("Range") else 0
            if start:
                body, status = body[start:], 206
            if served.cut_at is not None and not start:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[:served.cut_at])
                self.wfile.flush()
                self.close_connection = True
                return
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def fake() -> Iterator[FakeGdelt]:
    state = FakeGdelt()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/gdeltv2/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _export(stamp: str, part: int, parts: int = 4) -> tuple[str, bytes]:
    """A zipped export named for `stamp`, holding one quarter of the sample's lines (distinct events)."""
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    chunk = lines[part * len(lines) // parts:(part + 1) * len(lines) // parts]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stamp}.export.CSV", b"".join(chunk))
    return f"{stamp}.export.CSV.zip", buffer.getvalue()


def test_file_lists_and_missing_intervals() -> None:
    text = ("150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip\n"
            "318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip\n"
            "garbage line\n"
            "10 0123 http://data.gdeltproject.org/gdeltv2/20150218234500.export.CSV.zip\n")
    files = parse_file_list(text)
    assert [(f.name, f.size) for f in files] == [("20150218230000.export.CSV.zip", 150383),
                                                 ("20150218234500.export.CSV.zip", 10)]
    start = dt.datetime(2015, 2, 18, 23, 0)
    gaps = missing_intervals(start, dt.datetime(2015, 2, 19, 0, 30), [f.stamp for f in files])
    assert gaps == [(dt.datetime(2015, 2, 18, 23, 15), dt.datetime(2015, 2, 18, 23, 30)),
                    (dt.datetime(2015, 2, 19, 0, 0), dt.datetime(2015, 2, 19, 0, 30))]


def test_fetch_checks_size_md5_and_zip_and_reports_what_is_missing(fake: FakeGdelt, tmp_path: Path) -> None:
    good_name, good = _export("20150218230000", 0)
    md5_name, bad_md5 = _export("20150218231500", 1)
    cut_name, cut = _export("20150218233000", 2)
    gone_name, gone = _export("20150218234500", 3)
    slow_name, slow = _export("20150219000000", 0)
    broken_name = "20150219001500.export.CSV.zip"
    broken = good[: len(good) // 2]  # listed with its own size and MD5, but not a whole zip
    fake.files = {good_name: Served(good), md5_name: Served(bad_md5), cut_name: Served(cut, cut_at=len(cut) // 3),
                  slow_name: Served(slow, delay=3.0), broken_name: Served(broken)}
    fake.files["masterfilelist.txt"] = Served(fake.listing([
        (good_name, good, None), (md5_name, bad_md5, "0" * 32), (cut_name, cut, None), (gone_name, gone, None),
        (slow_name, slow, None), (broken_name, broken, None)]).encode())
    client = GdeltClient(fake.url, tmp_path / "cache", timeout=1.0, retries=2)
    report = fetch_range(client, dt.datetime(2015, 2, 18, 23), dt.datetime(2015, 2, 19, 0, 30))
    status = {r.item.name: (r.status, r.reason or "") for r in report.results}
    assert status[good_name][0] == "downloaded"
    assert (tmp_path / "cache" / good_name).read_bytes() == good
    assert "MD5" in status[md5_name][1]
    assert status[cut_name][0] == "failed" and cut_name not in os.listdir(tmp_path / "cache")
    assert "404" in status[gone_name][1]
    assert "Timeout" in status[slow_name][1]
    assert "zip" in status[broken_name][1]
    assert report.missing == [(dt.datetime(2015, 2, 18, 23, 15), dt.datetime(2015, 2, 19, 0, 30))]

    # A second run keeps what is there; a slow server that answers in time is fine.
    fake.requests.clear()
    client.timeout = 10.0
    again = {r.item.name: r.status for r in fetch_range(client, dt.datetime(2015, 2, 18, 23),
                                                        dt.datetime(2015, 2, 19, 0, 30)).results}
    assert again[good_name] == "cached" and again[slow_name] == "downloaded"
    assert (good_name, None) not in fake.requests


def test_an_interrupted_download_resumes_with_a_range_request(fake: FakeGdelt, tmp_path: Path) -> None:
    name, body = _export("20150218230000", 0)
    fake.files = {name: Served(body)}
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"{name}.part").write_bytes(body[:1000])  # what a killed fetch left
    item = ListedFile(dt.datetime(2015, 2, 18, 23), len(body), hashlib.md5(body).hexdigest(), name)
    result = GdeltClient(fake.url, cache).fetch(item)
    assert result.status == "downloaded" and (cache / name).read_bytes() == body
    assert fake.requests == [(name, "bytes=1000-")]


def _serve_feed(fake: FakeGdelt, exports: list[tuple[str, bytes]], latest: int) -> None:
    fake.files.update({name: Served(body) for name, body in exports})
    fake.files["masterfilelist.txt"] = Served(fake.listing([(n, b, None) for n, b in exports[:latest + 1]]).encode())
    fake.files["lastupdate.txt"] = Served(fake.listing([exports[latest] + (None,)]).encode())


def _edge_total(db: Driver, database: str) -> int:
    from tests.conftest import read_test_cypher

    return int(db.execute_query(read_test_cypher("count_edges.cypher"), database_=database).records[0][0])


@pytest.mark.neo4j
def test_follow_loads_new_files_once_and_backfills_after_a_restart(db: Driver, database: str, fake: FakeGdelt,
                                                                   tmp_path: Path) -> None:
    stamps = ["20150218230000", "20150218231500", "20150218233000", "20150218234500"]
    exports = [_export(stamp, i) for i, stamp in enumerate(stamps)]
    _serve_feed(fake, exports, latest=0)
    client = GdeltClient(fake.url, tmp_path / "cache")
    follower = Follower(client, db, database)
    first = follower.poll()
    assert first.loaded == [stamps[0]]
    edges_after_first = _edge_total(db, database)
    assert edges_after_first > 0
    assert follower.poll().loaded == []  # nothing new: nothing loaded twice
    assert _edge_total(db, database) == edges_after_first

    # "Restart" two slots later, with the 23:30 file missing from GDELT: the gap is backfilled, the hole reported.
    exports_without = [exports[0], exports[1], exports[3]]
    fake.files.pop(exports[2][0])
    fake.files["masterfilelist.txt"] = Served(fake.listing([(n, b, None) for n, b in exports_without]).encode())
    fake.files["lastupdate.txt"] = Served(fake.listing([exports[3] + (None,)]).encode())
    later = Follower(GdeltClient(fake.url, tmp_path / "cache"), db, database).poll()
    assert later.loaded == [stamps[1], stamps[3]] and later.missing == [stamps[2]]
    feed = read_feed(db, database, follower.feed_id)
    assert feed is not None
    assert feed["last_stamp"] == stamps[3] and feed["files_loaded"] == 3 and feed["missing"] == [stamps[2]]
    total = _edge_total(db, database)
    assert total > edges_after_first
    # The progress lost (a crash after a load, before the feed was updated): the load manifests still skip it.
    replay = Follower(GdeltClient(fake.url, tmp_path / "cache"), db, database, since=dt.datetime(2015, 2, 18, 23))
    replay.feed_id = "feed:gdelt:another"
    assert replay.poll().skipped == [stamps[0], stamps[1], stamps[3]]
    assert _edge_total(db, database) == total


@pytest.mark.neo4j
def test_follow_stops_cleanly_on_sigterm(db: Driver, database: str, fake: FakeGdelt, tmp_path: Path,
                                         neo4j_target: Neo4jTarget) -> None:
    exports = [_export("20150218230000", 0)]
    _serve_feed(fake, exports, latest=0)
    env = {**os.environ, **neo4j_target.env, "KG_GDELT_BASE_URL": fake.url}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "follow", "gdelt", "--interval", "1s", "--cache",
                             str(tmp_path / "cache"), "--rejects", str(tmp_path / "rejects" / "gdelt.txt")],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and sum(n == "lastupdate.txt" for n, _ in fake.requests) < 2:
        time.sleep(0.2)  # polled twice: the first file is loaded
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "SIGTERM" in err and "stopped: 1 files loaded" in out
    assert "Traceback" not in err
