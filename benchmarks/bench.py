"""Speed and memory of gendisclosure, measured side by side in one run.

    python3 benchmarks/bench.py [--workbooks 60] [--documents 30] [--memory] [--installed]
                                [--only 123] [--before REVISION]

1. One document, on one core: the sample (inputs/2021.xlsx, 34 project tables), each
   engine in a process of its own pinned to one CPU, rendering documents after one to warm
   up; the engines take turns, --rounds times, each time with its share of --documents, and
   each figure is the median of the rounds' medians; CPU time (what the process itself
   used, less changed by other work on the machine) and wall time, and the CPU time of the
   engine's fastest round ("best": this machine runs at two speeds by turns, a few seconds
   each, so a median depends on how many of an engine's rounds fell in slow spells; the
   best rounds compare the engines at the same speed); then the pipeline as a multiple
   of Carbone's figure, by median and by best round:
     - this program's whole pipeline as `-j 1` runs it (read, check, context, render, write);
     - this program's rendering and writing alone;
     - plain docxtpl, template loaded per document (the library alone);
   and the same document as a template for each engine (benchmarks/same_document.py:
   the shipped template's package, its text and 34 project tables in each engine's tags):
     - docxtemplater and Carbone (Node.js; benchmarks/node, `npm install` there first),
       as each is used for one document: template read, rendered, packed;
     - plain docxtpl and this program's renderer, on the same template.
2. One run of `gendisclosure inputs/2021.xlsx`, CPU and wall time (median of 9) and the
   fastest run's wall time, beside
   Python's own start-up (`python3 -c pass`) and a first run with an empty compiled-template
   cache; with --instructions, valgrind's instruction counts of a run and of one more
   document in a running worker.
3. A folder of --workbooks realistic workbooks (5 to 60 projects each):
     (a) one batch run `gendisclosure DIR -j <CPUs>`;
     (b) a shell loop calling gendisclosure once per workbook;
     (c) plain docxtpl rendering the same contexts (no reading, no checks).
4. With --memory, the peak resident memory of the largest process of a 10- and a
   1000-workbook batch.

The program run is the checkout's (`python3 -m pipeline`, the entry point the script
calls), or with --installed the installed `gendisclosure`. With --before REVISION (a commit, tag or branch of this
repository), that revision is checked out into a temporary git worktree and measured in
the same run, beside the checkout, for this program's own figures (1. pipeline and
render, 2., 3. (a) and (b), 4.); single runs of the two alternate, so that the machine's
other work falls on both alike. Python writes and uses its compiled modules (.pyc), as in
an installed program, whatever PYTHONDONTWRITEBYTECODE says. Prints figures; asserts
nothing. The machine's other work shows in the figures: compare figures of one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
NODE = HERE / "node"
SAMPLE = ROOT / "inputs" / "2021.xlsx"
CHECKOUT = [sys.executable, "-m", "pipeline"]  # what the gendisclosure script runs (pipeline.__main__)
WHOLE_PIPELINE = "whole pipeline as -j 1 runs it (read to write)"  # the row compared with Carbone


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


def environment(root: Path = ROOT) -> dict[str, str]:
    """The environment of a measured process: the code of ``root``, compiled modules kept
    (pip compiles an installed program's modules; without them every run compiles afresh)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


class Program:
    """One version of this program: a label, its folder, the command that runs it there."""

    def __init__(self, label: str, root: Path, run: list[str]) -> None:
        self.label, self.root, self.run = label, root, run


def programs(args: argparse.Namespace, work: Path) -> list[Program]:
    """The checkout (or the installed program) and, with --before, the revision to compare."""
    now = Program("after" if args.before else "this program", ROOT, command(args.installed))
    if not args.before:
        return [now]
    folder = work / "before"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(folder),
                    args.before], check=True)
    return [Program(f"before ({args.before})", folder, CHECKOUT), now]


