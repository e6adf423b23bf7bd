"""A template that would run for ever or exhaust memory is stopped, naming the template."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLE, make_template

from pipeline.cli import main
from pipeline.errors import TemplateProblem
from pipeline.render import Renderer, resolve_template
from pipeline.template_bounds import LIMITS, Limits

HOSTILE = {
    "nested ranges": "{% for a in range(10**5) %}{% for b in range(10**5) %}x{% endfor %}{% endfor %}",
    "power": "{{ 9**(9**9) }}",
    "string times a huge number": "{{ 'x' * 10**12 }}",
    "list of 10**8": "{% set l = [0] * 10**8 %}{{ l | length }}",
    "range of 10**8 as a list": "{{ range(10**8) | list | length }}",
    "macro calling itself": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "macro calling itself twice": "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}"
                                  "{% endif %}{% endmacro %}{{ f(60) }}",
    "loops over a list": "{% set l = [0] * 1000 %}{% for a in l %}{% for b in l %}{% for c in l %}"
                         "{% endfor %}{% endfor %}{% endfor %}",
    "doubling a text": "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
                       "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
    "doubling a list": "{% set l = [1] %}{% for i in range(60) %}{{ l.extend(l) }}{% endfor %}",
    "squaring a number": "{% set ns = namespace(x=3) %}{% for i in range(60) %}"
                         "{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x > 0 }}",
    "a huge width": "{{ 'x' | center(10**12) }}",
    "a huge format width": "{{ '%1000000000s' | format('x') }}",
    "a huge str.format width": "{{ '{:>1000000000}'.format(1) }}",
    "joining copies of a long text": "{% set s = 'x' * 10**6 %}{{ ([s] * 1000) | join }}",
    "printing a list of long texts": "{% set s = 'x' * 10**6 %}{{ ([s] * 1000) | string }}",
    "a long text printed many times": "{% set s = 'x' * 10**6 %}{% for i in range(1000) %}{{ s }}"
                                      "{% endfor %}",
    "output kept in a block": "{% set s = 'x' * 10**6 %}{% set b %}{% for i in range(1000) %}{{ s }}"
                              "{% endfor %}{% endset %}{{ b | length }}",
    "a recursive loop": "{% set r = [1] * 100 %}{% for i in r recursive %}{% if loop.depth < 10 %}"
                        "{{ loop(r) }}{% endif %}{% endfor %}",
    # sort, max and a list's sort() compare through the environment (figures by their value)
    "sorting a long list": "{% set l = range(900000) | list %}{{ (l * 3) | sort | first }}",
    "the largest of a long list": "{% set l = range(900000) | list %}{{ (l * 3) | max }}",
    "a long list sorting itself": "{% set l = range(900000) | list %}{% set m = l * 3 %}{{ m.sort() }}",
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_template_is_refused_naming_it(text, sample, tmp_path):
    folder = tmp_path / "模板"
    folder.mkdir()
    template = make_template(folder, text)
    out = tmp_path / "out"
    start = time.perf_counter()
    result = run(sample, "-o", out, "--template", template)
    assert time.perf_counter() - start < 10
    assert result.exit_code == 1, result.output
    assert f"模板 {template} 套用时超出限制：" in result.output
    assert f"{sample}: " not in result.output  # the template is at fault, not the workbook
    assert not out.exists() or not any(out.iterdir())


MEASURED = (
    "nested ranges", "string times a huge number", "list of 10**8", "doubling a list",
    "a long text printed many times", "output kept in a block", "printing a list of long texts",
)

PEAK = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "pipeline.cli", *sys.argv[1:]], capture_output=True,
                      text=True, timeout=60)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(done.stderr + done.stdout)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage is not available on Windows")
@pytest.mark.parametrize("name", MEASURED)
def test_a_hostile_template_stays_within_time_and_memory(name, tmp_path):
    template = make_template(tmp_path, HOSTILE[name])
    out = tmp_path / "out"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, str(SAMPLE), "-o", str(out), "-j", "1",
                           "--template", str(template)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=True)
    seconds = time.perf_counter() - start
    status, peak = done.stdout.split("\n", 1)[0].split()
    kib = 1 if sys.platform != "darwin" else 1024  # ru_maxrss is in bytes on macOS
    assert status == "1", done.stdout
    assert "套用时超出限制" in done.stdout
    assert seconds < 10
    assert int(peak) // kib < 500 * 1024, f"peak {int(peak) // kib // 1024} MB"
    assert not out.exists() or not any(out.iterdir())


def test_the_clock_stops_a_slow_render(sample_context, tmp_path):
    template = make_template(tmp_path, "{% for i in range(99999) %}{% for j in range(9) %}"
                                       "{% endfor %}{% endfor %}")
    renderer = Renderer(template, Limits(seconds=0.05))
    with pytest.raises(TemplateProblem) as info:
        renderer.render(sample_context, 2021)
    assert str(info.value).startswith(f"模板 {template} 套用时超出限制：用时超过 0.05 秒")


@pytest.mark.parametrize("name", ["disclosure", "sections12"])
def test_the_shipped_templates_use_a_small_part_of_each_limit(name, sample_context):
    small = Limits(seconds=LIMITS.seconds, steps=LIMITS.steps // 100, text=LIMITS.text // 100,
                   output=LIMITS.output // 20, memory=LIMITS.memory // 20)
    assert Renderer(resolve_template(name), small).render(sample_context, 2021)


def test_the_standard_template_uses_a_small_part_of_each_limit(tmp_path):
    from make_subjects import SUBJECTS, write_with_subjects

    from pipeline.api import context_of

    context = context_of(write_with_subjects(SUBJECTS, tmp_path / "subjects.xlsx"))
    small = Limits(seconds=LIMITS.seconds, steps=LIMITS.steps // 100, text=LIMITS.text // 100,
                   output=LIMITS.output // 20, memory=LIMITS.memory // 20)
    assert Renderer(resolve_template("standard"), small).render(context, 2022)


def test_templates_cannot_include_others_nor_make_filler_text(sample, tmp_path):
    for text, words in (("{% include 'word/document.xml' %}", "模板不能引用其他模板"),
                        ("{{ lipsum(10**6) }}", "lipsum")):
        template = make_template(tmp_path, text)
        result = run(sample, "-o", tmp_path / "out", "--template", template)
        assert result.exit_code == 1 and words in result.output, result.output


def test_a_template_that_unpacks_to_too_much_is_refused(tmp_path):
    template = make_template(tmp_path, "{{ 部门简称 }}")
    with pytest.raises(TemplateProblem) as info:
        Renderer(template, Limits(template=10_000))
    assert str(info.value).startswith(f"{template}: 模板解压后有")


def test_a_template_part_too_large_to_compile_in_bounded_time_is_refused(tmp_path):
    """A few kilobytes of zip may hold megabytes of document XML, which python-docx,
    docxtpl and Jinja would take many seconds and many times its size in memory to read."""
    template = make_template(tmp_path, *(["{{ 部门简称 }}" + "文字" * 500] * 40))
    with pytest.raises(TemplateProblem) as info:
        Renderer(template, Limits(template_xml=20_000))
    assert str(info.value).startswith(f"{template}: 模板的部件 word/document.xml 解压后有 0.")
    assert "超过 0.02 MB 的上限" in str(info.value)
    Renderer(template)  # within the shipped limit


def test_a_template_with_too_many_tags_is_refused_before_jinja_reads_it(tmp_path):
    """Jinja takes about 0.1 ms for each tag it parses and compiles: 60 000 paragraphs of
    two tags, 50 KB of zip, took 20 s and 900 MB."""
    template = make_template(tmp_path, *(["{{ 部门简称 }}{% if 年度 %}{% endif %}"] * 4))
    with pytest.raises(TemplateProblem) as info:
        Renderer(template, Limits(template_tags=10))
    assert str(info.value) == (f"{template}: 模板中有 12 个标签，超过 10 个的上限（自带的模板不到 500 个）："
                               "请检查模板中是否粘贴了大量重复的标签")


def test_a_filter_added_to_the_environment_later_is_measured_too():
    from pipeline.template_bounds import BoundedSandbox, LimitExceeded, metered

    environment = BoundedSandbox()
    environment.filters.update({"连写": lambda items: "".join(items)})
    template = environment.from_string("{% set s = 'x' * 10**6 %}{{ ([s] * 100) | 连写 }}")
    with metered(LIMITS), pytest.raises(LimitExceeded):
        template.render()
    with metered(LIMITS):
        assert environment.from_string("{{ ['a', 'b'] | 连写 }}").render() == "ab"


def test_a_workbook_too_large_for_a_shipped_template_is_the_workbooks_fault(sample, tmp_path):
    """The shipped templates only loop over the workbook's rows: beyond a limit, the
    message names the workbook and its content, not the template."""
    from pipeline.api import produce
    from pipeline.errors import WorkbookError
    from pipeline.render import default_template

    small = Renderer(default_template(), Limits(output=10_000))
    with pytest.raises(WorkbookError) as info:
        produce(sample, tmp_path / "out.docx", small)
    assert str(info.value) == (f"{sample}: 工作簿的内容太多，生成的文档超出限制（生成的内容超过 10000 个字符）："
                               "请检查是否误填或误粘贴了大量内容（项目、指标或很长的文字）")
    assert not isinstance(info.value, TemplateProblem) and not (tmp_path / "out.docx").exists()
