"""Every indicator of netclust, one definition each (see CONTRIBUTING.md for the map).

Submodules are imported on first attribute access (``nc.metrics.resilience``), so that
reading one measure does not load them all.
"""

import importlib


def __getattr__(name: str):
    """Import the submodule ``name`` on first use (PEP 562)."""
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError:
        raise AttributeError(f"module 'netclust.metrics' has no attribute {name!r}") from None
    globals()[name] = module
    return module
