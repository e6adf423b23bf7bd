"""The web page in a real browser: headless Chromium (Debian's chromium and chromium-driver,
driven by Selenium) uploads the sample and a broken workbook, sees the problem table and
the preview, downloads the .docx, and looks at the bureau's page. Each test keeps a
screenshot under its temporary folder. Skipped where Chromium or its driver is absent;
.ci/run installs them."""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE

from pipeline.web.app import Settings, create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
UNBALANCED = SAMPLE.parent.parent / "tests" / "fixtures" / "invalid" / "收支不平衡.xlsx"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER), reason="Chromium or chromedriver is not installed; .ci/run installs "
                                      "Debian's chromium and chromium-driver")


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def server(place):
    from webserver import running

    folder = place / "2022"
    (folder / "乡镇").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "经开区.xlsx")
    shutil.copy(UNBALANCED, folder / "乡镇" / "收支不平衡.xlsx")
    root = place / "private"
    root.mkdir()
    app = create_app(Settings(folder=folder, outdir=place / "out", temp_root=root))
    app.extensions["gendisclosure"].warm()
    with running(app) as base:
        yield base, root


@pytest.fixture(scope="module")
def browser(place):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    downloads = place / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--window-size=1300,1000", "--lang=zh-CN",
                     f"--user-data-dir={place / 'profile'}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow",
                                                        "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _wait(driver, condition, seconds: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.05).until(condition)


def _upload(driver, path: Path) -> float:
    from selenium.webdriver.common.by import By

    start = time.perf_counter()
    driver.find_element(By.ID, "file").send_keys(str(path))
    _wait(driver, lambda d: "wait" not in d.find_element(By.ID, "status").get_attribute("class")
          and d.find_element(By.ID, "status").text != "")
    return time.perf_counter() - start


