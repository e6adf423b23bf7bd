"""Speed and memory of gendisclosure, measured side by side in one run.

    python3 benchmarks/bench.py [--workbooks 60] [--documents 30] [--memory] [--installed]
                                [--only 123]

1. One document, on one core: the sample (inputs/2021.xlsx, 34 project tables), each
   figure the median of --documents documents after one to warm up, each engine in a
   process of its own pinned to one CPU; CPU time (what the process itself used, little
   changed by other work on the machine) and wall time:
     - this program's whole pipeline as `-j 1` runs it (read, check, context, render, write);
     - this program's rendering and writing alone;
     - plain docxtpl, template loaded per document (the library alone);
   and the same document as a template for each engine (benchmarks/same_document.py:
   the shipped template's package, its text and 34 project tables in each engine's tags):
     - docxtemplater and Carbone (Node.js; benchmarks/node, `npm install` there first),
       as each is used for one document: template read, rendered, packed;
     - plain docxtpl and this program's renderer, on the same template.
2. One run of `gendisclosure inputs/2021.xlsx`, CPU and wall time (median of 5), beside
   Python's own start-up (`python3 -c pass`) and a first run with an empty compiled-template
   cache.
3. A folder of --workbooks realistic workbooks (5 to 60 projects each):
     (a) one batch run `gendisclosure DIR -j <CPUs>`;
     (b) a shell loop calling gendisclosure once per workbook;
     (c) plain docxtpl rendering the same contexts (no reading, no checks).
4. With --memory, the peak resident memory of the largest process of a 10- and a
   1000-workbook batch.

The program run is the checkout's (`python3 -m pipeline.cli`), or with --installed the
installed `gendisclosure`. Prints figures; asserts nothing. The machine's other work shows
in the figures: compare figures of one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
NODE = HERE / "node"
SAMPLE = ROOT / "inputs" / "2021.xlsx"
CHECKOUT = [sys.executable, "-m", "pipeline.cli"]


def command(installed: bool) -> list[str]:
    if not installed:
        return CHECKOUT
    script = Path(sysconfig.get_path("scripts")) / "gendisclosure"
    if not script.exists():
        sys.exit("gendisclosure is not installed: pip install .")
    return [str(script)]


def one_core() -> dict:
    """subprocess options pinning the process to one CPU (where the OS allows)."""
    if not hasattr(os, "sched_setaffinity"):
        return {}
    cpu = sorted(os.sched_getaffinity(0))[-1]
    return {"preexec_fn": lambda: os.sched_setaffinity(0, {cpu})}


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# ---- 1. one document, one core -----------------------------------------------------------

PER_DOCUMENT = r"""
import io, json, statistics, sys, time
from pathlib import Path
what, template, workbook, out, count = sys.argv[1:6]
count = int(count)
times, cpu = [], []

def timed(step):
    step()
    for _ in range(count):
        start, used = time.perf_counter(), time.process_time()
        step()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)

if what == "pipeline":  # as `-j 1` does it: one Worker, one workbook after another
    from pipeline.batch import Job, Worker
    worker = Worker(Path(template))
    jobs = iter(Job(Path(workbook), Path(out) / f"d{i}.docx") for i in range(count + 1))
    timed(lambda: worker.run(next(jobs)))
elif what == "render":  # rendering and writing a context already built
    from pipeline.api import context_of
    from pipeline.render import Renderer
    from pipeline.write import write_atomic
    context = context_of(workbook) if workbook.endswith(".xlsx") else json.load(open(workbook))
    renderer = Renderer(Path(template))
    timed(lambda: write_atomic(Path(out) / "d.docx", renderer.render_showing(context, 2021)[0]))
else:  # plain docxtpl: template loaded, rendered, saved, per document
    from docxtpl import DocxTemplate
    from jinja2 import Environment
    from pipeline.api import context_of
    try:  # the shipped templates' own filters (table of contents fields), where there are
        from pipeline.fields import FILTERS
    except ImportError:
        FILTERS = {}
    environment = Environment(autoescape=True)
    environment.filters.update(FILTERS)
    context = context_of(workbook) if workbook.endswith(".xlsx") else json.load(open(workbook))
    def plain():
        document = DocxTemplate(template)
        document.render(context, jinja_env=environment)
        document.save(Path(out) / "d.docx")
    timed(plain)
print(json.dumps({"median_ms": statistics.median(times) * 1000,
                  "cpu_ms": statistics.median(cpu) * 1000}))
