"""The web application: the clerk's page, the bureau's page and the JSON API they use.

A thin face over :mod:`pipeline.api`, like the command line. :func:`respond_to_error` is
the one place that turns how a request failed into an HTTP status and a Chinese message
(JSON for the API, a page otherwise): a workbook with errors 422 with every finding, a
bad upload 400/415, too large 413, no such page 404, anything unforeseen 500.

Uploads are saved in a private temporary folder under a name the server chooses and
removed before the response leaves; the browser's file name is used only as a label in
messages and for the name of the download. The bureau's workbooks are found by the server
inside ``--folder`` and named in links by a hash, never by a path. With ``--approved`` (and
``--previous-summary``) the bureau's pages show each workbook against the 批复 and hand out
no document, summary or zip while the 批复 cannot be read (pipeline.web.review).
"""

from __future__ import annotations

import hmac
import io
import re
import secrets
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any, Callable

from flask import (
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from .. import __version__, api
from ..blank import department_problem
from ..errors import DisclosureError, Finding, WorkbookError, findings_of, printable
from ..tables_workbook import TABLES_SUFFIX
from .files import content_disposition, make_root, private_folder, safe_filename, with_suffix
from .folder import FolderIndex, entry_key
from .review import Checked

UPLOAD_LIMIT = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
STATUS_TEXT = {  # an HTTP status in the clerk's words
    400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "没有这个页面", 405: "不支持这种请求方式",
    409: "正在处理中", 413: "文件太大", 415: "文件类型不对", 422: "工作簿有错误", 500: "程序内部错误",
    503: "暂时无法提供",
}


@dataclass
class Settings:
    """How the server was started (``gendisclosure serve``)."""

    folder: Path | None = None  # the bureau's folder of workbooks
    outdir: Path = Path("outputs")  # where the bureau's documents are generated
    password: str | None = None  # the bureau page's password
    approved: Path | None = None  # the 批复 the folder's workbooks are checked against
    previous: Path | None = None  # last year's summary workbook (or --report manifest)
    upload_limit: int = UPLOAD_LIMIT
    temp_root: Path | None = None  # the private temporary folder (made when not given)

    def fingerprint(self) -> str:
        """What the page serves (its folders and files), as a digest /healthz tells: a second
        ``serve`` on the same port opens the running page only when it would serve the same."""
        import hashlib

        files = (self.folder, self.outdir, self.approved, self.previous)
        named = "\0".join(str(Path(f).resolve()) if f is not None else "" for f in files)
        return hashlib.sha256(f"{named}\0{self.password is not None}".encode()).hexdigest()[:16]


class BadUpload(HTTPException):
    """An upload that is missing, or not a workbook (status and Chinese message given)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings()
    site = State(settings)  # first: a broken 批复 leaves no temporary folder behind
    if settings.temp_root is None:
        settings.temp_root = make_root()
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.upload_limit,
        SECRET_KEY=secrets.token_bytes(32),
        SESSION_COOKIE_NAME="gendisclosure_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.request_class = _request_class(settings.temp_root)
    app.extensions["gendisclosure"] = site
    app.register_error_handler(Exception, respond_to_error)
    app.context_processor(lambda: {"has_folder": settings.folder is not None, "version": __version__})
    app.after_request(_secure)
    app.register_blueprint(_routes())
    return app


class State:
    """What the server keeps between requests: never a clerk's file."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.templates = dict(api.shipped_templates())  # name → description
        self.pdf = api.pdf_available()
        self.index = (FolderIndex(settings.folder, settings.outdir, settings.approved,
                                  settings.previous)
                      if settings.folder is not None else None)
        self._renderers: dict[str, Any] = {}
        self._renderers_lock = threading.Lock()
        # one render at a time: compiled templates and docxtpl's helper are shared
        self.render_lock = threading.Lock()

    def warm(self) -> None:
        """Compile the shipped templates and import the pipeline before the first upload,
        so that the first clerk waits no longer than the others."""
        from .. import context, preview, validate  # noqa: F401

        for name in self.templates:
            try:
                self.renderer(name)
            except DisclosureError:
                pass  # told when the template is asked for

    def renderer(self, name: str) -> Any:
        """The compiled shipped template ``name``, made once and shared (render under
        :attr:`render_lock`)."""
        from ..render import Renderer, resolve_template

        with self._renderers_lock:
            if name not in self._renderers:
                self._renderers[name] = Renderer(resolve_template(name))
            return self._renderers[name]


def state() -> State:
    return current_app.extensions["gendisclosure"]


def folder_index() -> FolderIndex:
    """The bureau's folder (the routes that ask for it exist only with ``--folder``)."""
    index = state().index
    assert index is not None
    return index


def _request_class(root: Path) -> type:
    import tempfile

    from flask import Request

    class UploadRequest(Request):
        """Large uploads are spooled inside the server's private folder."""

        def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                             filename: str | None = None, content_length: int | None = None) -> Any:
            return tempfile.SpooledTemporaryFile(max_size=1024 * 1024, dir=root)

    return UploadRequest


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith(("/api/", "/folder", "/blank")):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


