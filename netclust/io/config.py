"""The mapping file ``netclust.toml``: how a research group's data maps onto netclust.

Written once beside the data, it is found by every command (a ``netclust.toml`` in
the data folder, or next to the workbook or links file), or given with
``--config FILE`` / ``nc.read(path, config=FILE)``. Options given on the command line
or as arguments win over the file, key by key (each override is reported as an info).
``config=False`` turns discovery off.

Example (every section optional)::

    encoding = "gb18030"            # CSV text encoding (default: detect)

    [sheets]                        # workbook sheets, by name or 1-based position
    firms = "企业名录"
    links = "交易记录"               # a links sheet with a layer column...
    logistics = "物流"              # ...or a sheet per layer: its layer is implied
    design_sharing = 4

    [files]                         # tables in separate files (paths relative to this file)
    firms = "企业.csv"
    links = ["2022.csv", "2023.csv"]  # several files are combined, never replaced
    logistics = "物流.csv"

    [columns]                       # netclust column = your header (every table)
    firm_id = "企业编号"
    exporter = "是否出口"
    weight = "交易金额(元)"

    [columns.logistics]             # one table's own headers: firms, links or a layer
    source = "托运方"                # (overrides [columns] for that table only)
    target = "物流商"
    weight = "运费"

    [roles]                         # your role label = netclust role
    "专业市场" = "platform"

    [layers.procurement]            # layer declarations (see netclust.io.layers)
    directed = true
    channel = "forward"             # goods flow towards export: forward / reverse / none

    [exporters]
    roles = ["trade_service"]       # firms of these roles export (with any exporter column)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from netclust._check import positive_int, str_list
from netclust.errors import InputError, SchemaError
from netclust.i18n import gettext as _

__all__ = ["ReadConfig", "load_config", "find_config", "merge_options", "column_options", "CONFIG_NAME",
           "TABLE_KEYS"]

#: File name looked for beside the data.
CONFIG_NAME = "netclust.toml"
#: Keys of ``[sheets]``/``[files]`` that name a table; any other key names a layer.
TABLE_KEYS = ("firms", "links", "layers")
_SECTIONS = {"encoding", "sheets", "files", "columns", "roles", "layers", "exporters"}


@dataclass
class ReadConfig:
    """A mapping file as read (all paths resolved against its folder).

    Attributes
    ----------
    path : Path or None
        The file (None for a config given as a dict).
    sheets : dict
        Table or layer name -> sheet name (str) or 1-based position (int).
    files : dict
        Table or layer name -> list of paths.
    columns, roles : dict
        Column mapping (netclust name -> header) and role vocabulary (label -> role).
    layers : dict or None
        ``[layers]`` table, as :func:`netclust.io.layers.parse_layers` reads it.
    exporter_roles : tuple of str
    encoding : str or None
    """

    path: Path | None = None
    sheets: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)
    roles: dict = field(default_factory=dict)
    layers: dict | None = None
    exporter_roles: tuple = ()
    encoding: str | None = None

    @property
    def label(self) -> str:
        """How messages name the file."""
        return self.path.name if self.path else "config"


def find_config(path) -> Path | None:
    """The ``netclust.toml`` beside ``path`` (in the folder, or next to the file), if any.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netclust.io.config import find_config
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> find_config(folder) is None
    True
    >>> _ = (folder / "netclust.toml").write_text("[roles]\\n")
    >>> find_config(folder / "data.xlsx").name
    'netclust.toml'
    """
    if path is None:
        return None
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    candidate = folder / CONFIG_NAME
    return candidate if candidate.is_file() else None


def _table(doc: dict, key: str, label: str) -> dict:
    value = doc.get(key, {})
    if not isinstance(value, dict):
        raise SchemaError(_("{file}: [{section}] must be a table (key = value lines), not "
                            "{value}").format(file=label, section=key, value=repr(value)))
    return value


def _strings(section: dict, key: str, label: str) -> dict:
    bad = [(k, v) for k, v in section.items() if not isinstance(v, str) or not v.strip()]
    if bad:
        raise SchemaError(_("{file}: [{section}] {key} = {value}: expected a text value").format(
            file=label, section=key, key=bad[0][0], value=repr(bad[0][1])))
    return {str(k).strip(): v.strip() for k, v in section.items()}


def _columns(doc, label) -> dict:
    """``[columns]``: netclust name -> header for every table, and ``[columns.TABLE]``
    sub-tables (``TABLE`` = ``firms``, ``links`` or a layer) holding one table's own headers."""
    out = {}
    for key, value in _table(doc, "columns", label).items():
        key = str(key).strip()
        if isinstance(value, dict):
            out[key] = _strings(value, f"columns.{key}", label)
        elif not isinstance(value, str) or not value.strip():
            raise SchemaError(_("{file}: [columns] {key} = {value}: expected a text value (your "
                                "header), or a table [columns.TABLE] of one table's headers").format(
                file=label, key=key, value=repr(value)))
        else:
            out[key] = value.strip()
    return out


