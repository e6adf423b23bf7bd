"""Every comparison sentence of both shipped templates, for a corpus of departments.

The departments are the data of tests/make_departments.py. The expected sentences are
derived here from that data and from docs/wording.md alone: differences and rates are
computed with Decimal, and each sentence frame is written out literally. Nothing here
asks the tool how it words a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pytest
from click.testing import CliRunner
from make_departments import DEPARTMENTS, TARGET, Department, sheets_of, write_workbook
from textdump import docx_blocks

from pipeline.api import generate
from pipeline.cli import main

TEMPLATES = (None, "sections12")
TEMPLATE_IDS = ("disclosure", "sections12")
NAMES = sorted(DEPARTMENTS)

# ---- the rules of docs/wording.md, written out --------------------------------------------

REASON_STARTS = ("主要", "原因", "由于", "因为", "因", "系", "用于")  # printed as typed


def show(amount: Decimal) -> str:
    """An amount as printed: as entered, no padding, no exponent."""
    text = format(amount.normalize(), "f")
    return "0" if text in ("0", "-0") else text


def because(reason: str | None) -> str:
    """A typed reason as printed: as typed when it starts like a reason, else after
    主要原因是; a final 。 or ； dropped."""
    text = (reason or "").strip()
    while text.endswith(("。", "；")):
        text = text[:-1]
    if not text:
        return ""
    return text if text.startswith(REASON_STARTS) else f"主要原因是{text}"


@dataclass
class Figure:
    name: str
    this: Decimal
    last: Decimal | None
    reason: str | None = None

    @property
    def compared(self) -> bool:
        return self.last is not None

    @property
    def moved(self) -> bool:
        return self.compared and self.this != self.last

    def words(self) -> str:
        """增加2万元 / 减少2万元 / 持平 / 新增5万元 / "" (the 比上年增减 column)."""
        if not self.compared:
            return ""
        if self.this == self.last:
            return "持平"
        if self.last == 0:
            return f"新增{show(self.this)}万元"
        if self.this > self.last:
            return f"增加{show(self.this - self.last)}万元"
        return f"减少{show(self.last - self.this)}万元"

    def rate(self) -> str:
        """增长8.00% / 下降8.00%, only for 增加 and 减少."""
        if not self.moved or self.last == 0:
            return ""
        percent = (abs(self.this - self.last) / self.last * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        shown = "不足0.01" if percent == 0 else percent  # a real change is never "0.00%"
        return f"{'增长' if self.this > self.last else '下降'}{shown}%"

    def versus(self, last_year: str) -> str:
        return f"与{last_year}年持平" if not self.moved else f"比{last_year}年{self.words()}"

    def versus_budget(self, last_year: str) -> str:
        return f"与{last_year}年预算持平" if not self.moved else f"较{last_year}年预算{self.words()}"

    def printed_reason(self) -> str:
        return because(self.reason) if self.moved else ""

    def sentence(self, last_year: str) -> str:
        reason = self.printed_reason()
        return f"{self.versus(last_year)}，{reason}" if reason else self.versus(last_year)

    def clause(self) -> str:
        """The item inside a total's sentence: 公务接待费减少2万元，主要原因是……"""
        reason = self.printed_reason()
        return f"{self.name}{self.words()}，{reason}" if reason else f"{self.name}{self.words()}"


@dataclass
class Total(Figure):
    items: list[Figure] = field(default_factory=list)

    def moved_items(self) -> list[Figure]:
        return [i for i in self.items if i.moved]

    def listed(self) -> str:
        return "；".join(i.clause() for i in self.moved_items())

    def reasons_listed(self) -> bool:
        return any(i.printed_reason() for i in self.moved_items())

    def all_equal(self) -> bool:
        return self.compared and not self.moved and not self.moved_items()

    def sentence(self, last_year: str) -> str:
        if self.all_equal():
            return f"与{last_year}年持平，无增减变化"
        if not self.moved:
            return f"与{last_year}年持平，其中：{self.listed()}"
        head = super().sentence(last_year)
        return f"{head}，其中：{self.listed()}" if self.moved_items() else head


def dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def summed(values: list[Decimal | None]) -> Decimal | None:
    return None if None in values else sum(values, Decimal(0))


