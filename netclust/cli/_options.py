"""Option bundles and helpers shared by the CLI commands."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

__all__ = ["input_options", "output_options", "seed_option", "layer_option", "load_network",
           "progress_bar", "echo_table", "input_paths", "selected_layers", "channel_options",
           "channel_settings"]

_COLUMN_OPTIONS = [
    ("firm_id", "--firm-id-col", "Column holding the firm id in the firms table."),
    ("name", "--name-col", "Column holding the firm name."),
    ("role", "--role-col", "Column holding the firm role."),
    ("source", "--source-col", "Links column holding the source firm."),
    ("target", "--target-col", "Links column holding the target firm."),
    ("layer", "--layer-col", "Links column holding the layer."),
    ("weight", "--weight-col", "Links column holding the weight or amount."),
    ("date", "--date-col", "Links column holding the record date."),
    ("period", "--period-col", "Links column holding a period label."),
]
_INPUT_KEYS = ["path", "firms_file", "links_file", "layers_file", "layer_decl", "encoding",
               "period", "by_period"] + [f"{k}_col" for k, _, _ in _COLUMN_OPTIONS]


def input_options(fn=None, *, required: bool = True):
    """Add the ``PATH`` argument and the input options (column mapping, layers, period)."""
    def decorate(f):
        opts = [
            click.argument("path", type=click.Path(exists=True, path_type=Path),
                           required=required),
            click.option("--firms", "firms_file", type=click.Path(exists=True, dir_okay=False,
                         path_type=Path), help="Firms table, if not inside PATH."),
            click.option("--links", "links_file", type=click.Path(exists=True, dir_okay=False,
                         path_type=Path), help="Links table, if not inside PATH."),
            click.option("--layers", "layers_file", type=click.Path(exists=True, dir_okay=False,
                         path_type=Path), help="Layer declarations (layers.csv, .toml or .yaml)."),
            click.option("--declare-layer", "layer_decl", multiple=True,
                         metavar="NAME:directed|undirected",
                         help="Declare a layer (repeatable); replaces the default layers."),
            click.option("--encoding", default=None,
                         help="Text encoding of CSV files (default: detect UTF-8/GB18030)."),
            click.option("--period", default=None, metavar="WINDOW",
                         help="Keep records dated in 2024, 2024Q2, 2024-03 or 2023-07..2024-06."),
            click.option("--by-period", type=click.Choice(["year", "quarter", "month"]),
                         default=None, help="Keep one link per period instead of one overall."),
        ] + [click.option(f"{flag}", f"{key}_col", default=None, metavar="COL", help=text)
             for key, flag, text in _COLUMN_OPTIONS]
        for opt in reversed(opts):
            f = opt(f)
        return f
    return decorate(fn) if fn is not None else decorate


def input_paths(kw: dict, *, out=None) -> list:
    """Input files named on the command line (never to be overwritten).

    With ``out`` (an output file), fail at once, before any work, when it is one of them.
    """
    paths = []
    for key in ("path", "firms_file", "links_file", "layers_file"):
        p = kw.get(key)
        if p is None:
            continue
        p = Path(p)
        paths.extend(sorted(p.iterdir()) if p.is_dir() else [p])
    if out is not None and Path(out).exists():
        target = Path(out).resolve()
        if any(p.resolve() == target for p in paths):
            from netclust.errors import InputError

            raise InputError(f"refusing to overwrite input file {out}; choose another --out")
    return paths


def read_kwargs(kw: dict) -> dict:
    """Keyword arguments of :func:`netclust.read` from the input options."""
    from netclust.io.layers import parse_layers

    layers = None
    if kw.get("layers_file"):
        layers = kw["layers_file"]
    elif kw.get("layer_decl"):
        layers = parse_layers(list(kw["layer_decl"]))
    columns = {key: kw[f"{key}_col"] for key, _, _ in _COLUMN_OPTIONS if kw.get(f"{key}_col")}
    return dict(firms=kw.get("firms_file"), links=kw.get("links_file"), layers=layers,
                columns=columns or None, encoding=kw.get("encoding"), period=kw.get("period"),
                by_period=kw.get("by_period"))


def pop_input(kw: dict) -> dict:
    """Remove the input options from a command's kwargs and return them."""
    return {k: kw.pop(k, None) for k in _INPUT_KEYS}


