"""Finding record files, their format, delimiter and encoding; streamed GB18030 transcoding.

Both engines read the same expanded list of files, so they see the same records.

Ambiguous inputs are refused as the pandas reader refuses them (README, "Ambiguous
inputs are errors, never guesses"), before DuckDB or Spark read anything:

* a **duplicated header** in any file (also ``weight`` and ``weight `` with a stray
  space; CSV header lines and Parquet schemas, every file of a glob or folder) is an
  error naming the file and both columns (:func:`netclust.io.tables.check_header`);
* a CSV file whose encoding was *detected* as GB18030 is checked while it is
  transcoded (streamed, every byte, memory bounded by the chunk size) with the rule
  of :func:`netclust.io.tables.decode_bytes`: GB18030 giving characters outside the
  common simplified-Chinese set from bytes that read as Latin text (``Müller`` read
  as ``M黮ler``) is an error naming the file, the line and both readings. A declared
  ``encoding=`` is used as given.
"""

from __future__ import annotations

import codecs
import csv
import glob
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from netclust import schema as S
from netclust.errors import InputError, SchemaError

__all__ = ["Sources", "find_sources", "first_header", "transcode", "resolve_columns"]

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
        return enc, text.lstrip("\r\n\t ").split("\n", 1)[0].rstrip("\r")  # leading blank lines skipped
    raise SchemaError(f"{path}: cannot decode the file as text (tried {', '.join(candidates)}); "
                      "save it as UTF-8 or GB18030/GBK CSV, or pass --encoding")


def _latin_letter(byte: int) -> bool:
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined
        return False
    return char.isalpha() and ord(char) < 0x250


#: ASCII and the bytes Windows-1252 reads as Latin letters (what a Latin text may hold).
_LATIN_BYTES = bytes(range(128)) + bytes(b for b in range(128, 256) if _latin_letter(b))


class _LatinWatch:
    """The rule of :func:`netclust.io.tables.decode_bytes` for a GB18030 reading, fed chunk by chunk.

    Ambiguous when the GB18030 text has a character outside GB2312 (rare in Chinese
    data) and the whole file read as Windows-1252 has only Latin letters as
    non-ASCII characters. Stops looking as soon as the file cannot be Latin text.
    """

    def __init__(self) -> None:
        self.latin = True  # every chunk so far reads as Latin letters
        self.first = None  # (line, GB18030 reading, Latin reading) of the first rare character
        self.common: set = set()

    def feed(self, chunk: bytes, text: str, line: int) -> None:
        """Check one chunk (``text`` its GB18030 reading, ``line`` the line it starts on)."""
        if not self.latin or not chunk:
            return
        if chunk.translate(None, _LATIN_BYTES):  # a byte that is no Latin letter in Windows-1252
            self.latin = False
            return
        if self.first is None:
            self._find_rare(chunk, text, line)

    def _find_rare(self, chunk: bytes, text: str, line: int) -> None:
        new = {c for c in set(text) if ord(c) > 127} - self.common
        rare = [c for c in new if c.encode("gb2312", "replace") == b"?"]  # not a common Chinese character
        self.common |= new.difference(rare)
        if not rare:
            return
        at = min(text.index(c) for c in rare)
        k = text.count("\n", 0, at)
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        shown_gb = text[start:end if end >= 0 else len(text)].strip()[:60]
        shown_latin = chunk.split(b"\n", k + 1)[k].decode("cp1252", "replace").strip()[:60]
        self.first = (line + k, shown_gb, shown_latin)

    def check(self, label: str) -> None:
        """Raise when the whole file was ambiguous."""
        if self.latin and self.first is not None:
            line, shown_gb, shown_latin = self.first
            raise SchemaError(
                f"{label}, line {line}: the text encoding is ambiguous: read as GB18030 it says "
                f"{shown_gb!r}, read as Latin-1/Windows-1252 {shown_latin!r}. Pass --encoding latin-1 "
                "(encoding='latin-1') or --encoding gb18030, or save the file as UTF-8.")


