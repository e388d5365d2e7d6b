"""Every error the Neo4j driver (or our settings) can raise, as one line and an exit code.

The one place the CLI turns driver errors into messages (`kg.cli.common.KgGroup` calls `describe`),
so no command ends in a traceback and a wrapper script can tell "retry later" (75) from "fix something".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    ConnectionPoolError,
    DatabaseError,
    DriverError,
    Forbidden,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
    UnsupportedServerProduct,
)

from kg.settings import CredentialsRefused, PasswordMissing

__all__ = ["EXIT_AUTH", "EXIT_CONFIG", "EXIT_ERROR", "EXIT_TIMEOUT", "EXIT_UNREACHABLE", "Problem", "describe",
           "is_timeout"]

EXIT_ERROR = 1
EXIT_UNREACHABLE = 75  # EX_TEMPFAIL: Neo4j unreachable or went away; run the same command again
EXIT_AUTH = 77  # EX_NOPERM: the server refused the credentials, or the user may not do this
EXIT_CONFIG = 78  # EX_CONFIG: settings to fix (no password for that server, an unsupported server)
EXIT_TIMEOUT = 124  # like timeout(1): the query ran past KG_QUERY_TIMEOUT and the server stopped it

_TIMEOUT_CODES = ("Neo.ClientError.Transaction.TransactionTimedOut",
                  "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration")


@dataclass(frozen=True)
class Problem:
    message: str
    exit_code: int


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
    return re.sub(r"\s+", " ", str(text)).strip()[:300]


def is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, Neo4jError) and (exc.code or "") in _TIMEOUT_CODES


def _server_side(exc: Neo4jError, uri: str, timeout: float) -> Problem:
    if is_timeout(exc):
        return Problem(f"the query ran longer than {timeout:g}s (KG_QUERY_TIMEOUT) and Neo4j stopped it; narrow the "
                       "query: a shorter date range, fewer hops, a smaller limit or a more specific actor "
                       "(or raise KG_QUERY_TIMEOUT)", EXIT_TIMEOUT)
    if isinstance(exc, AuthError):
        return Problem(f"Neo4j at {uri} refused the credentials ({_first_line(exc)}); check NEO4J_USERNAME and "
                       "NEO4J_PASSWORD (or the password file `kg server install` wrote)", EXIT_AUTH)
    if isinstance(exc, Forbidden):
        return Problem(f"Neo4j at {uri} does not allow this: {_first_line(exc)}", EXIT_AUTH)
    if isinstance(exc, TransientError):
        return Problem(f"Neo4j at {uri} is busy or restarting ({exc.code}); run the same command again",
                       EXIT_UNREACHABLE)
    if isinstance(exc, ClientError | DatabaseError):
        return Problem(f"Neo4j refused the statement ({exc.code}): {_first_line(exc)}", EXIT_ERROR)
    return Problem(f"Neo4j error ({exc.code}): {_first_line(exc)}", EXIT_ERROR)


def _client_side(exc: DriverError, uri: str) -> Problem:
    if isinstance(exc, IncompleteCommit):
        return Problem(f"the connection to Neo4j at {uri} broke during a commit; run the same command again "
                       "(loads check their manifest and resume)", EXIT_UNREACHABLE)
    if isinstance(exc, ServiceUnavailable | SessionExpired | ConnectionPoolError):
        return Problem(f"Neo4j unreachable at {uri} ({exc.__class__.__name__}: {_first_line(exc)}); start it "
                       "(`kg server start`) or check NEO4J_URI, then run the same command again", EXIT_UNREACHABLE)
    if isinstance(exc, UnsupportedServerProduct):
        return Problem(f"the server at {uri} is not a Neo4j this driver can talk to; kg needs Neo4j 5.x",
                       EXIT_CONFIG)
    if isinstance(exc, ConfigurationError):
        return Problem(f"cannot use the server at {uri}: {_first_line(exc)} (kg needs Neo4j 5.x, Bolt 5.2 or "
                       "newer)", EXIT_CONFIG)
    return Problem(f"Neo4j driver: {exc.__class__.__name__}: {_first_line(exc)}", EXIT_ERROR)


def describe(exc: BaseException, uri: str, timeout: float) -> Problem | None:
    """The message and exit code for `exc`, or None when it is not a database or credentials error."""
    if isinstance(exc, PasswordMissing | CredentialsRefused):
        return Problem(_first_line(exc), EXIT_CONFIG)
    if isinstance(exc, Neo4jError):
        return _server_side(exc, uri, timeout)
    if isinstance(exc, DriverError):
        return _client_side(exc, uri)
    return None
