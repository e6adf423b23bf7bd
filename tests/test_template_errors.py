"""Template mistakes are named where the author typed them, with the fix."""

from __future__ import annotations

import docx
import pytest
from click.testing import CliRunner
from conftest import make_template
from textdump import docx_blocks

from pipeline.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def check(sample, template):
    result = run("check", sample, "--template", template)
    assert result.exit_code == 1, result.output
    return result.output


def test_full_width_braces_are_named_with_their_paragraph(sample, tmp_path):
    template = make_template(tmp_path, "标题", "｛｛ 部门简称 ｝｝年度预算", "增长10％不是标签")
    output = check(sample, template)
    assert "第2段“｛｛ 部门简称 ｝｝年度预算”" in output and "半角" in output
    assert "第3段" not in output  # a full-width percent in plain text is fine


def test_a_paragraph_tag_that_does_not_stand_alone(sample, tmp_path):
    template = make_template(tmp_path, "{%p for x in 项目表 %}{{ x.项目名称 }}{%p endfor %}")
    output = check(sample, template)
    assert "第1段“{%p for x in 项目表 %}{{ x.项目名称 }}{%p endfor %}”" in output
    assert "必须单独成段" in output and "不认识的标签" not in output


def test_a_row_tag_beside_other_text(sample, tmp_path):
    path = tmp_path / "table.docx"
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for 项 in 三公经费.项目 %}"
    table.cell(0, 1).text = "名称"
    table.cell(1, 0).text = "{{ 项.名称 }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    document.save(path)
    output = check(sample, path)
    assert "第1个表格第1行第1格“{%tr for 项 in 三公经费.项目 %}”" in output
    assert "不能有其他文字" in output


def test_a_misspelt_variable_gets_the_closest_name_and_its_place(sample, tmp_path):
    template = make_template(tmp_path, "开头", "{{ 部门简 }}{{ 年度 }}年")
    output = check(sample, template)
    assert "部门简" in output and "是不是“部门简称”？" in output
    assert "第2段“{{ 部门简 }}{{ 年度 }}年”" in output


def test_a_misspelt_field_gets_the_closest_name_and_its_place(sample, tmp_path):
    template = make_template(tmp_path, "支出{{ 支出.合计.本念 }}万元")
    output = check(sample, template)
    assert "本念" in output and "是不是“本年”？" in output and "第1段“支出{{ 支出.合计.本念 }}万元”" in output


def test_an_unclosed_loop_says_what_is_missing(sample, tmp_path):
    template = make_template(tmp_path, "{%p for 项目 in 项目表 %}", "{{ 项目.项目名称 }}")
    output = check(sample, template)
    assert "标签没有结束" in output and "endfor" in output
    assert "第1段“{%p for 项目 in 项目表 %}”（{% for %} 没有对应的 {% endfor %}）" in output


def test_a_filter_given_what_it_cannot_take_is_a_template_error_not_an_internal_one(sample, tmp_path):
    """Jinja's truncate with a length below its ellipsis fails inside Jinja (an assertion),
    dictsort on a list with an AttributeError: both are the template's mistake."""
    for tag in ("{{ 部门简称 | truncate(2) }}", "{{ 机构设置 | dictsort }}"):
        template = make_template(tmp_path, tag)
        result = run(sample, "--template", template, "-o", tmp_path / "out")
        assert result.exit_code == 1, result.output
        assert "模板中的计算或取值出错" in result.output and "内部错误" not in result.output