# ---- the one place where a failure becomes a status ------------------------------------------


def respond_to_error(error: Exception) -> Response | tuple[Any, int]:
    """How a request that failed is answered: status, Chinese message, JSON or page."""
    findings: list[Finding] = []
    from ..tables import NotComputable

    if isinstance(error, NotComputable):  # the standard template: told in the page's words
        error = WorkbookError(_tables_need_sheets(error) + "；不公开这些表的地区，请选用其他模板")
    if isinstance(error, WorkbookError):
        label = getattr(g, "label", "") or "工作簿"
        raw = str(error.args[0]) if error.args else error.message
        findings = findings_of(WorkbookError(_scrubbed(raw), error.findings), label)
        status, message = 422, _scrubbed(error.message)
    elif isinstance(error, BadUpload):
        status, message = error.code or 400, str(error.description)
    elif isinstance(error, HTTPException):
        status = error.code or 500
        message = _http_message(status)
    elif isinstance(error, DisclosureError):
        status, message = 500, _scrubbed(error.message)
    else:
        current_app.logger.exception("程序内部错误")
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        status = 500
        message = _scrubbed(f"程序内部错误（{detail}）：请把这条信息和所用的工作簿发给维护人员")
    if request.path.startswith("/api/"):
        if status == 422 and findings:
            body = check_json(api.reading_order(findings), getattr(g, "label", ""))
        else:
            body = {"ok": False, "error": message}
        return jsonify(body), status
    return render_template("error.html", status=status, title=STATUS_TEXT.get(status, "出错了"),
                           message=message, findings=_table(api.reading_order(findings))), status


def _tables_need_sheets(lacking: Any) -> str:
    """Why the standard tables cannot be made, in the page's own words (no file names, no
    commands): which sheets the workbook lacks, and how to get them."""
    named = "、".join(f"“{sheet}”" for sheet in lacking.sheets)
    return (f"这个工作簿没有{named}（或没有填写），算不出公开表。要公开表，请在下面“空白工作簿”处勾选"
            f"“带公开表用的……两张表”后下载，照它在工作簿中加上{named}")


def _http_message(status: int) -> str:
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return {
        400: "请求有误：请从页面上选择工作簿再试",
        401: "请先登录：汇总页需要密码",
        404: "没有这个页面：请从首页进入",
        405: "不支持这种请求方式",
        413: f"文件太大：上传的文件不能超过 {limit} MB。一个部门的预算工作簿通常不到 1 MB，请检查是否选错了文件",
    }.get(status, STATUS_TEXT.get(status, "出错了"))


def _scrubbed(message: str) -> str:
    """A message with the server's temporary folder replaced by the file's own name."""
    root = str(state().settings.temp_root)
    label = getattr(g, "label", "") or "工作簿"
    message = re.sub(re.escape(root) + r"[/\\][^/\\\s]+[/\\][^/\\\s:]+", lambda m: label, message)
    return message.replace(root, "…")