def remove_worktrees(versions: list[Program]) -> None:
    for program in versions:
        if program.root != ROOT:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(program.root)], check=False)


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
    import inspect
    # as a run without --report, 批复 or --summary (no department figures kept), where the
    # revision measured has that choice
    choice = {"details": False} if "details" in inspect.signature(Worker).parameters else {}
    worker = Worker(Path(template), **choice)
    jobs = iter(Job(Path(workbook), Path(out) / f"d{i}.docx") for i in range(count + 1))
    timed(lambda: worker.run(next(jobs)))
elif what == "render":  # rendering and writing a context already built
    from pipeline.api import context_of
    from pipeline.render import Renderer
    from pipeline.write import write_atomic
    context = context_of(workbook) if workbook.endswith(".xlsx") else json.load(open(workbook))
    import inspect
    # the same-document template reads the benchmark's data, not a workbook's (where the
    # revision measured checks the names a template reads)
    other = {"workbook_names": False} if "workbook_names" in inspect.signature(Renderer).parameters else {}
    renderer = Renderer(Path(template), **(other if not workbook.endswith(".xlsx") else {}))
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


def python_per_document(what: str, template: Path, data: Path, out: Path, count: int,
                        root: Path = ROOT) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-c", PER_DOCUMENT, what, str(template), str(data),
                           str(out), str(count)], capture_output=True, text=True, cwd=root,
                          env=environment(root), check=True, **one_core())
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


