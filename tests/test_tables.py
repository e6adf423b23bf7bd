"""The standard budget tables (公开表) and the standard template, for departments with 科目 data.

The departments are SUBJECTS (一般公共预算, 政府性基金 and 单位资金 money, 科目 at 类/款/项) and
NO_FUND_OR_CAPITAL (neither 政府性基金 nor 国有资本经营 money) of tests/make_subjects.py.
Every expected figure is computed here from their data — the 项 rows of the 科目 sheets and
the departments' 收支预算 — and every expected sentence is written out here; nothing is
asked of the tool.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from make_departments import Amount, base_total
from make_subjects import (
    INCOME_SOURCES,
    NAMES,
    NO_FUND_OR_CAPITAL,
    SUBJECTS,
    subject_sheets,
    write_with_subjects,
)
from test_departments import Document, Figure, Total, assert_sentence, figures, show
from textdump import docx_blocks

from pipeline.api import context_of, generate
from pipeline.cli import main
from pipeline.errors import TemplateProblem, WorkbookError

DEPARTMENTS = {"subjects": SUBJECTS, "no_fund": NO_FUND_OR_CAPITAL}
# the funding source columns of 支出功能分类, as the tables and their explanation name them
LABELS = {"一般公共预算拨款": "一般公共预算拨款", "基金预算拨款": "政府性基金预算拨款",
          "国有资本经营预算拨款": "国有资本经营预算拨款", "财政专户核拨": "财政专户管理资金", "单位资金": "单位资金"}
INCOME_OF = {"一般公共预算拨款": "一般公共预算拨款收入", "基金预算拨款": "政府性基金预算拨款收入",
             "国有资本经营预算拨款": "国有资本经营预算拨款收入"}
ZERO = Decimal(0)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("subjects")
    return {key: write_with_subjects(dept, folder / f"{dept.name}.xlsx") for key, dept in DEPARTMENTS.items()}


@pytest.fixture(scope="module")
def tables(made):
    return {key: {t["表号"]: t for t in context_of(path)["公开表"]} for key, path in made.items()}


@pytest.fixture(scope="module")
def documents(made, tmp_path_factory):
    out = {}
    for key, path in made.items():
        result = generate(path, tmp_path_factory.mktemp(key), template="standard")
        out[key] = Document(result, docx_blocks(result.output))
    return out


# ---- the departments' figures, computed here ---------------------------------------------------


def sheet(dept, name: str) -> list[dict]:
    rows = subject_sheets(dept)[name]
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def leaves(dept, name: str = "支出功能分类") -> list[dict]:
    """The lowest rows: 项 (7 digits) of 支出功能分类, 款 (5) of 基本支出经济分类."""
    deepest = 7 if name == "支出功能分类" else 5
    return [r for r in sheet(dept, name) if len(r["科目编码"]) == deepest]


def amount(row: dict, column: str) -> Decimal:
    return Decimal(row[column]) if row.get(column) else ZERO


def leaf_sum(dept, column: str, under: str = "", name: str = "支出功能分类") -> Decimal:
    return sum((amount(r, column) for r in leaves(dept, name) if r["科目编码"].startswith(under)), ZERO)


def income(dept, name: str) -> Decimal:
    return sum((Decimal(a.this) for a in dept.income if a.name == name), ZERO)


def by_source(dept) -> list[tuple[str, list]]:
    """(the source's published name, the department's income rows that count towards it) for
    every funding source, in the tables' order; an income row not of INCOME_SOURCES is 单位资金."""
    return [(LABELS[s], [a for a in dept.income if INCOME_SOURCES.get(a.name, "单位资金") == s]) for s in LABELS]


def income_by_source(dept) -> Total:
    """收入合计 and its items, one a funding source the department has income of; a source's
    reason is the reasons of its rows that changed."""
    items = []
    for name, rows in by_source(dept):
        if rows:
            lasts = [None if a.last is None else Decimal(a.last) for a in rows]
            reasons = [a.reason for a in rows if a.reason and a.last is not None and a.this != a.last]
            items.append(Figure(name, sum((Decimal(a.this) for a in rows), ZERO),
                                None if None in lasts else sum(lasts, ZERO), "，".join(reasons) or None))
    lasts = [i.last for i in items]
    return Total("收入合计", sum((i.this for i in items), ZERO), None if None in lasts else sum(lasts, ZERO),
                 items=items)