def test_the_clerk_uploads_a_broken_workbook_and_the_sample(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    base, root = server
    browser.get(base + "/")
    assert browser.title == "检查工作簿并生成公开说明"

    _upload(browser, UNBALANCED)
    status = browser.find_element(By.ID, "status")
    assert "发现 1 处错误" in status.text and "bad" in status.get_attribute("class")
    errors = browser.find_elements(By.CSS_SELECTOR, "#errors tbody tr")
    cells = [[td.text for td in row.find_elements(By.TAG_NAME, "td")] for row in errors]
    assert cells == [["1", "收支不平衡.xlsx", "收支预算", "C2", "收支平衡",
                      "本年支出合计 3308.233095 ≠ 本年收入合计 3308.233094（相差 0.000001 万元）"]]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#warnings tbody tr")) == 3
    assert not browser.find_element(By.ID, "actions").is_displayed()
    assert not browser.find_element(By.ID, "preview-wrap").is_displayed()
    browser.save_screenshot(str(tmp_path / "问题表.png"))

    seconds = _upload(browser, SAMPLE)
    status = browser.find_element(By.ID, "status")
    assert "检查通过" in status.text
    assert not browser.find_element(By.ID, "errors").is_displayed()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#preview article.docx table"))
    preview = browser.find_element(By.ID, "preview")
    assert "永清县经开区2021年部门预算" in preview.text
    assert preview.find_elements(By.CSS_SELECTOR, "td[rowspan]")  # merged 一级指标 cells
    assert seconds < 5, seconds  # the check's answer (a second on an ordinary PC)
    browser.save_screenshot(str(tmp_path / "预览.png"))

    browser.find_element(By.ID, "download-docx").click()
    document = browser.downloads / "2021.docx"
    _wait(browser, lambda d: document.is_file() and document.stat().st_size > 0)
    with zipfile.ZipFile(document) as archive:
        assert "永清县经开区" in archive.read("word/document.xml").decode("utf-8")
    assert "已下载 2021.docx" in browser.find_element(By.ID, "action-note").text
    assert not any(root.iterdir())  # the server kept nothing
    assert (tmp_path / "问题表.png").stat().st_size > 10_000
    assert (tmp_path / "预览.png").stat().st_size > 10_000


def test_blank_and_next_years_workbooks(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    base, root = server
    browser.get(base + "/")
    browser.find_element(By.NAME, "department").send_keys("某某局")
    browser.find_element(By.CSS_SELECTOR, "#blank button").click()
    blank = browser.downloads / f"某某局{browser.find_element(By.NAME, 'year').get_attribute('value')}年预算工作簿.xlsx"
    _wait(browser, lambda d: blank.is_file() and blank.stat().st_size > 0)
    browser.find_element(By.ID, "rollover-file").send_keys(str(SAMPLE))
    assert browser.find_element(By.ID, "rollover-name").text == "2021.xlsx"
    browser.find_element(By.CSS_SELECTOR, "#rollover button").click()
    rolled = browser.downloads / "2021-2022年.xlsx"
    _wait(browser, lambda d: rolled.is_file() and rolled.stat().st_size > 0)
    assert "已下载 2021-2022年.xlsx" in browser.find_element(By.ID, "rollover-result").text
    browser.save_screenshot(str(tmp_path / "空白与下一年.png"))
    assert not any(root.iterdir())


def test_markup_in_cells_shows_as_text(server, browser, sample):
    from conftest import edit
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    base, _ = server
    markup = "<b>粗</b><script>alert(1)</script><img src=x onerror=alert(2)>"
    edit(sample, "部门职责", "A2", markup)
    browser.get(base + "/")
    _upload(browser, sample)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#preview article.docx"))
    assert markup in browser.find_element(By.ID, "preview").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#preview script, #preview img, #preview b")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018


def test_a_wrong_file_is_refused_before_it_is_sent(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.get(base + "/")
    text = tmp_path / "说明.txt"
    text.write_text("不是工作簿", encoding="utf-8")
    _upload(browser, text)
    assert "只接受 Excel 工作簿（.xlsx）" in browser.find_element(By.ID, "status").text


def test_the_bureau_sees_the_folder_and_generates_everything(server, browser, tmp_path, place):
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.get(base + "/folder")
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#summary tbody tr")) == 2)
    rows = [[td.text for td in row.find_elements(By.TAG_NAME, "td")]
            for row in browser.find_elements(By.CSS_SELECTOR, "#summary tbody tr")]
    assert rows[0][1:3] == ["永清县经开区", "乡镇/收支不平衡.xlsx"]
    assert rows[0][3].replace(" ", "") == "错误1警告3"
    assert rows[1][1:8] == ["永清县经开区", "经开区.xlsx", "警告 3", "3308.233094", "3308.233094",
                            "13.545", "34"]
    browser.find_element(By.ID, "generate").click()
    _wait(browser, lambda d: "已完成 2 / 2" in d.find_element(By.ID, "progress-text").text, 60)
    assert "失败 1 个" in browser.find_element(By.ID, "progress-text").text
    assert (place / "out" / "经开区.docx").is_file()
    browser.save_screenshot(str(tmp_path / "汇总.png"))
    browser.find_elements(By.CSS_SELECTOR, "#summary tbody a")[0].click()
    _wait(browser, lambda d: "问题与预览" in d.title)
    assert "C2" in browser.find_element(By.CSS_SELECTOR, "table.grid").text
    assert (tmp_path / "汇总.png").stat().st_size > 10_000


def test_the_bureau_sees_where_a_department_differs_from_the_approved_budget(browser, tmp_path):
    from decimal import Decimal

    from make_county import approved_row, figures, write_approved
    from selenium.webdriver.common.by import By
    from webserver import running

    folder = tmp_path / "2022"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "经开区.xlsx")
    sample = figures(folder / "经开区.xlsx")
    approved = write_approved(tmp_path / "批复.xlsx", [
        approved_row(sample, 支出合计=sample["支出合计"] + Decimal("0.01"))])
    root = tmp_path / "private"
    root.mkdir()
    app = create_app(Settings(folder=folder, outdir=tmp_path / "out", temp_root=root, approved=approved))
    with running(app) as base:
        browser.get(base + "/folder")
        _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#review-tables tbody tr"))
        (row,) = browser.find_elements(By.CSS_SELECTOR, "#review-tables tbody tr")
        cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
        assert cells[1:] == ["永清县经开区", "经开区.xlsx", "收支预算", "C6:C7+C9", "批复数",
                             f"支出合计 3308.233094 万元 ≠ {approved} 第2行（E2）"
                             "支出合计 3308.243094 万元（相差 0.01 万元）"]
        assert browser.find_element(By.ID, "review-counts").text == "批复核对：与批复不符 1 个"
        summary = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#summary tbody td")]
        assert "不符 1 处" in summary
        browser.save_screenshot(str(tmp_path / "批复核对.png"))
