"""GDELT 2.0's 15-minute exports: fetch a date range into a local cache, or follow the live feed into the graph.

GDELT publishes `masterfilelist.txt` (every file since 2015) and `lastupdate.txt` (the newest three), each
line `SIZE MD5 URL`. A file is downloaded beside its final name (`.part`), resumed with an HTTP Range
request after an interruption, and kept only when its size, MD5 and zip structure check out. Files are
fetched from the configured base URL (a mirror works: only the file name of the list's URL is used).
Following loads each new export through the `kg load gdelt` path (idempotent per file through its load
manifest) and records the feed's progress in the graph, so a restart backfills the gap and never loads
a file twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

__all__ = ["DEFAULT_BASE_URL", "FetchReport", "FetchResult", "GdeltClient", "ListedFile", "fetch_range",
           "missing_intervals", "parse_file_list"]

DEFAULT_BASE_URL = "http://data.gdeltproject.org/gdeltv2/"
INTERVAL = dt.timedelta(minutes=15)
EXPORT_SUFFIX = ".export.CSV.zip"


class FetchError(RuntimeError):
    """The server could not give a list (a 404, a timeout, an unreadable list)."""


@dataclass(frozen=True, order=True)
class ListedFile:
    stamp: dt.datetime
    size: int
    md5: str
    url: str

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[-1]


def parse_file_list(text: str) -> list[ListedFile]:
    """The export files of a GDELT file list (`SIZE MD5 URL` lines; mentions, GKG and odd lines skipped)."""
    files = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 3 or not parts[2].endswith(EXPORT_SUFFIX) or not parts[0].isdigit():
            continue
        try:
            stamp = dt.datetime.strptime(parts[2].rsplit("/", 1)[-1][:14], "%Y%m%d%H%M%S")
        except ValueError:
            continue
        files.append(ListedFile(stamp, int(parts[0]), parts[1].lower(), parts[2]))
    return sorted(files)


def missing_intervals(since: dt.datetime, until: dt.datetime, have: Iterable[dt.datetime]
                      ) -> list[tuple[dt.datetime, dt.datetime]]:
    """The 15-minute slots in [since, until] without a file, as (first, last) runs."""
    present = set(have)
    slot = since + (dt.datetime.min - since) % INTERVAL  # the first slot at or after `since`
    runs: list[tuple[dt.datetime, dt.datetime]] = []
    while slot <= until:
        if slot not in present:
            if runs and runs[-1][1] == slot - INTERVAL:
                runs[-1] = (runs[-1][0], slot)
            else:
                runs.append((slot, slot))
        slot += INTERVAL
    return runs


@dataclass
class FetchResult:
    item: ListedFile
    status: str  # downloaded | cached | failed
    path: Path | None = None
    reason: str | None = None


@dataclass
class FetchReport:
    results: list[FetchResult] = field(default_factory=list)
    missing: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    def as_dict(self) -> dict[str, Any]:
        return {"downloaded": self.count("downloaded"), "cached": self.count("cached"), "failed": self.count("failed"),
                "failures": [{"file": r.item.name, "reason": r.reason} for r in self.results if r.status == "failed"],
                "missing_intervals": [[a.isoformat(), b.isoformat()] for a, b in self.missing]}


class _NotFound(Exception):
    pass


class GdeltClient:
    """Downloads GDELT lists and export files into `cache_dir`, checked against the list's size and MD5."""

    def __init__(self, base_url: str = DEFAULT_BASE_URL, cache_dir: Path = Path("gdelt-cache"), *,
                 timeout: float = 60.0, retries: int = 3, session: requests.Session | None = None) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.cache_dir = cache_dir
        self.timeout = timeout
        self.retries = retries
        self.http = session or requests.Session()

    def _text(self, name: str) -> str:
        try:
            response = self.http.get(self.base_url + name, timeout=self.timeout)
        except requests.RequestException as exc:
            raise FetchError(f"{self.base_url}{name}: {exc.__class__.__name__}: {exc}") from None
        if response.status_code != 200:
            raise FetchError(f"{self.base_url}{name}: HTTP {response.status_code}")
        return response.text

    def master_list(self) -> list[ListedFile]:
        return parse_file_list(self._text("masterfilelist.txt"))

    def last_update(self) -> ListedFile | None:
        files = parse_file_list(self._text("lastupdate.txt"))
        return files[-1] if files else None

    def fetch(self, item: ListedFile) -> FetchResult:
        """The file in the cache, downloading (or resuming) it if needed; a failure says why."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        target = self.cache_dir / item.name
        if target.exists() and _problem(target, item) is None:
            return FetchResult(item, "cached", target)
        part = target.with_name(target.name + ".part")
        reason = "not tried"
        for _ in range(max(1, self.retries)):
            try:
                self._download(self.base_url + item.name, part, item.size)
            except _NotFound:
                return FetchResult(item, "failed", reason="HTTP 404: not on the server")
            except (requests.RequestException, OSError) as exc:
                reason = f"{exc.__class__.__name__}: {exc}"
                continue  # a partial .part is resumed on the next attempt
            reason = _problem(part, item) or ""
            if not reason:
                part.replace(target)
                return FetchResult(item, "downloaded", target)
            part.unlink(missing_ok=True)  # complete but wrong: start again from byte 0
        return FetchResult(item, "failed", reason=reason)

    def _download(self, url: str, part: Path, size: int) -> None:
        offset = part.stat().st_size if part.exists() else 0
        if offset >= size:
            part.unlink(missing_ok=True)
            offset = 0
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        with self.http.get(url, headers=headers, stream=True, timeout=self.timeout) as response:
            if response.status_code == 404:
                raise _NotFound
            if response.status_code not in (200, 206):
                raise requests.HTTPError(f"HTTP {response.status_code}")
            mode = "ab" if response.status_code == 206 else "wb"  # a server ignoring Range sends it all
            with part.open(mode) as handle:
                for chunk in response.iter_content(chunk_size=1 << 16):
                    handle.write(chunk)


def _problem(path: Path, item: ListedFile) -> str | None:
    size = path.stat().st_size
    if size != item.size:
        return f"{size} bytes, the list says {item.size} (truncated or changed)"
    digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
    if digest != item.md5:
        return f"MD5 {digest} does not match the list's {item.md5}"
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except zipfile.BadZipFile as exc:
        return f"not a readable zip ({exc})"
    return f"zip member {bad} is damaged" if bad else None


def fetch_range(client: GdeltClient, since: dt.datetime, until: dt.datetime, *,
                on_file: Callable[[FetchResult], None] | None = None,
                stop: threading.Event | None = None) -> FetchReport:
    """Every export of [since, until] from the master list into the cache, and the slots that have none."""
    wanted = [f for f in client.master_list() if since <= f.stamp <= until]
    report = FetchReport()
    for item in wanted:
        if stop is not None and stop.is_set():
            break
        result = client.fetch(item)
        report.results.append(result)
        if on_file:
            on_file(result)
    have = [r.item.stamp for r in report.results if r.status != "failed"]
    report.missing = missing_intervals(since, until, have)
    return report