def transcode(path: str, encoding: str, folder: str, *, detected: bool = False) -> str:
    """Copy a CSV file to UTF-8 in ``folder``, chunk by chunk (memory bounded by the chunk size).

    Line breaks are kept, so line numbers in the copy are those of the original.

    Parameters
    ----------
    path, encoding, folder : str
    detected : bool, default False
        The encoding was detected, not declared: a GB18030 file that reads as Latin
        text with rare Chinese characters is refused (see the module docstring).

    Raises
    ------
    SchemaError
        A byte sequence is invalid in ``encoding`` (the message gives line and byte),
        or the detected encoding is ambiguous (the message gives the line and both
        readings). The partial copy is removed.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from netclust.records.sources import transcode
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_bytes("source,target\\n狮岭,花都\\n".encode("gb18030"))
    >>> pathlib.Path(transcode(str(d / "a.csv"), "gb18030", str(d))).read_text(encoding="utf-8")
    'source,target\\n狮岭,花都\\n'
    >>> _ = (d / "b.csv").write_bytes("source,target\\nMüller,B\\n".encode("latin-1"))
    >>> transcode(str(d / "b.csv"), "gb18030", str(d), detected=True)
    Traceback (most recent call last):
    ...
    netclust.errors.SchemaError: ...b.csv, line 2: the text encoding is ambiguous: read as GB18030 it says 'M黮ler,B', read as Latin-1/Windows-1252 'Müller,B'. Pass --encoding latin-1 (encoding='latin-1') or --encoding gb18030, or save the file as UTF-8.
    """
    fd, out = tempfile.mkstemp(prefix="records-", suffix=".csv", dir=folder)
    try:
        _copy_utf8(path, encoding, fd, _LatinWatch() if detected and encoding == "gb18030" else None)
    except BaseException:
        os.unlink(out)
        raise
    return out


def _copy_utf8(path: str, encoding: str, fd: int, watch) -> None:
    decoder = codecs.getincrementaldecoder(encoding)()
    offset, lines = 0, 1
    with open(path, "rb") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
        while True:
            chunk = src.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                line = lines + chunk.count(b"\n", 0, max(exc.start, 0))
                raise SchemaError(f"{path}: cannot decode as {encoding}: bad byte at line {line}, "
                                  f"byte {offset + max(exc.start, 0)}; pass the right --encoding") from None
            dst.write(text)
            if watch is not None:
                watch.feed(chunk, text, lines)
            if not chunk:
                break
            offset += len(chunk)
            lines += chunk.count(b"\n")
    if watch is not None:
        watch.check(path)


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
    else:
        _check_parquet_headers(src.files)
    return src


def first_header(paths, *, encoding: str | None = None) -> list:
    """Column names of the first record file (CSV header line or Parquet schema); nothing is transcoded.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from netclust.records.sources import first_header
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "r.csv").write_bytes("source;target;金额\\nA;B;1\\n".encode("gb18030"))
    >>> first_header(d / "r.csv")
    ['source', 'target', '金额']
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files = [f for p in paths for f in _expand(p)[0]]
    if not files:
        raise InputError(f"{', '.join(map(str, paths))}: no CSV or Parquet record files found")
    first = files[0]
    if _format(files) == "parquet":
        return _parquet_names(first)
    header = _sniff(first, encoding)[1]
    return next(csv.reader([header], delimiter=_delimiter(header), skipinitialspace=True), [])


def _check_parquet_headers(files) -> None:
    """Refuse a Parquet file naming a column twice (read from its metadata only)."""
    from netclust.io.tables import check_header

    for f in files:
        if "://" not in f:
            check_header(_parquet_names(f), f)


def _parquet_names(path) -> list:
    """Column names from a Parquet file's metadata; an empty or corrupt file is a SchemaError."""
    import pyarrow.parquet as pq

    if "://" not in str(path) and os.path.getsize(path) == 0:
        raise SchemaError(f"{path}: the file is empty (no header line, no records)")
    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise SchemaError(f"{path}: not a readable Parquet file ({exc})") from None


def _prepare_csv(src: Sources, encoding, workdir) -> None:
    from netclust.io.tables import check_header

    delims, files = set(), []
    for f in src.files:
        if "://" in f:
            files.append(f)
            continue
        enc, header = _sniff(f, encoding)
        if not header.strip():
            raise SchemaError(f"{f}: the file is empty (no header line, no records)")
        delims.add(_delimiter(header))
        check_header(next(csv.reader([header], delimiter=_delimiter(header), skipinitialspace=True), []), f)
        if enc.replace("-sig", "").replace("_", "-").lower() not in ("utf-8", "utf8"):
            folder = workdir or tempfile.mkdtemp(prefix="netclust-records-")
            out = transcode(f, enc, folder, detected=encoding is None)
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
