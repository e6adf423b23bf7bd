"""The finance bureau's review, measured: a county batch with and without --approved and
--summary (and --previous-summary), side by side in one run.

    python3 benchmarks/review.py [--workbooks 120] [--rounds 3] [--installed]

Makes --workbooks department workbooks from the sample (5–60 projects each, every one its
own 部门简称 and 单位全称), a 批复 that agrees with all of them and last year's summary;
then runs, alternately, --rounds times each:

  (a) gendisclosure DIR -o OUT -j <CPUs>
  (b) the same with --approved 批复.xlsx --summary 汇总.xlsx
  (c) the same with --approved, --summary and --previous-summary 汇总上年.xlsx

and prints for each the median and the least wall time, the median CPU time (user +
system of the run and its worker processes) and the median CPU time of the run's own
process (where reading the 批复 and writing the summary happen; the workers only compare a
few figures more), and the overhead of (b) and (c) over (a). The bound: (b) no more than
10% slower than (a). Wall time moves with the machine's other work (the least of several
runs is the least disturbed); the run's own CPU time hardly at all. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs" / "2021.xlsx"
sys.path.insert(0, str(ROOT))


def make_county(folder: Path, count: int, seed: int = 11) -> list[Path]:
    """Copies of the sample with 5–60 projects each, each its own department."""
    import openpyxl

    rng = random.Random(seed)
    source = openpyxl.load_workbook(SAMPLE)
    projects = [[c.value for c in row] for row in source["项目"].iter_rows(min_row=2)]
    by_project: dict[str, list] = {}
    for row in source["项目指标"].iter_rows(min_row=2):
        values = [c.value for c in row]
        by_project.setdefault(values[0], []).append(values)
    paths = []
    for i in range(count):
        book = openpyxl.load_workbook(SAMPLE)
        book["基本信息"]["B2"] = f"第{i + 1}部门"
        book["基本信息"]["B3"] = f"永清县第{i + 1}部门"
        n = rng.randint(5, 60)
        sheet_p, sheet_i = book["项目"], book["项目指标"]
        sheet_p.delete_rows(2, sheet_p.max_row)
        sheet_i.delete_rows(2, sheet_i.max_row)
        for k in range(n):
            name, goal = projects[k % len(projects)]
            unique = f"{name}（{k + 1}）"
            sheet_p.append([unique, goal])
            for row in by_project[name]:
                sheet_i.append([unique, *row[1:]])
        path = folder / f"dept{i + 1:04d}.xlsx"
        book.save(path)
        paths.append(path)
    return paths


def approved_and_previous(folder: Path, work: Path) -> tuple[Path, Path]:
    """A 批复 agreeing with every workbook, and last year's summary (本年 = this year's 上年)."""
    import openpyxl

    from pipeline import api
    from pipeline.county import Department, DepartmentReport
    from pipeline.summary import summary_workbook
    from pipeline.workbook_format import APPROVED, KEY_FIGURES

    reports = api.folder_reports(folder)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = APPROVED.name
    ws.append([c.header for c in APPROVED.columns])
    last_year = []
    for report in reports:
        d = report.department
        ws.append([d.full, d.short, d.year, *(str(d.amount(n)) if d.amount(n) is not None else None
                                              for n, _ in KEY_FIGURES)])
        figures = {n: {"this": f.get("last", "")} for n, f in d.figures.items()}
        last_year.append(DepartmentReport(report.file, "generated",
                                          Department(report.file, d.short, d.full, (d.year or 2021) - 1,
                                                     figures=figures)))
    approved = work / "批复.xlsx"
    book.save(approved)
    previous = work / "汇总上年.xlsx"
    previous.write_bytes(summary_workbook(last_year))
    return approved, previous


# the command line, telling at its end the CPU time of its own process (not its workers')
OWN_CPU = """
import resource, sys
from pipeline.cli import main
try:
    main(sys.argv[1:])
finally:
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(f"own-cpu {own.ru_utime + own.ru_stime}", file=sys.stderr)
"""


def timed(args: list[str]) -> tuple[float, float, float]:
    """(wall, CPU, CPU of the run's own process) seconds of one run."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"run failed ({done.returncode}): {' '.join(args)}\n{done.stderr[-2000:]}")
    own = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("own-cpu ")]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, float(own[-1]) if own else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workbooks", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--installed", action="store_true",
                        help="run the installed gendisclosure, not the checkout's code")
    args = parser.parse_args()
    run = ["gendisclosure"] if args.installed else [sys.executable, "-c", OWN_CPU]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    print(f"machine: {os.uname().sysname} {os.uname().machine}, {cpus} CPUs, "
          f"Python {sys.version.split()[0]}; {args.workbooks} workbooks, {args.rounds} rounds")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "in"
        folder.mkdir()
        start = time.perf_counter()
        make_county(folder, args.workbooks)
        approved, previous = approved_and_previous(folder, work)
        print(f"county made in {time.perf_counter() - start:.0f} s")
        base = [*run, str(folder), "-j", str(cpus)]
        variants = {
            "(a) batch": [],
            "(b) + --approved --summary": ["--approved", str(approved), "--summary",
                                           str(work / "汇总b.xlsx")],
            "(c) + --previous-summary too": ["--approved", str(approved), "--summary",
                                             str(work / "汇总c.xlsx"), "--previous-summary",
                                             str(previous)],
        }
        timed([*base, "-o", str(work / "warm")])  # compiled-template cache filled
        times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in variants}
        for _ in range(args.rounds):
            for name, extra in variants.items():
                times[name].append(timed([*base, "-o", str(work / "out"), *extra]))
        def figures(runs: list[tuple[float, float, float]]) -> tuple[float, ...]:
            return (statistics.median(t[0] for t in runs), min(t[0] for t in runs),
                    statistics.median(t[1] for t in runs), statistics.median(t[2] for t in runs))

        plain = figures(times["(a) batch"])
        print(f"  {'':<30} {'wall, median':>13} {'wall, least':>12} {'CPU, median':>12} "
              f"{'own CPU':>10}   wall of each run")
        for name, runs in times.items():
            each = " ".join(f"{t[0]:5.2f}" for t in runs)
            mine = figures(runs)
            if name == "(a) batch":
                print(f"  {name:<30} {mine[0]:11.2f} s {mine[1]:10.2f} s {mine[2]:10.2f} s "
                      f"{mine[3]:8.2f} s   {each}")
            else:
                over = [100 * (x / p - 1) for x, p in zip(mine[:3], plain)]
                print(f"  {name:<30} {over[0]:+11.1f} % {over[1]:+10.1f} % {over[2]:+10.1f} % "
                      f"{mine[3] - plain[3]:+8.2f} s   {each}")


if __name__ == "__main__":
    main()