def _retyped(source, target, content_type: str):
    """A copy of a .docx whose main part claims another type (what Word writes for a .dotx)."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", content_type.encode())
            new.writestr(item, data)
    return target


def test_a_file_that_is_no_word_document_is_named_for_what_it_is(sample, tmp_path):
    """Saved in the wrong format, renamed, or the workbook given by mistake: what the file
    is and what to do, never an internal error; nothing is written."""
    from pipeline.render import default_template

    text = tmp_path / "文字.docx"
    text.write_text("不是文档", encoding="utf-8")
    old_word = tmp_path / "旧版.docx"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    dotx = _retyped(default_template(), tmp_path / "模板.dotx",
                    "wordprocessingml.template.main+xml")
    save_as = "请在 Word、WPS 或 LibreOffice 中打开它，“另存为” Word 文档（.docx）后再用作模板"
    expected = {
        text: "不是 Word 文档（.docx）：文件的格式不对（可能已损坏，或是改了扩展名的其他文件）；" + save_as,
        old_word: "这是旧版的 Word/WPS 文档（.doc、.wps）或 Excel 文件，不是 .docx：" + save_as,
        dotx: "这是 Word 模板（.dotx），不是 Word 文档（.docx）：" + save_as,
        sample: "这是 Excel 工作簿：不能用作模板：模板是 Word 文档（.docx），如自带的 disclosure、standard、sections12",
    }
    for template, message in expected.items():
        result = run(sample, "--template", template, "-o", tmp_path / "out")
        assert result.exit_code == 1, result.output
        assert f"{template}: {message}" in result.output
        assert "内部错误" not in result.output and not (tmp_path / "out").exists()
        assert check(sample, template).count(message) == 1


def test_a_field_misspelt_in_a_loop_is_placed_at_its_paragraph_not_at_the_same_word_elsewhere(sample, tmp_path):
    template = make_template(tmp_path, "单位名称见下", "{{ 项目表[0].项目名称 }}",
                             "{% for 单位 in 机构设置 %}{{ 单位.名称 }}{% endfor %}")
    output = check(sample, template)
    assert "模板使用了不存在的字段“名称”" in output
    assert "出现在：第3段“{% for 单位 in 机构设置 %}{{ 单位.名称 }}{% endfor %}”" in output
    assert "第1段" not in output and "第2段" not in output
    assert "has no attribute" not in output  # Jinja's English is not shown beside the Chinese


def test_a_template_whose_document_is_broken_xml_is_refused_in_chinese(sample, tmp_path):
    import zipfile

    from pipeline.render import default_template

    broken = tmp_path / "坏模板.docx"
    with zipfile.ZipFile(default_template()) as old, zipfile.ZipFile(broken, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item, data[:-200] if item.filename == "word/document.xml" else data)
    result = run(sample, "--template", broken, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"{broken}: 模板文件已损坏，无法读取其中的文档内容（")
    assert "请在 Word、WPS 或 LibreOffice 中打开并另存为 .docx" in result.output
    assert "内部错误" not in result.output and not (tmp_path / "out").exists()


def test_arithmetic_on_figures_is_refused_rather_than_printed_wrong(sample, tmp_path):
    """Figures reach the template as exact texts: + joined two of them, * repeated one."""
    for tag, shown in (("{{ 支出.基本支出.本年 + 支出.项目支出.本年 }}", "“1086.054294” + “2222.1788”"),
                       ("{{ 三公经费.合计.本年 * 2 }}", "“13.545” * “2”")):
        template = make_template(tmp_path, "合计" + tag + "万元")
        result = run(sample, "--template", template, "-o", tmp_path / "out")
        assert result.exit_code == 1, result.output
        assert f"模板中的计算或取值出错：{shown}：模板里的数（金额、年度等）是文字，" in result.output
        assert not (tmp_path / "out").exists()
    joined = make_template(tmp_path, "{{ 年度 + '年' }}{{ 部门简称 + '（本级）' }}")
    result = run(sample, "--template", joined, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert docx_blocks(tmp_path / "out" / "2021.docx") == ["2021年永清县经开区（本级）"]


def test_misspelt_fields_are_found_where_the_sample_never_goes(sample, tmp_path):
    """A field in a loop the data leaves empty and one in a branch the sample does not
    enter: both named at once, whatever the workbook (another department would hit them)."""
    template = make_template(tmp_path, "{% for 行 in 项目表 if 行.项目名称 == '无此项目' %}{{ 行.项目明称 }}{% endfor %}",
                             "{% if 新设部门 %}新设，预算{{ 支出.合计.本念 }}万元{% endif %}",
                             "{% set 统计 = namespace(个数=0) %}{{ 统计.个数 }}{{ 项目表[0].项目名称 | upper }}")
    output = check(sample, template)
    assert "模板使用了不存在的字段“项目明称”（可用的变量见 docs/template.md）\n是不是“项目名称”？\n出现在：第1段“" in output
    assert "模板使用了不存在的字段“本念”（可用的变量见 docs/template.md）\n是不是“本年”？\n出现在：第2段“" in output
    assert "个数" not in output and "upper" not in output  # the template's own names, and methods


def _with_part(template, name: str, change):
    """The template with one part changed (or added) as ``change(old bytes or b"")`` says."""
    import zipfile

    with zipfile.ZipFile(template) as old:
        items = {info.filename: old.read(info) for info in old.infolist()}
    items[name] = change(items.get(name, b""))
    with zipfile.ZipFile(template, "w") as new:
        for part, data in items.items():
            new.writestr(part, data)
    return template


def test_tracked_changes_and_tags_in_footnotes_are_told_before_any_document_is_made(sample, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    revised = _with_part(make_template(tmp_path / "a", "{{ 部门简称 }}预算"), "word/document.xml",
                         lambda xml: xml.replace(b"<w:r>", b'<w:ins w:id="1" w:author="x"><w:r>', 1)
                         .replace(b"</w:r>", b"</w:r></w:ins>", 1))
    noted = _with_part(make_template(tmp_path / "b", "{{ 部门简称 }}预算"), "word/footnotes.xml",
                       lambda _: '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                                 '2006/main"><w:footnote w:id="1"><w:p><w:r><w:t>数据来源：{{ 单位全称 }}'
                                 '</w:t></w:r></w:p></w:footnote></w:footnotes>'.encode())
    assert "模板中有没有接受的修订（修订痕迹），会原样带进每份文档" in check(sample, revised)
    assert "脚注中有标签：标签只在正文、页眉和页脚中起作用，脚注中的标签会原样印出" in check(sample, noted)


def test_check_tells_the_templates_mistakes_and_the_workbooks_in_one_run(sample, tmp_path):
    """A misspelt variable does not depend on the workbook: told even when the workbook has
    errors of its own, and those are told too."""
    from conftest import edit

    edit(sample, "三公经费", "B4", "13.54五")
    template = make_template(tmp_path, "{{ 部门简陈 }}{{ 年度 }}年")
    result = run("check", sample, "--template", template)
    assert result.exit_code == 1
    assert f"{template}: 模板使用了不存在的变量（可用的变量见 docs/template.md）：\n“部门简陈”：是不是“部门简称”？" \
        in result.output
    assert "2021.xlsx 三公经费!B4: “本年”“13.54五”不是数字" in result.output


def test_a_misspelt_variable_in_a_header_is_placed_there(sample, tmp_path):
    import docx

    template = make_template(tmp_path, "{{ 部门简称 }}")
    document = docx.Document(template)
    document.sections[0].header.paragraphs[0].text = "{{ 部门简陈 }}预算公开"
    document.save(template)
    assert "“部门简陈”：是不是“部门简称”？ 出现在：页眉“{{ 部门简陈 }}预算公开”" in check(sample, template)


def test_the_field_check_lets_the_templates_own_names_through(sample, tmp_path):
    """Groups of groupby, a macro's arguments, {% set %} names and namespaces are the
    template's, not the workbook's fields."""
    template = make_template(
        tmp_path,
        '{% for g in 项目表|groupby("项目名称") %}{{ g.grouper }}{{ g.list|length }}{% endfor %}',
        "{% macro 一行(收入) %}{{ 收入.名 }}{% endmacro %}{{ 一行({'名': '甲'}) }}",
        "{% set 合计 = {'数': 1} %}{{ 合计.数 }}{% set ns = namespace(n=0) %}{{ ns.n }}")
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output


def test_the_text_around_a_syntax_error_is_shown_when_it_ends_in_a_colon(sample, tmp_path):
    template = make_template(tmp_path, "{{ 年度 年度 }}", "现将预算公开如下：")
    output = check(sample, template)
    assert "出错位置附近的文字：{{ 年度 年度 }}／现将预算公开如下：" in output


def test_an_item_beyond_a_list_is_told_in_chinese(sample, tmp_path):
    template = make_template(tmp_path, "{{ 项目表[100].项目名称 }}")
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "模板取了不存在的项“100”：列表没有这么多项，或没有这个名称的项" in result.output
    assert "has no element" not in result.output


def _with_table(template, *rows: list[str]):
    """The template with a table of these rows added at its end."""
    document = docx.Document(template)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(template)
    return template


def test_a_loop_variable_stands_for_the_workbooks_data_only_inside_its_loop(sample, tmp_path):
    """行 looped over 政府采购.行 and later over a list the template writes, 项 likewise: the
    later loops read the template's own fields (Jinja scopes a loop variable to its loop)."""
    template = make_template(
        tmp_path,
        "{% for 行 in 政府采购.行 %}{{ 行.项目名称 }}{% endfor %}{% for 项 in 三公经费.项目 %}{% endfor %}",
        "{% set 联系人 = [{'科室': '办公室', '电话': '0316-6612345'}] %}联系方式",
        "{% set 附表 = [{'名': '收支总表', '号': 1}] %}{% for 项 in 附表 %}附表{{ 项.号 }}：{{ 项.名 }}{% endfor %}")
    _with_table(template, ["科室", "电话"], ["{%tr for 行 in 联系人 %}", ""], ["{{ 行.科室 }}", "{{ 行.电话 }}"],
                ["{%tr endfor %}", ""])
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert docx_blocks(tmp_path / "out" / "2021.docx")[1:] == [
        "联系方式", "附表1：收支总表", "科室", "电话", "办公室", "0316-6612345"]


