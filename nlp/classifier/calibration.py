"""Platt scaling: a category's decision values mapped to probabilities that read as "this often
right" on held-out tenders (fitted on out-of-fold scores by nlp.classifier.training)."""
from __future__ import annotations

from taxonomy import CATEGORIES


def calibrate(scores, Y) -> dict[str, tuple[float, float]]:
    """Per category, (a, b) of P = sigmoid(a * score + b) fitted on out-of-fold scores."""
    from sklearn.linear_model import LogisticRegression

    out = {}
    for j, c in enumerate(CATEGORIES):
        y = Y[:, j]
        if y.min() == y.max():
            out[c] = (0.0, -10.0)  # no positive: never fires
            continue
        fit = LogisticRegression(C=1e4, solver="lbfgs").fit(scores[:, [j]], y)
        out[c] = (float(fit.coef_[0, 0]), float(fit.intercept_[0]))
    return out


def calibrated(scores, calibration: dict[str, tuple[float, float]]):
    import numpy as np
    from scipy.special import expit

    a = np.array([calibration[c][0] for c in CATEGORIES])
    b = np.array([calibration[c][1] for c in CATEGORIES])
    return expit(scores * a + b)
