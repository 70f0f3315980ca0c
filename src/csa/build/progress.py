"""What `csa build` tells the user while it works: a progress bar on a terminal, plain lines elsewhere.

CI logs and pipes get one line per output, which read well without a terminal
and are easy to grep; a terminal gets a bar naming the output just finished.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, Protocol

import click


class Progress(Protocol):
    """What build() reports: the plan, then each output as it is rendered."""

    def planned(self, rendering: Sequence[str], unchanged: Sequence[str]) -> None: ...
    def rendered(self, name: str) -> None: ...


class Quiet:
    """A Progress that says nothing (library use, tests, the preview's background build)."""

    def planned(self, rendering: Sequence[str], unchanged: Sequence[str]) -> None:
        pass

    def rendered(self, name: str) -> None:
        pass


QUIET = Quiet()


class BuildReport:
    """A Progress that prints; use it as a context manager so the bar is closed."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive
        self.bar: Any = None  # click's ProgressBar (not part of its public typing)
        self.rendered_any = False  # whether an output was reported rendered (then written only if all are)

    def planned(self, rendering: Sequence[str], unchanged: Sequence[str]) -> None:
        if rendering and unchanged:
            click.echo(f"{len(unchanged)} output(s) unchanged since the last build (--force rebuilds them)")
        if rendering and self.interactive:
            self.bar = click.progressbar(
                length=len(rendering), label="Rendering", show_pos=True, item_show_func=lambda name: name
            )
            self.bar.__enter__()

    def rendered(self, name: str) -> None:
        self.rendered_any = True
        if self.bar is not None:
            self.bar.update(1, name)
        else:
            click.echo(f"rendered {name}")

    def __enter__(self) -> BuildReport:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, trace)
            self.bar = None