@dataclass
class Figures:
    year: str
    last_year: str
    no_last_year: str
    income: Total
    staff: Figure
    office: Figure
    base: Total
    projects: Figure
    expense: Total
    running: Figure
    sangong: Total
    items: list[Figure]
    cars: Total
    extras: list[Figure]


def figures(dept: Department) -> Figures:
    def fig(a) -> Figure:
        return Figure(a.name, dec(a.this), dec(a.last), a.reason)

    sources = [fig(a) for a in dept.income]
    income = Total("收入合计", summed([s.this for s in sources]), summed([s.last for s in sources]),
                   items=sources)
    staff, office, projects = fig(dept.staff), fig(dept.office), fig(dept.projects_expense)
    given = dept.base
    base_this = dec(given.this) if given and given.this is not None else staff.this + office.this
    if given and given.last is not None:
        base_last = dec(given.last)
    else:
        base_last = summed([staff.last, office.last])
    base = Total("基本支出", base_this, base_last, given.reason if given else None, items=[staff, office])
    expense = Total("支出合计", base.this + projects.this, summed([base.last, projects.last]),
                    items=[base, projects])
    items = [fig(a) for a in dept.sangong[:4]]
    sangong = Total("“三公”经费", summed([i.this for i in items]), summed([i.last for i in items]),
                    items=items)
    cars = Total("公务用车购置及运维费", items[1].this + items[2].this,
                 summed([items[1].last, items[2].last]), items=items[1:3])
    year = str(dept.year)
    no_last_year = (f"本部门为{year}年新设部门，无上年预算数，不作增减比较" if dept.new
                    else "无上年可比数据，不作增减比较")
    return Figures(year, str(dept.year - 1), no_last_year, income, staff, office, base, projects,
                   expense, fig(dept.running), sangong, items, cars, [fig(a) for a in dept.sangong[4:]])


# ---- the expected sentences of each template -------------------------------------------------


def running_clause(f: Figures) -> str:
    """比2020年增加10万元（增长8.00%），主要原因是…… (机关运行经费's change)."""
    r = f.running
    text = r.versus(f.last_year)
    if r.rate():
        text += f"（{r.rate()}）"
    if r.printed_reason():
        text += f"，{r.printed_reason()}"
    return text


def extras_sentence(f: Figures) -> str | None:
    """此外，培训费1.2万元，比2020年增加0.2万元；会议费……"""
    if not f.extras:
        return None
    parts = []
    for x in f.extras:
        part = f"{x.name}{show(x.this)}万元"
        parts.append(f"{part}，{x.sentence(f.last_year)}" if x.compared else part)
    return "此外，" + "；".join(parts)


def base_reasons_sentence(f: Figures) -> str | None:
    """基本支出中，人员经费减少A万元，主要原因是……；公用经费增加B万元."""
    return f"基本支出中，{f.base.listed()}" if f.base.reasons_listed() else None


def expected_disclosure(f: Figures) -> dict[str, str | None]:
    """Sentence (without its 。) by place; None where the document must print nothing."""
    Y, L, X = f.year, f.last_year, show(f.expense.this)
    out: dict[str, str | None] = {}
    out["二、1 收入增减"] = (f"与{L}年相比，{f.income.listed()}"
                        if f.income.compared and f.income.reasons_listed() else None)
    if f.expense.compared:
        head = f"{Y}年预算收支安排{X}万元，{f.expense.versus_budget(L)}"
        out["二、3"] = f"{head}，其中：{f.expense.listed()}" if f.expense.moved_items() else head
    else:
        out["二、3"] = f"{Y}年预算收支安排{X}万元，{f.no_last_year}"
    out["二、3 基本支出中"] = base_reasons_sentence(f) if f.expense.compared else None
    out["三、机关运行经费"] = (f"{L}年机关运行经费预算{show(f.running.last)}万元，本年{running_clause(f)}"
                         if f.running.compared else None)
    if not f.sangong.compared:
        out["四、三公"] = f.no_last_year
    elif f.sangong.all_equal():
        out["四、三公"] = f"与{L}年相持平，无增减变化"
    else:
        out["四、三公"] = f"“三公”经费总额{f.sangong.sentence(L)}"
    out["四、此外"] = extras_sentence(f)
    return out


