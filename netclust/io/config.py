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

    [columns]                       # netclust column = your header
    firm_id = "企业编号"
    exporter = "是否出口"

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

__all__ = ["ReadConfig", "load_config", "find_config", "merge_options", "CONFIG_NAME", "TABLE_KEYS"]

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
        raise SchemaError(f"{label}: [{key}] must be a table (key = value lines), "
                          f"not {value!r}")
    return value


def _strings(section: dict, key: str, label: str) -> dict:
    bad = [(k, v) for k, v in section.items() if not isinstance(v, str) or not v.strip()]
    if bad:
        raise SchemaError(f"{label}: [{key}] {bad[0][0]} = {bad[0][1]!r}: expected a text value")
    return {str(k).strip(): v.strip() for k, v in section.items()}


def _sheets(doc, label) -> dict:
    out = {}
    for k, v in _table(doc, "sheets", label).items():
        try:
            out[str(k).strip()] = v if isinstance(v, str) else positive_int(v, "sheet")
        except InputError:
            raise SchemaError(f"{label}: [sheets] {k} = {v!r}: give a sheet name or a "
                              "position counted from 1") from None
    return out


def _files(doc, label, folder: Path) -> dict:
    out = {}
    for k, v in _table(doc, "files", label).items():
        items = v if isinstance(v, list) else [v]
        if not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise SchemaError(f"{label}: [files] {k} = {v!r}: give a file name or a list of them")
        paths = [(folder / i).resolve() if not Path(i).is_absolute() else Path(i) for i in items]
        missing = [p for p in paths if not p.is_file()]
        if missing:
            raise SchemaError(f"{label}: [files] {k}: no such file {missing[0]}")
        out[str(k).strip()] = paths
    return out


def _exporters(doc, label) -> tuple:
    section = _table(doc, "exporters", label)
    roles = section.get("roles", [])
    roles = str_list(roles, "roles") if isinstance(roles, (str, list)) else None
    if roles is None or not all(isinstance(r, str) for r in roles):
        raise SchemaError(f"{label}: [exporters] roles = {roles!r}: expected a list of roles")
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
            raise SchemaError(f"{path}: no such mapping file")
        label, folder = path.name, path.parent
        try:
            source = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SchemaError(f"{label}: invalid TOML mapping file ({exc})") from None
    if not isinstance(source, dict):
        raise SchemaError(f"config must be a mapping file path or a dict, not {type(source).__name__}")
    unknown = sorted(set(source) - _SECTIONS)
    if unknown:
        raise SchemaError(f"{label}: unknown section(s) {', '.join(unknown)}; "
                          f"known: {', '.join(sorted(_SECTIONS))}")
    layers = source.get("layers")
    if layers is not None and not isinstance(layers, (dict, list)):
        raise SchemaError(f"{label}: [layers] must be a table of layer declarations")
    enc = source.get("encoding")
    if enc is not None and not isinstance(enc, str):
        raise SchemaError(f"{label}: encoding = {enc!r}: expected text such as \"gb18030\"")
    return ReadConfig(path, _sheets(source, label), _files(source, label, folder),
                      _strings(_table(source, "columns", label), "columns", label),
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


def merge_options(cfg: ReadConfig | None, *, firms=None, links=None, layers=None, columns=None,
                  encoding=None, sheets=None, role_map=None) -> tuple[dict, list]:
    """Options of one read: the mapping file's, overridden key by key by explicit ones.

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
    """
    cfg = cfg or ReadConfig()
    notes = []
    if cfg.path is not None:
        notes.append(("config_used", cfg.label, _("mapping file {path} used").format(path=cfg.path)))

    def merged(what, mine: dict, given: dict | None) -> dict:
        if given is not None and not isinstance(given, dict):
            from netclust.errors import InputError

            example = {"columns": "{'firm_id': '企业名称', 'source': 'from'}",
                       "sheets": "{'firms': '企业名录', 'logistics': '物流'}",
                       "roles": "{'龙头企业': 'anchor'}"}[what]
            name = {"roles": "role_map"}.get(what, what)
            raise InputError(f"{name} must be a dict mapping netclust's names to yours, e.g. "
                             f"{example}, not {type(given).__name__}")
        for key, value in (given or {}).items():
            if key in mine and mine[key] != value:
                notes.append(("config_overridden", cfg.label, f'{what} {key}: "{value}" given '
                              f'explicitly instead of "{mine[key]}" from {cfg.label}'))
        return {**mine, **(given or {})}

    files = {k: v for k, v in cfg.files.items() if k not in ("firms", "layers")}
    given_links = _explicit_links(links)
    for key in given_links:
        if key in files:
            notes.append(("config_overridden", cfg.label, f"links {key}: the tables given "
                          f"explicitly replace {', '.join(p.name for p in files[key])} from "
                          f"{cfg.label}"))
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
