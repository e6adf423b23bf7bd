// 检查与生成：上传工作簿 → 问题表或预览 → 下载。工作簿的文字一律作为文字显示（textContent）。
"use strict";

(function () {
  const body = document.body;
  const limit = Number(body.dataset.limit || 0);
  const drop = document.getElementById("drop");
  const input = document.getElementById("file");
  const template = document.getElementById("template");
  const result = document.getElementById("result");
  const status = document.getElementById("status");
  const actions = document.getElementById("actions");
  const note = document.getElementById("action-note");
  const errors = document.getElementById("errors");
  const warnings = document.getElementById("warnings");
  const previewWrap = document.getElementById("preview-wrap");
  const preview = document.getElementById("preview");
  let current = null; // the workbook being shown
  let turn = 0; // answers to an earlier upload are ignored

  function megabytes(n) { return Math.round(n / 1048576); }

  function setStatus(kind, file, text) {
    status.className = "banner " + kind;
    status.textContent = "";
    if (file) {
      const name = document.createElement("span");
      name.className = "file";
      name.textContent = file;
      status.appendChild(name);
    }
    status.appendChild(document.createTextNode(text));
  }

  function fillTable(box, rows) {
    const tbody = box.querySelector("tbody");
    tbody.textContent = "";
    rows.forEach(function (f, i) {
      const tr = document.createElement("tr");
      [String(i + 1), f.file, f.sheet, f.cell, f.rule, f.message].forEach(function (value, column) {
        const td = document.createElement("td");
        td.textContent = value || "";
        if (column === 0) td.className = "n";
        if (column === 3) td.className = "cell";
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    const count = box.querySelector(".count");
    if (count) count.textContent = String(rows.length);
    box.hidden = rows.length === 0;
  }

  function showFindings(report) {
    const all = report.findings || [];
    fillTable(errors, all.filter(function (f) { return f.level === "error"; }));
    fillTable(warnings, all.filter(function (f) { return f.level !== "error"; }));
  }

  function clear() {
    actions.hidden = true;
    errors.hidden = true;
    warnings.hidden = true;
    previewWrap.hidden = true;
    preview.textContent = "";
    note.textContent = "";
  }

  function form(file, extra) {
    const data = new FormData();
    data.append("workbook", file, file.name);
    Object.keys(extra || {}).forEach(function (key) {
      if (extra[key] !== undefined && extra[key] !== null && extra[key] !== "") data.append(key, extra[key]);
    });
    return data;
  }

  async function problem(response) {
    // an answer that is not the one hoped for: its Chinese message
    try {
      const report = await response.json();
      return report;
    } catch (e) {
      return { ok: false, error: "服务器没有正常答复（" + response.status + "），请稍后再试" };
    }
  }

  function usable(file) {
    if (!/\.xlsx$/i.test(file.name)) {
      return /\.xls$/i.test(file.name)
        ? "这是旧版 .xls 格式：请在 Excel 或 WPS 中“另存为”Excel 工作簿（*.xlsx）后再上传"
        : "只接受 Excel 工作簿（.xlsx）";
    }
    if (limit && file.size > limit) {
      return "文件太大（" + megabytes(file.size) + " MB）：上传的文件不能超过 " + megabytes(limit) +
        " MB。一个部门的预算工作簿通常不到 1 MB，请检查是否选错了文件";
    }
    return "";
  }

  async function examine(file) {
    const mine = ++turn;
    current = file;
    result.hidden = false;
    clear();
    const refused = usable(file);
    if (refused) {
      setStatus("bad", file.name, refused);
      return;
    }
    setStatus("wait", file.name, "正在检查……");
    drop.classList.add("busy");
    // the preview is asked for at once, alongside the check: shown only if the check passes
    const previewing = fetch("/api/preview", { method: "POST", body: form(file, { template: template.value }) });
    previewing.catch(function () {});
    try {
      const response = await fetch("/api/check", { method: "POST", body: form(file, { template: template.value }) });
      if (mine !== turn) return;
      const report = response.ok ? await response.json() : await problem(response);
      if (report.error) {
        setStatus("bad", file.name, report.error);
        return;
      }
      showFindings(report);
      result.scrollIntoView({ behavior: "smooth", block: "start" });
      if (!report.ok) {
        setStatus("bad", report.file, report.message);
        return;
      }
      setStatus(report.warnings ? "warn" : "ok", report.file, report.message);
      actions.hidden = false;
      await showPreview(previewing, mine);
    } catch (e) {
      if (mine === turn) setStatus("bad", file.name, "无法连接服务器：请确认网页服务仍在运行后再试");
    } finally {
      if (mine === turn) drop.classList.remove("busy");
    }
  }

  async function showPreview(previewing, mine) {
    note.textContent = "正在生成预览……";
    const response = await previewing;
    if (mine !== turn) return;
    if (!response.ok) {
      const report = await problem(response);
      note.textContent = report.error || report.message || "预览失败";
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const article = page.querySelector("article.docx");
    preview.textContent = "";
    if (article) preview.appendChild(document.importNode(article, true));
    previewWrap.hidden = false;
    note.textContent = "";
  }

  function nameFrom(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (encoded) {
      try { return decodeURIComponent(encoded[1]); } catch (e) { /* the plain name below */ }
    }
    const plain = /filename="([^"]+)"/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  async function fetchFile(url, data, fallback, waiting, button) {
    note.textContent = waiting;
    if (button) button.disabled = true;
    try {
      const response = await fetch(url, { method: "POST", body: data });
      if (!response.ok) {
        const report = await problem(response);
        if (report.findings) showFindings(report);
        return { error: report.error || report.message || "失败" };
      }
      const name = nameFrom(response, fallback);
      save(await response.blob(), name);
      return { name: name };
    } catch (e) {
      return { error: "无法连接服务器：请确认网页服务仍在运行后再试" };
    } finally {
      if (button) button.disabled = false;
    }
  }

  async function download(url, suffix, waiting, button) {
    if (!current) return;
    const fallback = current.name.replace(/\.xlsx$/i, suffix);
    const outcome = await fetchFile(url, form(current, { template: template.value }), fallback, waiting, button);
    note.textContent = outcome.error ? outcome.error : "已下载 " + outcome.name;
  }

  // ---- choosing a workbook ----
  input.addEventListener("change", function () {
    if (input.files && input.files[0]) examine(input.files[0]);
    input.value = "";
  });
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (event) {
      event.preventDefault();
      drop.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function (event) {
      event.preventDefault();
      drop.classList.remove("over");
    });
  });
  drop.addEventListener("drop", function (event) {
    const files = event.dataTransfer && event.dataTransfer.files;
    if (files && files.length) examine(files[0]);
  });
  drop.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); input.click(); }
  });
  // a file dropped outside the box is not opened by the browser
  window.addEventListener("dragover", function (event) { event.preventDefault(); });
  window.addEventListener("drop", function (event) { event.preventDefault(); });
  template.addEventListener("change", function () { if (current) examine(current); });

  document.getElementById("download-docx").addEventListener("click", function (event) {
    download("/api/generate", ".docx", "正在生成 Word 文档……", event.currentTarget);
  });
  document.getElementById("download-tables").addEventListener("click", function (event) {
    download("/api/tables", ".公开表.xlsx", "正在生成公开表工作簿……", event.currentTarget);
  });
  const pdf = document.getElementById("download-pdf");
  if (pdf) {
    pdf.addEventListener("click", function (event) {
      download("/api/pdf", ".pdf", "正在用 LibreOffice 生成 PDF，可能需要十几秒……", event.currentTarget);
    });
  }

  // ---- next year's workbook ----
  const roll = document.getElementById("rollover");
  const rollResult = document.getElementById("rollover-result");
  const rollErrors = document.getElementById("rollover-errors");
  const rollFile = document.getElementById("rollover-file");
  rollFile.addEventListener("change", function () {
    document.getElementById("rollover-name").textContent = rollFile.files[0] ? rollFile.files[0].name : "未选择";
  });
  roll.addEventListener("submit", async function (event) {
    event.preventDefault();
    const file = rollFile.files[0];
    rollErrors.hidden = true;
    rollResult.hidden = false;
    if (!file) { rollResult.textContent = "请先选择今年的工作簿"; return; }
    const refused = usable(file);
    if (refused) { rollResult.textContent = refused; return; }
    rollResult.textContent = "正在生成明年的工作簿……";
    const button = roll.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch("/api/rollover", { method: "POST", body: form(file, { year: roll.elements.year.value }) });
      if (!response.ok) {
        const report = await problem(response);
        rollResult.textContent = report.error || report.message;
        if (report.findings) {
          fillTable(rollErrors, report.findings.filter(function (f) { return f.level === "error"; }));
        }
        return;
      }
      const name = nameFrom(response, "下一年.xlsx");
      save(await response.blob(), name);
      rollResult.textContent = "已下载 " + name + "：标黄的单元格是沿用去年的内容，请逐一改为新年度的内容，或在“待核对”表“已核对”列填“是”。";
    } catch (e) {
      rollResult.textContent = "无法连接服务器：请确认网页服务仍在运行后再试";
    } finally {
      button.disabled = false;
    }
  });
})();
