"""How the benchmarks time a citeqa process: wall clock, and the CPU and peak memory the kernel
reports for its whole process tree. Shared by perf_offline.py, perf_network.py and catalogue.py.

The child runs with its bytecode cached (PYTHONDONTWRITEBYTECODE dropped from its environment),
as an installed citeqa does: otherwise every run would compile the package again (0.3 s).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(extra: dict[str, str] | None = None, drop_prefix: str | None = None) -> dict[str, str]:
    """The child's environment: this one, bytecode cached, this checkout importable, plus `extra`;
    without the variables whose names start with `drop_prefix`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "PYTHONDONTWRITEBYTECODE" and not (drop_prefix and k.startswith(drop_prefix))
    }
    return {**env, "PYTHONPATH": str(ROOT), **(extra or {})}


def timed(args: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> dict:
    """Run `python -m linter ARGS`: wall and CPU seconds of the process tree (workers included:
    wait4 counts every descendant reaped under it), CPU seconds and peak RSS (MB, VmHWM) of each
    process, the exit code, and its output (stdout as bytes, stderr as text)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "linter", *args], cwd=cwd, stdout=out, stderr=err, env=env or environment()
        )
        cpu: dict[int, float] = {}
        peaks: dict[int, float] = {}
        watcher = threading.Thread(target=_watch, args=(process.pid, cpu, peaks), daemon=True)
        watcher.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        watcher.join()
        out.seek(0)
        err.seek(0)
        return {
            "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
            "per_process": cpu,
            "peaks": sorted(peaks.values(), reverse=True),
            "peak_mb": max(peaks.values(), default=0.0),
            "code": os.waitstatus_to_exitcode(status),
            "out": out.read(),
            "err": err.read().decode(errors="replace"),
        }


def _watch(root: int, cpu: dict[int, float], peaks: dict[int, float]) -> None:
    """CPU seconds and peak RSS of a process and all its descendants, sampled from /proc until it
    ends (Linux only). The kernel's rusage would count the benchmark's own memory, forked into the
    child before it ran citeqa."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    while Path(f"/proc/{root}").exists():
        parents = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                parents[int(stat.parent.name)] = (int(fields[1]), fields)
            except (OSError, IndexError, ValueError):
                continue
        for pid, (_, fields) in parents.items():
            chain, hops = pid, 0
            while chain != root and chain in parents and hops < 6:
                chain, hops = parents[chain][0], hops + 1
            if chain != root or fields[0] == "Z":
                continue
            try:
                cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
                peaks[pid] = int(Path(f"/proc/{pid}/status").read_text().split("VmHWM:", 1)[1].split()[0]) / 1024
            except (OSError, IndexError, ValueError):
                continue
        time.sleep(0.05)


def bare_python() -> tuple[float, float]:
    """Wall and CPU seconds of `python -c pass`: the floor of any start-up on this machine now."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def compile_package() -> None:
    """Write the package's bytecode once, before anything is timed."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "linter")], check=True)
