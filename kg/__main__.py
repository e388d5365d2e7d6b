"""`python -m kg` is `kg`."""

from kg.cli.main import main

main()
