"""``netclust.read`` and ``netclust.validate``: from files or DataFrames to a network."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from netclust._lookup import positions
from netclust._memory import release
from netclust._progress import Progress, report as _report
from netclust.errors import ValidationError
from netclust.i18n import gettext as _
from netclust import schema as S
from netclust.io.checks import apply_exporter_roles, check_firms, check_links, consequences
from netclust.io.layers import parse_layers
from netclust.io.tables import RawInputs, RawTable, read_inputs
from netclust.io.validation import Problem, ValidationReport

__all__ = ["read", "validate", "extend"]


def _split_columns(columns: dict | None):
    """``columns`` as (firms mapping, links mapping for every links table, ``{table: mapping}``).

    A string value maps a netclust column for every table; a dict value is one table's
    own mapping (``firms``, ``links`` or a layer; ``[columns.TABLE]`` in netclust.toml).
    """
    from netclust.errors import InputError

    if columns is not None and not isinstance(columns, dict):
        raise InputError("columns must be a dict mapping netclust's column names to yours, e.g. "
                         "{'firm_id': '企业名称', 'source': 'from'}")
    columns = dict(columns or {})
    tables = {str(k): dict(v) for k, v in columns.items() if isinstance(v, dict)}
    flat = {k: v for k, v in columns.items() if not isinstance(v, dict)}
    firm_map = {k: v for k, v in flat.items() if k in S.FIRM_COLUMNS}
    link_map = {k: v for k, v in flat.items() if k in S.LINK_COLUMNS}
    unknown = set(flat) - set(S.FIRM_COLUMNS) - set(S.LINK_COLUMNS)
    if unknown:
        raise InputError(f"unknown column mapping key(s) {sorted(unknown)}; mappable columns: "
                         f"{', '.join(S.FIRM_COLUMNS + S.LINK_COLUMNS)} (one table's own mapping: "
                         "{table: {column: header}}, [columns.TABLE] in netclust.toml)")
    for table, mapping in tables.items():
        allowed = S.FIRM_COLUMNS if table == "firms" else S.LINK_COLUMNS
        bad = sorted(set(mapping) - set(allowed))
        if bad:
            raise InputError(_("columns for table {table}: {keys} cannot be mapped there; the {kind} "
                               "columns are: {columns}").format(
                table=table, keys=", ".join(bad), kind=_("firms") if table == "firms" else _("links"),
                columns=", ".join(allowed)))
    firm_map.update(tables.pop("firms", {}))
    return firm_map, link_map, tables


def _unused_tables(inputs: RawInputs, tables: dict, report) -> None:
    """A per-table column mapping naming no table of this read: a warning (it is not used)."""
    present = {t.layer or "links" for t in inputs.links}
    unused = sorted(set(tables) - present)
    if unused:
        report.add("warning", "columns_table_unknown", _(
            "column mapping for {tables}: no links table of this read is named so (tables: "
            "{present}); the mapping is not used").format(
                tables=", ".join(unused), present=", ".join(sorted(present))))


def _from_records(t: RawTable, link_map, specs, firm_ids, report, period, by_period, engine):
    """A records table (``t.records``) aggregated by the records engine: its checked links.

    When the engine cannot take it (links already aggregated), the file is read
    by pandas: a :class:`RawTable` for :func:`check_links`.
    """
    from netclust.errors import InputError
    from netclust.io.tables import read_table
    from netclust.records.links import aggregate_links, usable

    reason = usable(t, link_map)
    if reason is not None:
        if engine.get("engine") is not None or not Path(t.records).is_file():
            raise InputError(f"{t.label}: cannot use the records engine: {reason}")
        return read_table(t.records, encoding=engine.get("encoding"))
    return aggregate_links(t, link_map=link_map, layers=specs, firm_ids=firm_ids, report=report,
                           by_period=by_period, options=engine, period=period)


def _check_all_links(inputs: RawInputs, link_map, specs, firm_ids, report, period, by_period, engine=None,
                     tables=None):
    """Validate every links table on its own (its file, its rows, its own column mapping
    ``tables[layer or "links"]`` over ``link_map``), then combine them."""
    parts = []
    for t in inputs.links:
        own = (tables or {}).get(t.layer or "links", {})
        mapping = {**link_map, **own}
        if t.records is not None:
            t = _from_records(t, mapping, specs, firm_ids, report, period, by_period, engine or {})
            if not isinstance(t, RawTable):  # the engine's links, checked record by record
                parts.append(t)
                continue
        parts.append(check_links(t, mapping, specs, firm_ids, report, period=period, by_period=by_period,
                                 lenient=len(inputs.links) > 1, own=tuple(own)))
    if any(p is None for p in parts):
        return None
    if len(parts) > 1:
        report.add("info", "links_combined", _("{n} links tables combined: {tables}").format(
            n=len(parts), tables=", ".join(
                (_("{label} ({n} links, layer {layer})") if t.layer else _("{label} ({n} links)")).format(
                    label=t.label, n=len(p), layer=t.layer)
                for t, p in zip(inputs.links, parts))))
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _coverage(report, firms_label, isolated: int, used_layers, specs) -> None:
    """Info lines: firms without a link (kept as isolates), declared layers without links."""
    if isolated:
        report.add("info", "isolated_firms", _("{n} firm(s) have no link; they are kept as "
                                               "isolates").format(n=isolated), firms_label)
    used = set(used_layers)
    empty = [s.name for s in specs if s.name not in used]
    if empty:
        report.add("info", "empty_layer", _("declared layer(s) without links: {layers}").format(
            layers=", ".join(empty)))


def _check(inputs: RawInputs, layers, columns, period, by_period, role_map=None,
           exporter_roles=(), config_label="netclust.toml", engine=None, coverage=True):
    """Validate the tables; ``coverage=False`` leaves the :func:`_coverage` lines to the caller
    (:func:`read` counts them on the network's integer codes: 4 s less at 1,000,000 firms)."""
    report = ValidationReport()
    for code, file, message in inputs.notes:
        report.add("info", code, message, file)
    firm_map, link_map, tables = _split_columns(columns)
    _unused_tables(inputs, tables, report)
    specs = parse_layers(layers, path=inputs.layers_path, frame=inputs.layers_frame)
    firms = firm_ids = None
    if inputs.firms is not None:
        firms = check_firms(inputs.firms, firm_map, report, role_map)
        firm_ids = firms.index if firms is not None else None
    links = _check_all_links(inputs, link_map, specs, firm_ids, report, period, by_period, engine, tables)
    if inputs.firms is None and links is not None:
        ids = pd.unique(np.concatenate([links[S.SOURCE].to_numpy(), links[S.TARGET].to_numpy()]))
        firms = pd.DataFrame({S.NAME: ids, S.ROLE: "other"},
                             index=pd.Index(ids, name=S.FIRM_ID, dtype=object))
        report.add("info", "firms_from_links", _("no firms table: {n} firms taken from the links' "
                                                 "endpoints, all with role 'other'").format(n=len(ids)),
                   inputs.links[0].label)
    firms = apply_exporter_roles(firms, exporter_roles, report, config_label)
    if coverage and firms is not None and links is not None and report.ok:
        linked = np.zeros(len(firms), dtype=bool)
        for col in (S.SOURCE, S.TARGET):  # Arrow hash lookups: 4 s less than isin at 6,000,000 links
            at = positions(links[col], firms.index)
            linked[at[at >= 0]] = True
        _coverage(report, inputs.firms.label if inputs.firms else "", int((~linked).sum()),
                  links[S.LAYER].unique(), specs)
    return report, firms, links, specs


def _provenance(inputs, cfg, opts, period, by_period, specs) -> dict:
    """Where the data came from (files with hashes, mapping file) and the read options."""
    import hashlib

    sources = [t.provenance() for t in [inputs.firms, *inputs.links] if isinstance(t, RawTable)]
    for extra in (cfg.path if cfg is not None else None, inputs.layers_path):
        if extra is not None:
            sources.append({"table": extra.name, "path": str(extra),
                            "sha256": hashlib.sha256(extra.read_bytes()).hexdigest()})
    return {"sources": sources,
            "options": {"columns": dict(opts["columns"] or {}), "encoding": opts["encoding"],
                        "sheets": {k: str(v) for k, v in opts["sheets"].items()},
                        "role_map": dict(opts["role_map"]),
                        "period": period, "by_period": by_period,
                        "layers": [s.name for s in specs]}}


def _resolve(path, config, **explicit):
    """Load (or discover) the mapping file and merge it with the explicit options."""
    from netclust.io.config import find_config, load_config, merge_options

    if config is None and isinstance(path, (str, Path)):
        config = find_config(path)
    cfg = load_config(config) if config not in (None, False) else None
    opts, notes = merge_options(cfg, **explicit)
    return opts, notes, (cfg.label if cfg is not None else "netclust.toml"), cfg


def _engine_options(engine, memory_limit, spark_master, encoding) -> dict:
    return dict(engine=engine, memory_limit=memory_limit, spark_master=spark_master, encoding=encoding)


def _inputs(path, opts, notes, engine=None):
    named = [opts["firms"]] + [v for vs in (opts["links"] or {}).values() for v in vs]
    named = {Path(v).resolve() for v in named if isinstance(v, (str, Path))}
    if isinstance(path, (str, Path)) and Path(path).is_file() and Path(path).resolve() in named:
        path = None  # the mapping file's [files] name it: read it once, as declared there
    from netclust.records.links import records_policy

    inputs = read_inputs(path, firms=opts["firms"], links=opts["links"], encoding=opts["encoding"],
                         sheets=opts["sheets"], records=records_policy((engine or {}).get("engine")))
    inputs.notes[:0] = notes
    return inputs


def validate(path=None, links=None, *, firms=None, layers=None, columns=None, encoding=None,
             period=None, by_period=None, sheets=None, role_map=None, config=None,
             exporters=None, engine=None, memory_limit=None, spark_master=None) -> ValidationReport:
    """Check input data and return every problem found, without building a network.

    Parameters
    ----------
    path : str, Path or DataFrame, optional
        Folder, workbook or links file — or the firms DataFrame when ``links`` is
        also given positionally (``validate(firms_df, links_df)``).
    links, firms : str, Path or DataFrame, optional
    layers, columns, encoding, period, by_period, sheets, role_map, config
        As for :func:`read`.
    exporters : sequence of str, optional
        Exporting roles the analyses will be given (``--exporters``); without them and
        without an exporter column, a warning says what will be empty.
    engine, memory_limit, spark_master
        As for :func:`read`.

    Returns
    -------
    ValidationReport
        ``.ok`` is False when there are errors. Unreadable files (undecodable bytes,
        corrupt workbook, Excel lock file) are reported as errors too. When the data
        is usable, the first warnings are its *consequences* (:func:`netclust.io.checks.consequences`):
        which analyses will be empty, and what to add.

    Examples
    --------
    >>> import netclust as nc
    >>> import pandas as pd
    >>> firms = pd.DataFrame({"firm_id": ["a", "b", "b"]})
    >>> links = pd.DataFrame({"source": ["a", "a"], "target": ["b", "zz"],
    ...                       "layer": "procurement", "weight": [1, -2]})
    >>> print(nc.validate(firms, links).format(infos=False))
    3 errors, 0 warnings
      error: <firms DataFrame>, row 2, column "firm_id": duplicate firm_id: 'b' (each firm must appear once)
      error: <links DataFrame>, row 1, column "target": 1 firm id(s) not in the firms table: 'zz'
      error: <links DataFrame>, row 1, column "weight": negative weight '-2'
    """
    from netclust.errors import SchemaError

    if isinstance(path, pd.DataFrame):
        path, firms = None, path
    try:
        opts, notes, label, _config = _resolve(path, config, firms=firms, links=links, layers=layers,
                                         columns=columns, encoding=encoding, sheets=sheets,
                                         role_map=role_map)
        eng = _engine_options(engine, memory_limit, spark_master, opts["encoding"])
        inputs = _inputs(path, opts, notes, eng)
        report, firm_frame, link_frame, specs = _check(
            inputs, opts["layers"], opts["columns"], period, by_period, opts["role_map"],
            opts["exporter_roles"], label, eng)
    except SchemaError as exc:
        report = ValidationReport()
        report.add("error", "unreadable", str(exc))
        return report
    if report.ok and firm_frame is not None and link_frame is not None:
        found = consequences(firm_frame, link_frame, specs, exporters=exporters)
        report.problems[:0] = [Problem("warning", code, text) for code, text in found]
    return report


def _arrow_pool_within_limit() -> None:
    """Under an address-space limit (``ulimit -v``; ``netclust --max-memory`` limits resident
    memory instead, see :mod:`netclust._memory`), allocate Arrow memory (the string columns)
    with the system allocator: mimalloc, Arrow's default, reserves address space it does not
    use (about 2 GB more at 1,000,000 firms), which the limit counts."""
    try:
        import resource
    except ImportError:  # Windows: no address-space limit
        return
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())