def expected_sections(f: Figures, uses: str | None) -> dict[str, str | None]:
    Y, L = f.year, f.last_year
    income, expense = show(f.income.this), show(f.expense.this)
    out: dict[str, str | None] = {}
    out["三、收支"] = f"{Y}年部门预算收入{income}万元，支出{expense}万元，收支平衡"
    out["三、收支增减"] = (f"收支总额{f.expense.versus(L)}" if f.expense.compared else f.no_last_year)
    out["四、收入"] = (f"{Y}年收入预算{income}万元，收入总额{f.income.sentence(L)}" if f.income.compared
                     else f"{Y}年收入预算{income}万元")
    out["五、支出"] = (f"{Y}年支出预算{expense}万元，其中基本支出{show(f.base.this)}万元、"
                     f"项目支出{show(f.projects.this)}万元")
    out["五、支出增减"] = (f"支出总额{f.expense.sentence(L)}" if f.expense.compared else f.no_last_year)
    out["五、基本支出中"] = base_reasons_sentence(f) if f.expense.compared else None
    head = f"{Y}年机关运行经费预算{show(f.running.this)}万元"
    out["六、机关运行经费"] = (f"{head}，{L}年预算{show(f.running.last)}万元，{running_clause(f)}"
                         if f.running.compared else f"{head}，{f.no_last_year}")
    out["六、用途"] = f"主要用于{uses}等" if uses else None
    head = f"{Y}年“三公”经费预算{show(f.sangong.this)}万元"
    out["七、三公"] = (f"{head}，总额{f.sangong.sentence(L)}" if f.sangong.compared
                     else f"{head}，{f.no_last_year}")
    out["七、此外"] = extras_sentence(f)
    return out


def table_rows(f: Figures, number: int) -> list[tuple[str, str, str, str]]:
    """(项目, 本年, 上年, 比上年增减) of 表1–表3 as docs/wording.md words the last column."""
    def row(label: str, x: Figure) -> tuple[str, str, str, str]:
        return (label, show(x.this), show(x.last) if x.compared else "", x.words())

    if number == 1:
        return [row(s.name, s) for s in f.income.items] + [row("合计", f.income)]
    if number == 2:
        return [row("基本支出", f.base), row("人员经费", f.staff), row("公用经费", f.office),
                row("项目支出", f.projects), row("合计", f.expense)]
    return ([row("合计", f.sangong), row("因公出国（境）费", f.items[0]), row("公务用车购置及运维费", f.cars),
             row("公务用车购置费", f.items[1]), row("公务用车运维费", f.items[2]), row("公务接待费", f.items[3])]
            + [row(x.name, x) for x in f.extras])


# ---- the documents, rendered once per module --------------------------------------------------


@dataclass
class Document:
    result: object
    blocks: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.blocks)

    def sentences(self) -> list[str]:
        return [s.strip() for b in self.blocks for s in b.split("。") if s.strip()]

    def block_with(self, sentence: str) -> str:
        return next(b for b in self.blocks if sentence in [s.strip() for s in b.split("。")])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    cache: dict[tuple[str, str | None], Document] = {}

    def get(name: str, template: str | None) -> Document:
        if (name, template) not in cache:
            folder = tmp_path_factory.mktemp(f"{name}-{template or 'disclosure'}")
            result = generate(TARGET / f"{name}.xlsx", folder, template=template)
            cache[name, template] = Document(result, docx_blocks(result.output))
        return cache[name, template]

    return get


def near(doc: Document, expected: str) -> list[str]:
    """The document's sentences that start like the expected one (for a readable failure)."""
    return [s for s in doc.sentences() if s[:6] == expected[:6]]


def assert_sentence(doc: Document, expected: str, where: str) -> None:
    assert expected in doc.sentences(), (
        f"{where}: expected the sentence\n  {expected}\nfound instead\n  " + "\n  ".join(near(doc, expected)))


def assert_expected(doc: Document, expected: dict[str, str | None]) -> None:
    for where, sentence in expected.items():
        if sentence is not None:
            assert_sentence(doc, sentence, where)


def follows(doc: Document, first: str, second: str) -> bool:
    sentences = [s.strip() for s in doc.block_with(first).split("。")]
    i = sentences.index(first)
    return i + 1 < len(sentences) and sentences[i + 1] == second


