"""Option bundles and helpers shared by the CLI commands."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from netclust.i18n import gettext
from netclust.schema import EXPORTER

__all__ = ["input_options", "output_options", "seed_option", "layer_option", "load_network",
           "progress_bar", "echo_table", "input_paths", "selected_layers", "channel_options",
           "channel_settings", "load_periods", "refuse_periods", "rolling_option", "PERIOD_COMMANDS",
           "UNDATED_HELP"]

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
    ("count", "--count-col", "Links column holding the number of transactions."),
    (EXPORTER, "--exporter-col", "Firms column saying whether the firm exports (是/否, Y/N, 1/0)."),
    ("lon", "--lon-col", "Firms column holding the longitude (经度)."),
    ("lat", "--lat-col", "Firms column holding the latitude (纬度)."),
    ("sector", "--sector-col", "Firms column holding the sector (行业)."),
    ("employees", "--employees-col", "Firms column holding the number of employees."),
    ("founded", "--founded-col", "Firms column holding the founding year."),
    ("closed", "--closed-col", "Firms column holding the closing year or date (a firm is "
                               "registered until then under --period/--by-period)."),
    ("area", "--area-col", "Firms column holding the area or district (区域)."),
]
_TABLE_COL_HELP = (" Repeatable: TABLE=COL maps COL in one table only (firms, links or a layer "
                   "with its own --links/--sheet source).")
_INPUT_KEYS = ["path", "firms_file", "links_file", "layers_file", "layer_decl", "encoding",
               "period", "by_period", "windows", "rolling", "undated", "sheet", "config_file", "no_config", "role_map",
               "engine", "memory_limit", "spark_master"] + [
    f"{k}_col" for k, _, _ in _COLUMN_OPTIONS]


#: Commands that split the data into periods (``--by-period``, ``--window``, ``--rolling``).
PERIOD_COMMANDS = ("metrics", "info", "evolve", "report")

_PERIOD_HELP = "Keep records dated in 2024, 2024Q2, 2024-03 or 2023-07..2024-06."
_COMPARE_PERIOD_HELP = ("Compare two periods of PATH (give it twice: --period 2022 "
                        "--period 2024): 2024, 2024Q2, 2024-03 or 2023-07..2024-06.")
UNDATED_HELP = ("Undated records under --period/--by-period/--window/--rolling: counted in "
                "every period (always) or in none (exclude); reported either way.")


def _period_options(repeat_period: bool) -> list:
    """``--period``, ``--by-period``, ``--window``, ``--rolling`` and ``--undated``."""
    return [
        click.option("--period", multiple=repeat_period, default=() if repeat_period else None,
                     metavar="WINDOW", help=_COMPARE_PERIOD_HELP if repeat_period else _PERIOD_HELP),
        click.option("--by-period", type=click.Choice(["year", "quarter", "month"]),
                     default=None, help="One network per calendar period (commands "
                     f"{', '.join(PERIOD_COMMANDS)}; the others refuse it)."),
        click.option("--window", "windows", multiple=True, metavar="WINDOW",
                     callback=lambda _ctx, _param, value: tuple(value) or None,
                     help="Explicit period (repeatable): 2022, 2024Q2, 2023-07..2024-06 "
                          "(same commands as --by-period)."),
        click.option("--rolling", default=None, metavar="LENGTH/STEP",
                     help="Rolling windows in months, e.g. 24/12: 24-month windows stepping a "
                          "year (same commands as --by-period)."),
        click.option("--undated", type=click.Choice(["always", "exclude"]), default="always",
                     show_default=True, help=UNDATED_HELP),
    ]


def input_options(fn=None, *, required: bool = True, repeat_period: bool = False):
    """Add the ``PATH`` argument and the input options (column mapping, layers, periods).

    With ``repeat_period``, ``--period`` may be given several times (its value is a tuple).
    """
    def decorate(f):
        opts = [
            click.argument("path", type=click.Path(exists=True, path_type=Path),
                           required=required),
            click.option("--firms", "firms_file", type=click.Path(exists=True, dir_okay=False,
                         path_type=Path), help="Firms table, if not inside PATH."),
            click.option("--links", "links_file", multiple=True, metavar="[LAYER=]FILE",
                         callback=lambda _ctx, _param, value: tuple(value) or None,
                         help="Links table, if not inside PATH (repeatable: tables are "
                              "combined). LAYER=FILE: the file is that layer, no layer "
                              "column needed, e.g. --links logistics=物流.csv."),
            click.option("--sheet", "sheet", multiple=True, metavar="TABLE=SHEET",
                         help="Workbook sheet for a table (firms, links, layers) or a layer, "
                              "by name or position from 1 (repeatable), e.g. "
                              "--sheet firms=企业名录 --sheet logistics=物流."),
            click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False,
                         path_type=Path), default=None,
                         help="Mapping file (default: a netclust.toml beside the data)."),
            click.option("--no-config", "no_config", is_flag=True,
                         help="Ignore a netclust.toml beside the data."),
            click.option("--role-map", "role_map", multiple=True, metavar="LABEL=ROLE,...|FILE",
                         help="Map your role labels, e.g. --role-map 龙头企业=anchor,中小企业=sme, "
                              "or a two-column CSV (label,role) / TOML file (repeatable)."),
            click.option("--layers", "layers_file", type=click.Path(exists=True, dir_okay=False,
                         path_type=Path), help="Layer declarations (layers.csv, .toml or .yaml)."),
            click.option("--declare-layer", "layer_decl", multiple=True,
                         metavar="NAME:directed|undirected",
                         help="Declare a layer (repeatable); replaces the default layers."),
            click.option("--encoding", default=None,
                         help="Text encoding of CSV files (default: detect UTF-8/GB18030)."),
            *_period_options(repeat_period),
            click.option("--engine", type=click.Choice(["duckdb", "spark", "pandas"]), default=None,
                         help="Engine aggregating the links records (default: DuckDB above "
                              "2,000,000 records, for globs and partitioned folders; else pandas)."),
            click.option("--memory-limit", default=None, metavar="SIZE",
                         help="DuckDB memory limit, e.g. 2GB (default 1GB; beyond it DuckDB spills to disk)."),
            click.option("--spark-master", default=None, metavar="URL",
                         help="Spark master for --engine spark (default $SPARK_MASTER or local[*]), "
                              "e.g. spark://host:7077 or yarn."),
        ] + [click.option(f"{flag}", f"{key}_col", multiple=True, metavar="[TABLE=]COL",
                          help=text + _TABLE_COL_HELP) for key, flag, text in _COLUMN_OPTIONS]
        for opt in reversed(opts):
            f = opt(f)
        return f
    return decorate(fn) if fn is not None else decorate


def _pairs(values, option: str) -> list:
    """``KEY=VALUE`` items of a repeatable option (commas separate items too)."""
    out = []
    for value in values or ():
        for item in str(value).split(","):
            if not item.strip():
                continue
            key, sep, val = item.partition("=")
            if not sep or not key.strip() or not val.strip():
                raise click.BadParameter(f"{item!r}: expected KEY=VALUE", param_hint=option)
            out.append((key.strip(), val.strip()))
    return out


def links_option(values) -> dict | None:
    """``--links`` values as ``{layer or "links": [paths]}`` (None when not given).

    A value naming an existing file is a links table with a layer column; otherwise
    ``LAYER=FILE`` makes the file that layer.
    """
    out: dict = {}
    for value in values or ():
        key, path = "links", Path(value)
        if not path.is_file() and "=" in str(value):
            key, _, rest = str(value).partition("=")
            key, path = key.strip(), Path(rest.strip())
        if not path.is_file():
            hint = "; a lock file ~$... is written by Excel" if path.name.startswith("~$") else ""
            raise click.BadParameter(f"{value!r}: no such file{hint}", param_hint="--links")
        out.setdefault(key, []).append(path)
    return out or None


def role_map_option(values) -> dict | None:
    """``--role-map`` values (``LABEL=ROLE`` lists or CSV/TOML files) as one dict."""
    import tomllib

    out: dict = {}
    for value in values or ():
        path = Path(value)
        if path.is_file() and path.suffix.lower() == ".toml":
            doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
            out.update({str(k): str(v) for k, v in doc.get("roles", doc).items()})
        elif path.is_file():
            from netclust.io.tables import read_table

            frame = read_table(path).frame
            if frame.shape[1] < 2:
                raise click.BadParameter(f"{path.name}: needs two columns, label and role",
                                         param_hint="--role-map")
            out.update(dict(zip(frame.iloc[:, 0].astype(str).str.strip(),
                                frame.iloc[:, 1].astype(str).str.strip())))
        else:
            out.update(_pairs([value], "--role-map"))
    return out or None


def input_paths(kw: dict, *, out=None) -> list:
    """Input files named on the command line (never to be overwritten).

    With ``out`` (an output file), fail at once, before any work, when it is one of them.
    """
    paths = []
    for key in ("path", "firms_file", "layers_file", "config_file"):
        p = kw.get(key)
        if p is None:
            continue
        p = Path(p)
        paths.extend(sorted(p.iterdir()) if p.is_dir() else [p])
    for files in (links_option(kw.get("links_file")) or {}).values():
        paths.extend(files)
    if out is not None and Path(out).exists():
        target = Path(out).resolve()
        if any(p.resolve() == target for p in paths):
            from netclust.errors import InputError

            raise InputError(f"refusing to overwrite input file {out}; choose another --out")
    return paths


def read_kwargs(kw: dict, *, periods: bool = False) -> dict:
    """Keyword arguments of :func:`netclust.read` from the input options.

    ``sheets``, ``role_map``, ``config`` and the records engine options are present only when given.
    The ``closed`` column (``--closed-col``) is read only by the period functions
    (:func:`netclust.read_periods`): kept in ``columns`` with ``periods``, else left out.
    """
    from netclust.io.layers import parse_layers

    layers = None
    if kw.get("layers_file"):
        layers = kw["layers_file"]
    elif kw.get("layer_decl"):
        layers = parse_layers(list(kw["layer_decl"]))
    from netclust.io.config import column_options

    links, sheets = links_option(kw.get("links_file")), dict(_pairs(kw.get("sheet"), "--sheet"))
    columns = column_options({key: kw[f"{key}_col"] for key, _, _ in _COLUMN_OPTIONS
                              if kw.get(f"{key}_col") and (periods or key != "closed")},
                             path=kw.get("path"), links=links, sheets=sheets,
                             config=False if kw.get("no_config") else kw.get("config_file"))
    out = dict(firms=kw.get("firms_file"), links=links,
               layers=layers, columns=columns or None, encoding=kw.get("encoding"),
               period=kw.get("period"), by_period=kw.get("by_period"))
    extra = dict(sheets=sheets or None,
                 role_map=role_map_option(kw.get("role_map")), engine=kw.get("engine"),
                 memory_limit=kw.get("memory_limit"), spark_master=kw.get("spark_master"),
                 config=False if kw.get("no_config") else kw.get("config_file"))
    return {**out, **{k: v for k, v in extra.items() if v is not None}}


def pop_input(kw: dict) -> dict:
    """Remove the input options from a command's kwargs and return them."""
    return {k: kw.pop(k, None) for k in _INPUT_KEYS}


