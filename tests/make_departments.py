"""Make the corpus of department workbooks in tests/fixtures/departments/.

Every department is plain data below (not a copy of inputs/2021.xlsx); ``write_workbook``
writes one in the format of docs/workbook.md. Together the departments cover every
direction of every compared figure (增加 / 减少 / 持平 / 新增, none for a new department),
typed reasons in every form docs/wording.md names, empty optional tables, 1 and 60
projects, several years and 县 / 市 / 区 regions. Run it again after changing the data:

    python tests/make_departments.py

tests/test_departments.py derives the expected sentences from the same data.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

TARGET = Path(__file__).parent / "fixtures" / "departments"

# ---- the data model ------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """One row with 本年 / 上年 (万元, written exactly as they are to be printed) and a
    typed 增减原因."""

    name: str
    this: str | None
    last: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Purchase:
    """One row of 政府采购."""

    project: str
    budget: str | None
    item: str
    catalogue: str | None
    unit: str | None
    quantity: str | None
    price: str | None
    general: str | None = None  # 一般公共预算拨款
    fund: str | None = None  # 基金预算拨款
    capital: str | None = None  # 国有资本经营预算拨款
    special: str | None = None  # 财政专户核拨
    own: str | None = None  # 单位资金


Indicator = tuple  # (一级, 二级, 三级, 评分标准 or 指标描述 …) as the sheet's columns

DEFAULT_BASIS = "《中华人民共和国预算法》和《地方预决算公开操作规程》"  # 按照……规定

GLOSSARY = (
    ("财政拨款收入", "指本级财政当年拨付的资金。"),
    ("事业收入", "指事业单位开展专业业务活动及辅助活动所取得的收入。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    ("“三公”经费", "指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。"),
    ("机关运行经费", "指为保障行政单位运行用于购买货物和服务的各项资金。"),
)


@dataclass(frozen=True)
class Department:
    name: str  # the file name without .xlsx
    short: str  # 部门简称
    full: str  # 单位全称
    region: str  # 地区
    year: int
    income: tuple[Amount, ...]
    staff: Amount  # 人员经费
    office: Amount  # 公用经费
    projects_expense: Amount  # 项目支出
    running: Amount  # 机关运行经费 (name unused)
    sangong: tuple[Amount, ...]  # the four items, then 培训费 / 会议费 if any
    projects: tuple[tuple[str, str], ...]  # (项目名称, 绩效目标)
    project_indicators: tuple[Indicator, ...]  # (项目名称, 一级, 二级, 三级, 描述, 符号, 值, 单位, 依据)
    base: Amount | None = None  # a 基本支出 row (its 本年 may be left to the tool)
    uses: str | None = None  # 机关运行经费 主要用途
    new: bool = False  # 新设部门
    level: str | None = None  # 部门层级
    basis: str = DEFAULT_BASIS
    duties: tuple[str, ...] = ()
    units: tuple[tuple[str, str, str | None, str | None], ...] = ()
    goal: str = ""
    closing: str | None = None
    subgoals: tuple[tuple[str, str, str], ...] = ()
    measures: tuple[str, ...] = ()
    department_indicators: tuple[Indicator, ...] = ()  # (一级, 二级, 三级, 评分, 描述, 符号, 值, 单位, 依据)
    procurement: tuple[Purchase, ...] = ()
    assets: tuple[tuple[str, str | None, str | None, str | None], ...] = ()  # 项目, 数量, 价值, 其中项
    purchase: str = "0"  # 拟购置固定资产金额
    purchase_note: str | None = None
    glossary: tuple[tuple[str, str], ...] = GLOSSARY
    other: tuple[str, ...] = ()


# ---- building blocks shared by the departments ----------------------------------------

SANGONG_NAMES = ("因公出国（境）费", "公务用车购置费", "公务用车运维费", "公务接待费")


def sangong(abroad, purchase, upkeep, reception, *extras: Amount) -> tuple[Amount, ...]:
    """The four 三公 items from (本年, 上年[, 原因]) tuples, then 培训费 / 会议费 rows."""
    rows = []
    for name, values in zip(SANGONG_NAMES, (abroad, purchase, upkeep, reception)):
        rows.append(Amount(name, *values))
    return tuple(rows) + tuple(extras)


def classic_indicators(project: str, n: int, cost: str) -> list[Indicator]:
    """产出 / 效益 / 满意度 (the classic framework), using every sign across n."""
    count_sign = ("=", "＞", "≥")[n % 3]
    return [
        (project, "产出指标", "数量指标", "覆盖村街数", "项目覆盖的村街个数", count_sign, str(8 + n % 9), "个", "项目实施方案"),
        (project, "产出指标", "质量指标", "验收合格率", "验收合格的工作量占全部工作量的比例", "≥", "98", "%", "行业标准"),
        (project, "产出指标", "时效指标", "完成时限", "项目完成的时间要求", None, "按工作计划及时完成", None, "工作计划"),
        (project, "产出指标", "成本指标", "项目成本控制", "项目支出不超出预算", "≤", cost, "万元", "项目预算"),
        (project, "效益指标", "社会效益指标", "群众办事便利程度", "群众办事的便利程度", None, "明显提升", None, "工作计划"),
        (project, "效益指标", "生态效益指标", "环境投诉件数", "群众对项目环境问题的投诉", "＜", "3", "件", "信访记录"),
        (project, "满意度指标", "服务对象满意度指标", "服务对象满意度", "满意和比较满意的人数占调查总人数的比例", "≥", "95", "%", "调查问卷"),
    ]


def cost_first_indicators(project: str, n: int, cost: str) -> list[Indicator]:
    """The 财预〔2021〕101号 framework: 成本指标 as a 一级 with its three 二级."""
    return [
        (project, "产出指标", "数量指标", "服务农户户数", "项目服务的农户户数", "≥", str(120 + 10 * n), "户", "项目实施方案"),
        (project, "产出指标", "质量指标", "技术指导到位率", "技术指导到位的农户占应指导农户的比例", "=", "100", "%", "行业标准"),
        (project, "产出指标", "时效指标", "资金拨付时限", "资金拨付的时间要求", None, "年底前拨付到位", None, "工作计划"),
        (project, "成本指标", "经济成本指标", "项目总成本", "项目支出总额", "≤", cost, "万元", "项目预算"),
        (project, "成本指标", "社会成本指标", "对群众生产生活的不利影响", "项目实施对群众生产生活的影响", None, "无", None, "工作计划"),
        (project, "成本指标", "生态环境成本指标", "对生态环境的不利影响", "项目实施对生态环境的影响", None, "无明显影响", None, "环评意见"),
        (project, "效益指标", "经济效益指标", "亩均成本降幅", "亩均生产成本的降低幅度", "＜", "5", "%", "测算"),
        (project, "效益指标", "可持续影响指标", "长效管护机制", "管护机制的建立情况", None, "健全", None, "工作计划"),
        (project, "满意度指标", "服务对象满意度指标", "农户满意度", "满意和比较满意的农户占调查总户数的比例", "≥", "90", "%", "调查问卷"),
    ]


def department_indicators(work: str) -> tuple[Indicator, ...]:
    return (
        ("部门产出", "数量", f"{work}完成件数", "按照计划比率评定", f"全年{work}完成件数", "≥", "40", "件", "计划标准"),
        ("部门产出", "质量", "工作完成合格率", "按照计划比率评定", "合格的工作任务占总工作任务的比例", "=", "100", "%", "计划标准"),
        ("部门产出", "时效", "全年工作任务完成时间", "按照计划比率评定", "全年工作任务的完成时间", None, "按工作计划及时完成", None, "计划标准"),
        ("部门产出", "成本", "全年工作成本控制", "按照计划比率评定", "全年支出控制在预算以内", "≤", "100", "%", "预算批复"),
        ("部门效果", "社会效益", "政府工作效率", "按照计划比率评定", "政府工作效率的提升情况", None, "提高", None, "计划标准"),
        ("部门效果", "可持续影响", "制度及实施方案健全程度", "按照计划比率评定", "制度及实施方案健全程度", None, "健全", None, "计划标准"),
        ("部门效果", "满意度", "群众满意度", "按照计划比率评定", "满意群众占调查总人数的比例", "≥", "95", "%", "调查问卷"),
    )


def texts(short: str, work: str) -> dict:
    """The narrative sheets of a department, in its own words."""
    return {
        "duties": (
            f"{short}贯彻落实党和国家关于{work}的方针政策和决策部署，拟订并组织实施本地区{work}发展规划。",
            f"负责本地区{work}的统筹协调、监督管理和公共服务，完成上级交办的其他任务。",
        ),
        "goal": f"全面履行{work}职责，保障机关正常运转，按计划完成年度重点工作任务，提升公共服务水平。",
        "closing": f"{short}将以务实的作风抓好各项工作落实，确保年度绩效目标如期实现。",
        "subgoals": (
            (f"{work}重点工作", f"按计划完成年度{work}重点任务。", "重点任务完成率达到100%。"),
            ("机关运转保障", "保障机关日常运转和干部职工履职需要。", "机关运转正常，后勤保障到位。"),
        ),
        "measures": (
            "加强组织领导，明确责任分工，层层压实工作责任。",
            "加强预算执行管理，按序时进度拨付资金，提高资金使用效益。",
            "加强绩效运行监控，发现问题及时纠偏，确保绩效目标如期实现。",
        ),
    }


# ---- the departments -------------------------------------------------------------------

_QH = texts("清河县文化广电和旅游局", "文化旅游")
QINGHE = Department(
    name="qinghe_county_2022",
    short="清河县文化广电和旅游局",
    full="清河县文化广电和旅游局",
    region="清河县",
    year=2022,
    # four sources: up (reason 主要为…), down (plain reason), equal, new (上年 0, plain reason)
    income=(
        Amount("一般公共预算拨款收入", "2100.064501", "1950.024321", "主要为项目支出增加"),
        Amount("政府性基金预算拨款收入", "200", "260", "专项债券项目完工"),
        Amount("事业收入", "11", "11"),
        Amount("其他收入", "128", "0", "新增场馆运营收入"),
    ),
    # 基本支出 falls, 项目支出 rises; 人员经费 falls with a reason, 公用经费 rises without
    staff=Amount("人员经费", "812.364501", "845.12", "退休人员增多、在职人员调出"),
    office=Amount("公用经费", "96.5", "88.25"),
    base=Amount("基本支出", None, "933.37", "主要为人员经费支出"),
    projects_expense=Amount("项目支出", "1530.2", "1287.654321", "主要为新增文化惠民工程项目"),
    running=Amount("机关运行经费", "80.3", "75", "办公用房维修增加"),
    uses="办公费、水电费、物业管理费",
    # total rises while two items fall; 培训费 rises (plain reason), 会议费 stays
    sangong=sangong(("0", "0"), ("28", "18", "主要为更新超过使用年限的执法执勤车辆"),
                    ("6.5", "8.2", "车辆减少"), ("3.045", "4.5", "压减公务接待。"),
                    Amount("培训费", "4", "3.2", "干部培训任务增加"), Amount("会议费", "2.5", "2.5")),
    units=(
        ("清河县文化广电和旅游局", "行政单位", "正科级", "财政拨款（行政）"),
        ("清河县图书馆", "事业单位", "股级", "财政拨款（事业）"),
        ("清河县文化馆", "事业单位", "股级", "财政拨款（事业）"),
    ),
    department_indicators=department_indicators("文化惠民活动"),
    projects=(
        ("文化惠民演出经费", "全年组织送戏下乡演出，丰富群众文化生活。"),
        ("公共图书馆免费开放经费", "保障图书馆全年免费开放，提升公共阅读服务水平。"),
        ("旅游宣传推介经费", "开展旅游宣传推介活动，提升本地旅游知名度。"),
        ("文物安全保护经费", "落实文物安全巡查，确保文物安全。"),
    ),
    project_indicators=tuple(
        row for n, (name, cost) in enumerate((("文化惠民演出经费", "120"), ("公共图书馆免费开放经费", "60.5"),
                                              ("旅游宣传推介经费", "35"), ("文物安全保护经费", "18.25")))
        for row in classic_indicators(name, n, cost)
    ),
    procurement=(
        Purchase("公共图书馆免费开放经费", "60.5", "图书", "A05010101", "册", "5000", "0.006", general="30"),
        Purchase("文化惠民演出经费", "120", "音响设备", "A02091001", "套", "2", "4.35", general="8.7"),
    ),
    assets=(
        ("1、房屋（平方米）", "5230.5", "1820.45", None),
        ("其中：办公用房（平方米）", "1460", "510.2", "是"),
        ("2、车辆（台、辆）", "3", "48.6", None),
        ("3、单价在20万元以上的设备", "1", "26.8", None),
        ("4、其他固定资产", None, "312.456789", None),
    ),
    purchase="38.7",
    purchase_note="图书、音响设备等，已列入政府采购预算",
    other=("本部门2022年无政府性基金预算安排的机关运行经费。",),
    **_QH,
)

_BZ = texts("霸州市农业农村局", "农业农村")
BAZHOU = Department(
    name="bazhou_city_2023",
    short="霸州市农业农村局",
    full="霸州市农业农村局",
    region="霸州市",
    year=2023,
    income=(
        Amount("一般公共预算拨款收入", "4631.25", "5145.873456"),
        Amount("财政专户管理资金收入", "300", "200", "由于农业技术服务收费增加"),
    ),
    # 基本支出 rises, 项目支出 falls; 人员经费 up (主要为…), 公用经费 down (plain)
    staff=Amount("人员经费", "1520.4", "1480.4", "主要为调整工资标准"),
    office=Amount("公用经费", "210.35", "215.35", "压减一般性支出"),
    base=Amount("基本支出", "1730.75", "1695.75"),
    projects_expense=Amount("项目支出", "3200.5", "3650.123456", "因上年一次性项目到期"),
    running=Amount("机关运行经费", "150", "168", "主要为压减会议和差旅支出"),
    uses="办公及印刷费、邮电费、差旅费、公务用车运行维护费",
    # the total unchanged: one item +2, another -2
    sangong=sangong(("0", "0"), ("0", "0"), ("14.3", "12.3", "车辆老旧维修增加"),
                    ("3.6", "5.6", "压减公务接待")),
    units=(
        ("霸州市农业农村局", "行政单位", "正处级", "财政拨款（行政）"),
        ("霸州市农业技术推广中心", "事业单位", "正科级", "财政拨款（事业）"),
    ),
    department_indicators=department_indicators("农业技术推广"),
    projects=(
        ("高标准农田建设管护经费", "完成高标准农田工程设施管护，保障农田设施长期发挥效益。"),
        ("农业技术推广服务经费", "开展农业技术培训和指导，提升农户科学种植水平。"),
        ("动物疫病防控经费", "做好重大动物疫病强制免疫，保障畜牧业生产安全。"),
    ),
    project_indicators=tuple(
        row for n, (name, cost) in enumerate((("高标准农田建设管护经费", "1500"), ("农业技术推广服务经费", "320.5"),
                                              ("动物疫病防控经费", "210")))
        for row in cost_first_indicators(name, n, cost)
    ),
    procurement=(
        Purchase("动物疫病防控经费", "210", "疫苗冷藏设备", "A02061901", "台", "6", "1.2", general="7.2"),
    ),
    assets=(
        ("1、房屋（平方米）", "8600", "2650.3", None),
        ("其中：办公用房（平方米）", "3200", "980", "是"),
        ("2、车辆（台、辆）", "6", "95.4", None),
        ("3、单价在20万元以上的设备", None, None, None),
        ("4、其他固定资产", None, "402.000001", None),
    ),
    purchase="7.2",
    purchase_note="疫苗冷藏设备",
    **_BZ,
)

_AC = texts("安次区机关事务服务中心", "机关事务")
ANCI = Department(
    name="anci_district_2024",
    short="安次区机关事务服务中心",
    full="廊坊市安次区机关事务服务中心",
    region="安次区",
    year=2024,
    # every figure equal to last year's
    income=(Amount("一般公共预算拨款收入", "465.75", "465.75"),),
    staff=Amount("人员经费", "300.5", "300.5"),
    office=Amount("公用经费", "45.25", "45.25"),
    projects_expense=Amount("项目支出", "120", "120"),
    running=Amount("机关运行经费", "40", "40"),
    uses="办公用房水电费、取暖费",
    sangong=sangong(("0", "0"), ("0", "0"), ("3.2", "3.2"), ("1.5", "1.5"), Amount("会议费", "1", "1")),
    units=(("廊坊市安次区机关事务服务中心", "事业单位", "正科级", "财政拨款（事业）"),),
    department_indicators=department_indicators("机关后勤保障"),
    projects=(("机关办公区物业服务经费", "保障机关办公区物业服务正常运行。"),),
    project_indicators=tuple(classic_indicators("机关办公区物业服务经费", 1, "120")),
    # no 政府采购 rows, no 国有资产 rows
    purchase="0",
    **_AC,
)

_WA = texts("文安县数据和政务服务局", "数据和政务服务")
WENAN_NEW = Department(
    name="wenan_new_2023",
    short="文安县数据和政务服务局",
    full="文安县数据和政务服务局",
    region="文安县",
    year=2023,
    new=True,  # set up this year: every 上年 empty
    income=(Amount("一般公共预算拨款收入", "680.5"), Amount("政府性基金预算拨款收入", "0")),
    staff=Amount("人员经费", "420.3"),
    office=Amount("公用经费", "60.2"),
    projects_expense=Amount("项目支出", "200"),
    running=Amount("机关运行经费", "35"),
    uses="办公费、印刷费、邮电费",
    sangong=sangong(("0",), ("0",), ("2.8",), ("1.2",), Amount("培训费", "2.4")),
    units=(
        ("文安县数据和政务服务局", "行政单位", "正科级", "财政拨款（行政）"),
        ("文安县政务服务中心", "事业单位", None, None),
    ),
    department_indicators=department_indicators("政务服务事项办理"),
    projects=(
        ("政务服务大厅运行经费", "保障政务服务大厅正常运行，为企业和群众提供便捷服务。"),
        ("政务数据平台运维经费", "保障政务数据平台稳定运行。"),
    ),
    project_indicators=tuple(
        row for n, (name, cost) in enumerate((("政务服务大厅运行经费", "150"), ("政务数据平台运维经费", "50")))
        for row in classic_indicators(name, n, cost)
    ),
    procurement=(
        Purchase("政务服务大厅运行经费", "150", "自助服务终端", "A02010199", "台", "4", "3.5", general="14"),
    ),
    purchase="14",
    purchase_note="自助服务终端",
    **_WA,
)

_SH = texts("三河市司法局", "司法行政")
SANHE = Department(
    name="sanhe_city_2022",
    short="三河市司法局",
    full="三河市司法局",
    region="三河市",
    year=2022,
    income=(Amount("一般公共预算拨款收入", "1011.333333", "955.9"),),
    staff=Amount("人员经费", "610.25", "590.15"),
    office=Amount("公用经费", "70.75", "65.75"),
    projects_expense=Amount("项目支出", "330.333333", "300"),
    # last year 0: 新增, with a reason starting 用于
    running=Amount("机关运行经费", "12.5", "0", "用于新设司法所办公用房运行"),
    uses="司法所办公用房水电费、物业管理费",
    # only one item moves
    sangong=sangong(("0", "3"), ("0", "0"), ("5.2", "5.2"), ("1.8", "1.8")),
    units=(
        ("三河市司法局", "行政单位", "正科级", "财政拨款（行政）"),
        ("三河市公证处", "事业单位", "股级", "财政拨款（事业）"),
        ("三河市法律援助中心", "事业单位", "股级", "财政拨款（事业）"),
    ),
    department_indicators=department_indicators("法律援助案件办理"),
    projects=(
        ("法律援助经费", "为经济困难群众提供法律援助，维护群众合法权益。"),
        ("人民调解员补贴", "保障人民调解工作开展，化解基层矛盾纠纷。"),
    ),
    project_indicators=tuple(
        row for n, (name, cost) in enumerate((("法律援助经费", "200.333333"), ("人民调解员补贴", "130")))
        for row in classic_indicators(name, n + 1, cost)
    ),
    procurement=(
        Purchase("法律援助经费", "200.333333", "笔记本电脑", "A02010105", "台", "5", "0.65", general="3.25"),
        Purchase("人民调解员补贴", "130", "复印纸", "A05040101", "箱", "40", "0.018", general="0.72"),
    ),
    assets=(
        ("1、房屋（平方米）", "2400", "720", None),
        ("2、车辆（台、辆）", "2", "31.5", None),
        ("3、其他固定资产", None, "88.8", None),
    ),
    purchase="3.97",
    purchase_note="笔记本电脑等办公设备",
    **_SH,
)

_GA_WORKS = ("老旧小区改造", "市政道路维护", "城市照明运维", "园林绿化养护", "排水管网疏浚", "农村危房改造")
_GA_PLACES = ("城区", "东部片区", "西部片区", "南部片区", "北部片区", "开发区", "牛驼镇", "柳泉镇", "彭村乡", "渠沟乡")
_GA_PROJECTS = tuple((f"{place}{work}项目", f"完成{place}{work}任务，改善群众居住环境。")
                     for work in _GA_WORKS for place in _GA_PLACES)
_GA = texts("固安县住房和城乡建设局", "住房和城乡建设")
GUAN_60 = Department(
    name="guan_county_60_2024",
    short="固安县住房和城乡建设局",
    full="固安县住房和城乡建设局",
    region="固安县",
    year=2024,
    # three sources moving in mixed ways, no reasons
    income=(
        Amount("一般公共预算拨款收入", "10052.623456", "10590"),
        Amount("政府性基金预算拨款收入", "2800", "2600"),
        Amount("单位资金", "200", "400"),
    ),
    staff=Amount("人员经费", "2850.123456", "2700"),
    office=Amount("公用经费", "402.5", "390"),
    projects_expense=Amount("项目支出", "9800", "10500", "主要为城市更新项目投资减少"),
    running=Amount("机关运行经费", "320.8", "300", "主要为新增办公场所物业费"),
    uses="办公费、物业管理费、差旅费",
    # the total falls: one item 新增 (plain reason), two fall, one rises; 培训费 falls, 会议费 新增
    sangong=sangong(("0", "2.5"), ("12", "0", "按规定更新执法车辆"), ("10.8", "34"), ("2", "1.5"),
                    Amount("培训费", "6", "7.25"), Amount("会议费", "1.5", "0")),
    units=(
        ("固安县住房和城乡建设局", "行政单位", "正科级", "财政拨款（行政）"),
        ("固安县城市建设服务中心", "事业单位", "股级", "财政拨款（事业）"),
    ),
    department_indicators=department_indicators("城市建设管理"),
    projects=_GA_PROJECTS,
    project_indicators=tuple(
        row for n, (name, _) in enumerate(_GA_PROJECTS)
        for row in (classic_indicators(name, n, str(100 + n))[:4] + classic_indicators(name, n, "1")[6:])
    ),
    procurement=(
        Purchase("城区市政道路维护项目", "130", "沥青混凝土", "A09010101", "吨", "1000", "0.045", general="45"),
        Purchase("城区城市照明运维项目", "100", "LED路灯", "A02091101", "套", "150", "0.12", fund="18"),
    ),
    assets=(
        ("1、房屋（平方米）", "12500.75", "5620.1", None),
        ("其中：办公用房（平方米）", "4100", "1800", "是"),
        ("2、车辆（台、辆）", "9", "156.123456", None),
        ("3、单价在20万元以上的设备", "3", "98", None),
        ("4、其他固定资产", None, "640.5", None),
    ),
    purchase="63",
    purchase_note="沥青混凝土、LED路灯",
    **_GA,
)

_GY = texts("广阳区教育局", "教育")
GUANGYANG = Department(
    name="guangyang_district_2022",
    short="广阳区教育局",
    full="廊坊市广阳区教育局",
    region="广阳区",
    year=2022,
    # reasons starting 因为 / 原因 as typed; an equal source
    income=(
        Amount("一般公共预算拨款收入", "7900.854322", "7350.7", "因为学生人数增加"),
        Amount("事业收入", "400", "460", "原因是学费减免"),
        Amount("上级补助收入", "120", "120"),
    ),
    staff=Amount("人员经费", "5600.654321", "5300.5", "教师绩效工资标准提高"),
    office=Amount("公用经费", "520.000001", "530", "主要为压减办公经费"),
    projects_expense=Amount("项目支出", "2300.2", "2100.2"),
    # a rate that rounds half up: 0.0004 / 8 = 0.005 %; a reason starting 系, ending with ；
    running=Amount("机关运行经费", "8.0004", "8", "系物价上涨；"),
    uses="办公费、水电费",
    sangong=sangong(("0", "0"), ("0", "0"), ("9.65", "9.65"), ("2.35", "2.35"),
                    Amount("培训费", "15.5", "15.5"), Amount("会议费", "3", "2", "系新增全区教育工作会议")),
    units=(
        ("廊坊市广阳区教育局", "行政单位", "正科级", "财政拨款（行政）"),
        ("广阳区教师发展中心", "事业单位", "股级", "财政拨款（事业）"),
    ),
    department_indicators=department_indicators("教育督导"),
    projects=(
        ("义务教育公用经费补助", "保障义务教育学校正常运转。"),
        ("学生资助经费", "落实学生资助政策，确保家庭经济困难学生不因贫失学。"),
        ("教师培训经费", "开展教师全员培训，提升教师专业能力。"),
    ),
    project_indicators=tuple(
        row for n, (name, cost) in enumerate((("义务教育公用经费补助", "1500"), ("学生资助经费", "500.2"),
                                              ("教师培训经费", "300")))
        for row in classic_indicators(name, n, cost)
    ),
    procurement=(
        Purchase("教师培训经费", "300", "投影仪", "A02020101", "台", "8", "0.45", general="3.6"),
    ),
    assets=(
        ("1、房屋（平方米）", "1800", "650", None),
        ("2、车辆（台、辆）", "1", "18.5", None),
        ("3、其他固定资产", None, "45.000001", None),
    ),
    purchase="3.6",
    **_GY,
)

_DC = texts("大城县民政局", "民政")
DACHENG = Department(
    name="dacheng_county_2023",
    short="大城县民政局",
    full="大城县民政局",
    region="大城县",
    year=2023,
    # 收入 and 支出 totals unchanged while their items move, every item with a reason
    income=(
        Amount("一般公共预算拨款收入", "3300", "3280", "主要为人员经费增加"),
        Amount("政府性基金预算拨款收入", "200", "220", "福彩公益金减少"),
    ),
    staff=Amount("人员经费", "900", "880", "新增公益性岗位人员"),
    office=Amount("公用经费", "100", "110", "主要为压减办公经费"),
    base=Amount("基本支出", "1000", "990", "主要为人员经费增加"),
    projects_expense=Amount("项目支出", "2500", "2510", "低保对象动态调整"),
    running=Amount("机关运行经费", "72.000001", "72", "新增养老服务中心运行"),  # 0.0000014%: 增长不足0.01%
    uses="办公费、水电费、取暖费",
    # every item moves; the total falls
    sangong=sangong(("1.5", "0"), ("0", "20", "上年购置车辆本年无购置计划"), ("6.6", "5.5"),
                    ("1.2", "1.8", "厉行节约")),
    units=(
        ("大城县民政局", "行政单位", "正科级", "财政拨款（行政）"),
        ("大城县社会福利中心", "事业单位", "股级", "财政拨款（事业）"),
        ("大城县殡葬管理所", "事业单位", "股级", "财政拨款（事业）"),
        ("大城县婚姻登记处", "事业单位", None, "财政拨款（事业）"),
    ),
    department_indicators=department_indicators("社会救助"),
    projects=(
        ("城乡最低生活保障资金", "按标准发放城乡低保金，保障困难群众基本生活。"),
        ("特困人员救助供养资金", "保障特困人员基本生活。"),
    ),
    project_indicators=tuple(
        row for n, (name, cost) in enumerate((("城乡最低生活保障资金", "2000"), ("特困人员救助供养资金", "500")))
        for row in classic_indicators(name, n + 2, cost)
    ),
    assets=(
        ("1、房屋（平方米）", "3600", "900", None),
        ("2、车辆（台、辆）", "2", "30", None),
    ),
    purchase="0",
    **_DC,
)

_XH = texts("香河县市场监督管理局", "市场监管")
XIANGHE = Department(
    name="xianghe_county_2024",
    short="香河县市场监督管理局",
    full="香河县市场监督管理局",
    region="香河县",
    year=2024,
    level="县直",  # given, the same as the 地区 says
    income=(
        Amount("一般公共预算拨款收入", "2860.3", "2750.1"),
        Amount("政府性基金预算拨款收入", "0", "0"),
        Amount("财政专户管理资金收入", "45", "50"),
        Amount("其他收入", "14.7", "14.7"),
    ),
    staff=Amount("人员经费", "1800.6", "1760.6"),
    office=Amount("公用经费", "219.4", "219.4"),
    projects_expense=Amount("项目支出", "900", "834.8", "主要为新增食品安全抽检项目"),
    running=Amount("机关运行经费", "150.25", "150.25"),  # equal while other figures move
    uses="办公费、印刷费、水电费、物业管理费",
    # only one item moves, with a reason
    sangong=sangong(("0", "0"), ("0", "0"), ("8", "6", "执法车辆增加"), ("3", "3")),
    units=(
        ("香河县市场监督管理局", "行政单位", "正科级", "财政拨款（行政）"),
        ("香河县检验检测中心", "事业单位", "股级", "财政拨款（事业）"),
        ("香河县市场监管综合执法大队", "行政单位", "股级", "财政拨款（行政）"),
        ("香河县淑阳市场监督管理所", "行政单位", "股级", "财政拨款（行政）"),
        ("香河县蒋辛屯市场监督管理所", "行政单位", "股级", "财政拨款（行政）"),
    ),
    department_indicators=department_indicators("市场主体登记"),
    projects=(
        ("食品安全抽检经费", "完成年度食品安全监督抽检任务，保障群众饮食安全。"),
        ("特种设备安全监察经费", "开展特种设备安全检查，防范安全事故。"),
    ),
    project_indicators=tuple(
        row for n, (name, cost) in enumerate((("食品安全抽检经费", "500"), ("特种设备安全监察经费", "400")))
        for row in cost_first_indicators(name, n, cost)
    ),
    procurement=(
        Purchase("食品安全抽检经费", "500", "快速检测仪", "A02100301", "台", "3", "2.5", special="7.5"),
    ),
    assets=(
        ("1、房屋（平方米）", "4500", "1350.75", None),
        ("其中：办公用房（平方米）", "2100", "630", "是"),
        ("2、车辆（台、辆）", "7", "110", None),
    ),
    purchase="7.5",
    purchase_note="快速检测仪",
    other=("本部门无政府性基金预算收入安排的支出。", "本部门无国有资本经营预算收入安排的支出。"),
    **_XH,
)

_DCH = texts("大厂回族自治县医疗保障局", "医疗保障")
DACHANG_PARTIAL = Department(
    name="dachang_county_partial_2025",
    short="大厂回族自治县医疗保障局",
    full="大厂回族自治县医疗保障局",
    region="大厂回族自治县",
    year=2025,
    # not new, but some 上年 left empty: income by source, 人员经费 and 公用经费 (基本支出 has
    # its 上年 on its own row) and 机关运行经费
    income=(Amount("一般公共预算拨款收入", "512.8"), Amount("其他收入", "7.2")),
    staff=Amount("人员经费", "280.6"),
    office=Amount("公用经费", "40.4"),
    base=Amount("基本支出", None, "300", "主要为人员经费增加"),
    projects_expense=Amount("项目支出", "199", "230"),
    running=Amount("机关运行经费", "30"),
    uses="办公费、邮电费",
    sangong=sangong(("0", "0"), ("0", "0"), ("4", "4.5"), ("1", "0.8", "接待任务增加")),
    units=(("大厂回族自治县医疗保障局", "行政单位", "正科级", "财政拨款（行政）"),
           ("大厂回族自治县医疗保障服务中心", "事业单位", "股级", "财政拨款（事业）")),
    department_indicators=department_indicators("医保基金监管"),
    projects=(("医疗救助资金", "对困难群众实施医疗救助，减轻就医负担。"),
              ("医保基金监管经费", "开展医保基金监督检查，维护基金安全。")),
    project_indicators=tuple(
        row for n, (name, cost) in enumerate((("医疗救助资金", "150"), ("医保基金监管经费", "49")))
        for row in classic_indicators(name, n, cost)
    ),
    assets=(("1、房屋（平方米）", "600", "180", None), ("2、车辆（台、辆）", "1", "15.8", None)),
    purchase="0",
    **_DCH,
)

DEPARTMENTS: dict[str, Department] = {d.name: d for d in (
    QINGHE, BAZHOU, ANCI, WENAN_NEW, SANHE, GUAN_60, GUANGYANG, DACHENG, XIANGHE, DACHANG_PARTIAL)}


# ---- figures a department must satisfy ---------------------------------------------------

AMOUNT = re.compile(r"(0|[1-9]\d*)(\.\d{0,5}[1-9])?")  # as entered: no padding, ≤ 6 decimals


def D(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def base_total(dept: Department, year: str) -> Decimal | None:
    """基本支出 of "this" or "last": its own row's, else 人员经费 + 公用经费."""
    if dept.base is not None and getattr(dept.base, year) is not None:
        return D(getattr(dept.base, year))
    parts = [getattr(a, year) for a in (dept.staff, dept.office)]
    return None if None in parts else D(parts[0]) + D(parts[1])


