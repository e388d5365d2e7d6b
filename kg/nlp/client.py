"""The project's own small client for the CoreNLP server's HTTP/JSON API (no stanza, no torch).

`annotate(text, doc_date=...)` returns CoreNLP's JSON document: `sentences`, each with `tokens` (word,
lemma, pos, ner, normalizedNER, timex, characterOffsetBegin/End, …), `basicDependencies`,
`enhancedPlusPlusDependencies` and `entitymentions`. The publication date goes to the server as the
request's `date`, which sets the document date SUTime resolves "last Friday" against; unlike
`ner.docdate.useFixedDate` it is not part of the NER annotator's configuration, so it does not make the
server load a new NER pipeline for every new date. The server is started on first use and restarted
once if it died.
"""

from __future__ import annotations

import http.client
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from kg.jvm import ServerError
from kg.nlp.pipeline import ANNOTATORS, PROPERTIES
from kg.nlp.server import NlpServer
from kg.settings import Settings

__all__ = ["CoreNLPClient", "NlpError", "annotate", "default_client"]

# The connection broke or was refused: the server is not (or no longer) there.
_GONE = (ConnectionError, http.client.RemoteDisconnected, http.client.IncompleteRead, urllib.error.URLError)


class NlpError(RuntimeError):
    """CoreNLP could not annotate a text; the message is one line for the user."""


class CoreNLPClient:
    """Annotates texts with the local CoreNLP server of `settings` (KG_HOME, KG_NLP_PORT)."""

    def __init__(self, settings: Settings | None = None, *, autostart: bool = True,
                 progress: Callable[[str], None] | None = None) -> None:
        self.server = NlpServer(settings)
        self.autostart = autostart
        self.progress = progress
        self.timeout = self.server.settings.kg_nlp_timeout

    def annotate(self, text: str, *, doc_date: date | None = None, annotators: Iterable[str] = ANNOTATORS,
                 properties: dict[str, str] | None = None) -> dict[str, Any]:
        """CoreNLP's JSON for `text`; `properties` override kg.nlp.pipeline.PROPERTIES (measurements only)."""
        if not text.strip():
            return {"sentences": []}
        props: dict[str, str] = {**PROPERTIES, **(properties or {}), "annotators": ",".join(annotators),
                                 "outputFormat": "json"}
        if doc_date is not None:
            props["date"] = doc_date.isoformat()
        url = f"{self.server.url}/?{urllib.parse.urlencode({'properties': json.dumps(props)})}"
        try:
            return self._post(url, text)
        except _GONE as exc:
            if isinstance(exc, urllib.error.HTTPError) or not self.autostart:
                raise self._error(exc) from None
        self._start()  # not running, or it died: start it and try once more
        try:
            return self._post(url, text)
        except _GONE as exc:
            raise self._error(exc) from None

    def _start(self) -> None:
        try:
            self.server.start(progress=self.progress)
        except ServerError as exc:
            raise NlpError(str(exc)) from None

    def _post(self, url: str, text: str) -> dict[str, Any]:
        request = urllib.request.Request(url, data=text.encode("utf-8"), method="POST",
                                         headers={"Content-Type": "text/plain; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout + 10) as response:
                payload = response.read()
        except TimeoutError:
            raise NlpError(f"CoreNLP on {self.server.url} did not answer within {self.timeout + 10:.0f}s "
                           f"({len(text)} characters); raise KG_NLP_TIMEOUT or split the text") from None
        try:
            document: dict[str, Any] = json.loads(payload)
        except ValueError:
            raise NlpError(f"CoreNLP on {self.server.url} answered with something that is not JSON: "
                           f"{payload[:120]!r}") from None
        return document

    def _error(self, exc: Exception) -> NlpError:
        if isinstance(exc, urllib.error.HTTPError):
            body = exc.read().decode("utf-8", errors="replace").strip().splitlines()
            return NlpError(f"CoreNLP on {self.server.url} refused the text (HTTP {exc.code}): "
                            f"{body[0] if body else exc.reason}")
        reason = getattr(exc, "reason", exc)
        hint = "" if self.autostart else "; start it with `kg nlp start`"
        return NlpError(f"CoreNLP is not answering on {self.server.url} ({reason}){hint}")


@lru_cache(maxsize=1)
def default_client() -> CoreNLPClient:
    """One client per process for the current settings (KG_HOME, KG_NLP_PORT …); it reports a first-use
    download and a start on stderr, so stdout stays the command's output."""
    return CoreNLPClient(progress=_to_stderr)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def annotate(text: str, *, doc_date: date | None = None, annotators: Iterable[str] = ANNOTATORS) -> dict[str, Any]:
    """Annotate with the default client, starting the local server on first use."""
    return default_client().annotate(text, doc_date=doc_date, annotators=annotators)
