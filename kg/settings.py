"""Connection and local-server settings, read from the environment the way Neo4j's own tools do."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["PasswordMissing", "Settings", "default_home"]


def default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kg"


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


class PasswordMissing(RuntimeError):
    pass


class Settings(BaseSettings):
    """`NEO4J_URI`, `NEO4J_USERNAME`, `NEO4J_PASSWORD`, `NEO4J_DATABASE` plus the local server's `KG_*`."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore", env_file=".env")

    neo4j_uri: str | None = None
    neo4j_username: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    # Where the local server keeps conf, data, logs, its PID and the generated password.
    kg_home: Path = Field(default_factory=default_home)
    # Where `kg server install` puts the Maven-resolved jars (shared by every home).
    kg_server_lib: Path = Field(default_factory=lambda: default_cache() / "neo4j-5.26" / "lib")
    kg_bolt_port: int = 7687
    kg_http_port: int = 7474
    kg_heap: str = "1g"
    kg_pagecache: str = "1g"
    # How long managed transactions keep retrying transient errors (a restarting server) before a
    # load stops with a resumable error.
    kg_retry_seconds: float = 60.0
    # The local Stanford CoreNLP server (kg.nlp): loopback port, JVM max heap, per-request timeout.
    kg_nlp_port: int = 7690
    kg_nlp_heap: str = "3g"
    kg_nlp_timeout: float = 120.0

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"neo4j://127.0.0.1:{self.kg_bolt_port}"

    @property
    def password_file(self) -> Path:
        return self.kg_home / "neo4j" / "password"

    @cached_property
    def password(self) -> str:
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        if self.password_file.exists():
            return self.password_file.read_text(encoding="utf-8").strip()
        raise PasswordMissing(
            "No Neo4j password: set NEO4J_PASSWORD, or run `kg server install` to create the local "
            f"server and its generated password ({self.password_file})."
        )
