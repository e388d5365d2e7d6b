"""Stanford CoreNLP as a managed local server (server.py) and the project's small HTTP/JSON client (client.py).

Nothing here imports the database: the extractor layer uses `annotate` directly.
"""

from kg.nlp.client import CoreNLPClient, NlpError, annotate
from kg.nlp.pipeline import ANNOTATORS, CORENLP_VERSION, PROPERTIES
from kg.nlp.server import NlpServer, NlpStatus

__all__ = ["ANNOTATORS", "CORENLP_VERSION", "PROPERTIES", "CoreNLPClient", "NlpError", "NlpServer", "NlpStatus",
           "annotate"]
