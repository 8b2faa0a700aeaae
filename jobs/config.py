"""Where the queue lives and what one job may cost, from the environment.

    SOLIDARITY_DATA_DIR       the data folder (default: instance/ beside app.py); the SQLite
                              queue is queue.db there
    SOLIDARITY_QUEUE_URL      redis://host:port/db to share the queue between machines;
                              memory:// for tests (one process)
    SOLIDARITY_JOB_TIMEOUT    seconds one analysis may run (default 600)
    SOLIDARITY_JOB_MEMORY_MB  memory one analysis may add to its worker (default 2048)
    SOLIDARITY_CHECK_TIMEOUT  seconds for an anonymous quick check (default 60)
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    return Path(os.environ.get("SOLIDARITY_DATA_DIR") or ROOT / "instance")


def queue_url() -> str:
    return os.environ.get("SOLIDARITY_QUEUE_URL", "").strip()


def _number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


def job_timeout() -> float:
    return _number("SOLIDARITY_JOB_TIMEOUT", 600)


def check_timeout() -> float:
    return _number("SOLIDARITY_CHECK_TIMEOUT", 60)


def job_memory_bytes() -> int:
    return int(_number("SOLIDARITY_JOB_MEMORY_MB", 2048) * 1024 * 1024)