# ---- uploads -------------------------------------------------------------------------------


@contextmanager
def uploaded(field: str = "workbook") -> Iterator[tuple[Path, str, Path]]:
    """The uploaded workbook saved in a private folder: (path, its name for the clerk, the
    folder, which is removed with everything in it when the request ends)."""
    file = request.files.get(field)
    if file is None or not file.filename:
        raise BadUpload(400, "没有收到工作簿：请选择一个 .xlsx 工作簿上传（表单字段 workbook）")
    name = safe_filename(file.filename, "工作簿.xlsx")
    if not name.lower().endswith(".xlsx"):
        hint = ("这是旧版 .xls 格式：请在 Excel 或 WPS 中“另存为”Excel 工作簿（*.xlsx）后再上传"
                if name.lower().endswith(".xls") else "只接受 Excel 工作簿（.xlsx）")
        raise BadUpload(415, f"{printable(name)}：{hint}")
    g.label = name
    with private_folder(state().settings.temp_root) as folder:
        path = folder / "workbook.xlsx"
        file.save(path)
        file.close()
        yield path, name, folder


def template_name() -> str:
    """The shipped template a request asks for (field or parameter ``template``)."""
    name = (request.values.get("template") or "disclosure").strip()
    if name not in state().templates:
        known = "、".join(state().templates)
        raise BadUpload(400, f"没有名为“{printable(name)}”的模板：可选 {known}")
    return name


def check_json(findings: list[Finding], file: str) -> dict[str, Any]:
    """The answer of ``/api/check`` (and of a 422): ok, a headline and every finding."""
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    if errors:
        message = f"发现 {errors} 处错误，未生成文档：请按下表逐格修改后重新上传"
    elif warnings:
        message = f"检查通过，另有 {warnings} 条警告，请再核对一遍"
    else:
        message = "检查通过"
    return {"ok": not errors, "file": printable(file), "message": message, "errors": errors,
            "warnings": warnings, "findings": [f.as_dict() for f in findings]}


def _document(path: Path, name: str) -> tuple[bytes, list[Finding]]:
    site = state()
    template = template_name()
    return api.render_document(path, site.renderer(template), name, site.render_lock)


def _download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


def _table(findings: list[Finding]) -> dict[str, list[dict[str, Any]]]:
    rows = [f.as_dict() for f in findings]
    return {"errors": [r for r in rows if r["level"] == "error"],
            "warnings": [r for r in rows if r["level"] != "error"]}


# ---- the bureau's password -----------------------------------------------------------------


