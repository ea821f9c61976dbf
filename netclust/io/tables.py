"""Reading firm, link and layer tables from files, folders and DataFrames.

Supported inputs
----------------
* CSV/TSV files. Encoding detected in this order: UTF-8 with BOM, UTF-8,
  GB18030 (a superset of GBK and GB2312, what Chinese Excel exports); or forced
  with ``encoding=``.
* Parquet files.
* One XLSX workbook with sheets ``firms`` and ``links`` (and optionally ``layers``), or
  the sheets chosen by name or 1-based position (``sheets={"firms": "企业名录"}``); a
  sheet chosen for a *layer* (``sheets={"logistics": "物流"}``) is that layer's links.
* A folder holding ``firms.*`` + ``links.*`` (or ``nodes.*`` + ``edges.*``), plus an
  optional layer declaration ``layers.csv`` / ``layers.toml`` / ``layers.yaml``.
* Several links tables (``links=[...]`` or ``{layer: table}``): combined, each
  validated with its own file name and rows, never silently replaced.
* pandas DataFrames.

Excel lock files (``~$data.xlsx``) and macOS metadata files (``._data.xlsx``) are
refused by name. Reading never lets a library warning through (openpyxl's style
warnings are silenced where the workbook is opened).

Cells are read as text (``dtype=str``) so identifiers such as ``007`` keep their
leading zeros; numbers and dates are parsed later by :mod:`netclust.io.checks`,
which can then say exactly which cell was bad.

Ambiguous inputs (policy)
-------------------------
* **Row numbers** are what the user sees: in CSV the physical line number of the
  record in the file (header on line 1; a record whose quoted cell spans lines is
  numbered by its first line); in XLSX the sheet's row number; in Parquet the
  header counts as row 1 (first record = row 2); in DataFrames the 0-based position.
* **Blank rows** (blank lines, rows whose cells are all empty such as ``,,,``) are
  skipped without shifting the numbers of the rows after them. Leading blank rows
  are skipped too: the first non-blank row is the header.
* **Duplicated headers**, including names equal after stripping spaces
  (``firm_id`` and ``firm_id ``), are an error naming both columns; they are never
  silently renamed or dropped.
* **Undeclared encodings**: see :func:`decode_bytes` (UTF-8, then GB18030; bytes
  that read as Latin text and give rare GB18030 characters are an error asking for
  ``--encoding``).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from netclust.errors import SchemaError
from netclust.i18n import gettext as _

__all__ = ["RawTable", "RawInputs", "read_table", "read_inputs", "decode_bytes",
           "check_not_lock_file", "records_table"]

_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".pq", ".xlsx", ".xlsm")
_FIRM_STEMS = ("firms", "nodes", "firm", "node", "vertices")
_LINK_STEMS = ("links", "edges", "link", "edge", "transactions")
_LAYER_STEMS = ("layers",)
_LAYER_SUFFIXES = (".csv", ".toml", ".yaml", ".yml")


@dataclass
class RawTable:
    """A table as read, before validation.

    Attributes
    ----------
    frame : pandas.DataFrame
        The cells, as text for CSV/XLSX input.
    label : str
        How messages name it (file name, or ``<links DataFrame>``).
    rows : numpy.ndarray
        Row number of each record as the user sees it (spreadsheet numbering:
        header = 1, first record = 2; 0-based position for DataFrames).
    path : Path or None
    sha256 : str or None
        Hash of the file's bytes (provenance).
    encoding : str or None
        Detected or given text encoding.
    layer : str or None
        For a links table that *is* one layer (``--links logistics=物流.csv``,
        ``--sheet logistics=物流``): that layer; its rows need no layer column.
    """

    frame: pd.DataFrame
    label: str
    rows: np.ndarray
    path: Path | None = None
    sha256: str | None = None
    encoding: str | None = None
    layer: str | None = None
    records: str | None = None

    def provenance(self) -> dict:
        """Plain-dict description for reports."""
        return {"table": self.label, "path": str(self.path) if self.path else None,
                "sha256": self.sha256, "encoding": self.encoding, "records": int(len(self.frame))}


@dataclass
class RawInputs:
    """Firm, link and layer inputs found for one read.

    ``links`` lists every links table (several files or sheets are combined, each
    validated with its own file name and row numbers); ``notes`` are infos about how
    the inputs were found (mapping file used, sheets chosen, overrides).
    """

    links: list = field(default_factory=list)
    firms: RawTable | None = None
    layers_path: Path | None = None
    layers_frame: pd.DataFrame | None = None
    notes: list = field(default_factory=list)


def decode_bytes(data: bytes, label: str, encoding: str | None = None) -> tuple[str, str]:
    r"""Decode file bytes, detecting UTF-8 (with or without BOM) or GB18030.

    Encoding policy (undeclared encodings)
    --------------------------------------
    1. A UTF-8 byte-order mark: UTF-8.
    2. Valid UTF-8: UTF-8.
    3. Otherwise GB18030 (a superset of GBK and GB2312, what Chinese Excel writes),
       accepted silently when every non-ASCII character it gives is a common
       simplified-Chinese character (the GB2312 set).
    4. GB18030 that gives rarer characters *from bytes that read as Latin text*
       (every non-ASCII character of the Windows-1252/Latin-1 reading is a Latin
       letter, e.g. ``Müller`` which GB18030 reads as ``M黮ler``) is ambiguous: an
       **error** naming the line and both readings; pass ``encoding="latin-1"``
       (``--encoding latin-1``) or ``encoding="gb18030"`` to say which.
    5. Bytes valid in none of these: an error naming the line and the first bad byte.

    A declared encoding is used as given; bytes invalid in it are an error naming
    the line and byte.

    Parameters
    ----------
    data : bytes
    label : str
        File name for messages.
    encoding : str, optional
        Force this encoding.

    Returns
    -------
    (text, encoding)

    Raises
    ------
    SchemaError
        The bytes are valid in none of the encodings, or ambiguous (rule 4); the
        message names the line.

    Examples
    --------
    >>> from netclust.io.tables import decode_bytes
    >>> decode_bytes("企业".encode("gb18030"), "f.csv")
    ('企业', 'gb18030')
    >>> decode_bytes(b"\xef\xbb\xbfid", "f.csv")
    ('id', 'utf-8-sig')
    >>> decode_bytes("Müller".encode("latin-1"), "f.csv", "latin-1")
    ('Müller', 'latin-1')
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise SchemaError(_("unknown text encoding {encoding!r} (try utf-8 or gb18030)").format(
                encoding=encoding)) from None
        except UnicodeDecodeError as exc:
            raise SchemaError(_decode_message(data, label, exc, [encoding])) from None
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "gb18030"]
    first_exc = None
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            first_exc = first_exc or exc
            continue
        if enc == "gb18030":
            _check_not_latin(data, text, label)
        return text, enc
    raise SchemaError(_decode_message(data, label, first_exc, candidates))


