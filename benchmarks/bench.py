"""Speed and memory of gendisclosure, measured side by side in one run.

    python benchmarks/bench.py [--workbooks 60] [--memory]

Makes N realistic department workbooks (5 to 60 projects each, text of realistic
length) from the sample, then times:
  (a) one batch run: gendisclosure DIR -j <CPUs>
  (b) a shell loop calling gendisclosure once per workbook
  (c) plain docxtpl rendering the same contexts, template loaded fresh per document
      (the library alone: no reading, no validation)
  (d) a single `gendisclosure inputs/2021.xlsx`, wall time (median of 3)
With --memory, also the peak resident memory of a 10- and a 1000-workbook batch.
Prints the figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs" / "2021.xlsx"
EXE = shutil.which("gendisclosure") or sys.exit("gendisclosure is not installed: pip install .")


def make_workbooks(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Copies of the sample with 5–60 projects each (indicator rows cycled from the sample)."""
    import openpyxl

    rng = random.Random(seed)
    source = openpyxl.load_workbook(SAMPLE)
    projects = [[c.value for c in row] for row in source["项目"].iter_rows(min_row=2)]
    indicators = [[c.value for c in row] for row in source["项目指标"].iter_rows(min_row=2)]
    by_project: dict[str, list] = {}
    for row in indicators:
        by_project.setdefault(row[0], []).append(row)
    paths = []
    for i in range(count):
        book = openpyxl.load_workbook(SAMPLE)
        book["基本信息"]["B2"] = f"第{i + 1}部门"
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


def timed(command: list[str] | str, shell: bool = False) -> float:
    start = time.perf_counter()
    subprocess.run(command, shell=shell, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def plain_docxtpl(paths: list[Path]) -> float:
    """Seconds to render every context with docxtpl alone, template loaded per document."""
    from docxtpl import DocxTemplate

    from pipeline.api import context_of
    from pipeline.render import default_template

    contexts = [context_of(p) for p in paths]  # not timed: reading and validation
    template = default_template()
    start = time.perf_counter()
    for context in contexts:
        document = DocxTemplate(str(template))
        document.render(context, autoescape=True)
        document.save(io.BytesIO())
    return time.perf_counter() - start


def peak_rss_of_batch(count: int, work: Path) -> int:
    """Peak resident memory (KiB) of the largest process of one batch run."""
    folder = work / f"mem{count}"
    folder.mkdir()
    sample = make_workbooks(folder, 1)[0]
    for i in range(1, count):
        shutil.copy(sample, folder / f"copy{i:04d}.xlsx")
    code = (
        "import resource, subprocess, sys;"
        f"subprocess.run([{EXE!r}, {str(folder)!r}, '-o', {str(work / f'memout{count}')!r}, '-j', '2'],"
        " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workbooks", type=int, default=60)
    parser.add_argument("--memory", action="store_true", help="also measure 10 vs 1000 workbooks")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {os.uname().sysname} {os.uname().machine}, {cpus} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "in"
        folder.mkdir()
        paths = make_workbooks(folder, args.workbooks)
        n = len(paths)
        a = timed([EXE, str(folder), "-o", str(work / "a"), "-j", str(cpus)])
        b = timed(f'for f in "{folder}"/*.xlsx; do "{EXE}" "$f" -o "{work / "b"}"; done', shell=True)
        c = plain_docxtpl(paths)
        singles = [timed([EXE, str(SAMPLE), "-o", str(work / "d")]) for _ in range(3)]
        print(f"{n} workbooks, 5–60 projects each")
        print(f"(a) batch -j {cpus}:                 {a:7.2f} s  {a / n * 1000:7.1f} ms/document")
        print(f"(b) shell loop, one run each:      {b:7.2f} s  {b / n * 1000:7.1f} ms/document")
        print(f"(c) plain docxtpl, render only:    {c:7.2f} s  {c / n * 1000:7.1f} ms/document")
        print(f"(d) single run of inputs/2021.xlsx: {statistics.median(singles):6.2f} s wall (median of 3)")
        print(f"ratio (b)/(a): {b / a:5.1f}x faster per document in a batch")
        print(f"ratio (c)/(a): {c / a:5.2f} (our whole pipeline vs docxtpl's render alone)")
        if args.memory:
            small, large = peak_rss_of_batch(10, work), peak_rss_of_batch(1000, work)
            print(f"peak RSS, 10 workbooks:   {small / 1024:7.1f} MiB")
            print(f"peak RSS, 1000 workbooks: {large / 1024:7.1f} MiB  ({large / small:4.2f}x)")
    _ = resource


if __name__ == "__main__":
    main()