# ---- the corpus itself ---------------------------------------------------------------------------


def test_the_corpus_covers_what_it_claims():
    depts = DEPARTMENTS.values()
    assert len(DEPARTMENTS) >= 8
    all_figures = [figures(d) for d in depts]
    every_way = {"增加", "减少", "持平", "新增", ""}
    assert {s.words()[:2] for f in all_figures for s in f.income.items} >= every_way
    assert {f.running.words()[:2] for f in all_figures} >= every_way
    assert {i.words()[:2] for f in all_figures for i in (*f.items, *f.extras)} >= every_way
    assert any(f.base.moved and f.base.this < f.base.last and f.projects.this > f.projects.last
               for f in all_figures)
    assert any(f.base.this > f.base.last and f.projects.this < f.projects.last
               for f in all_figures if f.base.compared)
    assert any(f.sangong.this > f.sangong.last and sum(i.this < i.last for i in f.items) == 2
               for f in all_figures if f.sangong.compared)
    assert any(f.sangong.compared and not f.sangong.moved and len(f.sangong.moved_items()) == 2
               for f in all_figures)
    assert any(f.sangong.all_equal() for f in all_figures)
    assert any(len(f.sangong.moved_items()) == 1 for f in all_figures)
    assert any(x.compared for f in all_figures for x in f.extras)
    assert any(d.new for d in depts)
    assert any(not d.procurement and not d.assets for d in depts)
    assert {len(d.projects) for d in depts} >= {1, 60}
    assert any(len(d.units) >= 3 for d in depts)
    assert {d.year for d in depts} >= {2022, 2023, 2024}
    assert {d.region[-1] for d in depts} >= {"县", "市", "区"}
    signs = {i[5] for d in depts for i in (*d.project_indicators, *d.department_indicators)}
    assert signs >= {"≥", "≤", "=", "＞", "＜", None}
    assert any(i[1] == "成本指标" for d in depts for i in d.project_indicators)
    reasons = [a.reason for d in depts for a in (*d.income, d.staff, d.office, *d.sangong) if a.reason]
    assert any(r.startswith("主要为") for r in reasons)
    assert any(not r.startswith(REASON_STARTS) for r in reasons)


def test_fixtures_are_what_the_script_writes(tmp_path):
    """The committed workbooks hold exactly the script's data (run make_departments.py)."""
    import openpyxl

    for name, dept in DEPARTMENTS.items():
        fresh = write_workbook(dept, tmp_path / f"{name}.xlsx")
        for path in (fresh, TARGET / f"{name}.xlsx"):
            book = openpyxl.load_workbook(path)
            held = {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book}
            wanted = {k: [list(r) for r in rows] for k, rows in sheets_of(dept).items()}
            assert held == wanted, f"{path} differs from the data in make_departments.py"


@pytest.mark.parametrize("name", NAMES)
def test_every_workbook_passes_check(name):
    run = CliRunner().invoke(main, ["check", str(TARGET / f"{name}.xlsx")])
    assert run.exit_code == 0, run.output


# ---- sentence by sentence --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_disclosure_sentences(rendered, name):
    dept = DEPARTMENTS[name]
    f = figures(dept)
    doc = rendered(name, None)
    expected = expected_disclosure(f)
    assert_expected(doc, expected)
    L = f.last_year
    if expected["二、1 收入增减"] is None:
        assert not any(s.startswith(f"与{L}年相比") for s in doc.sentences())
    if expected["二、3 基本支出中"] is None:
        assert not any(s.startswith("基本支出中") for s in doc.sentences())
    else:
        assert follows(doc, expected["二、3"], expected["二、3 基本支出中"])
    if expected["三、机关运行经费"] is None:
        assert not any(f"{L}年机关运行经费" in s or s.startswith(("机关运行经费比", "机关运行经费与"))
                       for s in doc.sentences())
    if expected["四、此外"] is None:
        assert not any(b.startswith("此外") for b in doc.blocks)
    # the 三公 amounts before the comparison, as entered
    items = {i.name: show(i.this) for i in f.items}
    assert_sentence(doc, f"{f.year}年，我部门财政拨款“三公”经费预算安排{show(f.sangong.this)}万元", "四、三公")
    assert (f"其中，因公出国（境）费{items['因公出国（境）费']}万元；公务用车购置及运维费{show(f.cars.this)}万元"
            f"（其中：公务用车购置费为{items['公务用车购置费']}万元，公务用车运维费{items['公务用车运维费']}万元）；"
            f"公务接待费{items['公务接待费']}万元") in doc.sentences()
    assert_no_stray_comparison(doc, f, expected)