def _latin_reading(data: bytes) -> str | None:
    """The Windows-1252 (else Latin-1) reading of ``data`` when it looks like Latin text."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    high = {c for c in text if ord(c) > 127}
    if high and all(c.isalpha() and ord(c) < 0x250 for c in high):
        return text
    return None


def _check_not_latin(data: bytes, text: str, label: str) -> None:
    """Refuse a GB18030 reading with rare characters when the bytes read as Latin text."""
    rare = [c for c in {c for c in text if ord(c) > 127} if not _in_gb2312(c)]
    if not rare:
        return
    latin = _latin_reading(data)
    if latin is None:
        return
    lines, latin_lines = text.split("\n"), latin.split("\n")
    first = min(text.index(c) for c in rare)
    line = text.count("\n", 0, first)
    shown_gb = lines[line].strip()[:60]
    shown_latin = latin_lines[line].strip()[:60] if line < len(latin_lines) else ""
    raise SchemaError(_(
        "{file}, line {line}: the text encoding is ambiguous: read as GB18030 it says {gb!r}, read "
        "as Latin-1/Windows-1252 {latin!r}. Pass --encoding latin-1 (encoding='latin-1') or "
        "--encoding gb18030, or save the file as UTF-8.").format(
            file=label, line=line + 1, gb=shown_gb, latin=shown_latin))


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _decode_message(data, label, exc, tried) -> str:
    pos = getattr(exc, "start", 0)
    line = data.count(b"\n", 0, pos) + 1
    msg = _("{file}, line {line}: cannot decode the file as text (tried {tried}): undecodable "
            "byte {byte} at byte {position}.").format(file=label, line=line, tried=", ".join(tried),
                                                      byte=f"0x{data[pos]:02x}", position=pos)
    latin = _latin_reading(data) if "latin-1" not in tried else None
    if latin is not None:
        shown = latin.split("\n")[line - 1].strip()[:60]
        return msg + " " + _("Read as Latin-1/Windows-1252 the line says {text!r}: if that is right, "
                             "pass --encoding latin-1 (encoding='latin-1'), or save the file as "
                             "UTF-8.").format(text=shown)
    return msg + " " + _("Save it as UTF-8 or GB18030/GBK CSV, or pass --encoding.")


def _delimiter(text: str) -> str:
    """Guess the delimiter from the header line: comma unless tabs or semicolons dominate."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _rows_for(frame: pd.DataFrame, first: int = 2) -> np.ndarray:
    return np.arange(first, first + len(frame), dtype=np.int64)


