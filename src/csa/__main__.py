"""`python -m csa` is the `csa` command."""

from .cli import main

main()
