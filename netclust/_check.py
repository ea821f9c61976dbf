"""Named argument checks shared by the whole package.

Every public function validates its arguments with these helpers, so a user
mistake always raises :class:`netclust.errors.InputError` with a message that
names the argument, says what was expected and shows what was given
(``"runs must be a positive integer, not 0"``). Booleans are never accepted as
integers (``True`` is an ``int`` in Python, but ``runs=True`` is a mistake).

Each helper returns the normalised value, so a check reads as an assignment::

    runs = positive_int(runs, "runs")
    layers = str_list(layers, "layers")
"""

from __future__ import annotations

import numbers

import numpy as np

from netclust.errors import InputError

__all__ = ["positive_int", "non_negative_int", "boolean", "fraction", "str_list", "choice",
           "seed"]


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def positive_int(value, name: str, *, allow_none: bool = False):
    """Return ``value`` as an ``int`` if it is an integer ≥ 1 (not a bool).

    Parameters
    ----------
    value : object
        The argument to check.
    name : str
        The argument's name, used in the error message.
    allow_none : bool, default False
        Accept (and return) ``None``.

    Raises
    ------
    InputError
        ``value`` is not an integer ≥ 1.

    Examples
    --------
    >>> from netclust._check import positive_int
    >>> positive_int(3, "runs")
    3
    >>> positive_int(0, "runs")
    Traceback (most recent call last):
    ...
    netclust.errors.InputError: runs must be a positive integer, not 0
    """
    if value is None and allow_none:
        return None
    if not _is_int(value) or value < 1:
        extra = " or None" if allow_none else ""
        raise InputError(f"{name} must be a positive integer{extra}, not {value!r}")
    return int(value)


def non_negative_int(value, name: str) -> int:
    """Return ``value`` as an ``int`` if it is an integer ≥ 0 (not a bool).

    Examples
    --------
    >>> from netclust._check import non_negative_int
    >>> non_negative_int(0, "k")
    0
    """
    if not _is_int(value) or value < 0:
        raise InputError(f"{name} must be a non-negative integer, not {value!r}")
    return int(value)


def boolean(value, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False`` (numpy bools accepted).

    Examples
    --------
    >>> from netclust._check import boolean
    >>> boolean(True, "strong")
    True
    """
    if not isinstance(value, (bool, np.bool_)):
        raise InputError(f"{name} must be True or False, not {value!r}")
    return bool(value)


def fraction(value, name: str, *, open_low: bool = False) -> float:
    """Return ``value`` as a float if it is a probability/fraction in [0, 1].

    Parameters
    ----------
    value : float
    name : str
    open_low : bool, default False
        Exclude 0 (the interval becomes (0, 1]).

    Examples
    --------
    >>> from netclust._check import fraction
    >>> fraction(0.25, "p")
    0.25
    >>> fraction(1.5, "p")
    Traceback (most recent call last):
    ...
    netclust.errors.InputError: p must be a number in [0, 1], not 1.5
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    if ok:
        value = float(value)
        ok = np.isfinite(value) and (0 < value if open_low else 0 <= value) and value <= 1
    if not ok:
        raise InputError(f"{name} must be a number in {'(0' if open_low else '[0'}, 1], "
                         f"not {value!r}")
    return value


def str_list(value, name: str = "value", *, allow_none: bool = False):
    """Normalise "a str or a list of str" to a list (a single string is one item).

    Parameters
    ----------
    value : str, iterable of str, or None
    name : str
        The argument's name, used in the error message.
    allow_none : bool, default False
        Return ``None`` for ``None`` instead of raising.

    Examples
    --------
    >>> from netclust._check import str_list
    >>> str_list("anchor", "roles"), str_list(("a", "b"), "roles")
    (['anchor'], ['a', 'b'])
    """
    if value is None:
        if allow_none:
            return None
        raise InputError(f"{name} must be a string or a list of strings, not None")
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        raise InputError(f"{name} must be a string or a list of strings, "
                         f"not {value!r}") from None


def choice(value, name: str, allowed) -> str:
    """Return ``value`` if it is one of ``allowed``.

    Examples
    --------
    >>> from netclust._check import choice
    >>> choice("leiden", "method", ("leiden", "louvain"))
    'leiden'
    >>> choice("x", "method", ("leiden", "louvain"))
    Traceback (most recent call last):
    ...
    netclust.errors.InputError: method must be one of 'leiden', 'louvain', not 'x'
    """
    allowed = tuple(allowed)
    if value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(map(repr, allowed))}, "
                         f"not {value!r}")
    return value


def seed(value, name: str = "seed"):
    """Return ``value`` if it is a usable random seed: None, an integer ≥ 0 or a Generator.

    Examples
    --------
    >>> from netclust._check import seed
    >>> seed(42)
    42
    """
    if value is None or isinstance(value, np.random.Generator):
        return value
    return non_negative_int(value, name)
