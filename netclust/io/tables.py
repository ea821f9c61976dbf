"""Reading firm, link and layer tables from files, folders and DataFrames.

Supported inputs
----------------
* CSV/TSV files. Encoding detected in this order: UTF-8 with BOM, UTF-8,
  GB18030 (a superset of GBK and GB2312, what Chinese Excel exports); or forced
  with ``encoding=``.
* Parquet files.
* One XLSX workbook with sheets ``firms`` and ``links`` (and optionally ``layers``).
* A folder holding ``firms.*`` + ``links.*`` (or ``nodes.*`` + ``edges.*``), plus an
  optional layer declaration ``layers.csv`` / ``layers.toml`` / ``layers.yaml``.
* pandas DataFrames.

Cells are read as text (``dtype=str``) so identifiers such as ``007`` keep their
leading zeros; numbers and dates are parsed later by :mod:`netclust.io.checks`,
which can then say exactly which cell was bad.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from netclust.errors import SchemaError

__all__ = ["RawTable", "RawInputs", "read_table", "read_inputs", "decode_bytes"]

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
    """

    frame: pd.DataFrame
    label: str
    rows: np.ndarray
    path: Path | None = None
    sha256: str | None = None
    encoding: str | None = None

    def provenance(self) -> dict:
        """Plain-dict description for reports."""
        return {"table": self.label, "path": str(self.path) if self.path else None,
                "sha256": self.sha256, "encoding": self.encoding, "records": int(len(self.frame))}


@dataclass
class RawInputs:
    """Firm, link and layer inputs found for one read."""

    links: RawTable
    firms: RawTable | None = None
    layers_path: Path | None = None
    layers_frame: pd.DataFrame | None = None
    extra: dict = field(default_factory=dict)


def decode_bytes(data: bytes, label: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode file bytes, detecting UTF-8 (with or without BOM) or GB18030.

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
        The bytes are valid in none of the encodings; the message names the line and
        byte offset of the first bad byte.

    Examples
    --------
    >>> from netclust.io.tables import decode_bytes
    >>> decode_bytes("企业".encode("gb18030"), "f.csv")
    ('企业', 'gb18030')
    >>> decode_bytes(b"\\xef\\xbb\\xbfid", "f.csv")
    ('id', 'utf-8-sig')
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise SchemaError(f"unknown text encoding {encoding!r} (try utf-8 or gb18030)") from None
        except UnicodeDecodeError as exc:
            raise SchemaError(_decode_message(data, label, exc, [encoding])) from None
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "gb18030"]
    first_exc = None
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            first_exc = first_exc or exc
    raise SchemaError(_decode_message(data, label, first_exc, candidates))


def _decode_message(data, label, exc, tried) -> str:
    pos = getattr(exc, "start", 0)
    line = data.count(b"\n", 0, pos) + 1
    return (f"{label}: cannot decode the file as text (tried {', '.join(tried)}): "
            f"undecodable byte 0x{data[pos]:02x} at line {line}, byte {pos}. "
            "Save it as UTF-8 or GB18030/GBK CSV, or pass --encoding.")


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


def read_table(path, *, encoding: str | None = None, sheet: str | None = None) -> RawTable:
    """Read one CSV/TSV, Parquet or XLSX table.

    Parameters
    ----------
    path : str or Path
    encoding : str, optional
        Text encoding of CSV files (default: detect).
    sheet : str, optional
        Sheet name for XLSX files (default: the first sheet).

    Returns
    -------
    RawTable

    Raises
    ------
    SchemaError
        Unreadable file (missing, undecodable, malformed, unknown suffix).
    """
    path = Path(path)
    if not path.is_file():
        raise SchemaError(f"{path}: no such file")
    suffix = path.suffix.lower()
    data = path.read_bytes()
    label = path.name
    if not data.strip():
        return RawTable(pd.DataFrame(), label, np.zeros(0, np.int64), path, _sha256(data), None)
    if suffix in (".csv", ".tsv", ".txt"):
        text, enc = decode_bytes(data, label, encoding)
        sep = "\t" if suffix == ".tsv" else _delimiter(text)
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                                sep=sep, skipinitialspace=True)
        except (pd.errors.ParserError, ValueError) as exc:
            raise SchemaError(f"{label}: not a readable CSV table ({exc})") from None
        frame.columns = [str(c).strip() for c in frame.columns]
        return RawTable(frame, label, _rows_for(frame), path, _sha256(data), enc)
    if suffix in (".parquet", ".pq"):
        try:
            frame = pd.read_parquet(io.BytesIO(data))
        except Exception as exc:  # pyarrow raises many types for corrupt files
            raise SchemaError(f"{label}: not a readable Parquet file ({exc})") from None
        return RawTable(frame, label, _rows_for(frame), path, _sha256(data), None)
    if suffix in (".xlsx", ".xlsm"):
        frame = _read_sheet(data, label, sheet)
        return RawTable(frame, f"{label}[{sheet}]" if sheet else label, _rows_for(frame), path,
                        _sha256(data), None)
    raise SchemaError(f"{label}: unsupported file type {suffix!r}; use CSV, Parquet or XLSX")


