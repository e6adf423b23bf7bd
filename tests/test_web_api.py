"""The web page's JSON API and pages, through Flask's test client (and one real waitress
server for concurrent uploads): answers, status codes, escaping, the password, and the
private temporary folder left empty after every request."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import threading
import time
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import SAMPLE, edit

from pipeline import api
from pipeline.web.app import Settings, create_app
from pipeline.web.files import content_disposition, safe_filename

INVALID = SAMPLE.parent.parent / "tests" / "fixtures" / "invalid"
UNBALANCED = INVALID / "收支不平衡.xlsx"
TEXT_FILE = INVALID / "文本文件改扩展名.xlsx"
SCRIPT = "<script>alert('x')</script>"


class Site:
    """A test client whose every answer is checked to leave the temporary folder empty."""

    def __init__(self, app, root: Path) -> None:
        self.app, self.root = app, root
        self.client = app.test_client()

    def empty(self) -> bool:
        return not any(self.root.iterdir())

    def upload(self, url: str, path: Path | None = None, name: str | None = None,
               data: bytes | None = None, **fields: str):
        form: dict = dict(fields)
        if path is not None or data is not None:
            content = data if data is not None else path.read_bytes()
            form["workbook"] = (io.BytesIO(content), name or path.name)
        answer = self.client.post(url, data=form, content_type="multipart/form-data")
        assert self.empty(), list(self.root.rglob("*"))
        return answer

    def get(self, url: str, **kwargs):
        answer = self.client.get(url, **kwargs)
        assert self.empty(), list(self.root.rglob("*"))
        return answer


@pytest.fixture
def site(tmp_path) -> Site:
    root = tmp_path / "private"
    root.mkdir()
    return Site(create_app(Settings(temp_root=root)), root)


@pytest.fixture
def folder(tmp_path) -> Path:
    """A bureau's folder: the sample, a broken workbook in a subfolder, a text file."""
    base = tmp_path / "2022"
    (base / "乡镇").mkdir(parents=True)
    shutil.copy(SAMPLE, base / "经开区.xlsx")
    shutil.copy(UNBALANCED, base / "乡镇" / "收支不平衡.xlsx")
    (base / "说明.txt").write_text("不是工作簿", encoding="utf-8")
    return base


@pytest.fixture
def bureau(tmp_path, folder) -> Site:
    root = tmp_path / "private"
    root.mkdir()
    app = create_app(Settings(folder=folder, outdir=tmp_path / "out", temp_root=root))
    return Site(app, root)


# ---- the clerk's API -------------------------------------------------------------------------


def test_healthz(site):
    answer = site.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json()["ok"] is True


def test_check_passes_the_sample_with_its_warnings(site):
    report = site.upload("/api/check", SAMPLE).get_json()
    assert report["ok"] is True
    assert report["errors"] == 0 and report["warnings"] == 3
    assert report["message"].startswith("检查通过")
    cells = [(f["sheet"], f["cell"], f["level"]) for f in report["findings"]]
    assert cells == [("项目指标", "H215", "warning"), ("项目指标", "H223", "warning"),
                     ("国有资产说明", "B3", "warning")]  # 拟购置 0 万元 with what it buys
    assert set(report["findings"][0]) >= {"file", "sheet", "cell", "rule", "level", "message"}
    assert report["findings"][0]["file"] == "2021.xlsx"  # the clerk's name, not the server's


def test_check_names_the_cell_of_an_error_and_lists_every_finding_in_reading_order(site, sample):
    edit(sample, "三公经费", "B3", "约5万")
    edit(sample, "收支预算", "C2", -1)
    report = site.upload("/api/check", sample).get_json()
    assert report["ok"] is False
    errors = [(f["sheet"], f["cell"]) for f in report["findings"] if f["level"] == "error"]
    assert ("收支预算", "C2") in errors and ("三公经费", "B3") in errors
    assert errors.index(("收支预算", "C2")) < errors.index(("三公经费", "B3"))  # the format's order
    assert "万" in report["message"] or "错误" in report["message"]


