"""Finding record files, their format, delimiter and encoding; streamed GB18030 transcoding.

Both engines read the same expanded list of files, so they see the same records.
"""

from __future__ import annotations

import codecs
import glob
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from netclust import schema as S
from netclust.errors import InputError, SchemaError

__all__ = ["Sources", "find_sources", "transcode", "resolve_columns"]

_CSV = (".csv", ".tsv", ".txt")
_PARQUET = (".parquet", ".pq")
_CHUNK = 1 << 20
_SNIFF = 1 << 16


@dataclass
class Sources:
    """The record files of one aggregation.

    Attributes
    ----------
    fmt : {"csv", "parquet"}
    files : list of str
        Files (or remote URLs) to read, in sorted order.
    hive : bool
        Whether a folder with ``key=value`` sub-folders was given (Hive partitions).
    base : str or None
        The partitioned folder (Spark's ``basePath``).
    delimiter : str
        CSV field delimiter.
    labels : dict
        File actually read -> name shown to the user (transcoded copies map back).
    """

    fmt: str
    files: list
    hive: bool = False
    base: str | None = None
    delimiter: str = ","
    labels: dict = field(default_factory=dict)

    def label(self, path) -> str:
        """The user's name for a file read."""
        return self.labels.get(str(path), str(path))


def _expand(path) -> tuple[list, str | None]:
    text = str(path)
    if "://" in text:
        return [text], None
    if any(ch in text for ch in "*?["):
        return sorted(glob.glob(text, recursive=True)), None
    p = Path(text)
    if p.is_dir():
        found = sorted(str(f) for f in p.rglob("*") if f.is_file() and f.suffix.lower() in _CSV + _PARQUET)
        return found, str(p)
    if not p.exists():
        raise InputError(f"{text}: no such file or folder")
    return [text], None


def _format(files) -> str:
    kinds = {("parquet" if Path(f).suffix.lower() in _PARQUET else "csv") for f in files}
    if len(kinds) > 1:
        raise InputError("records mix CSV and Parquet files; aggregate each format separately")
    return kinds.pop()


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def _sniff(path: str, encoding: str | None) -> tuple[str, str]:
    """(encoding, header line) from the first bytes of a CSV file."""
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF)
    candidates = [encoding] if encoding else (["utf-8-sig"] if head.startswith(codecs.BOM_UTF8)
                                              else ["utf-8", "gb18030"])
    for enc in candidates:
        try:
            text = codecs.getincrementaldecoder(enc)().decode(head, final=False)
        except LookupError:
            raise InputError(f"unknown text encoding {enc!r} (try utf-8 or gb18030)") from None
        except UnicodeDecodeError:
            continue
        return enc, text.split("\n", 1)[0].rstrip("\r")
    raise SchemaError(f"{path}: cannot decode the file as text (tried {', '.join(candidates)}); "
                      "save it as UTF-8 or GB18030/GBK CSV, or pass --encoding")


