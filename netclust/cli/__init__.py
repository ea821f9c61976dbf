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


#: Command name -> the module of :mod:`netclust.cli` that defines it. A module is imported
#: when its command runs (or for ``--help``), so ``netclust aggregate`` does not import
#: the metric modules that other commands' options name (about 1 s per command).
COMMAND_MODULES = {
    "generate": "data", "validate": "data", "info": "data", "export": "data",
    "metrics": "metrics", "communities": "metrics", "symbiosis": "symbiosis",
    "resilience": "resilience", "scenario": "resilience",
    "map": "report", "report": "report", "compare": "report", "aggregate": "records",
    "channels": "channels", "recommend": "channels", "evolve": "evolve",
}


class NetclustGroup(click.Group):
    """A click group that turns user errors into ``Error: message`` and exit 1.

    Commands are loaded on first use from :data:`COMMAND_MODULES`.
    """

    def command(self, *args, **kwargs):
        """``@cli.command()``: the command also takes the global ``--lang`` and ``-v``."""
        if args and callable(args[0]):   # bare @cli.command
            return self.command(*args[1:], **kwargs)(args[0])
        decorate = super().command(*args, **kwargs)

        def wrap(f):
            cmd = decorate(f)
            cmd.params.extend(_shared_options())
            return cmd
        return wrap

    def list_commands(self, ctx):
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx, cmd_name):
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            import importlib

            importlib.import_module(f"netclust.cli.{module}")
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (NetclustError, MemoryError, OSError) as exc:
            raise click.ClickException(_over_limit(ctx) or _message(exc, ctx)) from None
        except Exception:  # the limit's MemoryError, turned into another error by a library
            if _over_limit(ctx):
                raise click.ClickException(_over_limit(ctx)) from None
            raise
        finally:  # no MemoryError from --max-memory once the command is over
            if _LIMIT.get("watchdog") is not None:
                _LIMIT["watchdog"].stop()


def _message(exc: Exception, ctx) -> str:
    """The ``Error: ...`` text of a user error, an out-of-memory stop or an OS error."""
    if isinstance(exc, MemoryError):  # --max-memory reached (or the machine's memory)
        return _out_of_memory(getattr(exc, "netclust_step", None) or ctx.invoked_subcommand)
    if isinstance(exc, OSError) and not isinstance(exc, NetclustError):  # disk full, ...
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return f"{where}{exc.strerror or exc}"
    return str(exc)


_VERBOSE_HELP = "Log each computation step and its duration on stderr (-vv: debug)."
_LANG_HELP = ("Language of messages and reports (default: NETCLUST_LANG, else the locale "
              "LC_ALL/LANG, else en).")


def _sub_language(ctx, _param, value):
    """``--lang`` given after the subcommand: the language of this command (set before the
    other options are read, so their errors are in it too)."""
    if value is not None:
        from netclust.i18n import language

        ctx.with_resource(language(value))


def _sub_verbose(ctx, _param, value):
    """``-v`` given after the subcommand: added to the ``-v`` given before it."""
    if value:
        _configure_logging(value + (ctx.find_root().params.get("verbose") or 0))


def _shared_options() -> list:
    """``--lang`` and ``-v`` of every subcommand: the group's options, also accepted after
    the subcommand name (``netclust report data --lang zh``)."""
    return [click.Option(["--lang"], type=click.Choice(["en", "zh"]), default=None,
                         is_eager=True, expose_value=False, callback=_sub_language,
                         help=_LANG_HELP),
            click.Option(["-v", "--verbose"], count=True, expose_value=False,
                         callback=_sub_verbose, help=_VERBOSE_HELP)]


@click.group(cls=NetclustGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="netclust")
@click.option("-v", "--verbose", count=True, help=_VERBOSE_HELP)
@click.option("--max-memory", metavar="SIZE", default=None,
              help="Stop with a clear message (naming the step) instead of being killed by the "
                   "system when the memory in use (resident, RAM) exceeds SIZE, e.g. 8GB or 500MB.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None, help=_LANG_HELP)
def cli(verbose, max_memory, lang):
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
    from netclust._memory import no_huge_pages
    from netclust._threads import deterministic_blas
    from netclust.i18n import default_language, language

    ctx = click.get_current_context()
    ctx.with_resource(deterministic_blas())   # byte-identical reruns
    ctx.with_resource(no_huge_pages())   # no kernel stalls compacting memory for numpy
    ctx.with_resource(language(lang or default_language()))   # messages and reports
    _LIMIT.clear()
    if max_memory is not None:
        ctx.with_resource(_limit_memory(max_memory, ctx.invoked_subcommand))


#: Limit set by --max-memory: "bytes" (named in the out-of-memory message), "watchdog".
_LIMIT: dict = {}
_UNITS = {"": 1, "B": 1, "K": 2**10, "KB": 2**10, "M": 2**20, "MB": 2**20, "G": 2**30, "GB": 2**30,
          "T": 2**40, "TB": 2**40}


def _limit_memory(text: str, command: str | None = None):
    """Limit the resident memory of this process to ``text`` (``8GB``, ``500MB``, ``2.5G``).

    Returns the :class:`~netclust._memory.Watchdog`: a context manager that watches
    while it is entered. Only resident memory is limited, not the address space: see
    :mod:`netclust._memory` for why, and for how the process stops.
    """
    import re

    from netclust._memory import Watchdog

    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([A-Za-z]*)\s*", text)
    unit = m.group(2).upper().replace("IB", "B") if m else None
    if m is None or unit not in _UNITS or float(m.group(1)) <= 0:
        raise click.BadParameter(f"{text!r} is not a size such as 8GB or 500MB",
                                 param_hint="'--max-memory'")
    limit = int(float(m.group(1)) * _UNITS[unit])
    if limit < 2**28:
        raise click.BadParameter("must be at least 256MB (Python and its libraries need that)",
                                 param_hint="'--max-memory'")
    _LIMIT["bytes"] = limit
    _LIMIT["watchdog"] = Watchdog(limit, lambda step: f"Error: {_out_of_memory(step)}",
                                  base_step=command)
    return _LIMIT["watchdog"]


def _over_limit(ctx) -> str | None:
    """The out-of-memory message if --max-memory was crossed during this command, else None."""
    dog = _LIMIT.get("watchdog")
    if dog is None or dog.tripped is None:
        return None
    return _out_of_memory(dog.tripped["step"] or ctx.invoked_subcommand)


#: What to try when a step runs out of memory (the Analysis step or the command name).
_HINTS = {
    "reading": "--engine duckdb with --memory-limit (records aggregated out of core), "
               "or fewer input files",
    "firm_measures": "fewer --samples or fewer measures (--metric)",
    "centrality": "fewer --samples or fewer measures (--metric)",
    "communities": "--layer to search fewer layers",
    "removal_pass": "fewer --runs or fewer --strategy",
    "resilience": "fewer --runs or fewer --strategy",
    "symbiosis": "fewer --null-runs (0: no null model)",
    "default_scenarios": "--no-scenarios",
    "map": "--no-map",
}


def _out_of_memory(step: str | None) -> str:
    """The message shown when a step runs out of memory."""
    limit = _LIMIT.get("bytes")
    size = f"{limit / 2**30:.3g} GB" if limit and limit >= 2**30 else f"{(limit or 0) / 2**20:.0f} MB"
    within = f" (limit {size})" if limit else ""
    hint = _HINTS.get(step, "fewer --samples, --runs or --null-runs, or --layer to analyse fewer layers")
    return (f"out of memory in step {step or 'unknown'}{within}: try {hint}, "
            "or a larger --max-memory on a machine with more memory")


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
