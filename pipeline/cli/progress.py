"""How far a long command has got, the one way every command shows it.

``cchc ingest``, ``extract`` over many files, ``reextract``, ``crawl``, ``eval`` and
``make bench`` say how far they are on stderr:

- on a terminal, a bar redrawn in place (``rich``): files done of all, the rate, the
  time left, the failures so far and the file at hand; it disappears when the command
  ends, leaving the command's own summary;
- elsewhere (a log file, a pipe, cron, CI), one plain line every ``every`` items (a
  tenth of the run, at most a thousand) or every ``seconds``, whichever comes first,
  and one at the end::

      ingest: 120/300 (40 %), 35.2/s, 0:00:05 left, 2 failed

- with ``-q`` (``quiet``), nothing.

One object per run::

    with Progress("ingest", total=len(files), quiet=quiet) as progress:
        for path in files:
            ...
            progress.advance(path.name, failed=outcome == "failed")

A run whose size is not known in advance (a crawl) passes ``total=None``: the bar
spins and the lines count without a percentage.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from types import TracebackType
from typing import Any, TextIO

import click

from pipeline.errors import safe_text

#: At most this many seconds between two plain lines (while something moves).
SECONDS = 10.0
#: At most this many items between two plain lines.
MOST_EVERY = 1000

#: ``-q``/``--quiet`` on every command that shows progress.
quiet_option = click.option("-q", "--quiet", is_flag=True,
                            help="No progress bar or progress lines.")


def default_every(total: int | None) -> int:
    """Items between two plain lines: a tenth of the run, 1 to ``MOST_EVERY``.

    >>> default_every(30), default_every(100_000), default_every(None)
    (3, 1000, 100)
    """
    if total is None:
        return 100
    return max(1, min(MOST_EVERY, total // 10))


def clock(seconds: float) -> str:
    """Seconds as h:mm:ss (``clock(3725.2) == '1:02:05'``)."""
    return str(timedelta(seconds=round(seconds)))


class Progress:
    """Progress of one run on ``stream`` (stderr): a bar on a terminal, plain lines
    elsewhere, nothing when ``quiet``; see the module docstring."""

    def __init__(self, label: str, total: int | None, *, quiet: bool = False,
                 unit: str = "files", every: int | None = None,
                 seconds: float = SECONDS, stream: TextIO | None = None,
                 terminal: bool | None = None) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.quiet = quiet
        self.every = every or default_every(total)
        self.seconds = seconds
        self.stream = stream or sys.stderr
        self.done = self.failed = 0
        self.start = self.last_time = time.monotonic()
        self.last_done = 0
        self._bar: Any = None
        self._task: Any = None
        self.terminal = self._is_terminal() if terminal is None else terminal

    def _is_terminal(self) -> bool:
        from rich.console import Console

        console = Console(file=self.stream)
        return console.is_terminal and not console.is_dumb_terminal

    def __enter__(self) -> Progress:
        if not self.quiet and self.terminal:
            self._start_bar()
        return self

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        columns = (SpinnerColumn() if self.total is None else BarColumn(),
                   TextColumn("{task.description}"), MofNCompleteColumn(),
                   TaskProgressColumn(), TextColumn("{task.fields[rate]}"),
                   TimeRemainingColumn(), TextColumn("{task.fields[failed]}"),
                   TextColumn("{task.fields[name]}", markup=False))
        self._bar = Progress(*columns, console=Console(file=self.stream),
                             transient=True)
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=self.total, name="", rate="",
                                        failed="")

    def rate(self) -> float:
        """Items a second since the start."""
        elapsed = time.monotonic() - self.start
        return self.done / elapsed if elapsed > 0 else 0.0

    def advance(self, name: str = "", *, failed: bool = False, n: int = 1) -> None:
        """``n`` more items done (``failed``: they failed); ``name`` is the last one."""
        self.done += n
        self.failed += n if failed else 0
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=n, name=safe_text(name)[:60],
                             rate=f"{self.rate():.1f}/s",
                             failed=f"{self.failed} failed" if self.failed else "")
            return
        now = time.monotonic()
        if (self.done - self.last_done >= self.every
                or (now - self.last_time >= self.seconds and self.done > self.last_done)):
            self.line()

    def note(self, text: str) -> None:
        """What the run is doing now, when it is not an item done (a crawl's last URL)."""
        if self._bar is not None:
            self._bar.update(self._task, name=safe_text(text)[:80])

    def line(self) -> None:
        """One plain progress line now (never on a terminal: the bar shows it)."""
        self.last_done, self.last_time = self.done, time.monotonic()
        print(self.describe(), file=self.stream, flush=True)

    def describe(self) -> str:
        """The progress in words: ``ingest: 120/300 (40 %), 35.2/s, 0:00:05 left,
        2 failed``."""
        rate = self.rate()
        if self.total is None:
            parts = [f"{self.label}: {self.done} {self.unit}"]
        else:
            share = 100 * self.done / self.total if self.total else 100
            parts = [f"{self.label}: {self.done}/{self.total} {self.unit} ({share:.0f} %)"]
        parts.append(f"{rate:.1f}/s")
        if self.total is not None and rate > 0 and self.done < self.total:
            parts.append(f"{clock((self.total - self.done) / rate)} left")
        elif self.total is not None and self.done >= self.total:
            parts.append(f"in {clock(time.monotonic() - self.start)}")
        if self.failed:
            parts.append(f"{self.failed} failed")
        return ", ".join(parts)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif not self.quiet and self.done != self.last_done:
            self.line()


__all__ = ["Progress", "default_every", "quiet_option"]