def transcode(path: str, encoding: str, folder: str) -> str:
    """Copy a CSV file to UTF-8 in ``folder``, chunk by chunk (memory bounded by the chunk size).

    Line breaks are kept, so line numbers in the copy are those of the original.

    Raises
    ------
    SchemaError
        A byte sequence is invalid in ``encoding`` (the message gives line and byte).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from netclust.records.sources import transcode
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_bytes("source,target\\n狮岭,花都\\n".encode("gb18030"))
    >>> pathlib.Path(transcode(str(d / "a.csv"), "gb18030", str(d))).read_text(encoding="utf-8")
    'source,target\\n狮岭,花都\\n'
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    fd, out = tempfile.mkstemp(prefix="records-", suffix=".csv", dir=folder)
    offset, lines = 0, 1
    with open(path, "rb") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
        while True:
            chunk = src.read(_CHUNK)
            try:
                dst.write(decoder.decode(chunk, final=not chunk))
            except UnicodeDecodeError as exc:
                line = lines + chunk.count(b"\n", 0, max(exc.start, 0))
                raise SchemaError(f"{path}: cannot decode as {encoding}: bad byte at line {line}, "
                                  f"byte {offset + max(exc.start, 0)}; pass the right --encoding") from None
            if not chunk:
                break
            offset += len(chunk)
            lines += chunk.count(b"\n")
    return out


def find_sources(paths, *, encoding: str | None = None, workdir: str | None = None) -> Sources:
    """Expand paths (files, globs, Hive-partitioned folders) into one :class:`Sources`.

    CSV files that are not UTF-8 are transcoded (streamed) into ``workdir``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from netclust.records.sources import find_sources
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "r.csv").write_text("source;target\\nA;B\\n")
    >>> s = find_sources([d / "r.csv"])
    >>> s.fmt, s.delimiter, len(s.files)
    ('csv', ';', 1)
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files, bases = [], []
    for p in paths:
        found, base = _expand(p)
        if not found:
            raise InputError(f"{p}: no CSV or Parquet record files found")
        files += found
        bases += [base] if base else []
    fmt = _format(files)
    hive = any("=" in part for f in files for part in Path(f).parts[:-1])
    src = Sources(fmt, files, hive=hive, base=bases[0] if len(bases) == 1 else None)
    if fmt == "csv":
        _prepare_csv(src, encoding, workdir)
    return src


def _prepare_csv(src: Sources, encoding, workdir) -> None:
    delims, files = set(), []
    for f in src.files:
        if "://" in f:
            files.append(f)
            continue
        enc, header = _sniff(f, encoding)
        delims.add(_delimiter(header))
        if enc.replace("-sig", "").replace("_", "-").lower() not in ("utf-8", "utf8"):
            folder = workdir or tempfile.mkdtemp(prefix="netclust-records-")
            out = transcode(f, enc, folder)
            src.labels[out] = f
            f = out
        files.append(f)
    if len(delims) > 1:
        raise InputError("record CSV files use different delimiters; use one delimiter for all")
    src.files = files
    src.delimiter = delims.pop() if delims else ","


def _lookup(names, wanted) -> str | None:
    low = {n.lstrip("\ufeff").strip().lower(): n for n in names}
    return low.get(str(wanted).strip().lower())


def resolve_columns(names, mapping: dict | None = None, *, measures=()) -> dict:
    """Canonical column -> input column, from an explicit mapping, the name, or one alias.

    Raises
    ------
    SchemaError
        ``source`` or ``target`` cannot be found, or a mapped/measure column is missing.

    Examples
    --------
    >>> from netclust.records.sources import resolve_columns
    >>> resolve_columns(["seller", "buyer", "金额"], {"source": "seller"})
    {'source': 'seller', 'target': 'buyer', 'weight': '金额'}
    """
    mapping = dict(mapping or {})
    out = {}
    for canon in (S.SOURCE, S.TARGET, S.LAYER, S.WEIGHT, S.DATE):
        if canon in mapping:
            found = _lookup(names, mapping[canon])
            if found is None:
                raise SchemaError(f"column {mapping[canon]!r} (given for {canon}) is not in the records; "
                                  f"columns: {', '.join(map(str, names))}")
        else:
            found = _lookup(names, canon)
            if found is None:
                hits = [h for h in (_lookup(names, a) for a in S.ALIASES.get(canon, ())) if h]
                found = hits[0] if len(set(hits)) == 1 else None
        if found is not None and found not in out.values():
            out[canon] = found
    for canon in (S.SOURCE, S.TARGET):
        if canon not in out:
            raise SchemaError(f"records have no {canon} column (columns: {', '.join(map(str, names))}); "
                              f"map one with --{canon}-col or columns={{'{canon}': ...}}")
    for col in measures:
        if _lookup(names, col) is None:
            raise SchemaError(f"measure column {col!r} is not in the records")
    return out