def _sheets(doc, label) -> dict:
    out = {}
    for k, v in _table(doc, "sheets", label).items():
        try:
            out[str(k).strip()] = v if isinstance(v, str) else positive_int(v, "sheet")
        except InputError:
            raise SchemaError(_("{file}: [sheets] {key} = {value}: give a sheet name or a position "
                                "counted from 1").format(file=label, key=k, value=repr(v))) from None
    return out


def _files(doc, label, folder: Path) -> dict:
    out = {}
    for k, v in _table(doc, "files", label).items():
        items = v if isinstance(v, list) else [v]
        if not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise SchemaError(_("{file}: [files] {key} = {value}: give a file name or a list of "
                                "them").format(file=label, key=k, value=repr(v)))
        paths = [(folder / i).resolve() if not Path(i).is_absolute() else Path(i) for i in items]
        missing = [p for p in paths if not p.is_file()]
        if missing:
            raise SchemaError(_("{file}: [files] {key}: no such file {path}").format(
                file=label, key=k, path=missing[0]))
        out[str(k).strip()] = paths
    return out


def _exporters(doc, label) -> tuple:
    section = _table(doc, "exporters", label)
    roles = section.get("roles", [])
    roles = str_list(roles, "roles") if isinstance(roles, (str, list)) else None
    if roles is None or not all(isinstance(r, str) for r in roles):
        raise SchemaError(_("{file}: [exporters] roles = {value}: expected a list of roles").format(
            file=label, value=repr(roles)))
    return tuple(r.strip() for r in roles if r.strip())


def load_config(source) -> ReadConfig:
    """Read a mapping file (``netclust.toml``) or a dict with the same sections.

    Parameters
    ----------
    source : str, Path, dict or ReadConfig

    Returns
    -------
    ReadConfig

    Raises
    ------
    SchemaError
        Missing file, invalid TOML, unknown section or a value of the wrong kind
        (the message names the file, section and key).

    Examples
    --------
    >>> from netclust.io.config import load_config
    >>> cfg = load_config({"sheets": {"firms": "企业名录", "logistics": 3},
    ...                    "roles": {"专业市场": "platform"}})
    >>> cfg.sheets, cfg.roles
    ({'firms': '企业名录', 'logistics': 3}, {'专业市场': 'platform'})
    >>> load_config({"sheet": {}})
    Traceback (most recent call last):
    ...
    netclust.errors.SchemaError: config: unknown section(s) sheet; known: columns, encoding, exporters, files, layers, roles, sheets
    """
    if isinstance(source, ReadConfig):
        return source
    path, folder, label = None, Path.cwd(), "config"
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise SchemaError(_("{path}: no such mapping file").format(path=path))
        label, folder = path.name, path.parent
        try:
            source = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SchemaError(_("{file}: invalid TOML mapping file ({reason})").format(
                file=label, reason=exc)) from None
    if not isinstance(source, dict):
        raise SchemaError(_("config must be a mapping file path or a dict, not {kind}").format(
            kind=type(source).__name__))
    unknown = sorted(set(source) - _SECTIONS)
    if unknown:
        raise SchemaError(_("{file}: unknown section(s) {sections}; known: {known}").format(
            file=label, sections=", ".join(unknown), known=", ".join(sorted(_SECTIONS))))
    layers = source.get("layers")
    if layers is not None and not isinstance(layers, (dict, list)):
        raise SchemaError(_("{file}: [layers] must be a table of layer declarations").format(file=label))
    enc = source.get("encoding")
    if enc is not None and not isinstance(enc, str):
        raise SchemaError(_('{file}: encoding = {value}: expected text such as "gb18030"').format(
            file=label, value=repr(enc)))
    return ReadConfig(path, _sheets(source, label), _files(source, label, folder), _columns(source, label),
                      _strings(_table(source, "roles", label), "roles", label),
                      layers, _exporters(source, label), enc)