def bureau(view: Callable[..., Any]) -> Callable[..., Any]:
    """A page of the bureau: only with ``--folder``, and after the password when one is set."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        site = state()
        if site.index is None:
            raise BadUpload(404, "没有汇总页：启动时用 gendisclosure serve --folder 文件夹 指定各部门工作簿所在的文件夹")
        if site.settings.password is not None and not session.get("bureau"):
            if request.path.startswith("/api/"):
                raise BadUpload(401, "请先登录：汇总页需要密码")
            return redirect(url_for("web.login"))
        return view(*args, **kwargs)

    return guarded


# ---- routes --------------------------------------------------------------------------------


def _routes() -> Any:
    from flask import Blueprint

    web = Blueprint("web", __name__)

    @web.get("/")
    def clerk() -> str:
        site = state()
        return render_template("clerk.html", templates=site.templates, pdf=site.pdf,
                               limit=site.settings.upload_limit, folder=site.index is not None,
                               year=datetime.now().year + 1)

    @web.get("/healthz")
    def healthz() -> Response:
        return jsonify({"ok": True, "app": "gendisclosure", "version": __version__,
                        "serving": state().settings.fingerprint()})

    @web.post("/api/check")
    def check() -> Response:
        with uploaded() as (path, name, _):
            renderer = None
            if request.values.get("template"):
                renderer = state().renderer(template_name())
            findings = api.check(path, name, renderer, state().render_lock)
        return jsonify(check_json(findings, name))

    @web.post("/api/generate")
    def generate() -> Response:
        with uploaded() as (path, name, _):
            document, _warnings = _document(path, name)
        return _download(document, with_suffix(name, ".docx"), DOCX)

    @web.post("/api/tables")
    def tables() -> Response:
        from ..tables import NotComputable

        with uploaded() as (path, name, _):
            try:
                data, _warnings = api.tables_document(path, name)
            except NotComputable as lacking:
                raise BadUpload(422, _tables_need_sheets(lacking) + "；不公开这些表的地区，不用下载公开表") from lacking
        return _download(data, with_suffix(name, TABLES_SUFFIX), XLSX)

    @web.post("/api/preview")
    def preview() -> str:
        with uploaded() as (path, name, _):
            document, _warnings = _document(path, name)
        return render_template("preview.html", name=name, preview=api.preview_html(document),
                               css=_stylesheet())

    @web.post("/api/pdf")
    def pdf() -> Response:
        if not state().pdf:
            raise BadUpload(503, "这台电脑没有安装 LibreOffice，无法生成 PDF：请下载 Word 文档，"
                                 "或请管理员安装 LibreOffice（https://zh-cn.libreoffice.org）")
        with uploaded() as (path, name, folder):
            document, _warnings = _document(path, name)
            docx = folder / "document.docx"
            docx.write_bytes(document)
            data = api.pdf_of(docx).read_bytes()
        return _download(data, with_suffix(name, ".pdf"), "application/pdf")

    @web.post("/api/rollover")
    def rollover() -> Response:
        year = _year(request.values.get("year"))
        with uploaded() as (path, name, folder):
            written = api.next_year(path, folder / "next.xlsx", year, name)
            data = written.read_bytes()
        new_year = year or _year_of(data)
        stem = with_suffix(name, "")
        target = f"{stem}-{new_year}年.xlsx" if new_year else f"{stem}-下一年.xlsx"
        return _download(data, safe_filename(target, "下一年.xlsx"), XLSX)

    @web.get("/blank.xlsx")
    def blank() -> Response:
        year = _year(request.args.get("year"))
        department = (request.args.get("department") or "").strip() or None
        problem = department_problem(department)
        if problem:
            raise BadUpload(400, problem)
        with private_folder(state().settings.temp_root) as folder:
            data = api.blank_workbook(folder / "blank.xlsx", year, department,
                                      tables=request.args.get("tables") == "1").read_bytes()
        named = re.sub(r"[/\\]", "_", department) if department else None  # a name, not a path
        name = "".join(filter(None, [named, f"{year}年" if year else None, "预算工作簿.xlsx"]))
        return _download(data, safe_filename(name, "预算工作簿.xlsx"), XLSX)

    # ---- the bureau ------------------------------------------------------------------

    @web.route("/login", methods=["GET", "POST"])
    def login() -> Any:
        site = state()
        if site.settings.password is None:
            return redirect(url_for("web.folder"))
        wrong = False
        if request.method == "POST":
            given = (request.form.get("password") or "").encode("utf-8")
            if hmac.compare_digest(given, site.settings.password.encode("utf-8")):
                session.clear()
                session["bureau"] = True
                return redirect(url_for("web.folder"))
            time.sleep(0.5)  # guessing is slow
            wrong = True
        return render_template("login.html", wrong=wrong), (401 if wrong else 200)

    @web.post("/logout")
    def logout() -> Any:
        session.clear()
        return redirect(url_for("web.clerk"))

    @web.get("/folder")
    @bureau
    def folder() -> str:
        site = state()
        assert site.index is not None
        return render_template("bureau.html", folder=site.index.folder.name or str(site.index.folder),
                               outdir=str(site.index.outdir), templates=site.templates,
                               password=site.settings.password is not None,
                               approved=_given(site.settings.approved),
                               previous=_given(site.settings.previous))

    @web.get("/api/folder")
    @bureau
    def folder_rows() -> Response:
        index = folder_index()
        reading = index.refresh(wait=1.5)
        rows = [_row(entry, reading.checked) for entry in reading.entries]
        return jsonify({"ok": not reading.problem, "problem": reading.problem, "busy": reading.busy,
                        "done": reading.done, "total": reading.total, "rows": rows,
                        "documents": len(_documents(index, reading.entries)),
                        "review": _review_json(index, reading.checked)})

    @web.get("/folder/item/<key>")
    @bureau
    def item(key: str) -> str:
        site = state()
        entry = _entry(key)
        template = template_name()
        preview, problem = "", ""
        summary = entry.summary
        if summary.status != "error":
            g.label = entry.label
            try:
                document, _ = api.render_document(entry.path, site.renderer(template), entry.label,
                                                  site.render_lock, _review())
                preview = api.preview_html(document)
            except WorkbookError as error:  # changed since it was read, or the 批复 did
                problem = _scrubbed(error.message)
        return render_template("item.html", entry=entry, row=_row(entry, _checked()), key=key,
                               findings=_table(summary.findings), preview=preview, problem=problem,
                               template=template, templates=site.templates)

    @web.get("/folder/item/<key>/document.docx")
    @bureau
    def item_document(key: str) -> Response:
        site = state()
        entry = _entry(key)
        g.label = entry.label
        document, _ = api.render_document(entry.path, site.renderer(template_name()), entry.label,
                                          site.render_lock, _review())
        return _download(document, safe_filename(Path(entry.label).stem + ".docx", "文档.docx"), DOCX)

    @web.post("/api/folder/generate")
    @bureau
    def folder_generate() -> tuple[Response, int]:
        index = folder_index()
        template = template_name()
        try:
            started = index.generation.start(template, tables=request.form.get("tables") == "1")
        except WorkbookError as error:
            raise BadUpload(409, f"{error.message}：改正之前不能全部生成（问题见汇总页）") from error
        if not started:
            raise BadUpload(409, "正在生成中：请等这一次完成后再开始")
        return jsonify(index.generation.progress()), 202

    @web.get("/api/folder/progress")
    @bureau
    def folder_progress() -> Response:
        index = folder_index()
        return jsonify(index.generation.progress())

    @web.get("/folder/documents.zip")
    @bureau
    def folder_zip() -> Response:
        index = folder_index()
        _review()  # a 批复 that cannot be read now: nothing is sent as checked
        documents = _documents(index, index.checked().entries)
        if not documents:
            raise BadUpload(404, "输出文件夹里还没有与现在的工作簿相符的文档：请先点“全部生成”")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, path in documents:  # names that unpack on Windows too
                archive.write(path, "/".join(safe_filename(part, "_") for part in name.split("/")))
        folder_name = safe_filename(index.folder.resolve().name, "部门")
        return _download(buffer.getvalue(), f"{folder_name}-公开说明.zip", "application/zip")

    @web.get("/folder/summary.xlsx")
    @bureau
    def folder_summary() -> Response:
        index = folder_index()
        _review()  # a 批复 that cannot be read now: no summary that looks checked
        checked = index.checked()  # the folder as last read, against the 批复 as then
        data = api.county_summary(checked.reports(), checked.review)
        folder_name = safe_filename(index.folder.resolve().name, "部门")
        return _download(data, f"{folder_name}-全县汇总.xlsx", XLSX)

    @web.get("/folder/approved-blank.xlsx")
    @bureau
    def approved_blank() -> Response:
        with private_folder(state().settings.temp_root) as folder:
            data = api.blank_approved(folder / "批复.xlsx").read_bytes()
        return _download(data, "批复（空白）.xlsx", XLSX)

    return web


def _stylesheet() -> Markup:
    """The page's styles, written into the preview so that a saved preview looks the same."""
    global _STYLES
    if _STYLES is None:
        _STYLES = Markup((Path(__file__).parent / "static" / "app.css").read_text(encoding="utf-8")
                         .replace("</", "<\\/"))
    return _STYLES


