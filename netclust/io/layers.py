"""Layer declarations: from arguments, ``layers.csv``, TOML or YAML files.

Layers are declared, never guessed from the data: a link whose layer is not
declared is an error. Without any declaration the defaults
(:data:`netclust.schema.DEFAULT_LAYERS`) apply. Every entry needs a name; the names
in :data:`netclust.schema.RESERVED_LAYER_NAMES` are reserved: ``aggregate`` (the
union of all layers), ``multiplex`` (the network-wide rows of the metric tables) and
``any_directed`` (the union of the directed layers). An empty layer file, a file
whose ``layers`` are not tables, or a layer declared twice is an error naming the
file and the row(s) or entries.

File formats
------------
CSV (or an XLSX sheet ``layers``)::

    layer,directed,weighted,description
    procurement,true,true,seller -> buyer

TOML::

    [layers.procurement]
    directed = true
    weighted = true
    description = "seller -> buyer"

YAML (needs PyYAML)::

    layers:
      procurement: {directed: true, weighted: true}
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from netclust.errors import SchemaError
from netclust.schema import DEFAULT_LAYERS, RESERVED_LAYER_NAMES, LayerSpec, default_channel
from netclust.io.tables import decode_bytes, read_table

__all__ = ["parse_layers", "read_layer_file", "parse_bool", "parse_layer_option"]

_TRUE = {"true", "t", "yes", "y", "1", "directed", "是", "有向"}
_FALSE = {"false", "f", "no", "n", "0", "undirected", "否", "无向"}


def parse_bool(value, *, default=None):
    """Parse a boolean cell (true/false, yes/no, 1/0, 是/否); ``default`` for blanks.

    Returns ``None`` for anything unrecognised.

    Examples
    --------
    >>> from netclust.io.layers import parse_bool
    >>> parse_bool("TRUE"), parse_bool("否"), parse_bool(""), parse_bool("maybe")
    (True, False, None, None)
    """
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, float) and value != value):
        return default
    s = str(value).strip().lower()
    if s == "":
        return default
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    try:
        f = float(s)
    except ValueError:
        return None
    return {1.0: True, 0.0: False}.get(f)


def _channel(values: dict, name: str, where: str):
    """Optional ``channel`` setting: forward / reverse / none; absent -> the layer's default."""
    if "channel" not in values:
        return default_channel(name)
    raw = values.get("channel")
    text = "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw).strip().lower()
    if text in ("", "none", "no", "false", "0", "-"):
        return None
    if text not in ("forward", "reverse"):
        raise SchemaError(f"{where}: layer {name!r}: channel must be forward, reverse or none, "
                          f"got {raw!r}")
    return text


def _layer_name(name, where: str) -> str:
    """A declared layer name: non-blank text, never a reserved name (aggregate, multiplex...)."""
    text = "" if name is None or (isinstance(name, float) and name != name) else str(name).strip()
    if not text:
        raise SchemaError(f"{where}: a layer entry has no name (give it name = \"...\")")
    if text in RESERVED_LAYER_NAMES:
        raise SchemaError(f"{where}: {text!r} is reserved for {RESERVED_LAYER_NAMES[text]}; "
                          "give the layer another name")
    return text


def _spec_from_mapping(name, values: dict, where: str) -> LayerSpec:
    name = _layer_name(name, where)
    if not isinstance(values, dict):
        raise SchemaError(f"{where}: layer {name!r} must be a table of settings")
    directed = parse_bool(values.get("directed"))
    if directed is None:
        raise SchemaError(f"{where}: layer {name!r} needs directed = true or false")
    weighted = parse_bool(values.get("weighted"), default=True)
    if weighted is None:
        raise SchemaError(f"{where}: layer {name!r}: weighted must be true or false")
    return LayerSpec(str(name), directed, weighted, str(values.get("description", "") or ""),
                     _channel(values, str(name), where))