def _explicit_links(links) -> dict:
    """Explicit ``links`` as ``{key: [tables]}`` (key ``"links"`` for tables with a layer column)."""
    if links is None:
        return {}
    if isinstance(links, dict):
        return {("links" if k in (None, "") else str(k)): (list(v) if isinstance(v, (list, tuple))
                                                           else [v]) for k, v in links.items()}
    return {"links": list(links) if isinstance(links, (list, tuple)) else [links]}


def _given(what: str, given) -> dict:
    """An explicit option that must be a dict (``columns``, ``sheets``, ``role_map``)."""
    if given is not None and not isinstance(given, dict):
        example = {"columns": "{'firm_id': '企业名称', 'source': 'from'}",
                   "sheets": "{'firms': '企业名录', 'logistics': '物流'}",
                   "roles": "{'龙头企业': 'anchor'}"}[what]
        name = {"roles": "role_map"}.get(what, what)
        raise InputError(f"{name} must be a dict mapping netclust's names to yours, e.g. "
                         f"{example}, not {type(given).__name__}")
    return given or {}


def _merged(what: str, mine: dict, given: dict, note) -> dict:
    """``mine`` overridden key by key by ``given``; ``columns`` sub-tables (one table's
    headers) are merged key by key too. ``note(key, value, old)`` reports each override."""
    out = dict(mine)
    for key, value in given.items():
        old = out.get(key)
        if what == "columns" and isinstance(value, dict) and isinstance(old, dict):
            for k, v in value.items():
                if k in old and old[k] != v:
                    note(f"{key}.{k}", v, old[k])
            out[key] = {**old, **value}
            continue
        if key in out and old != value:
            note(key, value, old)
        out[key] = value
    return out


def merge_options(cfg: ReadConfig | None, *, firms=None, links=None, layers=None, columns=None,
                  encoding=None, sheets=None, role_map=None) -> tuple[dict, list]:
    """Options of one read: the mapping file's, overridden key by key by explicit ones.

    ``columns`` holds netclust name -> header for every table, and ``{table: {...}}``
    entries for one table (``firms``, ``links`` or a layer, as ``[columns.TABLE]``);
    both are merged key by key.

    Returns
    -------
    options : dict
        ``firms, links, layers, columns, encoding, sheets, role_map, exporter_roles``.
    notes : list of (code, file, message)
        Infos for the validation report (file used, each override).

    Examples
    --------
    >>> from netclust.io.config import load_config, merge_options
    >>> cfg = load_config({"roles": {"专业市场": "platform"}, "columns": {"role": "类型"}})
    >>> opts, notes = merge_options(cfg, columns={"role": "角色"})
    >>> opts["columns"], opts["role_map"]
    ({'role': '角色'}, {'专业市场': 'platform'})
    >>> notes[-1][2]
    'columns role: "角色" given explicitly instead of "类型" from config'
    >>> cfg = load_config({"columns": {"logistics": {"source": "托运方", "weight": "运费"}}})
    >>> merge_options(cfg, columns={"logistics": {"weight": "费用"}})[0]["columns"]
    {'logistics': {'source': '托运方', 'weight': '费用'}}
    """
    cfg = cfg or ReadConfig()
    notes = []
    if cfg.path is not None:
        notes.append(("config_used", cfg.label, _("mapping file {path} used").format(path=cfg.path)))

    def merged(what, mine: dict, given) -> dict:
        def note(key, value, old):
            notes.append(("config_overridden", cfg.label, _(
                '{what} {key}: "{value}" given explicitly instead of "{old}" from {file}').format(
                    what=what, key=key, value=value, old=old, file=cfg.label)))
        return _merged(what, mine, _given(what, given), note)

    files = {k: v for k, v in cfg.files.items() if k not in ("firms", "layers")}
    given_links = _explicit_links(links)
    for key in given_links:
        if key in files:
            notes.append(("config_overridden", cfg.label, _(
                "links {key}: the tables given explicitly replace {files} from {file}").format(
                    key=key, files=", ".join(p.name for p in files[key]), file=cfg.label)))
    all_links = {**files, **given_links}
    if layers is None:
        layers = cfg.layers if cfg.layers is not None else (cfg.files.get("layers") or [None])[0]
    return dict(
        firms=firms if firms is not None else (cfg.files.get("firms") or [None])[0],
        links=all_links or None, layers=layers,
        columns=merged("columns", cfg.columns, columns) or None,
        encoding=encoding or cfg.encoding, sheets=merged("sheets", cfg.sheets, sheets),
        role_map=merged("roles", cfg.roles, role_map), exporter_roles=cfg.exporter_roles,
    ), notes


