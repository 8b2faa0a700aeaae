"""Run one analysis in a child process with a time limit and a memory limit.

Why a child: a regular expression or a C parser cannot be interrupted from Python, and a file
that asks for gigabytes must not take the worker down with it. The child is forked from the
worker, which has the model loaded, so it starts warm; RLIMIT_AS caps what it may add to the
worker's address space, and the worker kills it at the deadline. Progress messages and the
result come back through a pipe. If the worker itself dies (killed, out of memory), the kernel
kills the child with it (`die_with_parent`): no analysis outlives the process that would have
enforced its deadline.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any


class JobFailed(Exception):
    """The job cannot end well; `str(err)` is the French reason shown to the user."""


class TimedOut(JobFailed):
    pass


class OutOfMemory(JobFailed):
    pass


_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def die_with_parent(sig: int, parent: int) -> None:
    """In a child just forked from `parent`: the kernel sends `sig` to this process when its
    parent dies (Linux prctl PR_SET_PDEATHSIG; nothing elsewhere). Safe between fork and exec
    (Popen's preexec_fn): no allocation beyond the call itself, libc loaded beforehand."""
    if _LIBC is None:
        return
    if _LIBC.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG)")
    if os.getppid() != parent:  # the parent died before the call: the kernel will not say it
        os.kill(os.getpid(), sig)


def _address_space() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * resource.getpagesize()


def _child(conn, fn: Callable, args: tuple, memory: int, parent: int) -> None:
    """In the forked child: run, report, and leave without running the parent's exit handlers."""
    code = 0
    try:
        die_with_parent(signal.SIGKILL, parent)
        limit = _address_space() + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        result = fn(*args, progress=lambda stage, percent: conn.send(("progress", (stage, percent))))
        conn.send(("result", result))
    except MemoryError:
        conn.send(("memory", None))
    except JobFailed as err:
        conn.send(("failed", str(err)))
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which decides
        try:
            conn.send(("error", f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=5)}"))
        except BaseException:  # noqa: BLE001
            code = 1
    finally:
        conn.close()
        os._exit(code)


def run_limited(fn: Callable, args: tuple, *, timeout: float, memory: int,
                on_progress: Callable[[str, int], None] | None = None) -> Any:
    """fn(*args, progress=...) in a forked child; its return value, or JobFailed."""
    # os.fork, not multiprocessing: huey's process workers are daemonic, and multiprocessing
    # refuses children to daemonic processes.
    receive, send = multiprocessing.Pipe(duplex=False)
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        receive.close()
        _child(send, fn, args, memory, parent)
    send.close()
    child = _Child(pid)
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimedOut(f"Analyse interrompue : elle dépassait {_duration(timeout)}. "
                               "Essayez avec moins de fichiers à la fois.")
            if not receive.poll(min(left, 1.0)):
                if not child.is_alive() and not receive.poll():
                    raise OutOfMemory(_killed(child.exitcode, memory))
                continue
            try:
                kind, payload = receive.recv()
            except EOFError:  # it died without a word: its exit code says how
                raise OutOfMemory(_killed(child.wait(), memory)) from None
            if kind == "progress" and on_progress is not None:
                on_progress(*payload)
            elif kind == "result":
                return payload
            elif kind == "memory":
                raise OutOfMemory(_memory(memory))
            elif kind == "failed":
                raise JobFailed(payload)
            elif kind == "error":
                raise RuntimeError(payload)
    finally:
        child.kill()
        receive.close()


class _Child:
    """A forked child: alive or not, its exit code, and killing it (reaped either way)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.exitcode: int | None = None

    def is_alive(self) -> bool:
        if self.exitcode is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.exitcode = os.waitstatus_to_exitcode(status)
        return self.exitcode is None

    def wait(self) -> int | None:
        if self.exitcode is None:
            _, status = os.waitpid(self.pid, 0)
            self.exitcode = os.waitstatus_to_exitcode(status)
        return self.exitcode

    def kill(self) -> None:
        if self.is_alive():
            os.kill(self.pid, signal.SIGKILL)
            self.wait()


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} minutes" if seconds >= 120 else f"{seconds:g} secondes"


def _memory(memory: int) -> str:
    return (f"Analyse interrompue : elle demandait plus de {memory // (1024 * 1024)} Mo de mémoire. "
            "Déposez les pièces utiles séparément.")


def _killed(exitcode: int | None, memory: int) -> str:
    return _memory(memory) if exitcode in (-9, 137, None) else (
        f"Analyse interrompue : le processus d'analyse s'est arrêté (code {exitcode}).")
