"""Connection and local-server settings, read from the environment the way Neo4j's own tools do.

Credentials only go to the server they belong to: the local server's generated password is used only
for the local server's URI, and a `.env` file is read only when named (`--env-file`, `KG_ENV_FILE`) or
when it sits in the project's own directory, never from whatever directory `kg` happens to run in.
"""

from __future__ import annotations

import ipaddress
import os
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dotenv import dotenv_values
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["CredentialsRefused", "PasswordMissing", "Settings", "default_env_file", "default_home", "is_loopback"]

# A source checkout (editable install): the directory holding pyproject.toml.
PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_BOLT_PORT = 7687
_AUTO = object()  # "find the env file the usual way"


def default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kg"


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def default_env_file() -> Path | None:
    """`KG_ENV_FILE` if set, else the project directory's `.env` (never the working directory's)."""
    if explicit := os.environ.get("KG_ENV_FILE"):
        return Path(explicit)
    candidate = PROJECT_DIR / ".env"
    if (PROJECT_DIR / "pyproject.toml").is_file() and candidate.is_file():
        return candidate
    return None


def is_loopback(uri: str) -> bool:
    host = urlsplit(uri).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class PasswordMissing(RuntimeError):
    pass


class CredentialsRefused(RuntimeError):
    """A settings source would send a password to a server it does not belong to."""


def _in_environment(name: str) -> bool:
    return any(key.upper() == name for key in os.environ)


def check_env_file(path: Path, explicit: dict[str, Any]) -> None:
    """Refuse an env file that points kg at another machine without naming that machine's password.

    Otherwise the password from the environment (or the local server's) would go to a host the file chose.
    """
    if not path.is_file():
        raise CredentialsRefused(f"{path}: no such env file (given by --env-file or KG_ENV_FILE)")
    values = {key.upper(): value for key, value in dotenv_values(path).items() if value}
    uri = values.get("NEO4J_URI")
    if not uri or "neo4j_uri" in explicit or _in_environment("NEO4J_URI") or is_loopback(uri):
        return  # the URI in effect does not come from this file, or it is this machine
    file_names_its_secret = "NEO4J_PASSWORD" in values and "neo4j_password" not in explicit \
        and not _in_environment("NEO4J_PASSWORD")
    if not file_names_its_secret:
        raise CredentialsRefused(
            f"{path} sets NEO4J_URI={uri} (not this machine) but not that server's NEO4J_PASSWORD; kg sends no "
            f"other password there: add NEO4J_PASSWORD to {path.name}, or remove NEO4J_URI from it")


class Settings(BaseSettings):
    """`NEO4J_URI`, `NEO4J_USERNAME`, `NEO4J_PASSWORD`, `NEO4J_DATABASE` plus the local server's `KG_*`."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore", env_file=None,
                                      env_ignore_empty=True)

    neo4j_uri: str | None = None
    neo4j_username: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    # Where the local server keeps conf, data, logs, its PID and the generated password.
    kg_home: Path = Field(default_factory=default_home)
    # Where `kg server install` puts the Maven-resolved jars (shared by every home).
    kg_server_lib: Path = Field(default_factory=lambda: default_cache() / "neo4j-5.26" / "lib")
    kg_bolt_port: int = DEFAULT_BOLT_PORT
    kg_http_port: int = 7474
    kg_heap: str = "1g"
    kg_pagecache: str = "1g"
    # How long a load keeps retrying a server that went away (a restart) before it stops with a
    # resumable error (exit 75): the total, back-off included.
    kg_retry_seconds: float = 60.0
    # Every library query (kg query, report, check, analysis reads) is a transaction with this timeout.
    kg_query_timeout: float = 30.0
    # The local server's own cap on any transaction (db.transaction.timeout), a backstop for clients
    # that set none; loads commit in batches of seconds, so this never cuts one short.
    kg_server_transaction_timeout: str = "10m"

    # The local Stanford CoreNLP server (kg.nlp): loopback port, JVM max heap, per-request timeout.
    kg_nlp_port: int = 7690
    kg_nlp_heap: str = "3g"
    kg_nlp_timeout: float = 120.0

    def __init__(self, _env_file: Any = _AUTO, **values: Any) -> None:
        env_file = default_env_file() if _env_file is _AUTO else (Path(_env_file) if _env_file else None)
        if env_file is not None:
            check_env_file(env_file, values)
        super().__init__(_env_file=env_file, **values)

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"neo4j://127.0.0.1:{self.kg_bolt_port}"

    @property
    def is_local_server(self) -> bool:
        """Is the URI the local server's (loopback, on KG_BOLT_PORT)? Only then may its password file be used."""
        if self.neo4j_uri is None:
            return True
        parts = urlsplit(self.neo4j_uri)
        return is_loopback(self.neo4j_uri) and (parts.port or DEFAULT_BOLT_PORT) == self.kg_bolt_port

    @property
    def password_file(self) -> Path:
        return self.kg_home / "neo4j" / "password"

    @cached_property
    def password(self) -> str:
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        if not self.is_local_server:
            raise PasswordMissing(
                f"No Neo4j password for {self.uri}: set NEO4J_PASSWORD for that server (the local server's "
                f"password is only ever sent to the local server, 127.0.0.1:{self.kg_bolt_port}).")
        if self.password_file.exists():
            return self.password_file.read_text(encoding="utf-8").strip()
        raise PasswordMissing(
            "No Neo4j password: set NEO4J_PASSWORD, or run `kg server install` to create the local "
            f"server and its generated password ({self.password_file})."
        )