"""


def python_per_document(what: str, template: Path, data: Path, out: Path, count: int) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-c", PER_DOCUMENT, what, str(template), str(data),
                           str(out), str(count)], capture_output=True, text=True, cwd=ROOT,
                          env=environment(), check=True, **one_core())
    return json.loads(done.stdout.strip().splitlines()[-1])


def node_per_document(engine: str, template: Path, data: Path, out: Path, count: int) -> dict | str:
    node = shutil.which("node")
    if node is None:
        return "skipped: node is not installed"
    if not (NODE / "node_modules" / engine).is_dir():
        return f"skipped: {engine} is not installed (cd benchmarks/node && npm install)"
    done = subprocess.run([node, str(NODE / "render.js"), engine, str(template), str(data),
                           str(count), str(out)], capture_output=True, text=True, cwd=NODE,
                          **one_core())
    if done.returncode:
        return f"failed: {done.stderr.strip()[-300:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def same_document(work: Path, count: int) -> None:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    import same_document as same

    from pipeline.api import context_of, generate
    from pipeline.render import default_template

    folder = work / "same"
    folder.mkdir()
    made = generate(SAMPLE, folder / "ours").output
    data = folder / "data.json"
    content = same.write_data(context_of(SAMPLE), made, data)
    templates = same.templates(folder)
    projects = len(content["projects"])
    print(f"\n1. One document on one core: the sample ({projects} project tables), "
          f"median of {count} documents")
    print(f"     {'milliseconds per document:':<66} {'CPU':>7} {'wall':>7}")
    rows: list[tuple[str, dict | str]] = [
        ("this program, whole pipeline as -j 1 runs it (read to write)",
         python_per_document("pipeline", default_template(), SAMPLE, folder / "p", count)),
        ("this program, render and write only",
         python_per_document("render", default_template(), SAMPLE, folder / "r", count)),
        ("plain docxtpl, render only (template loaded per document)",
         python_per_document("docxtpl", default_template(), SAMPLE, folder / "d", count)),
    ]
    print("   the shipped template (templates/disclosure.docx):")
    _print(rows)
    outputs = {engine: folder / f"out-{engine}.docx" for engine in ("docxtemplater", "carbone")}
    rows = [
        ("docxtemplater", node_per_document("docxtemplater", templates["docxtemplater"], data,
                                            outputs["docxtemplater"], count)),
        ("Carbone", node_per_document("carbone", templates["carbone"], data, outputs["carbone"],
                                      count)),
        ("plain docxtpl", python_per_document("docxtpl", templates["docxtpl"], data,
                                              folder / "dd", count)),
        ("this program's renderer (render and write)",
         python_per_document("render", templates["docxtpl"], data, folder / "rr", count)),
    ]
    print("   the same document as each engine's template (benchmarks/same_document.py):")
    _print(rows)
    _same_text(folder / "rr" / "d.docx", outputs)


def _print(rows: list[tuple[str, dict | str]]) -> None:
    for label, figure in rows:
        if isinstance(figure, str):
            print(f"     {label:<66} {figure}")
        else:
            print(f"     {label:<66} {figure['cpu_ms']:7.1f} {figure['median_ms']:7.1f}")


def _same_text(reference: Path, outputs: dict[str, Path]) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from textdump import docx_blocks

    expected = docx_blocks(reference)
    for engine, path in outputs.items():
        if path.exists():
            verdict = "the same text" if docx_blocks(path) == expected else "DIFFERENT text"
            print(f"     {engine} wrote {verdict} as this program ({path.stat().st_size} bytes)")


# ---- 2. a single run ---------------------------------------------------------------------


def single_run(run: list[str], work: Path) -> None:
    def timed_run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
        """Wall and CPU seconds (the child's own, where the OS tells them) of one run."""
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=ROOT, env=env)
        return time.perf_counter() - start, _children_cpu() - before

    def median_of(args: list[str], env: dict[str, str], times: int = 5) -> tuple[float, float]:
        runs = [timed_run(args, env) for _ in range(times)]
        return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)

    env = environment()
    python = median_of([sys.executable, "-c", "pass"], env)
    empty = {**env, "GENDISCLOSURE_CACHE": str(work / "empty-cache")}
    first = timed_run([*run, str(SAMPLE), "-o", str(work / "single0")], empty)
    timed_run([*run, str(SAMPLE), "-o", str(work / "single")], env)  # the user's cache filled
    cached = median_of([*run, str(SAMPLE), "-o", str(work / "single")], env)
    print("\n2. A single run of gendisclosure inputs/2021.xlsx")
    print(f"     {'milliseconds:':<66} {'CPU':>7} {'wall':>7}")
    for label, (wall, cpu) in (
            ("python3 -c pass (the interpreter's start-up, median of 5)", python),
            ("gendisclosure inputs/2021.xlsx (median of 5)", cached),
            ("the same, first run after an upgrade (no compiled template yet)", first)):
        print(f"     {label:<66} {cpu * 1000:7.0f} {wall * 1000:7.0f}")


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


