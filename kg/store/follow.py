"""`kg follow gdelt`: keep the graph current with GDELT's 15-minute exports.

Each poll reads `lastupdate.txt`; every slot after the feed's last one (all of them after a restart,
through the master list) is fetched and loaded through `kg load gdelt`'s path. A file's own load manifest
makes a second load of it a no-op, and the feed's manifest (`:Load {id: 'feed:gdelt:<base url>'}`)
records the newest slot done, so nothing is loaded twice and a gap is backfilled. A stop request
(Ctrl-C, SIGTERM) ends the loop between files: the file being loaded is finished first.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import Driver

from kg.store.loading import load_files
from kg.store.writer import read_feed, record_feed_progress
from loaders.gdelt_feed import INTERVAL, FetchError, GdeltClient, ListedFile, missing_intervals

__all__ = ["Follower", "PollResult"]

_STAMP = "%Y%m%d%H%M%S"


@dataclass
class PollResult:
    loaded: list[str] = field(default_factory=list)  # stamps loaded by this poll
    skipped: list[str] = field(default_factory=list)  # already in the graph (their load manifest is complete)
    missing: list[str] = field(default_factory=list)  # slots with no file, or a file that failed its checks
    rows: int = 0
    rejected: int = 0


def _quiet(_: str) -> None:
    pass


@dataclass
class Follower:
    client: GdeltClient
    driver: Driver
    database: str
    rejects: Path | None = field(default=None, kw_only=True)
    since: dt.datetime | None = field(default=None, kw_only=True)  # where to start when the feed has no slot yet
    stop: threading.Event = field(default_factory=threading.Event, kw_only=True)  # set: end between files
    say: Callable[[str], None] = field(default=_quiet, kw_only=True)  # progress lines for the user
    feed_id: str = field(init=False)  # the feed's manifest (`:Load {id}`): one per base URL

    def __post_init__(self) -> None:
        self.feed_id = f"feed:gdelt:{self.client.base_url}"

    def _last_done(self) -> dt.datetime | None:
        feed = read_feed(self.driver, self.database, self.feed_id)
        if feed and feed.get("last_stamp"):
            return dt.datetime.strptime(feed["last_stamp"], _STAMP)
        return None

    def _todo(self, latest: ListedFile) -> list[ListedFile]:
        """The files after the last slot done, up to `latest`; from the master list when there is a gap."""
        last = self._last_done()
        start = last + INTERVAL if last else (self.since or latest.stamp)
        if latest.stamp < start:
            return []
        if latest.stamp == start:
            return [latest]
        self.say(f"backfilling {start:%Y-%m-%d %H:%M} .. {latest.stamp:%Y-%m-%d %H:%M} from the master list")
        listed = {f.stamp: f for f in self.client.master_list() if start <= f.stamp <= latest.stamp}
        listed[latest.stamp] = latest
        for first, final in missing_intervals(start, latest.stamp, listed):
            slot = first
            while slot <= final:  # slots the list has no file for: recorded, and reported
                listed[slot] = ListedFile(slot, -1, "", "")
                slot += INTERVAL
        return [listed[stamp] for stamp in sorted(listed)]

    def poll(self) -> PollResult:
        result = PollResult()
        latest = self.client.last_update()
        if latest is None:
            self.say("lastupdate.txt lists no export file")
            return result
        for item in self._todo(latest):
            if self.stop.is_set():
                break
            self._one(item, result)
        return result

    def _one(self, item: ListedFile, result: PollResult) -> None:
        stamp = item.stamp.strftime(_STAMP)
        props = {"loader": "gdelt-feed", "source": "gdelt", "path": self.client.base_url}
        fetched = self.client.fetch(item) if item.size >= 0 else None
        if fetched is None or fetched.path is None:
            reason = fetched.reason if fetched else "not in GDELT's master list"
            self.say(f"{stamp}: missing ({reason})")
            result.missing.append(stamp)
            record_feed_progress(self.driver, self.database, self.feed_id, stamp, loaded=False, props=props)
            return
        summary = load_files(self.driver, self.database, "gdelt", [fetched.path], rejects=self._rejects(stamp))[0]
        (result.skipped if summary.status == "already loaded" else result.loaded).append(stamp)
        result.rows += summary.rows_written
        result.rejected += summary.rejected
        self.say(f"{stamp}: {summary.status}, {summary.rows_written} rows, {summary.rejected} rejected")
        record_feed_progress(self.driver, self.database, self.feed_id, stamp, loaded=True, props=props)

    def _rejects(self, stamp: str) -> Path | None:
        return self.rejects.with_name(f"{self.rejects.stem}-{stamp}{self.rejects.suffix}") if self.rejects else None

    def run(self, interval: float, *, once: bool = False) -> list[PollResult]:
        """Poll until stopped (or once); waits `interval` seconds between polls, waking at once on a stop."""
        results = []
        while not self.stop.is_set():
            try:
                results.append(self.poll())
            except FetchError as exc:  # the server is away: try again at the next poll
                self.say(f"poll failed: {exc}")
            if once:
                break
            self.stop.wait(interval)
        return results