@pytest.mark.parametrize("name", NAMES)
def test_sections12_sentences(rendered, name):
    dept = DEPARTMENTS[name]
    f = figures(dept)
    doc = rendered(name, "sections12")
    expected = expected_sections(f, dept.uses)
    assert_expected(doc, expected)
    assert follows(doc, expected["三、收支"], expected["三、收支增减"])
    assert follows(doc, expected["四、收入"], "各项来源见下表")
    assert follows(doc, expected["五、支出"], expected["五、支出增减"])
    if expected["五、基本支出中"] is None:
        assert not any(s.startswith("基本支出中") for s in doc.sentences())
    else:
        assert follows(doc, expected["五、支出增减"], expected["五、基本支出中"])
    if expected["六、用途"]:
        assert follows(doc, expected["六、机关运行经费"], expected["六、用途"])
    if expected["七、此外"] is None:
        assert not any(b.startswith("此外") for b in doc.blocks)
    assert_no_stray_comparison(doc, f, expected)


def assert_no_stray_comparison(doc: Document, f: Figures, expected: dict[str, str | None]) -> None:
    """Every sentence that compares with last year is one of the expected ones."""
    wanted = {s for s in expected.values() if s}
    L = f.last_year
    for sentence in doc.sentences():
        if re.search(rf"[比与较]{L}年", sentence) and any(w in sentence for w in ("增加", "减少", "持平", "新增")):
            assert sentence in wanted, f"a comparison sentence docs/wording.md does not give: {sentence}"
        if "无增减变化" in sentence:
            assert sentence in wanted, f"无增减变化 where items moved: {sentence}"


@pytest.mark.parametrize("number", (1, 2, 3))
@pytest.mark.parametrize("name", NAMES)
def test_sections12_tables_change_column(rendered, name, number):
    f = figures(DEPARTMENTS[name])
    blocks = rendered(name, "sections12").blocks
    start = next(i for i, b in enumerate(blocks) if b.startswith(f"表{number} "))
    assert blocks[start + 2:start + 5] == ["本年预算", "上年预算", "比上年增减"]
    wanted = table_rows(f, number)
    cells = blocks[start + 5:start + 5 + 4 * len(wanted)]
    printed = [tuple(cells[i:i + 4]) for i in range(0, len(cells), 4)]
    label = re.compile(r"^[\s\u3000]*(其中：)?")
    printed = [(label.sub("", r[0]), *r[1:]) for r in printed]
    assert printed == wanted


@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
@pytest.mark.parametrize("name", NAMES)
def test_every_project_table_and_indicator_value(rendered, name, template):
    dept = DEPARTMENTS[name]
    blocks = set(rendered(name, template).blocks)
    for number, (project, _) in enumerate(dept.projects, start=1):
        assert f"{number}.{project}绩效目标表" in blocks
    if template is None:  # 指标值 in one cell: 符号 + 值 + 单位, or the qualitative text
        for row in dept.project_indicators:
            sign, value, unit = row[5:8]
            assert f"{sign or ''}{value}{unit or ''}" in blocks, row


# ---- what no document may say -------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
@pytest.mark.parametrize("name", NAMES)
def test_no_forbidden_wording(rendered, name, template):
    doc = rendered(name, template)
    f = figures(DEPARTMENTS[name])
    for block in doc.blocks:
        assert not re.search(r"较[^。；，]*持平", block), block
        for phrase in ("持平，主要", "（持平", "增加0万元", "减少0万元", "新增0万元"):
            assert phrase not in block, block
        if "无增减变化" in block:
            # only where a total and all its items stayed the same
            assert any(t.all_equal() for t in (f.income, f.expense, f.sangong)), block


