// 各部门汇总：读取文件夹 → 一张表；全部生成时显示进度。工作簿的文字一律作为文字显示（textContent）。
"use strict";

(function () {
  const tbody = document.querySelector("#summary tbody");
  const reading = document.getElementById("reading");
  const problem = document.getElementById("problem");
  const counts = document.getElementById("counts");
  const generate = document.getElementById("generate");
  const template = document.getElementById("template");
  const zip = document.getElementById("zip");
  const wrap = document.getElementById("progress-wrap");
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  const failures = document.getElementById("failures");

  function cell(tr, value, className) {
    const td = document.createElement("td");
    if (value instanceof Node) td.appendChild(value); else td.textContent = value === null || value === undefined ? "" : String(value);
    if (className) td.className = className;
    tr.appendChild(td);
    return td;
  }

  function statusOf(row) {
    // 通过 / 警告 2 / 错误 1（另有警告 2）
    const box = document.createElement("span");
    const span = document.createElement("span");
    span.className = "status " + row.status;
    span.textContent = row.status_text + (row.status === "error" ? " " + row.errors : row.status === "warning" ? " " + row.warnings : "");
    box.appendChild(span);
    if (row.status === "error" && row.warnings) {
      const more = document.createElement("span");
      more.className = "more";
      more.textContent = "警告 " + row.warnings;
      box.appendChild(more);
    }
    return box;
  }

  function sum(rows, key) {
    // amounts are decimal texts with up to 6 places: add them as whole millionths
    let total = 0n;
    let any = false;
    rows.forEach(function (row) {
      const value = row[key];
      if (!value) return;
      const [whole, part = ""] = String(value).split(".");
      total += BigInt(whole) * 1000000n + BigInt((part + "000000").slice(0, 6));
      any = true;
    });
    if (!any) return "";
    const whole = total / 1000000n;
    const part = (total % 1000000n).toString().padStart(6, "0").replace(/0+$/, "");
    return part ? whole + "." + part : String(whole);
  }

  function show(report) {
    tbody.textContent = "";
    report.rows.forEach(function (row, i) {
      const tr = document.createElement("tr");
      cell(tr, i + 1, "n");
      cell(tr, row.department, "dept");
      cell(tr, row.file, "file");
      cell(tr, statusOf(row), "state");
      cell(tr, row.income || "—", "num");
      cell(tr, row.expense || "—", "num");
      cell(tr, row.sangong || "—", "num");
      cell(tr, row.projects === null ? "—" : row.projects, "num");
      cell(tr, row.modified);
      const link = document.createElement("a");
      link.href = "/folder/item/" + encodeURIComponent(row.key);
      link.textContent = row.errors ? "问题" : "问题与预览";
      cell(tr, link);
      tbody.appendChild(tr);
    });
    let foot = document.querySelector("#summary tfoot");
    if (foot) foot.remove();
    const good = report.rows.filter(function (row) { return row.status !== "error"; });
    if (report.rows.length) {
      foot = document.createElement("tfoot");
      const tr = document.createElement("tr");
      cell(tr, "");
      cell(tr, "合计（通过检查的 " + good.length + " 个）");
      cell(tr, "");
      cell(tr, "");
      cell(tr, sum(good, "income"), "num");
      cell(tr, sum(good, "expense"), "num");
      cell(tr, sum(good, "sangong"), "num");
      cell(tr, good.reduce(function (n, row) { return n + (row.projects || 0); }, 0), "num");
      cell(tr, "");
      cell(tr, "");
      foot.appendChild(tr);
      document.getElementById("summary").appendChild(foot);
    }
    const by = { ok: 0, warning: 0, error: 0 };
    report.rows.forEach(function (row) { by[row.status] += 1; });
    counts.textContent = "";
    [["共 ", report.rows.length, " 个工作簿："], ["通过 ", by.ok, "，"], ["有警告 ", by.warning, "，"], ["有错误 ", by.error, "。"],
     ["输出文件夹里已有文档 ", report.documents, " 个"]].forEach(function (part) {
      counts.appendChild(document.createTextNode(part[0]));
      const b = document.createElement("b");
      b.textContent = String(part[1]);
      counts.appendChild(b);
      counts.appendChild(document.createTextNode(part[2]));
    });
    zip.classList.toggle("disabled", !report.documents);
    problem.hidden = !report.problem;
    problem.textContent = report.problem || "";
  }

  async function load() {
    try {
      const response = await fetch("/api/folder", { cache: "no-store" });
      if (response.status === 401) { window.location.href = "/login"; return; }
      const report = await response.json();
      if (!response.ok) { problem.hidden = false; problem.textContent = report.error || "读取失败"; return; }
      if (report.busy) {
        reading.hidden = false;
        reading.textContent = "正在读取工作簿 " + report.done + " / " + report.total + " ……";
        if (report.rows.length) show(report);
        setTimeout(load, 700);
        return;
      }
      reading.hidden = true;
      show(report);
    } catch (e) {
      problem.hidden = false;
      problem.textContent = "无法连接服务器：请确认网页服务仍在运行后刷新页面";
    }
  }

  function progress(p) {
    wrap.hidden = false;
    const percent = p.total ? Math.round(100 * p.done / p.total) : (p.running ? 0 : 100);
    bar.style.width = percent + "%";
    bar.setAttribute("aria-valuenow", String(percent));
    let words = (p.running ? "正在生成 " : "已完成 ") + p.done + " / " + p.total + "：生成 " + p.generated + " 个";
    if (p.failed) words += "，失败 " + p.failed + " 个（见下，点汇总表中的“问题”查看原因）";
    if (!p.running && p.finished_at) words += "，用时 " + p.seconds + " 秒（" + p.finished_at + " 完成）";
    if (p.problem) words += "。" + p.problem;
    text.textContent = words;
    failures.textContent = "";
    (p.failures || []).forEach(function (name) {
      const li = document.createElement("li");
      li.textContent = name;
      failures.appendChild(li);
    });
  }

  async function follow() {
    const response = await fetch("/api/folder/progress", { cache: "no-store" });
    if (!response.ok) return;
    const p = await response.json();
    progress(p);
    if (p.running) {
      setTimeout(follow, 400);
    } else {
      generate.disabled = false;
      load();
    }
  }

  generate.addEventListener("click", async function () {
    generate.disabled = true;
    const data = new FormData();
    data.append("template", template.value);
    const response = await fetch("/api/folder/generate", { method: "POST", body: data });
    const report = await response.json();
    if (!response.ok && response.status !== 409) {
      text.textContent = report.error || "无法开始生成";
      wrap.hidden = false;
      generate.disabled = false;
      return;
    }
    follow();
  });

  load();
  // a run already going (started from another window) is shown too
  fetch("/api/folder/progress", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (p) {
    if (p.running) { generate.disabled = true; follow(); }
  }).catch(function () {});
})();