def read(path=None, *, firms=None, links=None, layers=None, columns: dict | None = None,
         encoding: str | None = None, period=None, by_period: str | None = None,
         sheets: dict | None = None, role_map: dict | None = None, config=None,
         progress: Progress = None, engine: str | None = None, memory_limit: str | None = None,
         spark_master: str | None = None):
    """Read firm and link tables into a :class:`~netclust.model.MultilayerNetwork`.

    Parameters
    ----------
    path : str or Path, optional
        A folder holding ``firms.*`` and ``links.*`` (or ``nodes.*`` + ``edges.*``,
        and optionally ``layers.csv``/``.toml``/``.yaml``), an XLSX workbook with
        sheets ``firms`` and ``links`` (or those chosen by ``sheets``), or a single
        links file.
    firms : str, Path or DataFrame, optional
        The firms table given separately (overrides what ``path`` provides). Without
        a firms table, firms are taken from the links' endpoints.
    links : str, Path, DataFrame, list or dict, optional
        Links tables given separately: one, a list (combined, never replaced), or
        ``{layer: table}`` where each table *is* that layer (no layer column). They
        are read instead of the links table ``path`` provides (reported as an info).
    layers : optional
        Layer declaration: a list of :class:`~netclust.schema.LayerSpec`, dicts,
        ``"name:directed"`` strings, a dict ``{name: {directed: ...}}``, a
        DataFrame or a layer file. Default: a layers file found in the folder, else
        :data:`~netclust.schema.DEFAULT_LAYERS`.
    columns : dict, optional
        Canonical column name → your column name, e.g.
        ``{"firm_id": "企业名称", "source": "from", "weight": "amount"}``.
    encoding : str, optional
        Force the text encoding of CSV files (default: detect UTF-8/BOM/GB18030).
    period : str, optional
        Keep only records dated in this window (``"2024"``, ``"2024Q2"``,
        ``"2023-07..2024-06"``).
    by_period : {"year", "quarter", "month"}, optional
        Keep one aggregated link per period instead of one over all dates.
    sheets : dict, optional
        Workbook sheets by table (``firms``, ``links``, ``layers``) or by layer (the
        sheet *is* that layer): a name, or a position counted from 1, e.g.
        ``{"firms": "企业名录", "logistics": "物流"}``.
    role_map : dict, optional
        Your role label -> netclust role (``{"龙头企业": "anchor"}``), applied before
        the built-in Chinese labels (:data:`netclust.schema.ROLE_ALIASES`).
    config : str, Path, dict or False, optional
        A mapping file (see :mod:`netclust.io.config`); by default a
        ``netclust.toml`` beside ``path`` is used. Explicit arguments win over it.
        ``False``: no mapping file.
    progress : callable, optional
        ``progress(done, total)`` over the read → validate → build steps.
    engine : {"duckdb", "spark", "pandas"}, optional
        Aggregate the links records with this engine (:mod:`netclust.records`).
        By default large links inputs (more than
        :data:`~netclust.records.links.RECORDS_THRESHOLD` records, globs,
        partitioned folders) go to DuckDB, others are read by pandas; the network
        is the same (:mod:`netclust.records.links`).
    memory_limit : str, optional
        DuckDB's memory limit (default 1GB; beyond it DuckDB spills to disk).
    spark_master : str, optional
        Spark master URL for ``engine="spark"``.

    Returns
    -------
    MultilayerNetwork

    Raises
    ------
    ValidationError
        The data has errors; ``exc.report`` lists all problems (file, row, column).
    SchemaError
        A file cannot be read at all.

    Examples
    --------
    >>> import netclust as nc
    >>> import pandas as pd
    >>> links = pd.DataFrame({"from": ["a", "a", "b"], "to": ["b", "b", "c"],
    ...                       "type": "procurement", "amount": [2.0, 3.0, 1.0]})
    >>> net = nc.read(links=links)
    >>> net.links[["source", "target", "weight", "count"]].to_string(index=False)
    'source target  weight  count\\n     a      b     5.0      2\\n     b      c     1.0      1'
    """
    from netclust._memory import step

    with step("reading"):  # named by `netclust --max-memory` if memory runs out here
        return _read(path, config, progress, dict(
            firms=firms, links=links, layers=layers, columns=columns, encoding=encoding,
            sheets=sheets, role_map=role_map), period, by_period,
            _engine_options(engine, memory_limit, spark_master, None))


