"""Make the corpus of broken workbooks in tests/fixtures/invalid/, one per rule.

Each case starts from the valid sample (inputs/2021.xlsx), breaks one thing, and states
the location and message the tool must report. Run it again after the format changes:

    python tests/make_invalid.py
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs" / "2021.xlsx"
TARGET = Path(__file__).parent / "fixtures" / "invalid"


@dataclass(frozen=True)
class Case:
    name: str  # file name without extension
    where: str  # what the message must name, e.g. "收支预算!C2"
    message: str  # a part of the message the clerk reads
    make: Callable[[Path], None]  # breaks the copy at this path
    suffix: str = ".xlsx"


def cells(**changes) -> Callable[[Path], None]:
    """Set cells: cells(收支预算={"C9": 1})."""
    def make(path: Path) -> None:
        book = openpyxl.load_workbook(path)
        for sheet, values in changes.items():
            for ref, value in values.items():
                book[sheet][ref] = value
        book.save(path)
    return make


def with_book(action: Callable) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        book = openpyxl.load_workbook(path)
        action(book)
        book.save(path)
    return make


def replace_in_package(old: bytes, new: bytes, first: Callable[[Path], None]):
    """Edit the package XML directly, for what openpyxl refuses to write."""
    def make(path: Path) -> None:
        first(path)
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n, data in parts.items():
                z.writestr(n, data.replace(old, new) if n.startswith("xl/") else data)
    return make


def write_bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def docx_renamed(path: Path) -> None:
    import docx

    docx.Document().save(path)


def hide_row(book) -> None:
    book["项目指标"].row_dimensions[5].hidden = True


def hide_column(book) -> None:
    book["项目指标"].column_dimensions["E"].hidden = True


def hide_sheet(name: str, state: str) -> Callable:
    def action(book) -> None:
        book[name].sheet_state = state
    return action


def formatted(sheet: str, ref: str, value, number_format: str) -> Callable[[Path], None]:
    def action(book) -> None:
        book[sheet][ref] = value
        book[sheet][ref].number_format = number_format
    return with_book(action)


def in_sheet_part(sheet: str, edit: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """Edit one sheet's XML in the package (what no spreadsheet program would write)."""
    def make(path: Path) -> None:
        book = openpyxl.load_workbook(path)
        part = f"xl/worksheets/sheet{book.sheetnames.index(sheet) + 1}.xml"
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts[part] = edit(parts[part])
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n, data in parts.items():
                z.writestr(n, data)
    return make


def with_doctype(declaration: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"<worksheet", declaration + b"<worksheet", 1)


def shared_string_index_out_of_range(path: Path) -> None:
    """项目!B2 refers to shared string 999999, which the workbook does not have."""
    import re

    in_sheet_part("项目", lambda xml: re.sub(rb'<c r="B2"[^>]*>.*?</c>',
                                            b'<c r="B2" t="s"><v>999999</v></c>', xml, count=1))(path)


def deflate64(path: Path) -> None:
    """The 项目 sheet stored with compression method 9 (Deflate64), which Excel can write."""
    book = openpyxl.load_workbook(path)
    part = f"xl/worksheets/sheet{book.sheetnames.index('项目') + 1}.xml"
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data, zipfile.ZIP_STORED if n == part else zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    # (signature, offset of the name's length, offset of the name, offset of the method)
    for signature, length_at, name_at, method_at in ((b"PK\x03\x04", 26, 30, 8),  # local headers
                                                     (b"PK\x01\x02", 28, 46, 10)):  # central directory
        at = 0
        while (at := data.find(signature, at)) >= 0:
            length = int.from_bytes(data[at + length_at:at + length_at + 2], "little")
            if data[at + name_at:at + name_at + length] == part.encode():
                data[at + method_at:at + method_at + 2] = (9).to_bytes(2, "little")
            at += 4
    path.write_bytes(bytes(data))