def expense_total(dept: Department, year: str) -> Decimal | None:
    base, projects = base_total(dept, year), getattr(dept.projects_expense, year)
    return None if base is None or projects is None else base + D(projects)


def verify(dept: Department) -> None:
    """The rules of docs/workbook.md that a department's figures must keep."""
    for year in ("this", "last"):
        incomes = [getattr(a, year) for a in dept.income]
        spent = expense_total(dept, year)
        assert spent is not None or (year == "last" and dept.new), f"{dept.name}: {year} 支出"
        if spent is not None and None not in incomes:
            assert sum(map(Decimal, incomes)) == spent, f"{dept.name}: {year} 收入 ≠ 支出"
        staff, office = (getattr(a, year) for a in (dept.staff, dept.office))
        if dept.base is not None and getattr(dept.base, year) is not None and None not in (staff, office):
            assert D(getattr(dept.base, year)) == D(staff) + D(office), f"{dept.name}: {year} 基本支出"
    if dept.new:
        assert all(a.last is None for a in (*dept.income, dept.staff, dept.office, dept.projects_expense,
                                            dept.running, *dept.sangong, *([dept.base] if dept.base else [])))
    assert D(dept.running.this) <= D(dept.office.this), f"{dept.name}: 机关运行经费 > 公用经费"
    assert Decimal(100) <= expense_total(dept, "this") <= Decimal(20000), dept.name
    assert sum(D(a.this) for a in dept.sangong[:4]) < Decimal(100), dept.name