def _read(path, config, progress, explicit: dict, period, by_period, eng: dict):
    """:func:`read` after its arguments are gathered (see there)."""
    _report(progress, 0, 3)
    _arrow_pool_within_limit()
    opts, notes, label, cfg = _resolve(path, config, **explicit)
    eng = dict(eng, encoding=opts["encoding"])
    inputs = _inputs(path, opts, notes, eng)
    _report(progress, 1, 3)
    report, firm_frame, link_frame, specs = _check(
        inputs, opts["layers"], opts["columns"], period, by_period, opts["role_map"],
        opts["exporter_roles"], label, eng, coverage=False)
    if not report.ok:
        raise ValidationError(report)
    _report(progress, 2, 3)
    from netclust.model import MultilayerNetwork

    provenance = _provenance(inputs, cfg, opts, period, by_period, specs)
    net = MultilayerNetwork(firm_frame, link_frame, specs, validation=report, provenance=provenance)
    codes = net.links[["src", "dst"]].to_numpy()
    linked = np.bincount(codes.ravel(), minlength=net.n_firms) > 0
    _coverage(report, inputs.firms.label if inputs.firms else "", int(net.n_firms - linked.sum()),
              [net.layer_names[i] for i in np.unique(net.layer_codes)], specs)
    del inputs, firm_frame, link_frame
    release()  # the raw tables' memory back to the system (1 GB at 1,000,000 firms)
    _report(progress, 3, 3)
    return net