def _table_names(path, config, links, sheets) -> set:
    """Names a ``TABLE=HEADER`` column option can use: ``firms``, ``links`` and each layer
    given its own links source (``links``/``sheets`` keys, the mapping file's [sheets]/[files])."""
    names = {"firms", "links"} | set(_explicit_links(links)) | set(sheets or {})
    if config is None and isinstance(path, (str, Path)):
        config = find_config(path)
    if config not in (None, False):
        try:
            cfg = load_config(config)
        except SchemaError:  # the read reports it
            cfg = ReadConfig()
        names |= set(cfg.sheets) | set(cfg.files)
    return names - {"layers"}


def column_options(values: dict, *, path=None, config=None, links=None, sheets=None) -> dict | None:
    """``--*-col`` option values as the ``columns`` argument of :func:`netclust.read`.

    A value ``TABLE=HEADER`` maps ``HEADER`` in one table only when ``TABLE`` is
    ``firms``, ``links`` or a layer given its own links source (``--links
    LAYER=FILE``, ``--sheet LAYER=SHEET``, ``[sheets]``/``[files]`` of the mapping
    file); any other value, even one holding ``=``, is a header for every table. A
    header holding ``=`` whose left part is such a name is given qualified
    (``--weight-col links=金额=元``) or in ``netclust.toml``. Firms columns exist only
    in the firms table, so ``firms=HEADER`` is the same as ``HEADER``.

    Parameters
    ----------
    values : dict
        netclust column name -> option value(s) (a string or a sequence of them).
    path, config, links, sheets
        The read's data path, mapping file (None: found beside ``path``; False: none),
        links and sheets options: where the table names come from.

    Returns
    -------
    dict or None
        ``{name: header}`` for every table and ``{table: {name: header}}`` per table.

    Examples
    --------
    >>> from netclust.io.config import column_options
    >>> column_options({"source": ["卖方", "logistics=托运方"], "weight": "a=b"},
    ...                links={"logistics": ["物流.csv"]}, config=False)
    {'source': '卖方', 'logistics': {'source': '托运方'}, 'weight': 'a=b'}
    """
    tables = None
    out: dict = {}
    for canon, given in values.items():
        for value in ([given] if isinstance(given, str) else list(given or ())):
            table, sep, header = str(value).partition("=")
            table, header = table.strip(), header.strip()
            if sep and header and tables is None:
                tables = _table_names(path, config, links, sheets)
            if sep and header and table in tables and table != "firms":
                out.setdefault(table, {})[canon] = header
            else:
                out[canon] = header if sep and header and table == "firms" else str(value).strip()
    return out or None
