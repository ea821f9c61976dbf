"""Example networks: a tiny hand-checkable one and the bundled Shiling-style sample.

``toy()``
    Nine firms in three layers, small enough to check every metric by hand; all
    doctests use it.

    ========  ===============  ======================================
    firm_id   role             links
    ========  ===============  ======================================
    A1, A2    anchor (export)  buy from SMEs; ship through L1
    S1-S3     sme              S1, S2 buy from U1; share designs via D1
    U1        supplier         sells to S1, S2
    D1        designer         shares designs with S1, S2
    L1        logistics        carries for S1, S2, A1, A2
    T1        trade_service    isolated
    ========  ===============  ======================================

``sample()``
    The synthetic Shiling-style cluster under ``data/shiling`` (see
    ``data/README.md``); regenerated from the generator with the same parameters
    when the package is installed without the repository's ``data/`` folder. Its
    links are dated yearly records over 2020-2024 (planted events in
    ``events.csv``): ``sample()`` is the snapshot over all years,
    ``sample_periods()`` one network per year.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["toy", "toy_tables", "sample", "sample_periods", "sample_communities",
           "sample_path", "SAMPLE_FIRMS", "SAMPLE_SEED", "SAMPLE_YEARS"]

#: Parameters of the bundled sample
#: (``netclust generate --firms 3000 --seed 2024 --dated 2020-2024``).
SAMPLE_FIRMS = 3000
SAMPLE_SEED = 2024
SAMPLE_YEARS = "2020-2024"


def toy_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the raw firms and links tables of :func:`toy`.

    Examples
    --------
    >>> import netclust as nc
    >>> firms, links = nc.datasets.toy_tables()
    >>> len(firms), len(links)
    (9, 13)
    """
    firms = pd.DataFrame({
        "firm_id": ["A1", "A2", "S1", "S2", "S3", "U1", "D1", "L1", "T1"],
        "name": ["Anchor One", "Anchor Two", "Small One", "Small Two", "狮岭箱包 Three",
                 "Leather Supply", "Design Studio", "Shiling Logistics", "Trade Agent"],
        "role": ["anchor", "anchor", "sme", "sme", "sme", "supplier", "designer", "logistics",
                 "trade_service"],
        "exporter": [True, True, False, True, False, False, False, False, False],
        "employees": [800, 450, 30, 45, 12, 60, 8, 120, 5],
    })
    links = pd.DataFrame([
        ("U1", "S1", "procurement", 5.0), ("U1", "S2", "procurement", 3.0),
        ("S1", "A1", "procurement", 8.0), ("S2", "A1", "procurement", 4.0),
        ("S3", "A2", "procurement", 6.0), ("S2", "A2", "procurement", 2.0),
        ("D1", "S1", "design_sharing", 1.0), ("D1", "S2", "design_sharing", 1.0),
        ("S2", "S3", "design_sharing", 2.0),
        ("S1", "L1", "logistics", 1.0), ("S2", "L1", "logistics", 2.0),
        ("A1", "L1", "logistics", 5.0), ("A2", "L1", "logistics", 3.0),
    ], columns=["source", "target", "layer", "weight"])
    return firms, links


def toy():
    """Return the nine-firm, three-layer toy network described in the module docs.

    Examples
    --------
    >>> import netclust as nc
    >>> net = nc.datasets.toy()
    >>> net.firms["role"].value_counts()["sme"]
    np.int64(3)
    """
    from netclust.io.reader import read

    firms, links = toy_tables()
    return read(firms=firms, links=links)


def sample_path() -> Path | None:
    """Folder of the bundled sample in a source checkout (``None`` if absent)."""
    p = Path(__file__).resolve().parents[1] / "data" / "shiling"
    return p if (p / "links.csv").is_file() else None


def _sample_tables():
    """The sample's tables, regenerated (installed package without ``data/``)."""
    from netclust.generator import generate_tables
    from netclust.temporal.simulate import date_tables

    return date_tables(generate_tables(SAMPLE_FIRMS, seed=SAMPLE_SEED), SAMPLE_YEARS,
                       seed=SAMPLE_SEED)


def sample():
    """Return the bundled synthetic Shiling-style cluster (about 3,000 firms).

    Reads ``data/shiling`` from a source checkout; otherwise regenerates the same
    network with :func:`netclust.generator.generate_tables` and
    :func:`netclust.temporal.simulate.date_tables`. The links are aggregated over all
    years (``count`` = yearly records); :func:`sample_periods` splits them by year.
    """
    from netclust.io.reader import read

    path = sample_path()
    if path is not None:
        return read(path)
    t = _sample_tables()
    return read(firms=t.firms, links=t.links)


def sample_periods(by: str = "year"):
    """Return the bundled sample split into periods (one network per year, 2020-2024).

    Parameters
    ----------
    by : {"year", "quarter", "month"}, default "year"

    Returns
    -------
    netclust.temporal.PeriodNetworks
        As :func:`netclust.read_periods` gives it (firms present by their
        ``founded``/``closed`` years or links); ``Analysis(sample(),
        timeline=sample_periods())`` reports the Evolution section.

    Examples
    --------
    >>> p = nc.datasets.sample_periods()
    >>> list(p), p["2024"].n_firms
    (['2020', '2021', '2022', '2023', '2024'], 2759)
    """
    from netclust.io.reader import read
    from netclust.temporal.periods import split_periods

    path = sample_path()
    if path is not None:
        return split_periods(path, by=by)
    t = _sample_tables()
    return split_periods(read(firms=t.firms, links=t.links, by_period="month"), by=by)


def sample_communities() -> pd.Series:
    """Planted community (ground truth) of each sample firm, indexed by ``firm_id``."""
    path = sample_path()
    if path is not None and (path / "communities.csv").is_file():
        df = pd.read_csv(path / "communities.csv", dtype={"firm_id": str})
    else:
        df = _sample_tables().communities
    return df.set_index("firm_id")["community"]