def same_document(work: Path, count: int, versions: list[Program], rounds: int) -> None:
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
    per_round = max(count // rounds, 3)
    shipped_rows: list[tuple[str, Callable[[], dict | str]]] = []
    for i, program in enumerate(versions):
        tag = f"{program.label}: " if len(versions) > 1 else "this program, "
        sample = program.root / "inputs" / "2021.xlsx"
        shipped = program.root / "templates" / "disclosure.docx"
        shipped_rows += [
            (f"{tag}{WHOLE_PIPELINE}",
             partial(python_per_document, "pipeline", shipped, sample, folder / f"p{i}", per_round,
                     program.root)),
            (f"{tag}render and write only",
             partial(python_per_document, "render", shipped, sample, folder / f"r{i}", per_round,
                     program.root)),
        ]
    shipped_rows.append(("plain docxtpl, render only (template loaded per document)",
                         partial(python_per_document, "docxtpl", default_template(), SAMPLE,
                                 folder / "d", per_round)))
    outputs = {engine: folder / f"out-{engine}.docx" for engine in ("docxtemplater", "carbone")}
    same_rows: list[tuple[str, Callable[[], dict | str]]] = [
        ("docxtemplater", partial(node_per_document, "docxtemplater", templates["docxtemplater"],
                                  data, outputs["docxtemplater"], per_round)),
        ("Carbone", partial(node_per_document, "carbone", templates["carbone"], data,
                            outputs["carbone"], per_round)),
        ("plain docxtpl", partial(python_per_document, "docxtpl", templates["docxtpl"], data,
                                  folder / "dd", per_round)),
    ]
    for i, program in enumerate(versions):
        tag = f" ({program.label})" if len(versions) > 1 else ""
        same_rows.append((f"this program's renderer (render and write){tag}",
                          partial(python_per_document, "render", templates["docxtpl"], data,
                                  folder / f"rr{i}", per_round, program.root)))
    figures = _in_rounds([step for _, step in shipped_rows + same_rows], rounds)
    print(f"\n1. One document on one core: the sample ({projects} project tables), the median "
          f"of {rounds} rounds of {per_round} documents, every engine in turn in each round; "
          "best: the CPU time of its fastest round")
    print(f"     {'milliseconds per document:':<66} {'CPU':>7} {'wall':>7} {'best':>7}")
    print("   the shipped template (templates/disclosure.docx):")
    _print([(label, figure) for (label, _), figure in zip(shipped_rows, figures)])
    print("   the same document as each engine's template (benchmarks/same_document.py):")
    _print([(label, figure) for (label, _), figure in zip(same_rows, figures[len(shipped_rows):])])
    _same_text(folder / f"rr{len(versions) - 1}" / "d.docx", outputs)
    by_label = dict(zip([label for label, _ in shipped_rows + same_rows], figures))
    carbone = by_label["Carbone"]
    for program in versions:
        tag = f"{program.label}: " if len(versions) > 1 else "this program, "
        pipeline = by_label[f"{tag}{WHOLE_PIPELINE}"]
        if isinstance(carbone, dict) and isinstance(pipeline, dict):
            print(f"     the whole pipeline ({program.label}) per document as a multiple of Carbone's "
                  f"rendering: {pipeline['cpu_ms'] / carbone['cpu_ms']:.2f}× (median CPU), "
                  f"{pipeline['best_cpu_ms'] / carbone['best_cpu_ms']:.2f}× (best rounds)")


def _in_rounds(steps: list[Callable[[], dict | str]], rounds: int) -> list[dict | str]:
    """Each step's figures: run in turn, round after round (so that the machine's other work
    falls on every engine alike), the median of the rounds' medians."""
    results: list[list[dict | str]] = [[] for _ in steps]
    for _ in range(rounds):
        for step, kept in zip(steps, results):
            kept.append(step())
    figures: list[dict | str] = []
    for kept in results:
        numbers = [k for k in kept if isinstance(k, dict)]
        if len(numbers) < len(kept):
            figures.append(next(k for k in kept if isinstance(k, str)))
        else:
            figures.append({**{key: statistics.median(k[key] for k in numbers)
                               for key in ("cpu_ms", "median_ms")},
                            "best_cpu_ms": min(k["cpu_ms"] for k in numbers)})
    return figures


def _print(rows: list[tuple[str, dict | str]]) -> None:
    for label, figure in rows:
        if isinstance(figure, str):
            print(f"     {label:<66} {figure}")
        else:
            print(f"     {label:<66} {figure['cpu_ms']:7.1f} {figure['median_ms']:7.1f} "
                  f"{figure['best_cpu_ms']:7.1f}")


def _same_text(reference: Path, outputs: dict[str, Path]) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from textdump import docx_blocks

    expected = docx_blocks(reference)
    for engine, path in outputs.items():
        if path.exists():
            verdict = "the same text" if docx_blocks(path) == expected else "DIFFERENT text"
            print(f"     {engine} wrote {verdict} as this program ({path.stat().st_size} bytes)")


# ---- 2. a single run ---------------------------------------------------------------------


def single_run(versions: list[Program], work: Path, times: int = 9, instructions: bool = False) -> None:
    def timed_run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
        """Wall and CPU seconds (the child's own, where the OS tells them) of one run."""
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=cwd, env=env)
        return time.perf_counter() - start, _children_cpu() - before

    def median(runs: list[tuple[float, float]]) -> tuple[float, float, float]:
        """Median wall and CPU time, and the least wall time (the run the machine disturbed least)."""
        return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                min(r[0] for r in runs))

    def project(program: Program, index: int) -> Path:
        """A folder holding the program's inputs/2021.xlsx, where the command is typed as a
        user types it (the document goes to its outputs/)."""
        folder = work / f"single-{index}"
        (folder / "inputs").mkdir(parents=True)
        shutil.copyfile(program.root / "inputs" / "2021.xlsx", folder / "inputs" / "2021.xlsx")
        return folder

    python_runs: list[tuple[float, float]] = []
    first, cached = {}, {p.label: [] for p in versions}
    folders = {program.label: project(program, index) for index, program in enumerate(versions)}
    typed = ["inputs/2021.xlsx"]
    for program in versions:
        env = environment(program.root)
        empty = {**env, "GENDISCLOSURE_CACHE": str(work / f"empty-cache-{len(first)}")}
        first[program.label] = timed_run([*program.run, *typed], empty, folders[program.label])
        timed_run([*program.run, *typed], env, folders[program.label])  # cache filled
    for _ in range(times):  # in turn, so that the machine's other work falls on each alike
        python_runs.append(timed_run([sys.executable, "-c", "pass"], environment(), ROOT))
        for program in versions:
            cached[program.label].append(timed_run([*program.run, *typed], environment(program.root),
                                                   folders[program.label]))
    print("\n2. A single run of gendisclosure inputs/2021.xlsx")
    print(f"     {'milliseconds (best: the fastest run, wall time):':<66} {'CPU':>7} {'wall':>7} {'best':>7}")
    rows = [(f"python3 -c pass (the interpreter's start-up, median of {times})", median(python_runs))]
    for program in versions:
        tag = f"{program.label}: " if len(versions) > 1 else ""
        rows += [(f"{tag}gendisclosure inputs/2021.xlsx (median of {times})",
                  median(cached[program.label])),
                 (f"{tag}the same, first run with no compiled template yet", (*first[program.label], None))]
    for label, (wall, cpu, best) in rows:
        print(f"     {label:<66} {cpu * 1000:7.0f} {wall * 1000:7.0f} "
              f"{'' if best is None else format(best * 1000, '7.0f')}")
    if instructions:
        counted_runs(versions, folders)