# ---- 3. a folder of workbooks ------------------------------------------------------------


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


def timed(args: list[str] | str, shell: bool = False) -> float:
    start = time.perf_counter()
    subprocess.run(args, shell=shell, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=ROOT, env=environment())
    return time.perf_counter() - start


def plain_docxtpl(paths: list[Path]) -> float:
    """Seconds to render every context with docxtpl alone, template loaded per document."""
    import io

    from docxtpl import DocxTemplate

    from pipeline.api import context_of
    from pipeline.render import default_template

    contexts = [context_of(p) for p in paths]  # not timed: reading and validation
    template = default_template()
    start = time.perf_counter()
    for context in contexts:
        document = DocxTemplate(str(template))
        document.render(context, jinja_env=_plain_environment())
        document.save(io.BytesIO())
    return time.perf_counter() - start


def _plain_environment() -> Any:
    """Jinja as docxtpl uses it by default, with the shipped templates' own filters."""
    from jinja2 import Environment

    try:
        from pipeline.fields import FILTERS
    except ImportError:
        FILTERS = {}
    environment = Environment(autoescape=True)
    environment.filters.update(FILTERS)
    return environment


def folder_of_workbooks(run: list[str], work: Path, count: int, cpus: int) -> None:
    folder = work / "in"
    folder.mkdir()
    paths = make_workbooks(folder, count)
    n = len(paths)
    a = timed([*run, str(folder), "-o", str(work / "a"), "-j", str(cpus)])
    loop = " ".join(f'"{part}"' for part in run)
    b = timed(f'for f in "{folder}"/*.xlsx; do {loop} "$f" -o "{work / "b"}"; done', shell=True)
    c = plain_docxtpl(paths)
    print(f"\n3. {n} workbooks, 5–60 projects each")
    for label, seconds in ((f"(a) batch -j {cpus}", a), ("(b) shell loop, one run each", b),
                           ("(c) plain docxtpl, render only", c)):
        print(f"     {label:<32} {seconds:7.2f} s {seconds / n * 1000:7.1f} ms/document")
    print(f"     ratio (b)/(a): {b / a:5.1f}x faster per document in a batch")
    print(f"     ratio (c)/(a): {c / a:5.2f} (the whole pipeline vs docxtpl's render alone)")


# ---- 4. memory ---------------------------------------------------------------------------


def peak_rss_of_batch(run: list[str], count: int, work: Path) -> int:
    """Peak resident memory (KiB) of the largest process of one batch run."""
    folder = work / f"mem{count}"
    folder.mkdir()
    sample = make_workbooks(folder, 1)[0]
    for i in range(1, count):
        shutil.copy(sample, folder / f"copy{i:04d}.xlsx")
    code = (
        "import resource, subprocess, sys;"
        f"subprocess.run({run!r} + [{str(folder)!r}, '-o', {str(work / f'memout{count}')!r},"
        " '-j', '2'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env=environment())
    return int(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workbooks", type=int, default=60)
    parser.add_argument("--documents", type=int, default=30, help="documents per engine in 1.")
    parser.add_argument("--memory", action="store_true", help="also measure 10 vs 1000 workbooks")
    parser.add_argument("--installed", action="store_true",
                        help="run the installed gendisclosure, not the checkout's code")
    parser.add_argument("--only", default="123", help="which parts to run, e.g. 12 (default: 123)")
    args = parser.parse_args()
    run = command(args.installed)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    print(f"machine: {os.uname().sysname} {os.uname().machine}, {cpus} CPUs, "
          f"Python {sys.version.split()[0]}; running {' '.join(run)}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "1" in args.only:
            same_document(work, args.documents)
        if "2" in args.only:
            single_run(run, work)
        if "3" in args.only:
            folder_of_workbooks(run, work, args.workbooks, cpus)
        if args.memory:
            small, large = peak_rss_of_batch(run, 10, work), peak_rss_of_batch(run, 1000, work)
            print("\n4. Peak memory of the largest process of a batch")
            print(f"     10 workbooks:   {small / 1024:7.1f} MiB")
            print(f"     1000 workbooks: {large / 1024:7.1f} MiB  ({large / small:4.2f}x)")


if __name__ == "__main__":
    main()