def pct(part: Decimal, whole: Decimal) -> str:
    return str((part / whole * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def classes_with(dept, column: str) -> list[tuple[str, Decimal]]:
    """(类 name, its amount of ``column``) for each 类 with money in that column, in code order."""
    codes = sorted({r["科目编码"][:3] for r in leaves(dept)})
    return [(NAMES[c], leaf_sum(dept, column, c)) for c in codes if leaf_sum(dept, column, c)]


def totals(table: dict) -> list[str]:
    (row,) = table["合计行"]
    return row["格"]


# ---- the tables ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", DEPARTMENTS)
def test_every_total_is_the_sum_of_the_departments_figures(tables, key):
    dept, t = DEPARTMENTS[key], tables[key]
    base, projects = base_total(dept, "this"), Decimal(dept.projects_expense.this)
    spent = base + projects
    got = sum((Decimal(a.this) for a in dept.income), ZERO)
    general, fund, capital = (leaf_sum(dept, s) for s in ("一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款"))
    staff, office = Decimal(dept.staff.this), Decimal(dept.office.this)
    expected = {
        "公开01表": ["收入总计", got, "支出总计", spent],
        "公开02表": ["合计", "", got, *(leaf_sum(dept, s) for s in LABELS)],
        "公开03表": ["合计", "", spent, base, projects],
        "公开04表": ["收入总计", sum((income(dept, n) for n in INCOME_OF.values()), ZERO), "支出总计",
                  general + fund + capital, general, fund, capital],
        "公开05表": ["合计", "", general, base, general - base],  # all 基本支出 is 一般公共预算
        "公开06表": ["合计", "", staff + office, staff, office],
    }
    for number, cells in expected.items():
        assert totals(t[number]) == [show(c) if isinstance(c, Decimal) else c for c in cells], number
    assert got == spent and general == income(dept, "一般公共预算拨款收入")
    assert [r["格"][:2] for r in t["公开01表"]["行"] if r["格"][0]] == [
        [f"{name}收入", show(sum((Decimal(a.this) for a in rows), ZERO))] for name, rows in by_source(dept)]
    assert [c["文字"] for c in t["公开07表"]["表头"][1]] == ["小计", "公务用车购置费", "公务用车运维费"]
    items = [Decimal(a.this) for a in dept.sangong[:4]]
    assert t["公开07表"]["行"][0]["格"] == ["本年预算", *(show(x) for x in (
        sum(items, ZERO), items[0], items[1] + items[2], items[1], items[2], items[3]))]


@pytest.mark.parametrize("key", DEPARTMENTS)
def test_each_class_and_item_row_is_the_sum_of_its_rows_below(tables, key):
    dept = DEPARTMENTS[key]
    rows = tables[key]["公开03表"]["行"]
    by_code = {r["科目编码"]: r for r in rows}
    assert sorted(by_code) == sorted(r["科目编码"] for r in sheet(dept, "支出功能分类"))
    for code, r in by_code.items():
        assert r["级次"] == {3: "类", 5: "款", 7: "项"}[len(code)]
        assert r["缩进文字"] == "　　" * {3: 0, 5: 1, 7: 2}[len(code)]
        expected = [leaf_sum(dept, "基本支出", code) + leaf_sum(dept, "项目支出", code),
                    leaf_sum(dept, "基本支出", code), leaf_sum(dept, "项目支出", code)]
        assert r["格"] == [code, NAMES[code], *(show(x) for x in expected)], code


def test_a_fund_table_lists_the_rows_paid_from_the_fund(tables):
    dept, t = SUBJECTS, tables["subjects"]["公开08表"]
    paid = sorted({c for r in leaves(dept) if amount(r, "基金预算拨款")
                   for c in (r["科目编码"][:3], r["科目编码"][:5], r["科目编码"])})
    assert [r["科目编码"] for r in t["行"]] == paid and paid
    assert totals(t) == ["合计", "", show(income(dept, "政府性基金预算拨款收入"))]
    assert not t["空表"] and t["注"] == ""


def test_without_fund_or_state_capital_money_those_tables_are_empty_with_their_note(tables, documents):
    dept, doc = NO_FUND_OR_CAPITAL, documents["no_fund"]
    for number, money in (("公开08表", "政府性基金预算拨款"), ("公开09表", "国有资本经营预算拨款")):
        t = tables["no_fund"][number]
        note = f"{dept.short}{dept.year}年无{money}安排的支出，故本表为空表。"
        assert t["空表"] and t["行"] == [] and t["合计行"] == [] and t["注"] == note
        assert note in doc.blocks
    assert tables["subjects"]["公开09表"]["空表"]  # SUBJECTS has no 国有资本经营 money either
    assert not tables["subjects"]["公开08表"]["空表"]


def test_the_tables_without_the_subject_sheets(tmp_path):
    context = context_of(SAMPLE)
    available = {t["名称"]: t["可用"] for t in context["公开表"]}
    assert [n for n, ok in available.items() if not ok] == [
        "部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "一般公共预算支出表", "一般公共预算基本支出表"]
    note = "永清县经开区2021年无政府性基金预算拨款安排的支出，故本表为空表。"  # no such income
    assert context["公开表"]["政府性基金预算支出表"]["注"] == note
    # the workbook's fault, not the template's: as the tables workbook refuses it, word for word
    with pytest.raises(WorkbookError) as refused:
        generate(SAMPLE, tmp_path, template="standard")
    assert not isinstance(refused.value, TemplateProblem)
    said = str(refused.value)
    assert said.startswith(f"{SAMPLE}: 无法生成公开表：公开01表 部门收支总表、公开02表 部门收入总表、")
    # one message names every table and every sheet missing, not only the first table's
    assert "公开06表 一般公共预算基本支出表 由工作表“支出功能分类”、“基本支出经济分类”算出" in said
    assert "请按 docs/workbook.md 加上“支出功能分类”、“基本支出经济分类”" in said
    assert list(tmp_path.iterdir()) == []
    result = CliRunner().invoke(main, [str(SAMPLE), "-o", str(tmp_path), "--template", "standard"])
    assert result.exit_code == 1 and list(tmp_path.iterdir()) == []
    tables = CliRunner().invoke(main, [str(SAMPLE), "-o", str(tmp_path), "--tables", str(tmp_path / "t.xlsx")])
    assert tables.exit_code == 1
    assert said in result.output and said in tables.output


def test_an_unavailable_table_prints_nothing_blank():
    table = context_of(SAMPLE)["公开表"]["一般公共预算支出表"]
    assert "行" not in table and "合计行" not in table and "说明" not in table
    for read in (lambda: table["行"], lambda: table.get("行"), lambda: table.get("说明", "")):
        with pytest.raises(WorkbookError, match="无法生成公开表"):
            read()


# ---- the standard template -------------------------------------------------------------------------


def listed(items: list[tuple[str, Decimal]], whole: Decimal | None = None) -> str:
    if whole is None:
        return "、".join(f"{n}{show(v)}万元" for n, v in items)
    return "；".join(f"{n}{show(v)}万元，占{pct(v, whole)}%" for n, v in items)


def expected_standard(dept) -> dict[str, str]:
    f = figures(dept)
    Y, L = f.year, f.last_year
    base, projects, staff, office = f.base.this, f.projects.this, f.staff.this, f.office.this
    spent = base + projects
    got = f.income.this
    sources = [(LABELS[s], leaf_sum(dept, s)) for s in LABELS if leaf_sum(dept, s)]
    fiscal = [(s, leaf_sum(dept, s)) for s in INCOME_OF]
    fiscal_classes = [(f"{NAMES[c]}（类）", sum((leaf_sum(dept, s, c) for s in INCOME_OF), ZERO))
                      for c in sorted({r["科目编码"][:3] for r in leaves(dept)})]
    general = leaf_sum(dept, "一般公共预算拨款")
    economic = leaves(dept, "基本支出经济分类")
    out = {
        "一、收支": f"{Y}年收入预算总计{show(got)}万元，支出预算总计{show(spent)}万元",
        "一、包括": "收入包括：" + listed([(f"{i.name}收入", i.this) for i in income_by_source(dept).items if i.this])
                 + "；支出包括：" + listed(_spent_classes(dept)),
        "一、增减": f"收支总额{f.expense.versus(L)}",
        "二、收入": f"{Y}年收入预算{show(got)}万元，其中：{listed(sources, got)}",
        "二、增减": f"收入总额{income_by_source(dept).sentence(L)}",
        "三、支出": f"{Y}年支出预算{show(spent)}万元，其中：{listed([('基本支出', base), ('项目支出', projects)], spent)}",
        "三、其中": f"基本支出{show(base)}万元中，人员经费{show(staff)}万元，公用经费{show(office)}万元；"
                 f"项目支出{show(projects)}万元，安排{len(dept.projects)}个项目",
        "三、增减": f"支出总额{f.expense.sentence(L)}",
        "四、财政拨款": f"{Y}年财政拨款收入预算总计{show(sum((v for _, v in fiscal), ZERO))}万元，"
                   f"支出预算总计{show(sum((v for _, v in fiscal_classes), ZERO))}万元",
        "四、包括": "收入包括：" + listed([(INCOME_OF[s], v) for s, v in fiscal if v]) + "；支出包括："
                 + listed([(n, v) for n, v in fiscal_classes if v]),
        "五、一般公共预算": f"{Y}年一般公共预算支出{show(general)}万元，其中："
                      + listed([(f"{n}（类）", v) for n, v in classes_with(dept, "一般公共预算拨款")], general),
        "六、基本支出": f"{Y}年一般公共预算基本支出{show(staff + office)}万元，其中："
                    f"人员经费{show(staff)}万元，占{pct(staff, staff + office)}%，主要包括："
                    + "、".join(NAMES[r["科目编码"]] for r in economic if amount(r, "人员经费"))
                    + f"；公用经费{show(office)}万元，占{pct(office, staff + office)}%，主要包括："
                    + "、".join(NAMES[r["科目编码"]] for r in economic if amount(r, "公用经费")),
        "七、三公": f"{Y}年一般公共预算“三公”经费支出{show(f.sangong.this)}万元，其中：因公出国（境）费"
                 f"{show(f.items[0].this)}万元；公务用车购置及运维费{show(f.cars.this)}万元（其中：公务用车购置费"
                 f"{show(f.items[1].this)}万元，公务用车运维费{show(f.items[2].this)}万元）；公务接待费"
                 f"{show(f.items[3].this)}万元",
        "七、增减": f"“三公”经费总额{f.sangong.sentence(L)}",
    }
    for key, column, money, label in (("八", "基金预算拨款", "政府性基金预算拨款", "政府性基金预算支出"),
                                      ("九", "国有资本经营预算拨款", "国有资本经营预算拨款", "国有资本经营预算支出")):
        total = leaf_sum(dept, column)
        out[key] = (f"{Y}年{label}{show(total)}万元，其中：" + listed(
            [(f"{n}（类）", v) for n, v in classes_with(dept, column)], total) if total
            else f"{dept.short}{Y}年无{money}安排的支出")
    return out


def _spent_classes(dept) -> list[tuple[str, Decimal]]:
    codes = sorted({r["科目编码"][:3] for r in leaves(dept)})
    return [(f"{NAMES[c]}（类）", leaf_sum(dept, "基本支出", c) + leaf_sum(dept, "项目支出", c)) for c in codes]


@pytest.mark.parametrize("key", DEPARTMENTS)
def test_the_standard_template_quotes_the_tables_sentence_by_sentence(documents, key):
    doc = documents[key]
    for where, sentence in expected_standard(DEPARTMENTS[key]).items():
        assert_sentence(doc, sentence, where)


@pytest.mark.parametrize("key", DEPARTMENTS)
def test_the_standard_template_prints_every_table_and_every_filled_cell(documents, tables, key):
    doc, dept = documents[key], DEPARTMENTS[key]
    assert doc.result.warnings == []  # coverage: every filled cell reaches the document
    for number, t in tables[key].items():
        assert number in doc.blocks and f"{dept.short}{dept.year}年{t['名称']}" in doc.blocks
    for row in tables[key]["公开05表"]["行"]:
        assert row["名称"] in doc.blocks


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def table_of(path, number: str):
    """The <w:tbl> of a 公开表 in a rendered .docx: the first table after the paragraph of its 表号."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(W + "body")
    children = list(body)
    start = next(i for i, e in enumerate(children) if e.tag == W + "p" and "".join(e.itertext()) == number)
    return next(e for e in children[start:] if e.tag == W + "tbl")


@pytest.mark.parametrize("number", ["公开03表", "公开05表", "公开06表"])
def test_subject_names_are_indented_by_the_paragraph_in_a_wide_name_column(documents, tables, number):
    """款 one character in, 项 two (10.5 pt: 210 twips a character), as the paragraph's indent,
    so a wrapped name's second line keeps it; the 科目名称 column holds 13 characters a line."""
    table = table_of(documents["subjects"].result.output, number)
    grid = [int(c.get(W + "w")) for c in table.find(W + "tblGrid")]
    assert sum(grid) == 8845 and grid[1] >= 13 * 210 + 80 and grid[1] > 1.7 * max(grid[2:])
    indents = {}
    for tr in table.iter(W + "tr"):
        cells = tr.findall(W + "tc")
        code = "".join(cells[0].itertext())
        if code.isdigit():
            (paragraph,) = cells[1].findall(W + "p")
            ind = paragraph.find(f"{W}pPr/{W}ind")
            indents[code] = ("".join(paragraph.itertext()), 0 if ind is None else int(ind.get(W + "left")))
    rows = tables["subjects"][number]["行"]
    assert indents == {r["科目编码"]: (r["名称"], 210 * r["缩进"]) for r in rows} and rows


def test_the_sentences_list_the_sources_with_money_and_the_table_every_source(tmp_path):
    """A workbook with an income row of 0 (as a clerk keeps the blank's rows): 公开01表 prints
    every source, 0 included; the sentences name only the sources with money."""
    dept = replace(NO_FUND_OR_CAPITAL, income=(*NO_FUND_OR_CAPITAL.income, Amount("政府性基金预算拨款收入", "0", "0"),
                                                Amount("其他收入", "0", "0")))
    context = context_of(write_with_subjects(dept, tmp_path / f"{dept.name}.xlsx"))
    general, special = (Decimal(a.this) for a in NO_FUND_OR_CAPITAL.income)
    table = context["公开表"]["公开01表"]
    assert [r["格"][:2] for r in table["行"] if r["格"][0]] == [
        ["一般公共预算拨款收入", show(general)], ["政府性基金预算拨款收入", "0"], ["国有资本经营预算拨款收入", "0"],
        ["财政专户管理资金收入", show(special)], ["单位资金收入", "0"]]
    assert (f"收入包括：一般公共预算拨款收入{show(general)}万元、财政专户管理资金收入{show(special)}万元；"
            in table["说明"])
    assert [s["名称"] for s in context["收入"]["资金来源"]] == ["一般公共预算拨款", "政府性基金预算拨款",
                                                          "财政专户管理资金", "单位资金"]


def test_other_matters_left_empty_print_the_sentence_for_none(documents):
    assert not NO_FUND_OR_CAPITAL.other
    blocks = documents["no_fund"].blocks
    heading = blocks.index("（五）其他需要说明的事项")
    assert blocks[heading + 1] == "我部门无其他需要说明的事项。"


@pytest.mark.parametrize("key", DEPARTMENTS)
def test_the_items_under_a_numbered_heading_are_numbered_one_level_below(documents, key):
    """Under （四）预算绩效目标设置情况 the 分项绩效目标 and 保障措施 are 1. 2. …, not （一）（二） again."""
    dept, blocks = DEPARTMENTS[key], documents[key].blocks
    part = blocks[blocks.index("（四）预算绩效目标设置情况"):blocks.index("（五）其他需要说明的事项")]
    assert dept.subgoals and dept.measures
    for i, (name, _, _) in enumerate(dept.subgoals, start=1):
        assert f"{i}.{name}" in part
    for i, measure in enumerate(dept.measures, start=1):
        assert f"{i}.{measure}" in part
    assert not [b for b in part if b.startswith("（一）")]