def counted_runs(versions: list[Program], folders: dict[str, Path]) -> None:
    """The instructions of one run (valgrind's count: the same in a slow spell as in a fast
    one, so that two versions compare within a fraction of a percent)."""
    if not shutil.which("valgrind"):
        print("     (valgrind is not installed: no instruction counts)")
        return

    def counts(args: list[str], env: dict[str, str], cwd: Path) -> list[float]:
        """Millions of instructions of each process, the one started first (this program)
        first; a forked copy (the read-ahead) counts from the start of the program."""
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
                              capture_output=True, text=True, cwd=cwd, env=env, check=False)
        found = dict(re.findall(r"==(\d+)== Collected : (\d+)", done.stderr))
        first = re.search(r"==(\d+)==", done.stderr)
        order = sorted(found, key=lambda pid: pid != (first.group(1) if first else ""))
        return [int(found[pid]) / 1e6 for pid in order] or [float("nan")]

    def count(args: list[str], env: dict[str, str], cwd: Path) -> float:
        return counts(args, env, cwd)[0]

    print("     millions of instructions (valgrind; the template already compiled):")
    print(f"     {'python3 -c pass':<66} {count([sys.executable, '-c', 'pass'], environment(), ROOT):7.0f}")
    for program in versions:
        tag = f"{program.label}: " if len(versions) > 1 else ""
        used = counts([*program.run, "inputs/2021.xlsx"], environment(program.root), folders[program.label])
        print(f"     {tag + 'gendisclosure inputs/2021.xlsx':<66} {used[0]:7.0f}")
        for copy in used[1:]:
            print(f"     {tag + '  its copy reading ahead (start-up before the fork included)':<66} {copy:7.0f}")
    for program in versions:  # a worker's document: a process making 4 of them against one making 1
        tag = f"{program.label}: " if len(versions) > 1 else ""
        made = [count([sys.executable, "-c", DOCUMENTS.format(n=n)], environment(program.root),
                      folders[program.label]) for n in (1, 4)]
        print(f"     {tag + 'one more document in a running worker (4 less 1, ÷ 3)':<66} "
              f"{(made[1] - made[0]) / 3:7.0f}")


# a worker process compiling the template once and making n documents of the sample, as -j 1 does
DOCUMENTS = """
from pathlib import Path
from pipeline import api
from pipeline.render import Renderer, resolve_template
renderer = Renderer(resolve_template(None))
for i in range({n}):
    api.produce("inputs/2021.xlsx", Path("outputs") / f"counted-{{i}}.docx", renderer)
"""


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


def timed(args: list[str] | str, root: Path = ROOT, shell: bool = False) -> float:
    start = time.perf_counter()
    subprocess.run(args, shell=shell, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=root, env=environment(root))
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


