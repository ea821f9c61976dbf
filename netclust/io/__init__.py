"""Input and output: tables, validation, layer declarations, exports."""

from netclust.io.reader import read, validate
from netclust.schema import DEFAULT_LAYERS, LayerSpec
from netclust.io.validation import Problem, ValidationReport

__all__ = ["read", "validate", "LayerSpec", "DEFAULT_LAYERS", "Problem", "ValidationReport"]