def _specs_from_frame(frame: pd.DataFrame, label: str, rows=None) -> tuple:
    cols = {c.lower().strip(): c for c in frame.columns}
    name_col = cols.get("layer") or cols.get("name")
    if name_col is None or "directed" not in cols:
        raise SchemaError(f"{label}: a layers table needs columns 'layer' and 'directed' "
                          f"(found: {', '.join(map(str, frame.columns))})")
    specs = []
    # i + 2 is the row the user sees (rows given: the reader's numbering, blank rows skipped)
    offsets = range(len(frame)) if rows is None else [int(r) - 2 for r in rows]
    for i, rec in zip(offsets, frame.to_dict("records")):
        values = {k: rec[c] for k, c in cols.items()}
        name = _layer_name(rec[name_col], f'{label}, row {i + 2}, column "{name_col}"')
        directed = parse_bool(values.get("directed"))
        if directed is None:
            raise SchemaError(f'{label}, row {i + 2}, column "directed": '
                              f"expected true or false, got {values.get('directed')!r}")
        weighted = parse_bool(values.get("weighted"), default=True)
        if weighted is None:
            raise SchemaError(f'{label}, row {i + 2}, column "weighted": '
                              f"expected true or false, got {values.get('weighted')!r}")
        desc = values.get("description", "")
        specs.append(LayerSpec(name, directed, weighted, "" if desc is None else str(desc),
                               _channel(values, name, f"{label}, row {i + 2}")))
    return _check_unique(specs, label, [f"row {i + 2}" for i in offsets])


def _check_unique(specs, label, places=None) -> tuple:
    """The specs, checked: reserved names refused, each name declared once.

    ``places`` (one per spec, e.g. ``"row 3"``) locates a duplicate's declarations;
    by default they are numbered as entries.
    """
    for s in specs:
        _layer_name(s.name, label)
    names = [s.name for s in specs]
    places = list(places) if places is not None else [f"entry {i + 1}" for i in range(len(specs))]
    dup = [n for i, n in enumerate(names) if n in names[:i]]
    if dup:
        where = [p for p, n in zip(places, names) if n == dup[0]]
        raise SchemaError(f"{label}: layer {dup[0]!r} is declared {len(where)} times "
                          f"({', '.join(where)}); declare each layer once")
    if not specs:
        raise SchemaError(f"{label}: no layers declared")
    return tuple(specs)


def read_layer_file(path) -> tuple:
    """Read layer declarations from a CSV, TOML or YAML file.

    Returns
    -------
    tuple of LayerSpec

    Raises
    ------
    SchemaError
        Unreadable file or incomplete declaration.
    """
    path = Path(path)
    if not path.is_file():
        raise SchemaError(f"{path}: no such layer file")
    suffix = path.suffix.lower()
    text, _ = decode_bytes(path.read_bytes(), path.name)
    if suffix == ".toml":
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise SchemaError(f"{path.name}: invalid TOML ({exc})") from None
        return _specs_from_doc(doc, path.name)
    if suffix in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise SchemaError(f"{path.name}: reading YAML needs PyYAML (pip install pyyaml); "
                              "or write the layers as layers.csv or layers.toml") from None
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SchemaError(f"{path.name}: invalid YAML ({exc})") from None
        return _specs_from_doc(doc, path.name)
    table = read_table(path)
    if table.frame.shape[1] == 0:
        raise SchemaError(f"{path.name}: the layer file is empty; write a header "
                          "layer,directed,weighted,description and one row per layer")
    return _specs_from_frame(table.frame, path.name, table.rows)