def rolling_option(text):
    """``--rolling LENGTH/STEP`` as ``(length, step)`` months (None when not given)."""
    if text is None:
        return None
    from netclust.errors import InputError

    try:
        length, step = (int(x) for x in text.replace(":", "/").split("/"))
    except ValueError:
        raise InputError(f"--rolling must be LENGTH/STEP in months, e.g. 24/12, not {text!r}") from None
    return length, step


def load_periods(kw: dict, undated: str | None = None, *, warn: bool = True):
    """The periods asked for by ``--period``, ``--by-period``, ``--window`` or ``--rolling``.

    None when none is given. Consumes the input options of ``kw``; the undated rule
    (``undated``, else ``--undated``, default "always") is warned about on stderr
    (``warn=False``: left to the caller, which finds it in the periods' validation).
    """
    from netclust.temporal import read_periods, undated_message

    if not any(kw.get(k) for k in ("period", "by_period", "windows", "rolling")):
        return None
    inp = pop_input(kw) if "path" in kw else kw
    opts = read_kwargs(inp, periods=True)
    period, by = opts.pop("period"), opts.pop("by_period")
    with progress_bar(gettext("Reading")):
        split = read_periods(inp["path"], period=period, by_period=by,
                             windows=inp.get("windows"), rolling=rolling_option(inp.get("rolling")),
                             undated=undated or inp.get("undated") or "always", **opts)
    msg = undated_message(split.undated) if warn else None
    if msg:
        click.echo(gettext("Warning: {message}").format(message=msg), err=True)
    return split


