"""Straightforward pure-Python NODF: a line-by-line port of vegan 2.6's
``nestednodf`` loops (independent of netclust's vectorised implementation)."""

from __future__ import annotations

import numpy as np


def nodf_reference(comm, weighted=False, sort=True, wbinary=False):
    comm = np.asarray(comm, dtype=float)
    binc = (comm > 0).astype(float)
    rfill = binc.sum(axis=1)
    cfill = binc.sum(axis=0)
    if not weighted:
        comm = binc
    if sort:
        if weighted:
            rorder = sorted(range(len(rfill)), key=lambda i: (-rfill[i], -comm[i].sum()))
            corder = sorted(range(len(cfill)), key=lambda j: (-cfill[j], -comm[:, j].sum()))
        else:
            rorder = sorted(range(len(rfill)), key=lambda i: -rfill[i])
            corder = sorted(range(len(cfill)), key=lambda j: -cfill[j])
        comm = comm[np.ix_(rorder, corder)]
        rfill = rfill[rorder]
        cfill = cfill[corder]
    nr, nc = comm.shape

    def paired(mat, fill):
        out = []
        n = mat.shape[0]
        for i in range(n - 1):
            first = mat[i]
            for j in range(i + 1, n):
                if fill[i] <= fill[j] or fill[i] == 0 or fill[j] == 0:
                    out.append(0.0)
                    continue
                second = mat[j]
                if weighted:
                    if wbinary:
                        hit = sum(1 for a, b in zip(first, second) if a - b >= 0 and b > 0)
                    else:
                        hit = sum(1 for a, b in zip(first, second) if a - b > 0 and b > 0)
                    out.append(hit / sum(1 for b in second if b > 0))
                else:
                    hit = sum(1 for a, b in zip(first, second) if a + b == 2)
                    out.append(hit / fill[j])
        return out

    pr = paired(comm, rfill)
    pc = paired(comm.T, cfill)
    n_rows = 100 * np.mean(pr) if pr else float("nan")
    n_cols = 100 * np.mean(pc) if pc else float("nan")
    denom = nc * (nc - 1) / 2 + nr * (nr - 1) / 2
    total = 100 * (sum(pr) + sum(pc)) / denom if denom else float("nan")
    return total, n_rows, n_cols
