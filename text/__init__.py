"""Text utilities shared by every stage: accent folding (text.fold) and linear-time whitespace
normalisation (text.normalise). No dependency on any other package of the project."""
from text.fold import fold, fold_same_length, key

__all__ = ["fold", "fold_same_length", "key"]