def refuse_periods(inp: dict, command: str | None = None, *,
                   hint: str = "use --period for one window") -> None:
    """Refuse ``--by-period``, ``--window`` and ``--rolling`` in a command that reads one network."""
    given = [flag for key, flag in (("by_period", "--by-period"), ("windows", "--window"),
                                    ("rolling", "--rolling")) if inp.get(key)]
    if not given:
        return
    from netclust.errors import InputError

    if command is None:
        ctx = click.get_current_context(silent=True)
        command = ctx.info_name if ctx is not None else "this command"
    raise InputError(f"{command} does not take {given[0]} ({hint}); {given[0]} is taken by "
                     f"{', '.join(PERIOD_COMMANDS)}, e.g. netclust evolve PATH {given[0]} ...")


def load_network(kw: dict):
    """Read the network described by the input options (progress on stderr).

    ``kw`` is the command's keyword arguments; input keys are consumed. With
    ``--period``, the network of that window by :func:`netclust.read_periods`: the
    firm register (founded/closed) applies and undated records follow ``--undated``
    (warned about on stderr), as in ``metrics --period``. ``--by-period``,
    ``--window`` and ``--rolling`` are refused (:data:`PERIOD_COMMANDS` take them).
    """
    import netclust as nc

    inp = pop_input(kw) if "path" in kw else kw
    refuse_periods(inp)
    if inp.get("period"):
        split = load_periods(inp)
        return split[next(iter(split))]
    with progress_bar(gettext("Reading")) as progress:
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
                           "display.max_columns", 20,
                           "display.unicode.east_asian_width", True):   # Chinese text aligned
        click.echo(format_frame(df).to_string() if len(df) <= max_rows else str(format_frame(df)))

