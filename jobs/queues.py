"""The two queues, on huey: `analysis` (many workers, on any machine: files in, report out; no
access to the database) and `writer` (one worker beside the database: it alone stores results).
SQLite (queue.db in the data folder) by default, Redis when SOLIDARITY_QUEUE_URL names one.

    huey_consumer jobs.queues.analysis -k process -w 2 -n     the analysis workers
    huey_consumer jobs.queues.writer -k thread -w 1           the writer (and its periodic tasks)

`flask --app app serve` starts both beside the web server.
"""
from __future__ import annotations

import os

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

from jobs.config import data_dir, queue_url


def make_queue(name: str) -> Huey:
    url = queue_url()
    if url.startswith("memory:"):
        return MemoryHuey(name, results=False)
    if url.startswith(("redis:", "rediss:", "unix:")):
        return RedisHuey(name, url=url, results=False)
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "queue.db"
    if not path.exists():  # the queue holds uploaded files: owner only, like the database
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    return SqliteHuey(name, filename=str(path), results=False, timeout=30)


analysis = make_queue("analysis")
writer = make_queue("writer")