@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
@pytest.mark.parametrize("name", [n for n in NAMES if DEPARTMENTS[n].new])
def test_new_department_compares_nothing(rendered, name, template):
    doc = rendered(name, template)
    year = DEPARTMENTS[name].year
    assert f"本部门为{year}年新设部门，无上年预算数，不作增减比较" in doc.sentences()
    for word in ("增加", "减少", "持平", "新增"):
        assert word not in doc.text, [b for b in doc.blocks if word in b]


@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
@pytest.mark.parametrize("name", NAMES)
def test_every_filled_cell_is_used(rendered, name, template):
    unused = [w for w in rendered(name, template).result.warnings if w.rule == "模板未使用"]
    assert not unused, "\n".join(str(w) for w in unused)


def workbook_amounts(dept: Department) -> list[tuple[str, str]]:
    """(what, amount) of every filled amount (and quantity) of the workbook."""
    rows = [("收支预算", a) for a in (*dept.income, dept.staff, dept.office,
                                   *([dept.base] if dept.base else []), dept.projects_expense)]
    rows += [("机关运行经费", dept.running)] + [("三公经费", a) for a in dept.sangong]
    amounts = [(f"{sheet} {a.name} {year}" if a.name != sheet else f"{sheet} {year}", value)
               for sheet, a in rows
               for year, value in (("本年", a.this), ("上年", a.last))]
    columns = ("预算资金", "数量", "单价", "一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款",
               "财政专户核拨", "单位资金")
    for p in dept.procurement:
        values = (p.budget, p.quantity, p.price, p.general, p.fund, p.capital, p.special, p.own)
        amounts += [(f"政府采购 {p.item} {c}", v) for c, v in zip(columns, values)]
    amounts += [(f"国有资产 {a[0]} {c}", v) for a in dept.assets for c, v in zip(("数量", "价值"), a[1:3])]
    amounts.append(("国有资产说明 拟购置固定资产金额", dept.purchase))
    return [(what, value) for what, value in amounts if value is not None]


def times_printed(amount: str, text: str) -> int:
    """How often the amount stands in the text as a number of its own (not inside 13.545
    or 1300)."""
    return len(re.findall(rf"(?<![\d.]){re.escape(amount)}(?![\d.])", text))


def not_printed(amounts: list[tuple[str, str]], text: str) -> list[str]:
    """The cells whose amount the text does not print: an amount that n cells hold must
    stand in the text at least n times."""
    cells: dict[str, list[str]] = {}
    for what, value in amounts:
        cells.setdefault(value, []).append(what)
    return [f"{' / '.join(whats)} = {value} (printed {times_printed(value, text)} times)"
            for value, whats in cells.items() if times_printed(value, text) < len(whats)]


def figures_part(blocks: list[str]) -> str:
    """Sections 三 to 九 of the sections12 document, where the amounts stand (not the
    indicator tables, whose values could stand in for a missing amount)."""
    return "\n".join(blocks[blocks.index("三、部门预算收支总体情况"):blocks.index("十、预算绩效目标")])


@pytest.mark.parametrize("name", NAMES)
def test_sections12_prints_every_amount_as_entered(rendered, name):
    text = figures_part(rendered(name, "sections12").blocks)
    missing = not_printed(workbook_amounts(DEPARTMENTS[name]), text)
    assert not missing, "amounts of the workbook not printed in the sections12 document: " + "; ".join(missing)


@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
def test_asset_table_caption_names_the_place(rendered, template):
    for name, dept in DEPARTMENTS.items():
        level = dept.level or {"县": "县直", "市": "市直", "区": "区直"}[dept.region[-1]]
        caption = f"{dept.region}{level}部门固定资产占用情况表"
        assert any(b.endswith(caption) for b in rendered(name, template).blocks), (name, caption)


@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
@pytest.mark.parametrize("name", ["qinghe_county_2022", "bazhou_city_2023"])  # 其他说明 filled / left empty
def test_other_matters_print_the_paragraphs_or_the_one_sentence_for_none(rendered, name, template):
    blocks = rendered(name, template).blocks
    heading = next(i for i, b in enumerate(blocks) if b.endswith("其他需要说明的事项"))
    expected = list(DEPARTMENTS[name].other) or ["我部门无其他需要说明的事项。"]
    assert blocks[heading + 1:heading + 1 + len(expected)] == expected
