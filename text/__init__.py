"""Text utilities shared by every stage: accent folding (text.fold), linear-time whitespace
normalisation (text.normalise) and a CSV file's separator (text.separator). No dependency on any
other package of the project."""
from text.fold import fold, fold_same_length, key

__all__ = ["fold", "fold_same_length", "key"]