def test_check_of_a_file_that_is_no_workbook_is_one_finding_for_the_file(site):
    report = site.upload("/api/check", TEXT_FILE).get_json()
    assert report["ok"] is False
    [finding] = report["findings"]
    assert finding["sheet"] == "" and finding["cell"] == "" and finding["level"] == "error"
    assert "不是 .xlsx 工作簿" in finding["message"]


def test_check_with_a_template_adds_what_the_template_leaves_out(site):
    plain = site.upload("/api/check", SAMPLE).get_json()
    with_template = site.upload("/api/check", SAMPLE, template="sections12").get_json()
    assert with_template["ok"] is True
    assert len(with_template["findings"]) >= len(plain["findings"])


def test_generate_sends_the_document_named_after_the_workbook(site, tmp_path):
    answer = site.upload("/api/generate", SAMPLE, name="永清县 经开区.xlsx")
    assert answer.status_code == 200
    assert answer.mimetype.endswith("wordprocessingml.document")
    disposition = answer.headers["Content-Disposition"]
    assert f"filename*=UTF-8''{quote('永清县 经开区.docx', safe='')}" in disposition
    assert 'filename="' in disposition  # a plain name for old clients too
    expected = api.generate(SAMPLE, tmp_path / "cli").document
    assert answer.data == expected  # the same bytes as the command line writes


def test_generate_with_a_shipped_template(site, tmp_path):
    answer = site.upload("/api/generate", SAMPLE, template="sections12")
    assert answer.status_code == 200
    assert answer.data == api.generate(SAMPLE, tmp_path / "cli", "sections12").document


def test_generate_refuses_a_broken_workbook_with_422_and_the_check(site):
    answer = site.upload("/api/generate", UNBALANCED)
    assert answer.status_code == 422
    report = answer.get_json()
    assert report["ok"] is False
    assert report["file"] == "收支不平衡.xlsx"
    assert report == site.upload("/api/check", UNBALANCED).get_json()


def test_preview_is_html_with_tables_and_merged_cells(site):
    answer = site.upload("/api/preview", SAMPLE)
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    assert "永清县经开区2021年部门预算" in page
    assert page.count("<table>") >= 30
    assert re.search(r'rowspan="[2-9]"', page) and re.search(r'colspan="[2-9]"', page)
    assert "TC &quot;" not in page and 'TC "' not in page  # a field's code is not shown
    assert "<style>" in page and "<link" not in page  # a saved preview keeps its look


def test_preview_of_a_broken_workbook_is_422(site):
    assert site.upload("/api/preview", UNBALANCED).status_code == 422


def test_an_upload_over_the_limit_is_413_in_chinese(tmp_path):
    root = tmp_path / "private"
    root.mkdir()
    small = Site(create_app(Settings(temp_root=root, upload_limit=100_000)), root)
    answer = small.upload("/api/check", data=b"x" * 200_000, name="大.xlsx")
    assert answer.status_code == 413
    assert "文件太大" in answer.get_json()["error"]


def test_the_default_limit_is_20_mb(site):
    answer = site.upload("/api/check", data=b"PK" + b"\0" * (21 * 1024 * 1024), name="big.xlsx")
    assert answer.status_code == 413
    assert "20 MB" in answer.get_json()["error"]


@pytest.mark.parametrize("name, status, words", [
    ("2021.xls", 415, "另存为"),
    ("2021.csv", 415, "只接受 Excel 工作簿（.xlsx）"),
    ("2021", 415, "只接受"),
])
def test_only_xlsx_is_accepted(site, name, status, words):
    answer = site.upload("/api/check", SAMPLE, name=name)
    assert answer.status_code == status
    assert words in answer.get_json()["error"]


def test_a_missing_upload_or_unknown_template_is_400(site):
    assert site.upload("/api/check").status_code == 400
    answer = site.upload("/api/generate", SAMPLE, template="../../etc/passwd")
    assert answer.status_code == 400
    assert "没有名为" in answer.get_json()["error"]


def test_the_browsers_path_never_reaches_the_file_system(site):
    answer = site.upload("/api/generate", SAMPLE, name="../../../evil/CON.xlsx")
    assert answer.status_code == 200
    assert "filename*=UTF-8''_CON.docx" in answer.headers["Content-Disposition"]