def test_a_name_bound_to_the_workbooks_data_is_still_checked_where_it_stands_for_it(sample, tmp_path):
    template = make_template(
        tmp_path,
        "{% set 联系人 = [{'科室': '办公室'}] %}{% for 行 in 联系人 %}{{ 行.科室 }}{% endfor %}",
        "{% for 行 in 政府采购.行 %}{{ 行.项目明称 }}{% endfor %}",
        "{% with 表 = 三公经费.公务接待费 %}{{ 表.本念 }}{% endwith %}")
    output = check(sample, template)
    assert "模板使用了不存在的字段“项目明称”" in output and "出现在：第2段“" in output
    assert "模板使用了不存在的字段“本念”" in output and "出现在：第3段“" in output
    assert "科室" not in output


def test_a_variable_set_in_the_branches_of_an_if_is_the_templates_own(sample, tmp_path):
    """{% set %} in both branches, in if/elif, or in one branch and read with default: the
    name is the template's, not a misspelt variable of the workbook."""
    template = make_template(
        tmp_path,
        "{% if 支出.合计.有上年 %}{% set 比较 = 支出.合计.增减.较上年预算 %}{% else %}{% set 比较 = 无上年说明 %}"
        "{% endif %}支出{{ 比较 }}。",
        "{% if 有上年 %}{% set 说法 = '可比' %}{% elif 新设部门 %}{% set 说法 = '新设' %}{% endif %}{{ 说法 }}",
        "{% if 新设部门 %}{% set 提示 = '新设' %}{% endif %}提示：{{ 提示 | default('无') }}")
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert docx_blocks(tmp_path / "out" / "2021.docx") == ["支出较2020年预算增加436.716321万元。", "可比", "提示：无"]


