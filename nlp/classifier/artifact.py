"""The trained model on disk: where it is, whether it is switched on, loading it once."""
from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parents[1]
ARTIFACT = HERE / "models" / "clause_classifier.joblib"
ENV_SWITCH = "SOLIDARITY_CLASSIFIER"  # "0" disables the classifier (patterns only)
ENV_PATH = "SOLIDARITY_CLASSIFIER_PATH"  # another artifact (tests, experiments)

def enabled() -> bool:
    """On unless SOLIDARITY_CLASSIFIER says 0/false/no/off (unset or empty: on)."""
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("0", "false", "no", "off")


def artifact_path() -> Path:
    return Path(os.environ.get(ENV_PATH) or ARTIFACT)


@functools.cache
def _load(path: str) -> dict | None:
    """The artifact, once per process; None (patterns only, with a log line) when unusable."""
    p = Path(path)
    if not p.exists():
        log.warning("clause classifier: no artifact at %s; patterns only (run `flask --app app train`)", p)
        return None
    try:
        import joblib
        import sklearn

        artifact = joblib.load(p)
    except Exception as err:  # a corrupt or foreign file must not break the analysis
        log.warning("clause classifier: cannot load %s (%s); patterns only", p, err)
        return None
    wanted = artifact.get("meta", {}).get("sklearn_version")
    if wanted != sklearn.__version__:
        log.warning("clause classifier: %s was trained with scikit-learn %s, this is %s; patterns only",
                    p, wanted, sklearn.__version__)
        return None
    return artifact


def load_artifact(path: str | Path | None = None) -> dict | None:
    return _load(str(path or artifact_path()))


def forget() -> None:
    """Drop the loaded artifact: a process that trains then analyses sees the new model."""
    _load.cache_clear()
