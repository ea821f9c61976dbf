"""``netclust.read`` and ``netclust.validate``: from files or DataFrames to a network."""

from __future__ import annotations

import numpy as np
import pandas as pd

from netclust._progress import Progress, report as _report
from netclust.errors import ValidationError
from netclust import schema as S
from netclust.io.checks import check_firms, check_links
from netclust.io.layers import parse_layers
from netclust.io.tables import RawInputs, RawTable, read_inputs
from netclust.io.validation import ValidationReport

__all__ = ["read", "validate", "extend"]


def _split_columns(columns: dict | None):
    from netclust.errors import InputError

    if columns is not None and not isinstance(columns, dict):
        raise InputError("columns must be a dict mapping netclust's column names to yours, e.g. "
                         "{'firm_id': '企业名称', 'source': 'from'}")
    columns = dict(columns or {})
    firm_map = {k: v for k, v in columns.items() if k in S.FIRM_COLUMNS}
    link_map = {k: v for k, v in columns.items() if k in S.LINK_COLUMNS}
    unknown = set(columns) - set(S.FIRM_COLUMNS) - set(S.LINK_COLUMNS)
    if unknown:
        raise InputError(f"unknown column mapping key(s) {sorted(unknown)}; mappable columns: "
                         f"{', '.join(S.FIRM_COLUMNS + S.LINK_COLUMNS)}")
    return firm_map, link_map


def _check(inputs: RawInputs, layers, columns, period, by_period):
    report = ValidationReport()
    firm_map, link_map = _split_columns(columns)
    specs = parse_layers(layers, path=inputs.layers_path, frame=inputs.layers_frame)
    firms = None
    if inputs.firms is not None:
        firms = check_firms(inputs.firms, firm_map, report)
        firm_ids = firms.index if firms is not None else None
    else:
        firm_ids = None
    if inputs.firms is not None and firms is None:
        firm_ids = None  # firms unusable: skip unknown-firm checks, errors already recorded
    links = check_links(inputs.links, link_map, specs, firm_ids, report,
                        period=period, by_period=by_period)
    if inputs.firms is None and links is not None:
        ids = pd.unique(np.concatenate([links[S.SOURCE].to_numpy(), links[S.TARGET].to_numpy()]))
        firms = pd.DataFrame({S.NAME: ids, S.ROLE: "other"},
                             index=pd.Index(ids, name=S.FIRM_ID, dtype=object))
        report.add("info", "firms_from_links", f"no firms table: {len(ids)} firms taken from the "
                   "links' endpoints, all with role 'other'", inputs.links.label)
    if firms is not None and links is not None and report.ok:
        linked = firms.index.isin(np.concatenate(
            [links[S.SOURCE].to_numpy(), links[S.TARGET].to_numpy()]))
        if (~linked).any():
            report.add("info", "isolated_firms", f"{int((~linked).sum())} firm(s) have no link; "
                       "they are kept as isolates", inputs.firms.label if inputs.firms else "")
        used = set(links[S.LAYER].unique())
        empty = [s.name for s in specs if s.name not in used]
        if empty:
            report.add("info", "empty_layer", f"declared layer(s) without links: {', '.join(empty)}")
    return report, firms, links, specs


def validate(path=None, links=None, *, firms=None, layers=None, columns=None, encoding=None,
             period=None, by_period=None) -> ValidationReport:
    """Check input data and return every problem found, without building a network.

    Parameters
    ----------
    path : str, Path or DataFrame, optional
        Folder, workbook or links file — or the firms DataFrame when ``links`` is
        also given positionally (``validate(firms_df, links_df)``).
    links, firms : str, Path or DataFrame, optional
    layers, columns, encoding, period, by_period
        As for :func:`read`.

    Returns
    -------
    ValidationReport
        ``.ok`` is False when there are errors. Unreadable files (undecodable bytes,
        corrupt workbook) are reported as errors too.

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
      error: <links DataFrame>, row 1, column "weight": negative weight
    """
    from netclust.errors import SchemaError

    if isinstance(path, pd.DataFrame):
        path, firms = None, path
    try:
        inputs = read_inputs(path, firms=firms, links=links, encoding=encoding)
        report, *_ = _check(inputs, layers, columns, period, by_period)
    except SchemaError as exc:
        report = ValidationReport()
        report.add("error", "unreadable", str(exc))
    return report


def read(path=None, *, firms=None, links=None, layers=None, columns: dict | None = None,
         encoding: str | None = None, period=None, by_period: str | None = None,
         progress: Progress = None):
    """Read firm and link tables into a :class:`~netclust.model.MultilayerNetwork`.

    Parameters
    ----------
    path : str or Path, optional
        A folder holding ``firms.*`` and ``links.*`` (or ``nodes.*`` + ``edges.*``,
        and optionally ``layers.csv``/``.toml``/``.yaml``), an XLSX workbook with
        sheets ``firms`` and ``links``, or a single links file.
    firms, links : str, Path or DataFrame, optional
        The tables given separately (override what ``path`` provides). Without a
        firms table, firms are taken from the links' endpoints.
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
    progress : callable, optional
        ``progress(done, total)`` over the read → validate → build steps.

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
    _report(progress, 0, 3)
    inputs = read_inputs(path, firms=firms, links=links, encoding=encoding)
    _report(progress, 1, 3)
    report, firm_frame, link_frame, specs = _check(inputs, layers, columns, period, by_period)
    if not report.ok:
        raise ValidationError(report)
    _report(progress, 2, 3)
    from netclust.model import MultilayerNetwork

    sources = [t.provenance() for t in (inputs.firms, inputs.links) if isinstance(t, RawTable)]
    if inputs.layers_path is not None:
        import hashlib

        sources.append({"table": inputs.layers_path.name, "path": str(inputs.layers_path),
                        "sha256": hashlib.sha256(inputs.layers_path.read_bytes()).hexdigest()})
    provenance = {"sources": sources,
                  "options": {"columns": dict(columns or {}), "encoding": encoding,
                              "period": period, "by_period": by_period,
                              "layers": [s.name for s in specs]}}
    net = MultilayerNetwork(firm_frame, link_frame, specs, validation=report, provenance=provenance)
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
