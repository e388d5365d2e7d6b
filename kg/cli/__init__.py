"""The `kg` command line: one module per command group, each command one library call."""

from kg.cli.main import main

__all__ = ["main"]