CASES: tuple[Case, ...] = (
    Case("收支不平衡", "收支预算!C2", "本年支出合计 3308.233095 ≠ 本年收入合计 3308.233094（相差 0.000001 万元）",
         cells(收支预算={"C9": 2222.178801})),
    Case("基本支出不等于人员加公用", "收支预算!C8", "本年基本支出 1086 ≠ 人员经费+公用经费 1086.054294",
         cells(收支预算={"C8": 1086})),
    Case("金额写成文字", "三公经费!B5", "“本年”“约13万元”不是数字", cells(三公经费={"B5": "约13万元"})),
    Case("负数金额", "国有资产!C4", "“价值”金额 -25.82 是负数", cells(国有资产={"C4": -25.82})),
    Case("金额小于一分", "收支预算!C7", "金额 133.4905241 超过6位小数", cells(收支预算={"C7": "133.4905241"})),
    Case("公式没有计算结果", "收支预算!C9", "这里是公式“=SUM(X1:X3)”，但文件中没有保存计算结果",
         cells(收支预算={"C9": "=SUM(X1:X3)"})),
    Case("Excel错误值", "机构设置!C2", "“单位规格”是 Excel 错误值 #N/A", cells(机构设置={"C2": "#N/A"})),
    Case("公式引用单元格且无结果", "机构设置!C2", "这里是公式“=A2”，但文件中没有保存计算结果",
         cells(机构设置={"C2": "=A2"})),
    Case("年度不是数字", "基本信息!B5", "“年度”“二〇二一”不是年份", cells(基本信息={"B5": "二〇二一"})),
    Case("必填项为空", "机构设置!A2", "“单位名称”必须填写", cells(机构设置={"A2": None})),
    Case("控制字符", "项目!B2", "含有不可见的控制字符（U+0007）",
         replace_in_package(b"CTRLMARK", b"_x0007_", cells(项目={"B2": "绩效CTRLMARK目标"}))),
    Case("机关运行经费超过公用经费", "机关运行经费!B2", "机关运行经费 200 ＞ 公用经费 133.490524",
         cells(机关运行经费={"B2": 200})),
    Case("三公缺少一项", "三公经费", "缺少“公务接待费”一行", with_book(lambda b: b["三公经费"].delete_rows(5))),
    Case("项目名称重复", "项目!A3", "项目“经开区编外人员资金”出现两次",
         cells(项目={"A3": "经开区编外人员资金"})),
    Case("指标指向未知项目", "项目指标!A2", "项目“不存在的项目”不在“项目”表中",
         cells(项目指标={"A2": "不存在的项目"})),
    Case("项目没有指标", "项目!A36", "项目“新项目”在“项目指标”表中没有任何指标",
         cells(项目={"A36": "新项目", "B36": "目标"})),
    Case("二级指标不属于一级指标", "项目指标!C2", "二级指标“服务对象满意度指标”不属于一级指标“产出指标”",
         cells(项目指标={"C2": "服务对象满意度指标"})),
    Case("一级指标不认识", "项目指标!B2", "一级指标“产出”不在允许的范围内", cells(项目指标={"B2": "产出"})),
    Case("符号后不是数字", "项目指标!G2", "填了符号“=”，值“二十四”却不是数字", cells(项目指标={"G2": "二十四"})),
    Case("符号不认识", "项目指标!F2", "“符号”填了“约”", cells(项目指标={"F2": "约"})),
    Case("整体绩效指标一级不相邻", "整体绩效指标!A4", "“部门产出”各行没有排在一起",
         cells(整体绩效指标={"A3": "部门效果", "B3": "社会效益"})),
    Case("缺少工作表", "三公经费", "缺少工作表“三公经费”", with_book(lambda b: b.remove(b["三公经费"]))),
    Case("缺少列", "项目指标!G1", "第1行缺少列：值", cells(项目指标={"G1": "数值"})),
    Case("表头不在第一行", "机构设置!A2", "表头应在第1行，现在在第2行",
         with_book(lambda b: b["机构设置"].insert_rows(1))),
    Case("表格中间有空行", "项目指标!A10", "第10行是空行，下面还有数据",
         with_book(lambda b: b["项目指标"].insert_rows(10))),
    Case("数据区有合并单元格", "项目指标!B2:B5", "数据区域有合并单元格 B2:B5",
         with_book(lambda b: b["项目指标"].merge_cells("B2:B5"))),
    Case("隐藏行", "项目指标!A5", "第5行被隐藏", with_book(hide_row)),
    Case("隐藏列", "项目指标!E", "第E列（指标描述）是隐藏的", with_book(hide_column)),
    Case("隐藏工作表", "名词解释", "工作表“名词解释”是隐藏的", with_book(hide_sheet("名词解释", "hidden"))),
    Case("深度隐藏工作表", "分项绩效目标", "工作表“分项绩效目标”是隐藏的",
         with_book(hide_sheet("分项绩效目标", "veryHidden"))),
    Case("数字单元格为NaN", "三公经费!B5", "单元格类型是数字，内容却是“NaN”",
         replace_in_package(b"<v>424242</v>", b"<v>NaN</v>", cells(三公经费={"B5": 424242}))),
    Case("数字超出范围", "三公经费!B5", "数值超出范围（1E+999）",
         replace_in_package(b"<v>424242</v>", b"<v>1E+999</v>", cells(三公经费={"B5": 424242}))),
    Case("数字单元格存文字", "三公经费!B5", "单元格类型是数字，内容却是“abc”",
         replace_in_package(b"<v>424242</v>", b"<v>abc</v>", cells(三公经费={"B5": 424242}))),
    Case("日期超出范围", "机构设置!C2", "设置为日期格式的数值 3000000 超出日期范围",
         formatted("机构设置", "C2", 3000000, "yyyy-mm-dd")),
    Case("百分比格式小数过多", "项目指标!G3", "百分比格式显示 30 位小数",
         formatted("项目指标", "G3", 0.95, "0." + "0" * 30 + "%")),
    Case("共享字符串序号无效", "项目!B2", "共享字符串序号 999999 无效", shared_string_index_out_of_range),
    Case("不支持的压缩方式", "", "使用了不支持的压缩方式", deflate64),
    Case("XML含非法字符", "", "的XML内容损坏或含有非法字符",
         replace_in_package(b"FFFEMARK", "\ufffe".encode(), cells(项目={"B2": "FFFEMARK"}))),
    Case("孤立代理字符", "项目!B2", "含有无效的字符（U+D800）",
         replace_in_package(b"SURROGATEMARK", b"_xD800_", cells(项目={"B2": "绩效SURROGATEMARK目标"}))),
    Case("超长的无结果公式", "收支预算!C9", "这里是公式“=1+1+1",
         cells(收支预算={"C9": "=" + "+".join(["1"] * 1500)})),
    Case("XML外部实体", "", "工作簿包含不允许的XML声明",
         in_sheet_part("项目", with_doctype(b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'))),
    Case("XML实体膨胀", "", "工作簿包含不允许的XML声明",
         in_sheet_part("项目", with_doctype(
             b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
             b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'))),
    Case("空文件", "", "文件是空的", write_bytes(b"")),
    Case("文本文件改扩展名", "", "不是 .xlsx 工作簿", write_bytes("部门,金额\n经开区,1\n".encode())),
    Case("Word文档改扩展名", "", "这是一个 Word 文档（.docx）改了扩展名", docx_renamed),
    Case("加密工作簿", "", "工作簿设置了打开密码",
         write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)),
    Case("旧版xls", "", "这是旧版 .xls 格式", write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024),
         suffix=".xls"),
)


def build(target: Path = TARGET) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    for old in target.iterdir():
        old.unlink()
    made = []
    for case in CASES:
        path = target / (case.name + case.suffix)
        shutil.copy(SAMPLE, path)
        case.make(path)
        made.append(path)
    return made


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