def _read_sheet(data: bytes, label: str, sheet: str | None) -> pd.DataFrame:
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=sheet or 0, dtype=str,
                              keep_default_na=False, engine="openpyxl")
    except ValueError as exc:
        raise SchemaError(f"{label}: {exc}") from None
    except Exception as exc:  # zipfile.BadZipFile, openpyxl errors
        raise SchemaError(f"{label}: not a readable XLSX workbook ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _frame_table(frame: pd.DataFrame, what: str) -> RawTable:
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"{what} must be a pandas DataFrame or a file path, not {type(frame).__name__}")
    frame = frame.reset_index(drop=frame.index.name is None and not isinstance(frame.index, pd.MultiIndex))
    return RawTable(frame, f"<{what} DataFrame>", np.arange(len(frame), dtype=np.int64))


def _find(folder: Path, stems, suffixes) -> Path | None:
    found = [p for p in sorted(folder.iterdir())
             if p.is_file() and p.stem.lower() in stems and p.suffix.lower() in suffixes]
    if not found:
        return None
    found.sort(key=lambda p: (stems.index(p.stem.lower()), suffixes.index(p.suffix.lower())))
    return found[0]


def read_inputs(path=None, *, firms=None, links=None, encoding: str | None = None) -> RawInputs:
    """Locate and read the firm, link and layer tables of one input.

    Parameters
    ----------
    path : str or Path, optional
        A folder (``firms.*``/``nodes.*``, ``links.*``/``edges.*``, optional
        ``layers.*``), an XLSX workbook with sheets ``firms`` and ``links``, or a
        single links file.
    firms, links : str, Path or DataFrame, optional
        Tables given separately (override what ``path`` provides).
    encoding : str, optional
        Force the text encoding of CSV files.

    Returns
    -------
    RawInputs

    Raises
    ------
    SchemaError
        Nothing to read, or a file cannot be read.
    """
    for what, value in (("path", path), ("firms", firms), ("links", links)):
        if value is not None and not isinstance(value, (str, Path, pd.DataFrame)):
            raise SchemaError(f"{what} must be a file or folder path or a pandas DataFrame, "
                              f"not {type(value).__name__}")
    if isinstance(path, pd.DataFrame):
        raise SchemaError("path must be a file or folder; pass tables as firms=... and links=...")
    firms_tab = links_tab = None
    layers_path = None
    layers_frame = None
    if path is not None:
        p = Path(path)
        if p.is_dir():
            fp = _find(p, _FIRM_STEMS, _TABLE_SUFFIXES)
            lp = _find(p, _LINK_STEMS, _TABLE_SUFFIXES)
            if lp is None and links is None:
                raise SchemaError(f"{p}: no links table found (expected links.csv, edges.csv, "
                                  "links.parquet or links.xlsx in the folder)")
            firms_tab = read_table(fp, encoding=encoding) if fp is not None else None
            links_tab = read_table(lp, encoding=encoding) if lp is not None else None
            layers_path = _find(p, _LAYER_STEMS, _LAYER_SUFFIXES)
        elif p.suffix.lower() in (".xlsx", ".xlsm") and p.is_file():
            data = p.read_bytes()
            try:
                sheets = pd.ExcelFile(io.BytesIO(data), engine="openpyxl").sheet_names
            except Exception as exc:
                raise SchemaError(f"{p.name}: not a readable XLSX workbook ({exc})") from None
            lower = {s.lower(): s for s in sheets}
            link_sheet = next((lower[s] for s in _LINK_STEMS if s in lower), None)
            if link_sheet is None:
                raise SchemaError(f"{p.name}: the workbook needs a sheet named 'links' "
                                  f"(found sheets: {', '.join(sheets)})")
            firm_sheet = next((lower[s] for s in _FIRM_STEMS if s in lower), None)
            digest = _sha256(data)
            lf = _read_sheet(data, p.name, link_sheet)
            links_tab = RawTable(lf, f"{p.name}[{link_sheet}]", _rows_for(lf), p, digest)
            if firm_sheet is not None:
                ff = _read_sheet(data, p.name, firm_sheet)
                firms_tab = RawTable(ff, f"{p.name}[{firm_sheet}]", _rows_for(ff), p, digest)
            if "layers" in lower:
                layers_frame = _read_sheet(data, p.name, lower["layers"])
        elif p.is_file():
            links_tab = read_table(p, encoding=encoding)
        else:
            raise SchemaError(f"{p}: no such file or folder")
    if firms is not None:
        firms_tab = (_frame_table(firms, "firms") if isinstance(firms, pd.DataFrame)
                     else read_table(firms, encoding=encoding))
    if links is not None:
        links_tab = (_frame_table(links, "links") if isinstance(links, pd.DataFrame)
                     else read_table(links, encoding=encoding))
    if links_tab is None:
        raise SchemaError("no links table given: pass a folder, a file, or links=")
    return RawInputs(links=links_tab, firms=firms_tab, layers_path=layers_path,
                     layers_frame=layers_frame)
