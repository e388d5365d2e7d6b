"""The one CoreNLP pipeline configuration, shared by the server (preloaded at start) and the client.

The server keeps annotators in a pool keyed by their properties: a request whose properties differ from
the preloaded ones would load the models again (seconds to minutes), so both sides read these constants.
"""

from __future__ import annotations

__all__ = ["ANNOTATORS", "CORENLP_VERSION", "PROPERTIES", "server_properties"]

CORENLP_VERSION = "4.5.10"

# depparse needs pos; ner needs lemma; ner runs SUTime for dates (docDate = the publication date).
ANNOTATORS: tuple[str, ...] = ("tokenize", "ssplit", "pos", "lemma", "ner", "depparse")

PROPERTIES: dict[str, str] = {
    # Universal Dependencies (english_UD is the neural dependency parser's UD model).
    "depparse.model": "edu/stanford/nlp/models/parser/nndep/english_UD.gz",
    # Articles separate paragraphs with a blank line; a headline without a full stop is its own sentence.
    "ssplit.newlineIsSentenceBreak": "two",
    "ner.useSUTime": "true",
    # Fine-grained classes (COUNTRY, NATIONALITY, TITLE … from an 18 MB regexner) are off: the extractor takes
    # countries, demonyms and titles from its own gazetteer (patterns/names.toml), and dev F1 is the same per
    # relation without them, while the server starts in half the time with 1 GB less (docs/extraction.md).
    "ner.applyFineGrained": "false",
}


def server_properties(annotators: tuple[str, ...] = ANNOTATORS) -> str:
    """The server's default properties file (java.util.Properties syntax)."""
    lines = [f"annotators = {','.join(annotators)}", "outputFormat = json", "inputFormat = text"]
    lines += [f"{key} = {value}" for key, value in PROPERTIES.items()]
    return "\n".join(lines) + "\n"