def check_header(columns, label: str) -> list:
    """Header names stripped of spaces; a name given twice is an error naming both columns.

    Blank header cells are named ``Unnamed: <position>`` (0-based), as pandas does.

    Parameters
    ----------
    columns : sequence
        Header cells as read.
    label : str
        Table name for messages.

    Returns
    -------
    list of str

    Raises
    ------
    SchemaError
        Two columns have the same name after stripping spaces.

    Examples
    --------
    >>> from netclust.io.tables import check_header
    >>> check_header(["firm_id", " name", ""], "f.csv")
    ['firm_id', 'name', 'Unnamed: 2']
    >>> check_header(["firm_id", "name", "firm_id "], "f.csv")
    Traceback (most recent call last):
    ...
    netclust.errors.SchemaError: f.csv, row 1: columns 1 and 3 are both named "firm_id" (header cells 'firm_id' and 'firm_id '); rename or delete one
    """
    names = [str(c).strip() for c in columns]
    names = [n if n else f"Unnamed: {i}" for i, n in enumerate(names)]
    seen: dict[str, int] = {}
    for i, n in enumerate(names):  # loop over header cells
        if n in seen:
            j = seen[n]
            raise SchemaError(_('{file}, row 1: columns {first} and {second} are both named "{name}" '
                                "(header cells {cell1!r} and {cell2!r}); rename or delete one").format(
                file=label, first=j + 1, second=i + 1, name=n, cell1=str(columns[j]),
                cell2=str(columns[i])))
        seen[n] = i
    return names


def _grid_table(grid: pd.DataFrame, lines: np.ndarray, label: str, path, digest, enc) -> RawTable:
    """Turn a headerless grid of text cells into a RawTable.

    ``lines[i]`` is the row number the user sees for grid row ``i``. Rows whose cells
    are all empty are skipped without shifting the others' numbers; the first
    non-blank row is the header.
    """
    filled = ~grid.fillna("").isin(["", " "]).all(axis=1).to_numpy()
    maybe = np.flatnonzero(~filled)
    if len(maybe):  # rare: rows of blanks; strip spaces only there
        sub = grid.iloc[maybe].fillna("").astype(str)
        filled[maybe] = (sub.apply(lambda col: col.str.strip()) != "").any(axis=1).to_numpy()
    nonblank = np.flatnonzero(filled)
    if len(nonblank) == 0:
        return RawTable(pd.DataFrame(), label, np.zeros(0, np.int64), path, digest, enc)
    head = nonblank[0]
    where = label if lines[head] == 1 else _("{file} (header on row {row})").format(
        file=label, row=lines[head])
    cols = check_header([str(c) for c in grid.iloc[head].tolist()], where)
    body = nonblank[1:]
    frame = grid.iloc[body].reset_index(drop=True)
    frame.columns = cols
    return RawTable(frame, label, np.asarray(lines, dtype=np.int64)[body], path, digest, enc)


