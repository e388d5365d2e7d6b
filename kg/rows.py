"""What a loader yields: good rows (an `Event` with where it came from) and rejects (file:line and why)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from pydantic import ValidationError

from kg.models import Event

__all__ = ["Reject", "RejectLog", "Row", "Skip", "describe_validation_error", "reject_for"]


@dataclass(frozen=True, slots=True)
class Row:
    event: Event
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Reject:
    path: str
    line: int
    reason: str
    column: str | None = None
    actor: str | None = None  # the name that could not be resolved, when that is the reason

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Skip(Reject):
    """A row left out on purpose because it is out of scope, not because it is wrong (a feed's domestic event):
    counted by `reason` in the load summary and manifest, never written to a reject list. Code that does not
    know skips treats one as a reject, the safe side."""


def describe_validation_error(exc: ValidationError) -> tuple[str | None, str]:
    """(column, reason) from pydantic's first error, worded for a person fixing a file."""
    first = exc.errors()[0]
    column = ".".join(str(p) for p in first.get("loc", ())) or None
    message = first.get("msg", str(exc)).removeprefix("Value error, ")
    more = len(exc.errors()) - 1
    return column, message + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def reject_for(path: Path | str, line: int, exc: ValueError) -> Reject:
    """The reject for a row whose mapping raised: a pydantic error names its column, a name that did not
    resolve (`UnresolvedName.name`) its actor, any other ValueError just its message."""
    if isinstance(exc, ValidationError):
        column, reason = describe_validation_error(exc)
        return Reject(str(path), line, reason, column)
    return Reject(str(path), line, str(exc), actor=getattr(exc, "name", None))


class RejectLog:
    """Appends one line per rejected row to a file, opened (and truncated) on the first reject only, so a
    clean run leaves the previous run's list alone. Flushed after every committed batch."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.count = 0
        self._handle: IO[str] | None = None
        self._opened = False
        self._lock = threading.Lock()  # the loader's thread and the writer's both report rejects

    def add(self, reject: Reject) -> None:
        with self._lock:
            self.count += 1
            if self.path is None:
                return
            if self._handle is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # Truncated only now, when this run has a list of its own to write.
                self._handle = self.path.open("w", encoding="utf-8")
                self._opened = True
            self._handle.write(str(reject).replace("\n", " ") + "\n")

    @property
    def written(self) -> bool:
        """Did this run write the file (so announcing it points at something that exists)?"""
        return self._handle is not None or self._opened

    def flush(self) -> None:
        with self._lock:
            if self._handle is not None:
                self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> RejectLog:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