def test_a_variable_of_the_template_unset_on_the_path_taken_is_told_there(sample, tmp_path):
    template = make_template(tmp_path, "开头",
                             "{% if 新设部门 %}{% set 比较 = 无上年说明 %}{% endif %}支出总额{{ 比较 }}")
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "变量“比较”在这里还没有值" in result.output and "{{ 比较 | default('……') }}" in result.output
    assert "出现在：第2段“{% if 新设部门 %}" in result.output and "是不是" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_calculation_the_data_refuses_is_placed_at_its_paragraph(sample, tmp_path):
    for tag, message in (("{{ 支出.基本支出.本年 + 支出.项目支出.本年 }}", "模板中的计算或取值出错：“1086.054294” + “2222.1788”"),
                         ("{{ 三公经费.项目 | sum(attribute='本年') }}",
                          "模板用 sum 相加“0”、“0”、“13.545”……：金额、年度等是文字，不能相加")):
        template = make_template(tmp_path, "开头", "合计" + tag)
        result = run(sample, "--template", template, "-o", tmp_path / "out")
        assert result.exit_code == 1, result.output
        assert message in result.output and f"出现在：第2段“合计{tag}”" in result.output
        assert "Figure" not in result.output and "unsupported" not in result.output


def test_the_item_before_a_loops_first_is_told_in_chinese(sample, tmp_path):
    template = make_template(tmp_path, "{% for 项目 in 项目表 %}{% if loop.previtem %}、{% endif %}{{ 项目.序号 }}{% endfor %}")
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "循环的第一项没有上一项：请先写 {% if loop.previtem is defined %} 再用 loop.previtem" in result.output
    assert "Jinja 的原话" not in result.output