def load_network(kw: dict):
    """Read the network described by the input options (progress on stderr).

    ``kw`` is the command's keyword arguments; input keys are consumed.
    """
    import netclust as nc

    inp = pop_input(kw) if "path" in kw else kw
    with progress_bar("Reading") as progress:
        return nc.read(inp.get("path"), progress=progress, **read_kwargs(inp))


def output_options(fn=None, *, default_format: str = "csv", formats=("csv", "parquet", "json"),
                   default_out: str = "reports"):
    """Add ``--out DIR`` and ``--format``."""
    def decorate(f):
        f = click.option("--format", "fmt", type=click.Choice(list(formats)),
                         default=default_format, show_default=True,
                         help="Output table format.")(f)
        f = click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
                         default=default_out, show_default=True, help="Output folder.")(f)
        return f
    return decorate(fn) if fn is not None else decorate


def layer_option(help_text: str, *, single: bool = False):
    """Add the one layer selector, ``--layer NAME`` (repeatable, or comma-separated)."""
    return click.option("--layer", "layers", multiple=not single, metavar="NAME",
                        default=None, help=help_text)


def selected_layers(values) -> tuple | None:
    """The ``--layer`` values as a tuple (commas split), or None when none were given.

    A value ``NAME:directed`` is a layer declaration: refused with a pointer to
    ``--declare-layer``.
    """
    if values is None or isinstance(values, str):
        values = () if values is None else (values,)
    names = [v.strip() for value in values for v in str(value).split(",") if v.strip()]
    declared = [n for n in names if ":" in n]
    if declared:
        raise click.UsageError(f"--layer selects layers; to declare one use "
                               f"--declare-layer {declared[0]}")
    return tuple(names) or None


def channel_options(fn):
    """Add ``--channel LAYER[:forward|reverse]`` (repeatable) and ``--exporters ROLES``."""
    fn = click.option(
        "--exporters", "exporter_roles", default=None, metavar="ROLES",
        help="Exporting roles, e.g. anchor,trade_service (default: the firms table's "
             "'exporter' column; without one, channel results say what is missing).")(fn)
    return click.option(
        "--channel", "channel_layers", multiple=True, metavar="LAYER[:forward|reverse]",
        help="Layer carrying goods towards export (repeatable; given options replace the "
             "declared channels: procurement and logistics forward by default).")(fn)


def channel_settings(kw: dict) -> dict:
    """Pop the channel options from a command's kwargs: ``{"channels": ..., "exporters": ...}``.

    Both are None when not given (the declared channels and the exporter column apply).
    """
    layers = tuple(kw.pop("channel_layers", ()) or ())
    roles = kw.pop("exporter_roles", None)
    return {"channels": layers or None,
            "exporters": None if roles is None else tuple(r.strip() for r in roles.split(",")
                                                          if r.strip())}


def seed_option(fn):
    """Add ``--seed INT`` (default 0): same seed, same results."""
    return click.option("--seed", type=int, default=0, show_default=True,
                        help="Random seed; the same seed reproduces the results.")(fn)


@contextlib.contextmanager
def progress_bar(label: str):
    """Yield a ``progress(done, total)`` callable drawing a progress bar on stderr."""
    state = {}

    def progress(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None or bar.length != total:
            if bar is not None:
                bar.render_finish()
            bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr,
                                    show_eta=total > 20, show_pos=total > 3)
            state["bar"] = bar
            state["done"] = 0
        step = done - state["done"]
        if step > 0:
            bar.update(step)
            state["done"] = done

    try:
        yield progress
    finally:
        bar = state.get("bar")
        if bar is not None:
            bar.render_finish()


def echo_table(df, *, max_rows: int = 60) -> None:
    """Print a DataFrame readably to stdout (numbers via :func:`netclust.html.formatting.format_frame`)."""
    import pandas as pd

    from netclust.html.formatting import format_frame

    with pd.option_context("display.max_rows", max_rows, "display.width", 120,
                           "display.max_columns", 20):
        click.echo(format_frame(df).to_string() if len(df) <= max_rows else str(format_frame(df)))

