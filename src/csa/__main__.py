"""`python -m csa` is the `csa` command."""

from csa.cli import main

main()