def test_a_name_with_chinese_quotes_inside_double_quotes_is_told_to_use_single_ones(sample, tmp_path):
    """docxtpl straightens “” inside a tag, so “一般公共预算“三公”经费支出表” ends its text at 三公."""
    template = make_template(tmp_path, "{{ 公开表[“一般公共预算“三公”经费支出表”].表号 }}")
    output = check(sample, template)
    assert ("引号括起的文字中又有同样的引号（标签中的中文引号“”‘’都当作英文引号 \" '）：有“”的文字请用单引号括起来，"
            "有‘’的用双引号，如 公开表['一般公共预算“三公”经费支出表']") in output


def test_first_of_an_empty_selection_is_told_in_chinese(sample, tmp_path):
    """Jinja's own "No first item, sequence was empty." reached the author in English."""
    template = make_template(tmp_path, "{{ (公开表 | selectattr('名称', 'equalto', '三公经费表') | first).表号 }}")
    output = check(sample, template)
    assert ("模板标签有误：first 取不到任何一项：列表是空的（selectattr 等没有选出一项时也是这样："
            "请核对比较的文字是否一字不差）") in output and "Jinja 的原话" not in output


def test_a_name_with_chinese_quotes_read_with_a_dot_is_told_to_use_brackets(sample, tmp_path):
    template = make_template(tmp_path, "{{ 公开表.一般公共预算“三公”经费支出表.表号 }}")
    output = check(sample, template)
    assert ("名称中有引号（如“三公”）时不能用“.”取用：请写成 公开表['一般公共预算“三公”经费支出表'] 这样，"
            "名称用单引号括起来放在 [ ] 中") in output
    assert "引号括起的文字中又有同样的引号" not in output


def test_full_width_punctuation_inside_a_tag_is_named_with_its_half_width_form_and_paragraph(sample, tmp_path):
    """A comma or parenthesis typed with a Chinese input method: Jinja said only
    "unexpected char '，' at 1222"."""
    for typed, char, half in (("default('未填写'，true)", "，", ","), ("default（'未填写', true）", "（", "(")):
        template = make_template(tmp_path, "标题", "上年：{{ 机关运行经费.上年 | " + typed + " }}")
        output = check(sample, template)
        assert f"模板标签有误：标签中有全角字符“{char}”（中文输入法打出的标点）：标签里的标点和括号要用半角（英文）的，" \
               f"请切换到英文输入法，把“{char}”改成“{half}”\n出现在：第2段“上年：{{{{ 机关运行经费.上年 | {typed} }}}}”" in output
        assert "Jinja 的原话" not in output and "unexpected char" not in output


def test_pythons_words_for_a_calculation_are_told_in_chinese(sample, tmp_path):
    cases = {"{{ 年度 - 1 }}年": "“-”两边是文字和数，不能这样计算",
             "表{{ 项目表[0].序号 + loop.index }}": "文字和数不能用“+”相加；要把它们连成一段文字请用 ~"}
    for tag, message in cases.items():
        tag = tag if "loop" not in tag else "{% for 组 in 项目表[0].指标组[:1] %}" + tag + "{% endfor %}"
        template = make_template(tmp_path, "标题", tag)
        result = run(sample, "--template", template, "-o", tmp_path / "out")
        assert result.exit_code == 1, result.output
        assert f"模板中的计算或取值出错：{message}" in result.output and f"\n出现在：第2段“{tag[:40]}" in result.output
        assert "unsupported operand" not in result.output and "concatenate" not in result.output