def extend(net, *, firms=None, links=None):
    """Return ``net`` with new firms and/or links appended (validated as :func:`read`).

    Parameters
    ----------
    net : MultilayerNetwork
        The network to extend (unchanged).
    firms : DataFrame, optional
        New firms with a ``firm_id`` column (or index), ``name``, ``role``...
    links : DataFrame, optional
        New links ``source, target, layer[, weight]``; endpoints may be new firms.
        A link that already exists gets its weight and count added.

    Returns
    -------
    MultilayerNetwork
        Same layers; provenance of ``net`` with ``"add"`` appended to ``derived``.

    Raises
    ------
    ValidationError
        A new firm id already exists, a link names an unknown firm, ...

    Examples
    --------
    >>> from netclust.io.reader import extend
    >>> net = nc.datasets.toy()
    >>> hub = pd.DataFrame({"firm_id": ["P"], "name": ["Shared platform"], "role": ["platform"]})
    >>> new = extend(net, firms=hub, links=pd.DataFrame(
    ...     {"source": ["S1", "S2"], "target": ["P", "P"], "layer": "logistics"}))
    >>> new.n_firms, len(new.links) - len(net.links)
    (10, 2)
    """
    base_firms = net.firms.reset_index()
    all_firms = base_firms
    if firms is not None:
        new = firms.reset_index() if firms.index.name == S.FIRM_ID else firms
        all_firms = pd.concat([base_firms, new], ignore_index=True)
    base_links = net.links.drop(columns=["src", "dst"])
    all_links = base_links
    if links is not None:
        all_links = pd.concat([base_links, links], ignore_index=True)
        if S.COUNT in all_links.columns:
            all_links[S.COUNT] = all_links[S.COUNT].fillna(1)
        if S.WEIGHT in all_links.columns:
            all_links[S.WEIGHT] = all_links[S.WEIGHT].fillna(1.0)
    out = read(firms=all_firms, links=all_links, layers=list(net.layers))
    return out.derived_from(net, "add")