def number(text: str | None) -> int | float | None:
    """An amount as the number Excel stores; it must read back exactly as written."""
    if text is None:
        return None
    assert AMOUNT.fullmatch(text), f"{text!r} is not an amount as entered"
    value: int | float = int(text) if "." not in text else float(text)
    assert Decimal(format(value, ".15g")) == Decimal(text), text
    return value


# ---- writing a workbook ---------------------------------------------------------------------


def sheets_of(dept: Department) -> dict[str, list[list]]:
    """Each sheet as its rows (row 1 the header), in the order of docs/workbook.md."""
    n = number
    info = [["项目", "内容"], ["部门简称", dept.short], ["单位全称", dept.full], ["地区", dept.region],
            ["年度", dept.year], ["公开依据", dept.basis], ["部门层级", dept.level],
            ["新设部门", "是" if dept.new else None]]
    budget = [["类别", "项目", "本年", "上年", "增减原因"]]
    budget += [["收入", a.name, n(a.this), n(a.last), a.reason] for a in dept.income]
    expense = [dept.staff, dept.office] + ([dept.base] if dept.base else []) + [dept.projects_expense]
    budget += [["支出", a.name, n(a.this), n(a.last), a.reason] for a in expense]
    r = dept.running
    running = [["项目", "内容"], ["本年", n(r.this)], ["上年", n(r.last)], ["主要用途", dept.uses],
               ["增减原因", r.reason]]
    purchases = [["项目名称", "预算资金", "采购物品名称", "政府采购目录序号", "计量单位", "数量", "单价",
                  "一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款", "财政专户核拨", "单位资金"]]
    purchases += [[p.project, n(p.budget), p.item, p.catalogue, p.unit, n(p.quantity), n(p.price),
                   n(p.general), n(p.fund), n(p.capital), n(p.special), n(p.own)] for p in dept.procurement]
    return {
        "基本信息": info,
        "部门职责": [["段落"]] + [[t] for t in dept.duties],
        "机构设置": [["单位名称", "单位性质", "单位规格", "经费保障形式"]] + [list(u) for u in dept.units],
        "收支预算": budget,
        "机关运行经费": running,
        "三公经费": [["项目", "本年", "上年", "增减原因"]]
        + [[a.name, n(a.this), n(a.last), a.reason] for a in dept.sangong],
        "整体绩效": [["项目", "内容"], ["总体绩效目标", dept.goal], ["结束语", dept.closing]],
        "分项绩效目标": [["名称", "绩效目标", "绩效指标"]] + [list(s) for s in dept.subgoals],
        "保障措施": [["内容"]] + [[m] for m in dept.measures],
        "整体绩效指标": [["一级指标", "二级指标", "三级指标", "评（扣）分标准", "指标描述", "符号", "值", "单位",
                     "确定依据"]] + [list(i) for i in dept.department_indicators],
        "项目": [["项目名称", "绩效目标"]] + [list(p) for p in dept.projects],
        "项目指标": [["项目名称", "一级指标", "二级指标", "三级指标", "指标描述", "符号", "值", "单位", "确定依据"]]
        + [list(i) for i in dept.project_indicators],
        "政府采购": purchases,
        "国有资产": [["项目", "数量", "价值", "其中项"]]
        + [[a[0], n(a[1]), n(a[2]), a[3]] for a in dept.assets],
        "国有资产说明": [["项目", "内容"], ["拟购置固定资产金额", n(dept.purchase)],
                   ["拟购置固定资产说明", dept.purchase_note]],
        "名词解释": [["名词", "解释"]] + [list(g) for g in dept.glossary],
        "其他说明": [["段落"]] + [[t] for t in dept.other],
    }


def write_workbook(dept: Department, path: Path) -> Path:
    import openpyxl

    verify(dept)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets_of(dept).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    stamp = datetime(2024, 1, 1)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "gendisclosure tests"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def main(target: Path = TARGET) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = [write_workbook(d, target / f"{d.name}.xlsx") for d in DEPARTMENTS.values()]
    for path in written:
        print(f"wrote {path}")
    return written


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