def _specs_from_doc(doc, label) -> tuple:
    if not isinstance(doc, dict):
        raise SchemaError(f"{label}: expected a [layers] table")
    layers = doc.get("layers", doc)
    if isinstance(layers, list):
        bad = [i for i, d in enumerate(layers) if not isinstance(d, dict)]
        if bad:
            raise SchemaError(f"{label}: layer entry {bad[0] + 1} is {layers[bad[0]]!r}; each entry "
                              "must be a table with name and directed (e.g. [[layers]] name = "
                              '"procurement" directed = true)')
        return _check_unique([_spec_from_mapping(d.get("name", d.get("layer")), d, label)
                              for d in layers], label)
    if not isinstance(layers, dict):
        raise SchemaError(f"{label}: expected a [layers] table")
    return _check_unique([_spec_from_mapping(k, v, label) for k, v in layers.items()], label)


def parse_layer_option(text: str) -> LayerSpec:
    """Parse a CLI layer declaration ``NAME:directed|undirected[:weighted|unweighted]``.

    Examples
    --------
    >>> from netclust.io.layers import parse_layer_option
    >>> parse_layer_option("channel:directed:unweighted")
    LayerSpec(name='channel', directed=True, weighted=False, description='', channel=None)
    """
    parts = [p.strip() for p in text.split(":")]
    if len(parts) not in (2, 3) or not parts[0]:
        raise SchemaError(f"layer declaration {text!r}: use NAME:directed or NAME:undirected "
                          "(optionally :weighted / :unweighted)")
    direction = {"directed": True, "undirected": False}.get(parts[1].lower())
    if direction is None:
        raise SchemaError(f"layer declaration {text!r}: second part must be directed or undirected")
    weighted = True
    if len(parts) == 3:
        weighted = {"weighted": True, "unweighted": False}.get(parts[2].lower())
        if weighted is None:
            raise SchemaError(f"layer declaration {text!r}: third part must be weighted or unweighted")
    return LayerSpec(parts[0], direction, weighted, "", default_channel(parts[0]))


def parse_layers(layers=None, *, path: Path | None = None, frame: pd.DataFrame | None = None) -> tuple:
    """Normalise any layer declaration into a tuple of :class:`LayerSpec`.

    Parameters
    ----------
    layers : None, path, sequence of LayerSpec / dict / "name:directed" strings, or dict
        Explicit declaration (wins over files found next to the data).
    path : Path, optional
        Layer file found in the input folder.
    frame : DataFrame, optional
        Layers sheet found in an XLSX workbook.

    Returns
    -------
    tuple of LayerSpec
        The defaults when nothing is declared.

    Examples
    --------
    >>> from netclust.io.layers import parse_layers
    >>> [s.name for s in parse_layers([{"name": "a", "directed": False}, "b:directed"])]
    ['a', 'b']
    """
    if layers is None:
        if path is not None:
            return read_layer_file(path)
        if frame is not None:
            return _specs_from_frame(frame, frame.attrs.get("label", "layers sheet"),
                                     frame.attrs.get("rows"))
        return DEFAULT_LAYERS
    if isinstance(layers, (str, Path)) and Path(layers).suffix.lower() in (".csv", ".toml", ".yaml", ".yml"):
        return read_layer_file(layers)
    if isinstance(layers, pd.DataFrame):
        return _specs_from_frame(layers, "layers DataFrame")
    if isinstance(layers, dict):
        return _check_unique([_spec_from_mapping(k, v, "layers") for k, v in layers.items()], "layers")
    if isinstance(layers, (str, LayerSpec)):
        layers = [layers]
    if not isinstance(layers, (list, tuple)):
        raise SchemaError(f"layers must be a list of layer declarations, a dict, a DataFrame or a "
                          f"layer file, not {type(layers).__name__}")
    specs = []
    for item in layers:
        if isinstance(item, LayerSpec):
            specs.append(item)
        elif isinstance(item, str):
            specs.append(parse_layer_option(item))
        elif isinstance(item, dict):
            specs.append(_spec_from_mapping(item.get("name", item.get("layer")), item, "layers"))
        else:
            raise SchemaError(f"cannot read a layer declaration from {item!r}")
    return _check_unique(specs, "layers", [repr(item) if isinstance(item, str) else f"entry {i + 1}"
                                           for i, item in enumerate(layers)])
