"""Measure msstem: start-up cases against `python -c pass`, and scaling with synthetic knowledge bases.

Standard library only. Each case runs after a warm-up, in alternation with its baseline, and the
median wall time and the peak memory (max RSS of the child) are reported with the ratio to the
baseline measured in the same run.

    python benchmarks/bench.py            # start-up cases on the shipped knowledge base
    python benchmarks/bench.py --scale    # load/list/explain/search at 10 ... 10,000 therapies
    python benchmarks/bench.py --runs 21  # more runs per case (default 11)

Run it with the interpreter of the venv where msstem is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
MSSTEM = [PY, "-m", "msstem"]
exe = shutil.which("msstem", path=str(Path(PY).parent))
if exe:
    MSSTEM = [exe]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS in KiB of one run, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def measure(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, int, float]:
    """Median seconds and peak KiB of argv, and the median of the baseline run in alternation."""
    run_once(argv, env)  # warm-up: page cache, .pyc files, the knowledge-base cache
    run_once([PY, "-c", "pass"], env)
    times, peaks, base = [], [], []
    for _ in range(runs):
        base.append(run_once([PY, "-c", "pass"], env)[0])
        t, rss = run_once(argv, env)
        times.append(t)
        peaks.append(rss)
    return statistics.median(times), max(peaks), statistics.median(base)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for every run. PYTHONDONTWRITEBYTECODE is dropped: with it, an editable
    install recompiles every msstem module on every run, which no user of a wheel pays."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("MSSTEM_")}
    return {**env, "NO_COLOR": "1", "COLUMNS": "100", **extra}


# The budget (issue #12): ratio to `python -c pass` on the shipped knowledge base (piped; tables
# 12x), and time and peak memory with 1,000 full-size therapies.
STARTUP_TARGETS = {"--help": "8x", "completion": "8x", "list -f table": "12x", "explain ahsct -f table": "12x",
                   "list": "8x", "explain ahsct": "8x"}  # fmt: skip
SCALE_TARGETS = {"explain": "0.3 s", "list -f json": "1.5 s", "search": "1 s"}


def startup(runs: int) -> None:
    env = clean_env()
    complete = {**env, "_MSSTEM_COMPLETE": "complete_bash", "COMP_WORDS": "msstem explain ", "COMP_CWORD": "2"}
    cases = [
        ("--help", [*MSSTEM, "--help"], env),
        ("completion of therapy ids", MSSTEM, complete),
        ("explain ahsct (no cache)", [*MSSTEM, "explain", "ahsct"], {**env, "MSSTEM_NO_CACHE": "1"}),
    ]
    commands = [("list", ["list"]), ("explain ahsct", ["explain", "ahsct"]), ("compare --all", ["compare", "--all"]),
                ("search myelin", ["search", "myelin"])]  # fmt: skip
    for name, args in commands:
        cases.append((f"{name} (piped default)", [*MSSTEM, *args], env))
        cases.append((f"{name} -f table", [*MSSTEM, *args, "-f", "table"], env))
        cases.append((f"{name} --json", [*MSSTEM, *args, "--json"], env))
    print(f"python: {sys.version.split()[0]}; cores: {os.cpu_count()}; runs per case: {runs}")
    print(f"{'case':34} {'median ms':>10} {'peak MiB':>9} {'x python -c pass':>17} {'target':>7}")
    for name, argv, case_env in cases:
        median, peak, base = measure(argv, case_env, runs)
        target = next((t for p, t in STARTUP_TARGETS.items() if name.startswith(p) and "no cache" not in name), "")
        print(f"{name:34} {median * 1000:10.1f} {peak / 1024:9.1f} {median / base:17.1f} {target:>7}")
    print(f"{'python -c pass (baseline)':34} {base * 1000:10.1f}")


def scale(runs: int) -> None:
    sizes = [10, 100, 1000]
    rows: dict[str, list[tuple[float, int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            kb = Path(tmp) / f"kb-{n}.yaml"
            with kb.open("w", encoding="utf-8") as out:  # in a child: a forked child's peak memory counts ours
                subprocess.run([PY, str(HERE / "generate.py"), str(n)], stdout=out, check=True)
            env = clean_env(MSSTEM_CACHE_DIR=str(Path(tmp) / "cache"))
            cold = {**env, "MSSTEM_NO_CACHE": "1"}
            load = [PY, "-c", f"import msstem; msstem.load_knowledge_base({str(kb)!r})"]
            cases = {
                "load (no cache)": (load, cold),
                "load (cached)": (load, env),
                "list -f json": ([*MSSTEM, "--kb", str(kb), "list", "-f", "json"], env),
                "explain": ([*MSSTEM, "--kb", str(kb), "explain", f"ahsct-{n // 2 - (n // 2) % 6}"], env),
                "search": ([*MSSTEM, "--kb", str(kb), "search", "myelin", "repair"], env),
            }
            for name, (argv, case_env) in cases.items():
                median, peak, _ = measure(argv, case_env, runs if n < 1000 else max(3, runs // 3))
                rows.setdefault(name, []).append((median, peak))
            print(f"  {n:>6} therapies: {kb.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    print(f"{'case':18}" + "".join(f"{n:>16}" for n in sizes) + "   growth per 10x (time)   target at 1,000")
    for name, values in rows.items():
        cells = "".join(f"{t * 1000:8.0f} ms {p / 1024:3.0f}M" for t, p in values)
        growth = " ".join(f"{values[i + 1][0] / values[i][0]:.1f}" for i in range(len(values) - 1))
        target = f"{SCALE_TARGETS[name]}, 200 MiB" if name in SCALE_TARGETS else ""
        target = "10 s" if name == "load (no cache)" else target
        print(f"{name:18}{cells}   {growth:22}  {target}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", action="store_true", help="the scaling benchmark instead of start-up")
    parser.add_argument("--runs", type=int, default=11, help="runs per case (default 11)")
    args = parser.parse_args()
    scale(args.runs) if args.scale else startup(args.runs)
