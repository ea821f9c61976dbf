"""Writing results: atomic, never over an input file.

Every file is first written to a temporary file in the same folder and then
moved into place with :func:`os.replace`, so a crash or a full disk never leaves
a half-written output, and an existing file is only replaced by a complete one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from netclust.errors import InputError

__all__ = ["write_bytes", "write_text", "write_table", "TABLE_FORMATS"]

#: Table formats understood by :func:`write_table`.
TABLE_FORMATS = ("csv", "parquet", "json")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _guard(path: Path, protect) -> Path:
    path = Path(path)
    for p in protect or ():
        try:
            if Path(p).exists() and path.exists() and path.resolve() == Path(p).resolve():
                raise InputError(f"refusing to overwrite input file {path}; choose another --out")
        except OSError:
            continue
    return path


def write_bytes(path, data: bytes, *, protect=()) -> Path:
    """Write ``data`` to ``path`` atomically (parent folders created).

    Parameters
    ----------
    path : str or Path
    data : bytes
    protect : iterable of paths
        Input files that must never be overwritten.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netclust.io.output import write_bytes
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_bytes(d / "sub" / "x.bin", b"ok").read_bytes()
    b'ok'
    """
    path = _guard(Path(path), protect)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; use the usual mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def write_text(path, text: str, *, protect=()) -> Path:
    """Write UTF-8 text atomically (see :func:`write_bytes`)."""
    return write_bytes(path, text.encode("utf-8"), protect=protect)


def write_table(df: pd.DataFrame, path, fmt: str | None = None, *, protect=(),
                index: bool = False) -> Path:
    """Write a DataFrame as CSV (UTF-8), Parquet or JSON (records), atomically.

    Parameters
    ----------
    df : DataFrame
    path : str or Path
        Destination; its suffix is replaced by ``.fmt`` when ``fmt`` is given.
    fmt : {"csv", "parquet", "json"}, optional
        Default: from the suffix of ``path``.
    protect : iterable of paths
        Input files that must never be overwritten.
    index : bool, default False
        Write the index as a column.

    Returns
    -------
    Path
        The file written.
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "csv").lower()
    if fmt not in TABLE_FORMATS:
        raise InputError(f"unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")
    if path.suffix.lstrip(".").lower() != fmt:
        path = path.with_suffix(f".{fmt}")
    frame = df.reset_index() if index else df
    if fmt == "csv":
        data = frame.to_csv(index=False).encode("utf-8")
    elif fmt == "json":
        data = frame.to_json(orient="records", force_ascii=False, indent=1).encode("utf-8")
    else:
        import io

        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        data = buf.getvalue()
    return write_bytes(path, data, protect=protect)