def _csv_lines(grid: pd.DataFrame, first_line: int, quoted: bool = True) -> np.ndarray:
    """Physical line number of each CSV record (quoted cells may hold newlines)."""
    inner = np.zeros(len(grid), dtype=np.int64)
    for c in (grid.columns if quoted else ()):  # loop over columns, vectorised over rows
        inner += grid[c].fillna("").astype(str).str.count("\n").to_numpy(dtype=np.int64)
    before = np.concatenate([[0], np.cumsum(inner)[:-1]]).astype(np.int64)
    return first_line + np.arange(len(grid), dtype=np.int64) + before[: len(grid)]


def _read_csv(data: bytes, label: str, suffix: str, encoding, path) -> RawTable:
    text, enc = decode_bytes(data, label, encoding)
    stripped = text.lstrip("\r\n\t ")
    lead = text[: len(text) - len(stripped)].count("\n")
    sep = "\t" if suffix == ".tsv" else _delimiter(stripped)
    try:
        grid = pd.read_csv(io.StringIO(stripped), dtype=str, keep_default_na=False, header=None,
                           sep=sep, skipinitialspace=True, skip_blank_lines=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise SchemaError(_("{file}: not a readable CSV table ({reason})").format(
            file=label, reason=exc)) from None
    lines = _csv_lines(grid, lead + 1, quoted='"' in stripped)
    return _grid_table(grid, lines, label, path, _sha256(data), enc)


def _read_parquet(data: bytes, label: str, path) -> RawTable:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise SchemaError(_("{file}: not a readable Parquet file ({reason})").format(
            file=label, reason=exc)) from None
    frame.columns = check_header(list(frame.columns), label)
    return RawTable(frame, label, _rows_for(frame), path, _sha256(data), None)


def read_table(path, *, encoding: str | None = None, sheet: str | None = None) -> RawTable:
    r"""Read one CSV/TSV, Parquet or XLSX table.

    Parameters
    ----------
    path : str or Path
    encoding : str, optional
        Text encoding of CSV files (default: detect, see :func:`decode_bytes`).
    sheet : str, optional
        Sheet name for XLSX files (default: the first sheet).

    Returns
    -------
    RawTable

    Raises
    ------
    SchemaError
        Unreadable file (missing, undecodable, malformed, duplicated header,
        unknown suffix).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netclust.io.tables import read_table
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "firms.csv"
    >>> _ = p.write_text("firm_id,name\nF1,a\n\nF2,b\n")
    >>> read_table(p).rows.tolist()
    [2, 4]
    """
    path = Path(path)
    check_not_lock_file(path)
    if not path.is_file():
        raise SchemaError(_("{file}: no such file").format(file=path))
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SchemaError(_("{file}: cannot read ({reason})").format(
            file=path, reason=exc.strerror or exc)) from None
    label = path.name
    if not data.strip():
        return RawTable(pd.DataFrame(), label, np.zeros(0, np.int64), path, _sha256(data), None)
    if suffix in (".csv", ".tsv", ".txt"):
        return _read_csv(data, label, suffix, encoding, path)
    if suffix in (".parquet", ".pq"):
        return _read_parquet(data, label, path)
    if suffix in (".xlsx", ".xlsm"):
        if sheet is not None:
            sheet = _resolve_sheet(_sheet_names(data, label), sheet, "table", label)
        return _read_sheet(data, f"{label}[{sheet}]" if sheet else label, sheet, path,
                           _sha256(data))
    hidden = _(" (a hidden file)") if label.startswith(".") else ""
    raise SchemaError(_("{file}: unsupported file type {suffix!r}; use CSV, Parquet or XLSX").format(
        file=label + hidden, suffix=suffix))


def check_not_lock_file(path) -> None:
    """Refuse an Excel lock file (``~$data.xlsx``) or a macOS metadata file (``._data.xlsx``).

    Raises
    ------
    SchemaError
        Naming the file for what it is, and the file meant.

    Examples
    --------
    >>> from netclust.io.tables import check_not_lock_file
    >>> check_not_lock_file("data/~$数据.xlsx")
    Traceback (most recent call last):
    ...
    netclust.errors.SchemaError: ~$数据.xlsx is an Excel lock file (Excel writes it while 数据.xlsx is open); close Excel or point at 数据.xlsx
    """
    name = Path(path).name
    if name.startswith("~$"):
        real = name[2:]
        raise SchemaError(_("{file} is an Excel lock file (Excel writes it while {real} is open); "
                            "close Excel or point at {real}").format(file=name, real=real))
    if name.startswith("._"):
        raise SchemaError(_("{file} is a hidden macOS metadata file, not data; point at {real}")
                          .format(file=name, real=name[2:]))


def _sheet_names(data: bytes, label: str) -> list:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl style warnings never reach the user
            return pd.ExcelFile(io.BytesIO(data), engine="openpyxl").sheet_names
    except Exception as exc:  # zipfile.BadZipFile, openpyxl errors
        hidden = _(" (a hidden file)") if label.startswith(".") else ""
        raise SchemaError(_("{file}: not a readable XLSX workbook ({reason})").format(
            file=label + hidden, reason=exc)) from None


def _resolve_sheet(names: list, wanted, what: str, label: str) -> str:
    """A sheet chosen by name, or by position counted from 1 (``2`` or ``"2"``)."""
    if isinstance(wanted, str) and wanted in names:
        return wanted
    if isinstance(wanted, str) and wanted.strip() in names:
        return wanted.strip()
    pos = wanted if isinstance(wanted, int) else (int(wanted) if str(wanted).strip().isdigit()
                                                  else None)
    if pos is not None and 1 <= pos <= len(names):
        return names[pos - 1]
    where = (_("position {position} (the workbook has {n})").format(position=pos, n=len(names))
             if pos is not None else _("no sheet named {name!r}").format(name=wanted))
    raise SchemaError(_("{file}: sheet for {what}: {where}; sheets are: {sheets}").format(
        file=label, what=what, where=where,
        sheets=", ".join(f"{i + 1}={n}" for i, n in enumerate(names))))


def _read_sheet(data: bytes, label: str, sheet, path=None, digest=None) -> RawTable:
    """Read one sheet; rows are the sheet's own row numbers (blank rows skipped)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl style warnings never reach the user
            grid = pd.read_excel(io.BytesIO(data), sheet_name=sheet or 0, dtype=str, header=None,
                                 keep_default_na=False, engine="openpyxl")
    except ValueError as exc:
        raise SchemaError(f"{label}: {exc}") from None
    except Exception as exc:  # zipfile.BadZipFile, openpyxl errors
        raise SchemaError(_("{file}: not a readable XLSX workbook ({reason})").format(
            file=label, reason=exc)) from None
    return _grid_table(grid, np.arange(1, len(grid) + 1, dtype=np.int64), label, path, digest, None)


def _frame_table(frame: pd.DataFrame, what: str) -> RawTable:
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"{what} must be a pandas DataFrame or a file path, not {type(frame).__name__}")
    frame = frame.reset_index(drop=frame.index.name is None and not isinstance(frame.index, pd.MultiIndex))
    label = f"<{what} DataFrame>"
    check_header(list(frame.columns), label)
    return RawTable(frame, label, np.arange(len(frame), dtype=np.int64))


def _find(folder: Path, stems, suffixes) -> Path | None:
    found = [p for p in sorted(folder.iterdir())
             if p.is_file() and p.stem.lower() in stems and p.suffix.lower() in suffixes
             and not p.name.startswith(".")]
    if not found:
        return None
    found.sort(key=lambda p: (stems.index(p.stem.lower()), suffixes.index(p.suffix.lower())))
    return found[0]


def records_table(path) -> RawTable:
    """A links input left unread: the records engine aggregates it later (``RawTable.records``).

    Examples
    --------
    >>> from netclust.io.tables import records_table
    >>> records_table("orders/*.parquet").records
    'orders/*.parquet'
    """
    return RawTable(pd.DataFrame(), Path(str(path)).name or str(path), np.empty(0, dtype=np.int64),
                    path=Path(str(path)), records=str(path))


def _links_table(path, encoding, records) -> RawTable:
    return records_table(path) if records is not None and records(path) else read_table(path, encoding=encoding)


def _read_folder(p: Path, given_links: bool, encoding, records=None) -> RawInputs:
    fp = _find(p, _FIRM_STEMS, _TABLE_SUFFIXES)
    lp = _find(p, _LINK_STEMS, _TABLE_SUFFIXES)
    if lp is None and fp is None and records is not None and records(p):  # partitioned records folder
        return RawInputs(links=[records_table(p)], layers_path=_find(p, _LAYER_STEMS, _LAYER_SUFFIXES))
    if lp is None and not given_links:
        raise SchemaError(_("{folder}: no links table found (expected links.csv, edges.csv, "
                            "links.parquet or links.xlsx in the folder, or give --links "
                            "FILE / --links LAYER=FILE, or [files] in netclust.toml)").format(folder=p))
    return RawInputs(links=[_links_table(lp, encoding, records)] if lp is not None else [],
                     firms=read_table(fp, encoding=encoding) if fp is not None else None,
                     layers_path=_find(p, _LAYER_STEMS, _LAYER_SUFFIXES))


def _workbook_choice(names: list, sheets: dict, label: str) -> dict:
    """Table/layer -> sheet name: the chosen sheets, else the conventional names."""
    lower = {s.lower(): s for s in names}
    chosen = {key: _resolve_sheet(names, value, key, label) for key, value in sheets.items()}
    for key, stems in (("firms", _FIRM_STEMS), ("links", _LINK_STEMS), ("layers", _LAYER_STEMS)):
        if key not in chosen:
            hit = next((lower[s] for s in stems if s in lower), None)
            if hit is not None and hit not in chosen.values():
                chosen[key] = hit
    return chosen


def _read_workbook(p: Path, sheets: dict, given_links: bool) -> RawInputs:
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SchemaError(_("{file}: cannot read ({reason})").format(
            file=p.name, reason=exc.strerror or exc)) from None
    names = _sheet_names(data, p.name)
    chosen = _workbook_choice(names, sheets or {}, p.name)
    layer_sheets = {k: v for k, v in chosen.items() if k not in ("firms", "links", "layers")}
    if "links" not in chosen and not layer_sheets and not given_links:
        raise SchemaError(_("{file}: which sheet holds the links? The workbook needs a sheet named "
                            "'links', or choose sheets with --sheet links=SHEET (a layer column "
                            "inside) or --sheet LAYER=SHEET per layer, or [sheets] in netclust.toml "
                            "(found sheets: {sheets})").format(file=p.name, sheets=", ".join(names)))
    digest = _sha256(data)
    inputs = RawInputs()
    if "links" in chosen:
        inputs.links.append(_read_sheet(data, f"{p.name}[{chosen['links']}]", chosen["links"],
                                        p, digest))
    for layer, sheet in layer_sheets.items():
        table = _read_sheet(data, f"{p.name}[{sheet}]", sheet, p, digest)
        table.layer = layer
        inputs.links.append(table)
    if "firms" in chosen:
        inputs.firms = _read_sheet(data, f"{p.name}[{chosen['firms']}]", chosen["firms"], p, digest)
    if "layers" in chosen:
        sheet = _read_sheet(data, f"{p.name}[{chosen['layers']}]", chosen["layers"])
        inputs.layers_frame = sheet.frame
        inputs.layers_frame.attrs.update(label=sheet.label, rows=sheet.rows.tolist())
    if sheets:
        inputs.notes.append(("sheets", p.name, _("sheets chosen: {sheets}").format(
            sheets=", ".join(f"{k} = {v}" for k, v in chosen.items()))))
    return inputs


def _read_path(path, given_links: bool, encoding, sheets, records=None) -> RawInputs:
    p = Path(path)
    check_not_lock_file(p)
    if not p.exists() and records is not None and records(path):  # a glob of record files
        return RawInputs(links=[records_table(path)])
    if p.is_dir():
        if sheets:
            raise SchemaError(_("{folder}: sheets ({sheets}) were chosen but PATH is a folder; "
                                "point at the workbook").format(folder=p, sheets=", ".join(sheets)))
        return _read_folder(p, given_links, encoding, records)
    if p.suffix.lower() in (".xlsx", ".xlsm") and p.is_file():
        return _read_workbook(p, sheets, given_links)
    if p.is_file():
        return RawInputs(links=[_links_table(p, encoding, records)])
    raise SchemaError(_("{path}: no such file or folder").format(path=p))


def _one_table(value, what: str, encoding, sheet=None) -> RawTable:
    if isinstance(value, pd.DataFrame):
        return _frame_table(value, what)
    return read_table(value, encoding=encoding, sheet=sheet)


def _link_sources(links) -> list:
    """``links`` as a list of (layer or None, source): a path, a DataFrame, a list, a dict."""
    if links is None:
        return []
    if isinstance(links, dict):
        out = []
        for layer, value in links.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            out.extend((None if layer in (None, "", "links") else str(layer), v) for v in values)
        return out
    if isinstance(links, (list, tuple)):
        return [(None, v) for v in links]
    return [(None, links)]


def read_inputs(path=None, *, firms=None, links=None, encoding: str | None = None,
                sheets: dict | None = None, records=None) -> RawInputs:
    """Locate and read the firm, link and layer tables of one input.

    Parameters
    ----------
    path : str or Path, optional
        A folder (``firms.*``/``nodes.*``, ``links.*``/``edges.*``, optional
        ``layers.*``), an XLSX workbook (sheets ``firms`` and ``links``, or those
        chosen by ``sheets``), or a single links file.
    firms : str, Path or DataFrame, optional
        The firms table given separately (overrides what ``path`` provides).
    links : str, Path, DataFrame, list or dict, optional
        Links tables given separately, added to those ``path`` provides: one table,
        a list of tables (combined), or ``{layer: table}`` where each table *is*
        that layer (no layer column needed).
    encoding : str, optional
        Force the text encoding of CSV files.
    sheets : dict, optional
        Workbook sheets by table (``firms``, ``links``, ``layers``) or by layer name:
        a sheet name, or a position counted from 1.
    records : callable, optional
        ``records(path) -> bool``: links files (or globs, partitioned folders) it
        accepts are not read here but left to the records engine
        (:func:`records_table`; see :func:`netclust.records.links.records_policy`).

    Returns
    -------
    RawInputs

    Raises
    ------
    SchemaError
        Nothing to read, or a file cannot be read (lock files named as such).

    Examples
    --------
    >>> import pandas as pd
    >>> from netclust.io.tables import read_inputs
    >>> inputs = read_inputs(links={"logistics": pd.DataFrame({"source": ["a"], "target": ["b"]})})
    >>> [(t.label, t.layer) for t in inputs.links], inputs.firms
    ([('<logistics links DataFrame>', 'logistics')], None)
    """
    sources = _link_sources(links)
    for what, value in [("path", path), ("firms", firms)] + [("links", v) for _layer, v in sources]:
        if value is not None and not isinstance(value, (str, Path, pd.DataFrame)):
            raise SchemaError(f"{what} must be a file or folder path or a pandas DataFrame, "
                              f"not {type(value).__name__}")
    if isinstance(path, pd.DataFrame):
        raise SchemaError("path must be a file or folder; pass tables as firms=... and links=...")
    sheets = dict(sheets or {})
    inputs = (_read_path(path, bool(sources), encoding, sheets, records) if path is not None
              else RawInputs())
    if firms is not None:
        inputs.firms = _one_table(firms, "firms", encoding)
    replaced = [t for t in inputs.links if t.layer is None]
    if replaced and any(layer is None for layer, _value in sources):
        inputs.links = [t for t in inputs.links if t.layer is not None]
        inputs.notes.append(("links_replaced", replaced[0].label, _(
            "the links table(s) given separately are read instead of {file}").format(
                file=replaced[0].label)))
    for layer, value in sources:
        if layer is None and isinstance(value, (str, Path)) and records is not None and records(value):
            inputs.links.append(records_table(value))
            continue
        table = _one_table(value, f"{layer} links" if layer else "links", encoding,
                           sheet=sheets.get(layer) if layer else None)
        table.layer = layer
        inputs.links.append(table)
    if not inputs.links:
        raise SchemaError(_("no links table given: pass a folder, a file, or links="))
    return inputs