def test_joining_number_like_texts_with_plus_is_refused_with_the_way_to_join_them(sample, tmp_path):
    loop = "{% for 项目 in 项目表[:1] %}{% for 组 in 项目.指标组[:2] %}表{{ 项目.序号 JOIN '.' JOIN loop.index|string }}{% endfor %}{% endfor %}"
    template = make_template(tmp_path, "标题", loop.replace("JOIN", "+"))
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "“1.” + “1”：模板里的数（金额、年度等）是文字，相加会把两段文字连在一起，印出的数是错的：" \
           "要把文字连在一起请用 ~，如 {{ 项目.序号 ~ '.' ~ loop.index }}" in result.output
    assert "\n出现在：第2段“{% for 项目 in 项目表[:1] %}" in result.output
    template = make_template(tmp_path, "标题", loop.replace("JOIN", "~"))
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert docx_blocks(tmp_path / "out" / "2021.docx") == ["标题", "表1.1表1.2"]


W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _commented(template, note: str):
    """The template with a comment (批注) saying ``note`` on its first paragraph's text, as Word saves one."""
    comments = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W_MAIN}">'
                '<w:comment w:id="0" w:author="预算股" w:initials="YS"><w:p><w:r><w:annotationRef/></w:r>'
                f'<w:r><w:t>{note}</w:t></w:r></w:p></w:comment></w:comments>').encode()
    _with_part(template, "word/comments.xml", lambda _: comments)
    _with_part(template, "word/_rels/document.xml.rels", lambda xml: xml.replace(
        b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/comments" Target="comments.xml"/></Relationships>'))
    _with_part(template, "[Content_Types].xml", lambda xml: xml.replace(
        b"</Types>", b'<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.comments+xml"/></Types>'))
    return _with_part(template, "word/document.xml", lambda xml: xml.replace(
        b"<w:r>", b'<w:commentRangeStart w:id="0"/><w:r>', 1).replace(
        b"</w:r>", b'</w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>', 1))


def test_a_templates_comments_are_its_authors_notes_left_out_of_every_document(sample, tmp_path):
    """A comment mentioning a tag was refused (“批注中的标签会原样印出”, which was not so), while a
    plain one was copied into every department's document."""
    import zipfile
    from xml.dom import minidom

    for n, note in enumerate(("填写说明：{{ 项目安排 }} 会自动印成“，安排N个项目”，不要手改", "这一段请勿改动")):
        (tmp_path / str(n)).mkdir()
        template = _commented(make_template(tmp_path / str(n), "{{ 部门简称 }}{{ 年度 }}年部门预算公开说明", "结尾"), note)
        result = run("check", sample, "--template", template)
        assert result.exit_code == 0, result.output
        assert "批注" not in result.output
        out = tmp_path / str(n) / "out"
        result = run(sample, "--template", template, "-o", out)
        assert result.exit_code == 0, result.output
        with zipfile.ZipFile(out / "2021.docx") as document:
            assert "word/comments.xml" not in document.namelist()
            for name in document.namelist():
                if name.endswith((".xml", ".rels")):
                    data = document.read(name)
                    minidom.parseString(data)  # well-formed
                    assert b"comment" not in data.lower(), name
        assert docx_blocks(out / "2021.docx") == ["永清县经开区2021年部门预算公开说明", "结尾"]


def test_a_loop_variable_read_after_its_loop_is_refused_at_check(sample, tmp_path):
    """Jinja knows a loop variable only inside its loop: read after it, in a branch this
    department does not enter, it would fail for another department; check says so now."""
    template = make_template(
        tmp_path, "{% for 项目 in 项目表 %}{{ 项目.项目名称 }}{% endfor %}",
        "{% if 三公经费.公务用车购置费.本年 != 0 %}购置：{{ 项目.项目名称 }}{% endif %}")
    output = check(sample, template)
    assert "模板使用了不存在的变量" in output and "“项目”" in output and "出现在：" in output


@pytest.mark.parametrize("tag, said", [
    ("{{ 收入.合计.本年 | round }}", "文字不能取整（round）"),
    ("{{ 收入.合计.本年 | abs }}", "文字不能用 abs 计算"),
    ("{% if 机关运行经费.本年 > none %}有{% endif %}", "文字和空值不能用“>”比较"),
])
def test_python_words_for_a_refused_calculation_are_chinese(tag, said, sample, tmp_path):
    template = make_template(tmp_path, "开头", tag)
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert said in result.output and f"出现在：第2段“{tag}”" in result.output
    assert "Figure" not in result.output and "__round__" not in result.output
