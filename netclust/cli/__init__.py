"""The ``netclust`` command line: thin commands over the Python API.

Exit status: 0 success, 1 user error (a clean ``Error: ...`` message, never a
traceback), 2 usage error (bad option or argument).
"""

from __future__ import annotations

import logging

import click

from netclust import __version__
from netclust.errors import NetclustError

__all__ = ["cli"]


class NetclustGroup(click.Group):
    """A click group that turns user errors into ``Error: message`` and exit 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NetclustError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # unwritable output folder, disk full, ...
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None


@click.group(cls=NetclustGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="netclust")
@click.option("-v", "--verbose", count=True,
              help="Log each computation step and its duration on stderr (-vv: debug).")
def cli(verbose):
    """Multilayer network analysis of industrial clusters.

    Read firm and link tables, measure who holds the cluster together, how it
    splits into communities, how well it survives shocks and how symbiotic it is,
    and write offline HTML reports.

    \b
    Example:
      netclust info data/shiling
      netclust report data/shiling --out reports/shiling.html
    """
    _configure_logging(verbose)


def _configure_logging(verbose: int) -> None:
    """Send the ``netclust`` loggers (Analysis steps and timings) to stderr when -v is given."""
    import sys

    logger = logging.getLogger("netclust")
    for handler in [h for h in logger.handlers if getattr(h, "netclust_cli", False)]:
        logger.removeHandler(handler)
    if not verbose:
        logger.setLevel(logging.NOTSET)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.netclust_cli = True
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s", "%H:%M:%S"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose == 1 else logging.DEBUG)


# --- command modules: one import line each -------------------------------------------
from netclust.cli import data as _data  # noqa: E402,F401
from netclust.cli import metrics as _metrics  # noqa: E402,F401
from netclust.cli import symbiosis as _symbiosis  # noqa: E402,F401
from netclust.cli import resilience as _resilience  # noqa: E402,F401
from netclust.cli import report as _report  # noqa: E402,F401
from netclust.cli import records as _records  # noqa: E402,F401
from netclust.cli import channels as _channels  # noqa: E402,F401
from netclust.cli import evolve as _evolve  # noqa: E402,F401
# --- end of command modules ------------------------------------------------------------