_STYLES: Markup | None = None


def _year(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise BadUpload(400, f"年度“{printable(text)}”不对：请填四位数字，如 {datetime.now().year + 1}")
    return int(text)


def _year_of(data: bytes) -> int | None:
    """The 年度 written in a workbook's 基本信息 (for the download's name)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for row in book["基本信息"].iter_rows(values_only=True):
            if row and row[0] == "年度" and len(row) > 1 and str(row[1]).isdigit():
                return int(row[1])
    except Exception:
        return None
    return None


def _entry(key: str) -> api.FolderEntry:
    index = folder_index()
    entry = index.find(key) if re.fullmatch(r"[0-9a-f]{24}", key) else None
    if entry is None:
        raise BadUpload(404, "没有找到这个工作簿：文件夹里的文件可能已经改动，请回到汇总页刷新")
    g.label = entry.label
    return entry


STATUS_WORDS = {"ok": "通过", "warning": "警告", "error": "错误"}


def _review() -> Any:
    """The 批复 (and last year's summary) as they are now, None when not given; one that
    cannot be used raises its WorkbookError (a page or 422 listing its problems)."""
    index = folder_index()
    try:
        return index.review.current()
    except WorkbookError:
        g.label = _given(index.review.approved or index.review.previous)
        raise


def _checked() -> Checked:
    index = folder_index()
    return index.checked()


def _documents(index: FolderIndex, entries: list[api.FolderEntry]) -> list[tuple[str, Path]]:
    """The output folder's documents that may be handed out: none of a workbook that has
    errors as last read (a document generated before, from an older workbook or against an
    older 批复, stays out)."""
    failing = {Path(e.label).as_posix() for e in entries if e.summary.status == "error"}
    return [(name, path) for name, path, workbook in api.folder_documents(index.folder, index.outdir)
            if workbook not in failing]


def _given(path: Path | None) -> str:
    """A file given to ``serve`` as named in messages (as the command line names it)."""
    return printable(str(path)) if path is not None else ""


def _review_json(index: FolderIndex, checked: Checked | None) -> dict[str, Any]:
    """The 批复 and last year's summary on the page: which files, whether they can be used,
    and the findings of no one workbook (批复 departments without a workbook …)."""
    problem = index.review.problem
    findings = (problem.findings if problem is not None
                else checked.county if checked is not None else [])
    return {"approved": _given(index.review.approved), "previous": _given(index.review.previous),
            "problem": problem.message if problem is not None else "",
            "findings": [f.as_dict() for f in api.reading_order(findings)]}


def _row(entry: api.FolderEntry, checked: Checked | None = None) -> dict[str, Any]:
    summary = entry.summary
    reviewed = checked.reviewed.get(entry.label, []) if checked is not None else []
    approved, last_year = ("", "")
    if checked is not None and checked.review is not None and summary.report is not None:
        approved, last_year = api.review_states(summary.report, summary.findings, checked.review)
    return {
        "key": entry_key(entry),
        "file": printable(entry.label),
        "department": printable(summary.department),
        "status": summary.status,
        "status_text": STATUS_WORDS[summary.status],
        "errors": summary.errors,
        "warnings": summary.warnings,
        "income": summary.income,
        "expense": summary.expense,
        "sangong": summary.sangong,
        "projects": summary.projects,
        "modified": datetime.fromtimestamp(entry.modified).strftime("%Y-%m-%d %H:%M"),
        "approved": approved,  # as the county summary's 批复核对: 一致, 不符 1 处, 批复中没有 …
        "last_year": last_year,  # 上年核对
        "reviewed": [f.as_dict() for f in reviewed],  # the findings against the 批复 and last year
    }