def test_a_script_in_a_cell_is_text_everywhere(site, sample, tmp_path):
    edit(sample, "部门职责", "A2", SCRIPT)
    page = site.upload("/api/preview", sample).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    broken = tmp_path / "broken.xlsx"
    shutil.copy(sample, broken)
    edit(broken, "收支预算", "C2", SCRIPT)
    report = site.upload("/api/check", broken).get_json()
    assert any(SCRIPT in f["message"] for f in report["findings"])  # JSON keeps the text
    # clerk.js shows findings with textContent; a name the browser sends loses its markup
    answer = site.upload("/api/preview", broken, name="<img src=x onerror=alert(1)>.xlsx")
    assert answer.status_code == 422
    assert "<" not in answer.get_json()["file"] and ">" not in answer.get_json()["file"]


def test_script_in_a_department_name_is_escaped_on_the_bureau_pages(tmp_path):
    base = tmp_path / "folder"
    base.mkdir()
    shutil.copy(SAMPLE, base / "a.xlsx")
    edit(base / "a.xlsx", "基本信息", "B2", SCRIPT)
    edit(base / "a.xlsx", "收支预算", "C2", SCRIPT)  # an error quoting the script too
    root = tmp_path / "private"
    root.mkdir()
    site = Site(create_app(Settings(folder=base, outdir=tmp_path / "out", temp_root=root)), root)
    rows = site.get("/api/folder").get_json()["rows"]
    assert rows[0]["department"] == SCRIPT  # JSON; bureau.js shows it with textContent
    page = site.get(f"/folder/item/{rows[0]['key']}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_security_headers(site):
    answer = site.get("/")
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_errors_outside_the_api_are_pages_in_chinese(site):
    answer = site.get("/没有这一页")
    assert answer.status_code == 404
    assert "没有这个页面" in answer.get_data(as_text=True)
    assert site.get("/api/check").status_code == 405


def test_a_bug_is_500_with_a_chinese_notice_and_leaves_nothing(site, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(api, "check", broken)
    answer = site.upload("/api/check", SAMPLE)
    assert answer.status_code == 500
    assert "程序内部错误" in answer.get_json()["error"]


def test_the_clerk_page_is_chinese_and_offers_the_shipped_templates(site):
    page = site.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    assert "把工作簿（.xlsx）拖到这里" in page
    assert 'value="disclosure"' in page and 'value="sections12"' in page


def test_blank_workbook_download(site):
    answer = site.get("/blank.xlsx?year=2023&department=某某局")
    assert answer.status_code == 200
    assert quote("某某局2023年预算工作簿.xlsx", safe="") in answer.headers["Content-Disposition"]
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames[0] == "说明"
    assert "支出功能分类" not in book.sheetnames  # the 科目 sheets only when asked for
    asked = openpyxl.load_workbook(io.BytesIO(site.get("/blank.xlsx?year=2023&tables=1").data))
    assert {"支出功能分类", "基本支出经济分类"} <= set(asked.sheetnames)
    assert "带公开表用的“支出功能分类”“基本支出经济分类”两张表" in site.get("/").get_data(as_text=True)
    assert site.get("/blank.xlsx?year=20x3").status_code == 400
    slashed = site.get("/blank.xlsx?year=2023&department=财政局/预算股")  # the whole name, not its last part
    assert quote("财政局_预算股2023年预算工作簿.xlsx", safe="") in slashed.headers["Content-Disposition"]
    odd = site.get("/blank.xlsx?year=2023&department=%EF%BF%BE")  # U+FFFE: Excel cannot save it
    assert odd.status_code == 400 and "含有不可见或无效的字符" in odd.get_data(as_text=True)


def test_rollover_gives_next_years_workbook(site):
    answer = site.upload("/api/rollover", SAMPLE)
    assert answer.status_code == 200
    assert quote("2021-2022年.xlsx", safe="") in answer.headers["Content-Disposition"]
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(answer.data))
    assert "待核对" in book.sheetnames
    assert book["基本信息"]["B5"].value == 2022
    broken = site.upload("/api/rollover", UNBALANCED)
    assert broken.status_code == 422
    assert broken.get_json()["findings"][0]["file"] == "收支不平衡.xlsx"


def test_no_answer_names_the_servers_temporary_folder(site):
    answer = site.upload("/api/rollover", SAMPLE, year="2020")  # earlier than the workbook's
    assert answer.status_code == 422
    [finding] = answer.get_json()["findings"]
    assert finding["file"] == "2021.xlsx"
    assert finding["message"] == "新年度 2020 应晚于工作簿的年度 2021"
    assert str(site.root) not in answer.get_data(as_text=True)


def test_pdf_without_libreoffice_is_503(site, monkeypatch):
    site.app.extensions["gendisclosure"].pdf = False
    answer = site.upload("/api/pdf", SAMPLE)
    assert answer.status_code == 503
    assert "LibreOffice" in answer.get_json()["error"]


def test_file_names_are_safe_on_windows():
    assert safe_filename("C:\\Users\\张三\\预算:2022?.xlsx", "x") == "预算_2022_.xlsx"
    assert safe_filename("aux.xlsx", "x") == "_aux.xlsx"
    assert safe_filename("名称. .xlsx", "x") == "名称.xlsx"
    assert safe_filename("\u202e\x1b.xlsx", "默认.xlsx") == "默认.xlsx"
    header = content_disposition("经开区.docx")
    assert header == "attachment; filename=\"document.docx\"; filename*=UTF-8''%E7%BB%8F%E5%BC%80%E5%8C%BA.docx"


# ---- concurrency -----------------------------------------------------------------------------


def test_twenty_concurrent_uploads_against_a_real_server(tmp_path):
    from webserver import running

    root = tmp_path / "private"
    root.mkdir()
    expected = api.generate(SAMPLE, tmp_path / "cli").document
    broken = UNBALANCED.read_bytes()
    good = SAMPLE.read_bytes()
    answers: dict[int, tuple[int, bytes]] = {}

    def upload(number: int, base: str) -> None:
        boundary = f"----gendisclosure{number}"
        content = broken if number % 4 == 3 else good
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"workbook\"; "
                f"filename=\"{number}.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
        body += content + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(base + "/api/generate", data=body, method="POST", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                answers[number] = (answer.status, answer.read())
        except urllib.error.HTTPError as error:
            answers[number] = (error.code, error.read())

    with running(create_app(Settings(temp_root=root))) as base:
        threads = [threading.Thread(target=upload, args=(n, base)) for n in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
    assert sorted(answers) == list(range(20))
    for number, (status, data) in answers.items():
        if number % 4 == 3:
            assert status == 422
            report = json.loads(data)
            assert report["file"] == f"{number}.xlsx"
            assert [f["cell"] for f in report["findings"] if f["level"] == "error"] == ["C2"]
        else:
            assert status == 200
            assert data == expected  # no answer mixed with another's
    assert not any(root.iterdir())


# ---- the password ----------------------------------------------------------------------------


def test_a_host_beyond_this_machine_needs_a_password_file(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main
    from pipeline.web.server import ServeProblem, serve

    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 2
    assert "--password-file" in result.output
    with pytest.raises(ServeProblem, match="--password-file"):
        serve(host="192.168.1.20", open_browser=False)
    short = tmp_path / "pw.txt"
    short.write_text("123\n", encoding="utf-8")
    with pytest.raises(ServeProblem, match="至少 8 个字符"):
        serve(host="0.0.0.0", password_file=short, open_browser=False)


def test_the_bureau_page_asks_for_the_password(tmp_path, folder):
    root = tmp_path / "private"
    root.mkdir()
    app = create_app(Settings(folder=folder, outdir=tmp_path / "out", temp_root=root,
                              password="预算股 2022 密码"))
    client = app.test_client()
    answer = client.get("/folder")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/login")
    assert client.get("/api/folder").status_code == 401
    assert client.get("/folder/documents.zip").status_code in (302, 401)
    assert client.post("/login", data={"password": "wrong"}).status_code == 401
    answer = client.post("/login", data={"password": "预算股 2022 密码"})
    assert answer.status_code == 302
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/folder").status_code == 200
    assert client.get("/api/folder").status_code == 200
    client.post("/logout")
    assert client.get("/api/folder").status_code == 401
    assert client.get("/").status_code == 200  # the clerk's page needs no password


# ---- the bureau's folder ---------------------------------------------------------------------


def _rows(site: Site) -> list[dict]:
    for _ in range(100):
        report = site.get("/api/folder").get_json()
        if not report["busy"]:
            return report["rows"]
        time.sleep(0.1)
    raise AssertionError("the folder was not read")


def test_the_folder_in_one_table(bureau):
    rows = _rows(bureau)
    assert [r["file"] for r in rows] == ["乡镇/收支不平衡.xlsx", "经开区.xlsx"]
    broken, good = rows
    assert (good["department"], good["status"], good["warnings"]) == ("永清县经开区", "warning", 3)
    assert (good["income"], good["expense"], good["sangong"], good["projects"]) == \
        ("3308.233094", "3308.233094", "13.545", 34)
    assert (broken["status"], broken["errors"], broken["income"]) == ("error", 1, "")
    assert broken["department"] == "永清县经开区"  # read even though it has errors
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", good["modified"])
    page = bureau.get(f"/folder/item/{broken['key']}").get_data(as_text=True)
    assert "收支预算" in page and "C2" in page and "本年支出合计" in page
    page = bureau.get(f"/folder/item/{good['key']}").get_data(as_text=True)
    assert "<table>" in page and "下载 Word 文档" in page
    document = bureau.get(f"/folder/item/{good['key']}/document.docx")
    assert document.status_code == 200 and document.data[:2] == b"PK"


def test_the_bureau_reads_only_inside_its_folder(bureau, folder, tmp_path):
    outside = tmp_path / "outside.xlsx"
    shutil.copy(SAMPLE, outside)
    try:
        (folder / "link.xlsx").symlink_to(outside)
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    assert [r["file"] for r in _rows(bureau)] == ["乡镇/收支不平衡.xlsx", "经开区.xlsx"]
    assert bureau.get("/folder/item/0123456789abcdef01234567").status_code == 404
    assert bureau.get("/folder/item/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_a_refresh_reads_only_what_changed(bureau, folder, monkeypatch):
    _rows(bureau)
    read = []
    real = api.summarize
    monkeypatch.setattr(api, "summarize", lambda path, label=None: read.append(label) or real(path, label))
    _rows(bureau)
    assert read == []
    edit(folder / "经开区.xlsx", "基本信息", "B2", "经开区管委会")
    rows = _rows(bureau)
    assert read == ["经开区.xlsx"]
    assert rows[1]["department"] == "经开区管委会"


def test_a_refresh_of_120_unchanged_workbooks_takes_under_2_seconds(tmp_path, monkeypatch):
    base = tmp_path / "120"
    base.mkdir()
    for number in range(120):
        shutil.copy(SAMPLE, base / f"部门{number:03d}.xlsx")
    root = tmp_path / "private"
    root.mkdir()
    site = Site(create_app(Settings(folder=base, outdir=tmp_path / "out", temp_root=root)), root)
    summary = api.summarize(SAMPLE)
    with monkeypatch.context() as patch:  # the first reading, made quick for the test
        patch.setattr(api, "summarize", lambda path, label=None: summary)
        assert len(_rows(site)) == 120
    start = time.perf_counter()
    report = site.get("/api/folder").get_json()
    assert time.perf_counter() - start < 2
    assert not report["busy"] and len(report["rows"]) == 120


def generate_all(bureau: Site, **fields: str) -> dict:
    """Press 全部生成 with these form fields and wait for the run to end: its progress."""
    answer = bureau.client.post("/api/folder/generate", data=fields)
    assert answer.status_code == 202
    for _ in range(300):
        progress = bureau.get("/api/folder/progress").get_json()
        if not progress["running"]:
            return progress
        time.sleep(0.1)
    raise AssertionError("全部生成 did not end in 30 seconds")


def test_generate_all_with_progress_and_a_zip(bureau, tmp_path):
    assert bureau.get("/folder/documents.zip").status_code == 404  # nothing generated yet
    progress = generate_all(bureau, template="sections12")
    assert (progress["done"], progress["total"], progress["generated"], progress["failed"]) == (2, 2, 1, 1)
    assert progress["failures"] == ["乡镇/收支不平衡.xlsx"]
    assert (tmp_path / "out" / "经开区.docx").is_file()
    answer = bureau.get("/folder/documents.zip")
    assert answer.status_code == 200
    assert quote("2022-公开说明.zip", safe="") in answer.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(answer.data)) as archive:
        assert archive.namelist() == ["经开区.docx"]
        assert archive.read("经开区.docx") == (tmp_path / "out" / "经开区.docx").read_bytes()


def test_no_bureau_page_without_a_folder(site):
    answer = site.get("/folder")
    assert answer.status_code == 404
    assert "--folder" in answer.get_data(as_text=True)


def test_a_taken_port_is_told_and_a_running_page_is_reused(tmp_path):
    import socket

    from webserver import running

    from pipeline.web.server import ServeProblem, serve

    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(ServeProblem) as taken:
            serve(port=port, open_browser=False)
    assert str(taken.value) == (f"无法在 127.0.0.1 的端口 {port} 上启动网页（端口已被其他程序占用）："
                                f"请用 --port 换一个端口，如 --port {port + 1}")
    said: list[str] = []
    with running(create_app(Settings(temp_root=tmp_path))) as base:
        port = int(base.rsplit(":", 1)[1])
        serve(port=port, open_browser=False, say=said.append)  # returns at once
        folder = tmp_path / "各部门"
        folder.mkdir()
        with pytest.raises(ServeProblem) as other_page:  # not the page asked for: told, not opened
            serve(port=port, open_browser=False, folder=folder, say=said.append)
    assert said == [f"网页已经在运行：http://127.0.0.1:{port}/"]
    assert str(other_page.value) == (f"端口 {port} 上已经有一个网页在运行，但它打开的是别的文件夹或设置："
                                     "请先关闭那个网页的窗口（或在那里按 Ctrl+C），再运行这条命令；"
                                     f"或用 --port {port + 1} 另开一个")


def test_generate_all_with_tables_workbooks_in_the_zip(tmp_path):
    """Ticking 同时生成公开表工作簿: a department with the 科目 sheets gets its tables workbook
    beside its document, and both go into the zip; one without them fails, and the page
    says why."""
    from make_subjects import SUBJECTS, write_with_subjects

    base = tmp_path / "2022"
    base.mkdir()
    write_with_subjects(SUBJECTS, base / "清河.xlsx")
    shutil.copy(SAMPLE, base / "经开区.xlsx")  # no 科目 sheets
    root = tmp_path / "private"
    root.mkdir()
    bureau = Site(create_app(Settings(folder=base, outdir=tmp_path / "out", temp_root=root)), root)
    progress = generate_all(bureau, template="disclosure", tables="1")
    assert (progress["generated"], progress["failed"]) == (1, 1)
    assert progress["failures"] == ["经开区.xlsx"]
    reason = progress["reasons"]["经开区.xlsx"]
    assert "支出功能分类" in reason and "基本支出经济分类" in reason
    assert "取消勾选“同时生成公开表工作簿”" in reason and "docs/" not in reason  # the page's words
    assert str(base) not in reason  # the server's folder is not shown
    tables = tmp_path / "out" / "清河.公开表.xlsx"
    assert tables.is_file() and (tmp_path / "out" / "清河.docx").is_file()
    with zipfile.ZipFile(io.BytesIO(bureau.get("/folder/documents.zip").data)) as archive:
        assert sorted(archive.namelist()) == ["清河.docx", "清河.公开表.xlsx"]
        assert archive.read("清河.公开表.xlsx") == tables.read_bytes()
    # generated again without the tables: the tables workbook of the earlier run is out of date
    earlier = tables.stat().st_mtime - 60
    os.utime(tables, (earlier, earlier))
    with zipfile.ZipFile(io.BytesIO(bureau.get("/folder/documents.zip").data)) as archive:
        assert archive.namelist() == ["清河.docx"]
    # the workbook changed after its document was made: the document is out of date too
    later = (tmp_path / "out" / "清河.docx").stat().st_mtime + 60
    os.utime(base / "清河.xlsx", (later, later))
    assert bureau.get("/folder/documents.zip").status_code == 404


def test_the_bureau_page_offers_tables_workbooks(bureau):
    page = bureau.get("/folder").get_data(as_text=True)
    assert 'id="with-tables"' in page and "同时生成公开表工作簿" in page