def folder_of_workbooks(versions: list[Program], work: Path, count: int, cpus: int) -> None:
    folder = work / "in"
    folder.mkdir()
    paths = make_workbooks(folder, count)
    n = len(paths)
    rows = []
    for i, program in enumerate(versions):
        tag = f"{program.label}: " if len(versions) > 1 else ""
        a = timed([*program.run, str(folder), "-o", str(work / f"a{i}"), "-j", str(cpus)],
                  program.root)
        loop = " ".join(f'"{part}"' for part in program.run)
        b = timed(f'for f in "{folder}"/*.xlsx; do {loop} "$f" -o "{work / f"b{i}"}"; done',
                  program.root, shell=True)
        rows += [(f"{tag}(a) batch -j {cpus}", a), (f"{tag}(b) shell loop, one run each", b)]
    c = plain_docxtpl(paths)
    print(f"\n3. {n} workbooks, 5–60 projects each")
    for label, seconds in (*rows, ("(c) plain docxtpl, render only", c)):
        print(f"     {label:<48} {seconds:7.2f} s {seconds / n * 1000:7.1f} ms/document")
    a, b = rows[-2][1], rows[-1][1]
    print(f"     ratio (b)/(a): {b / a:5.1f}x faster per document in a batch")
    print(f"     ratio (c)/(a): {c / a:5.2f} (the whole pipeline vs docxtpl's render alone)")


# ---- 4. memory ---------------------------------------------------------------------------


def peak_rss_of_batch(program: Program, count: int, work: Path) -> int:
    """Peak resident memory (KiB) of the largest process of one batch run."""
    folder = work / f"mem{count}"
    if not folder.is_dir():
        folder.mkdir()
        sample = make_workbooks(folder, 1)[0]
        for i in range(1, count):
            shutil.copy(sample, folder / f"copy{i:04d}.xlsx")
    out_folder = work / f"memout{count}-{program.root.name}"
    code = (
        "import resource, subprocess, sys;"
        f"subprocess.run({program.run!r} + [{str(folder)!r}, '-o', {str(out_folder)!r},"
        " '-j', '2'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=program.root, env=environment(program.root))
    return int(out.stdout.strip())


def memory(versions: list[Program], work: Path) -> None:
    print("\n4. Peak memory of the largest process of a batch")
    for program in versions:
        small, large = peak_rss_of_batch(program, 10, work), peak_rss_of_batch(program, 1000, work)
        tag = f"{program.label}: " if len(versions) > 1 else ""
        print(f"     {tag}10 workbooks:   {small / 1024:7.1f} MiB")
        print(f"     {tag}1000 workbooks: {large / 1024:7.1f} MiB  ({large / small:4.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workbooks", type=int, default=60)
    parser.add_argument("--documents", type=int, default=30, help="documents per engine in 1.")
    parser.add_argument("--rounds", type=int, default=3,
                        help="1. runs the engines in turn this many times (documents split among them)")
    parser.add_argument("--memory", action="store_true", help="also measure 10 vs 1000 workbooks")
    parser.add_argument("--installed", action="store_true",
                        help="run the installed gendisclosure, not the checkout's code")
    parser.add_argument("--only", default="123", help="which parts to run, e.g. 12 (default: 123)")
    parser.add_argument("--instructions", action="store_true",
                        help="2. also counts the instructions of a single run (needs valgrind; ~1 minute)")
    parser.add_argument("--before", metavar="REVISION",
                        help="also measure this revision of the repository (a git worktree)")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        versions = programs(args, work)
        try:
            print(f"machine: {os.uname().sysname} {os.uname().machine}, {cpus} CPUs, "
                  f"Python {sys.version.split()[0]}; running "
                  + "; ".join(f"{p.label}: {' '.join(p.run)} in {p.root}" for p in versions))
            if "1" in args.only:
                same_document(work, args.documents, versions, args.rounds)
            if "2" in args.only:
                single_run(versions, work, instructions=args.instructions)
            if "3" in args.only:
                folder_of_workbooks(versions, work, args.workbooks, cpus)
            if args.memory:
                memory(versions, work)
        finally:
            remove_worktrees(versions)


if __name__ == "__main__":
    main()
