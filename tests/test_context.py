"""The context: what is derived from the sample workbook, checked against the seed's figures."""


def test_totals_and_changes(sample_context):
    c = sample_context
    assert c["收入"]["合计"]["本年"] == "3308.233094"
    assert c["支出"]["基本支出"]["本年"] == "1086.054294"  # 人员 + 公用, computed
    assert c["支出"]["合计"]["增减"]["文字"] == "增加436.716321万元"
    assert c["支出"]["基本支出"]["增减"]["文字"] == "减少39.329779万元"
    assert c["支出"]["项目支出"]["增减"]["文字"] == "增加476.0461万元"
    assert c["三公经费"]["合计"]["本年"] == "13.545"
    assert c["三公经费"]["合计"]["增减"]["方向"] == "持平"
    assert c["国有资产"]["资产总额"] == "222.253299"  # 25.82 + 196.433299
    assert c["国有资产"]["截止日期"] == "2020年12月31日"


def test_numbering_is_computed(sample_context):
    c = sample_context
    assert [m["序号"] for m in c["整体绩效"]["保障措施"]][:3] == ["（一）", "（二）", "（三）"]
    assert c["整体绩效"]["保障措施"][-1]["序号"] == "（十二）"
    assert [p["序号"] for p in c["项目表"]] == [str(i) for i in range(1, 35)]
    assert c["名词解释"][9]["序号"] == "10"


def test_indicator_groups_are_merge_groups(sample_context):
    project = sample_context["项目表"][0]
    assert [g["一级指标"] for g in project["指标组"]] == ["产出指标", "效果指标", "满意度指标"]
    assert [len(g["指标"]) for g in project["指标组"]] == [4, 2, 1]
    first = project["指标组"][0]["指标"][0]
    assert first["指标值"] == "=24人"
    department = sample_context["整体绩效指标"]
    assert [len(g["指标"]) for g in department] == [4, 3]
    timely = department[0]["指标"][2]
    assert (timely["符号列"], timely["值列"], timely["单位列"]) == ("文字描述", "", "按工作计划及时完成")


def test_workbook_doc_is_in_step_with_the_format():
    from conftest import ROOT

    from pipeline.workbook_format import workbook_markdown

    doc = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")
    assert doc == workbook_markdown() + "\n", "regenerate docs/workbook.md from workbook_format"


def test_project_count_is_left_out_without_projects(sample, tmp_path):
    import openpyxl
    from click.testing import CliRunner
    from conftest import make_template
    from textdump import docx_blocks

    from pipeline.cli import main

    template = make_template(tmp_path, "项目支出{{ 支出.项目支出.本年 }}万元{{ 项目安排 }}。")

    def sentence() -> list[str]:
        out = tmp_path / "out"
        result = CliRunner().invoke(main, [str(sample), "-o", str(out), "--template", str(template)])
        assert result.exit_code == 0, result.output
        return docx_blocks(out / "2021.docx")

    assert sentence() == ["项目支出2222.1788万元，安排34个项目。"]  # the sample's 项目 rows 2–35
    book = openpyxl.load_workbook(sample)
    for name in ("项目", "项目指标"):
        book[name].delete_rows(2, book[name].max_row)
    book.save(sample)
    assert sentence() == ["项目支出2222.1788万元。"]
