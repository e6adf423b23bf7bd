// 各部门汇总：读取文件夹 → 一张表；全部生成时显示进度。工作簿的文字一律作为文字显示（textContent）。
"use strict";

(function () {
  const tbody = document.querySelector("#summary tbody");
  const reading = document.getElementById("reading");
  const problem = document.getElementById("problem");
  const counts = document.getElementById("counts");
  const generate = document.getElementById("generate");
  const withTables = document.getElementById("with-tables");
  const template = document.getElementById("template");
  const zip = document.getElementById("zip");
  const wrap = document.getElementById("progress-wrap");
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  const failures = document.getElementById("failures");
  const table = document.getElementById("summary");
  const withApproved = Boolean(table.dataset.approved);
  const withPrevious = Boolean(table.dataset.previous);
  const reviewProblem = document.getElementById("review-problem");
  const reviewCounts = document.getElementById("review-counts");
  const reviewTables = document.getElementById("review-tables");

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

  function checkedWord(word) {
    // 批复核对 / 上年核对 as the county summary words them: 一致, 不符 1 处, 批复中没有 ……
    const span = document.createElement("span");
    span.textContent = word || "—";
    if (word === "一致") span.className = "status ok";
    else if (word && (word.indexOf("不符") >= 0 || word === "批复中没有")) span.className = "status error";
    return span;
  }

  function findingsTable(kind, heading, note, findings) {
    // 序号 部门 文件 工作表 单元格 规则 说明, every text as text
    const box = document.createElement("div");
    box.className = "findings";
    const h2 = document.createElement("h2");
    h2.className = kind;
    h2.appendChild(document.createTextNode(heading + " "));
    const count = document.createElement("span");
    count.className = "count";
    count.textContent = String(findings.length);
    h2.appendChild(count);
    const small = document.createElement("small");
    small.textContent = note;
    h2.appendChild(small);
    box.appendChild(h2);
    const wrapper = document.createElement("div");
    wrapper.className = "table-wrap";
    const grid = document.createElement("table");
    grid.className = "grid";
    const head = document.createElement("tr");
    ["序号", "部门", "文件", "工作表", "单元格", "规则", "说明"].forEach(function (name, i) {
      const th = document.createElement("th");
      th.textContent = name;
      if (i === 0) th.className = "n";
      head.appendChild(th);
    });
    const thead = document.createElement("thead");
    thead.appendChild(head);
    grid.appendChild(thead);
    const body = document.createElement("tbody");
    findings.forEach(function (f, i) {
      const tr = document.createElement("tr");
      cell(tr, i + 1, "n");
      cell(tr, f.department || "");
      cell(tr, f.file);
      cell(tr, f.sheet);
      cell(tr, f.cell, "cell");
      cell(tr, f.rule);
      cell(tr, f.message);
      body.appendChild(tr);
    });
    grid.appendChild(body);
    wrapper.appendChild(grid);
    box.appendChild(wrapper);
    return box;
  }

  function showReview(report) {
    if (!reviewTables) return;
    const review = report.review;
    reviewProblem.hidden = !review.problem;
    reviewProblem.textContent = review.problem ? review.problem + "：改正之前不能全部生成，也不能下载全县汇总" : "";
    const all = [];
    report.rows.forEach(function (row) {
      row.reviewed.forEach(function (f) { all.push(Object.assign({ department: row.department }, f)); });
    });
    review.findings.forEach(function (f) { all.push(f); });
    // 一致 2 个，与批复不符 1 个，批复中没有 1 个 …… (不符 1 处 and 不符 2 处 are one kind)
    const kinds = [];
    const counted = {};
    report.rows.forEach(function (row) {
      if (!row.approved) return;
      const kind = row.approved.indexOf("不符") === 0 ? "与批复不符" : row.approved;
      if (!(kind in counted)) { counted[kind] = 0; kinds.push(kind); }
      counted[kind] += 1;
    });
    const absent = review.findings.filter(function (f) { return f.rule === "批复无工作簿"; }).length;
    reviewCounts.textContent = "";
    if (!review.problem && review.approved) {
      const parts = kinds.map(function (kind) { return kind + " " + counted[kind] + " 个"; });
      if (absent) parts.push("批复中的单位没有工作簿 " + absent + " 个");
      reviewCounts.textContent = "批复核对：" + (parts.join("，") || "还没有工作簿");
    }
    reviewTables.textContent = "";
    const errors = all.filter(function (f) { return f.level === "error"; });
    const warnings = all.filter(function (f) { return f.level !== "error"; });
    if (errors.length) {
      reviewTables.appendChild(findingsTable("bad", review.problem ? "批复工作簿的错误" : "与批复不符",
        review.problem ? "请在批复工作簿中改正" : "这些部门不生成文档：请核对工作簿或批复", errors));
    }
    if (warnings.length) {
      reviewTables.appendChild(findingsTable("warn", "警告", "不影响生成，请再核对一遍", warnings));
    }
    if (!errors.length && !warnings.length && !review.problem && report.rows.length) {
      reviewCounts.appendChild(document.createTextNode("；全部一致"));
    }
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
      if (withApproved) cell(tr, checkedWord(row.approved), "state");
      if (withPrevious) cell(tr, checkedWord(row.last_year), "state");
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
      if (withApproved) cell(tr, "");
      if (withPrevious) cell(tr, "");
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
    showReview(report);
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
      const reason = (p.reasons || {})[name];
      li.textContent = reason ? name + "：" + reason : name;
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
    if (withTables.checked) data.append("tables", "1");
    const response = await fetch("/api/folder/generate", { method: "POST", body: data });
    const report = await response.json();
    let running = response.ok;
    if (response.status === 409) {  // a run already going, or a 批复 that cannot be used
      const now = await fetch("/api/folder/progress", { cache: "no-store" });
      running = now.ok && (await now.json()).running;
    }
    if (!running) {
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
