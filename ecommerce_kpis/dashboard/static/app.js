// The KPI dashboard: renders the JSON embedded in the page (id "data").
// No request beyond the file: charts are inline SVG drawn here.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  const KPIS = DATA.kpis;
  const byName = Object.fromEntries(KPIS.map((k) => [k.kpi_name, k]));

  function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => (
      { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }
  function grouped(value, digits) {
    return value.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  // the catalogue's unit decides the format; null is "no data", never 0
  function fmt(value, unit) {
    if (value === null || value === undefined || Number.isNaN(value)) return "no data";
    switch (unit) {
      case "ratio": return grouped(value * 100, 1) + " %";
      case "currency": return "€ " + grouped(value, 2);
      case "days": return grouped(value, 1) + " days";
      case "seconds": return grouped(value, 0) + " s";
      case "count": return grouped(value, 0);
      case "score": return grouped(value, 1);
      default: return String(value);
    }
  }
  function valueHtml(value, unit) {
    const text = fmt(value, unit);
    const cls = text === "no data" ? ' class="nodata"' : "";
    const raw = value === null || value === undefined ? "" : String(value);
    return `<span data-value="${esc(raw)}"${cls}>${esc(text)}</span>`;
  }
  const KNOWN = ["ok", "alert", "no_data", "immature"];
  function statusClass(status) {
    return KNOWN.includes(status) ? "status-" + status : "status-other";
  }

  // ---------- SVG charts ----------
  function scaleY(values, extra, height, pad) {
    const all = values.concat(extra).filter((v) => v !== null && v !== undefined);
    let lo = Math.min(...all), hi = Math.max(...all);
    if (!all.length) { lo = 0; hi = 1; }
    if (lo === hi) { lo -= 1; hi += 1; }
    return (v) => pad + (height - 2 * pad) * (1 - (v - lo) / (hi - lo));
  }
  function path(points) {
    let d = "", pen = false;
    for (const [x, y] of points) {
      if (y === null) { pen = false; continue; }
      d += (pen ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
      pen = true;
    }
    return d;
  }
  function sparkline(trend, k) {
    const rows = trend.slice(-DATA.spark_days);
    const w = 240, h = 40;
    if (!rows.some((r) => r[3] !== null)) return `<svg class="spark" viewBox="0 0 ${w} ${h}"></svg>`;
    const y = scaleY(rows.map((r) => r[3]), [k.alert_threshold], h, 3);
    const x = (i) => (rows.length === 1 ? w / 2 : (i * w) / (rows.length - 1));
    const line = path(rows.map((r, i) => [x(i), r[3] === null ? null : y(r[3])]));
    const ty = y(k.alert_threshold).toFixed(1);
    return `<svg class="spark" viewBox="0 0 ${w} ${h}" role="img" aria-label="last ${rows.length} days">` +
      `<line x1="0" x2="${w}" y1="${ty}" y2="${ty}" stroke="#cf222e" stroke-dasharray="3 3" stroke-width="1"/>` +
      `<path d="${line}" fill="none" stroke="#0969da" stroke-width="1.5"/></svg>`;
  }
  // the trailing 7 calendar days at each day of the trend, re-aggregated:
  // scale * sum(numerator) / sum(denominator), or the summed count
  function rolling(k, trend, days) {
    const t = trend.map((r) => Date.parse(r[0]));
    return trend.map((r, i) => {
      let num = null, den = null;
      for (let j = i; j >= 0 && t[i] - t[j] < days * 86400000; j--) {
        if (trend[j][1] !== null) num = (num || 0) + trend[j][1];
        if (trend[j][2] !== null) den = (den || 0) + trend[j][2];
      }
      if (k.count) return [r[0], num];
      return [r[0], num === null || !den ? null : (k.scale * num) / den];
    });
  }
  // series: [{name, colour, points: [[label, value]]}], same labels in each
  function lineChart(series, unit, lines, wide) {
    const w = wide ? 1000 : 640, h = 240, left = 70, bottom = 22, top = 8;
    const labels = series[0].points.map((p) => p[0]);
    const values = series.flatMap((s) => s.points.map((p) => p[1]));
    const y = scaleY(values, lines.map((l) => l.value), h - bottom, top);
    const n = labels.length;
    const x = (i) => left + (n === 1 ? (w - left) / 2 : (i * (w - left - 8)) / (n - 1));
    let svg = `<svg viewBox="0 0 ${w} ${h}" role="img">`;
    for (const l of lines) {
      const ly = y(l.value).toFixed(1);
      svg += `<line x1="${left}" x2="${w}" y1="${ly}" y2="${ly}" stroke="${l.colour}" stroke-dasharray="5 4"/>` +
        `<text x="${left - 4}" y="${ly}" text-anchor="end" dominant-baseline="middle">${esc(fmt(l.value, unit))}</text>`;
    }
    for (const s of series) {
      const pts = s.points.map((p, i) => [x(i), p[1] === null ? null : y(p[1])]);
      svg += `<path d="${path(pts)}" fill="none" stroke="${s.colour}" stroke-width="${s.width || 2}"/>`;
      if (n === 1 && pts[0][1] !== null) {
        svg += `<circle cx="${pts[0][0]}" cy="${pts[0][1]}" r="4" fill="${s.colour}"/>`;
      }
    }
    if (n) {
      svg += `<text x="${left}" y="${h - 4}">${esc(labels[0])}</text>` +
        `<text x="${w}" y="${h - 4}" text-anchor="end">${esc(labels[n - 1])}</text>`;
    }
    return svg + "</svg>";
  }
  function barChart(members, unit, threshold) {
    const rowH = 22, left = 130, w = 440, h = members.length * rowH + 4;
    const vals = members.map((m) => m.value).filter((v) => v !== null);
    const hi = Math.max(0, threshold || 0, ...vals) || 1;
    const lo = Math.min(0, ...vals);
    const x = (v) => left + ((v - lo) * (w - left - 80)) / (hi - lo);
    let svg = `<svg viewBox="0 0 ${w} ${h}" role="img">`;
    members.forEach((m, i) => {
      const yy = i * rowH + 2;
      svg += `<text x="${left - 6}" y="${yy + 15}" text-anchor="end">${esc(m.member)}</text>`;
      if (m.value !== null) {
        const x0 = x(Math.min(0, m.value)), x1 = x(Math.max(0, m.value));
        svg += `<rect x="${x0.toFixed(1)}" y="${yy + 3}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${rowH - 8}" fill="#0969da"/>`;
      }
      svg += `<text x="${(m.value === null ? left : x(Math.max(0, m.value))) + 4}" y="${yy + 15}">${esc(fmt(m.value, unit))}</text>`;
    });
    if (threshold !== null && threshold !== undefined && hi > lo) {
      const tx = x(threshold).toFixed(1);
      svg += `<line x1="${tx}" x2="${tx}" y1="0" y2="${h}" stroke="#cf222e" stroke-dasharray="4 3"/>`;
    }
    return svg + "</svg>";
  }

  // ---------- CSV downloads (a data: URL made on click; nothing is fetched) ----------
  const CSV = {};
  function csvButton(key, name, header, rows) {
    CSV[key] = { name, header, rows };
    return `<button class="csv" data-csv="${esc(key)}">CSV</button>`;
  }
  function csvCell(v) {
    if (v === null || v === undefined) return "";
    const s = String(v);
    return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.csv");
    if (!button) return;
    const csv = CSV[button.dataset.csv];
    const text = [csv.header].concat(csv.rows).map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
    const link = document.createElement("a");
    link.href = "data:text/csv;charset=utf-8," + encodeURIComponent(text);
    link.download = csv.name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  // ---------- views ----------
  function route() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const view = params.get("view");
    const role = DATA.roles.includes(params.get("role")) ? params.get("role") : DATA.roles[0];
    const kpi = byName[params.get("kpi")] && byName[params.get("kpi")].owner_role === role ? params.get("kpi") : null;
    return { view: view === "quality" || view === "definitions" ? view : "role", role, kpi };
  }
  function renderHeader() {
    document.getElementById("through").textContent = DATA.data_through || "no data";
    document.getElementById("built").textContent = DATA.built_at;
    // set by `ecommerce-kpis watch` after a failed cycle (docs/operations.md)
    if (DATA.last_failure) {
      document.getElementById("failed-at").textContent = DATA.last_failure;
      document.getElementById("failed").hidden = false;
    }
  }
  function renderNav(state) {
    const links = DATA.roles.map((r) => [`#role=${r}`, r[0].toUpperCase() + r.slice(1),
      state.view === "role" && state.role === r, r]);
    links.push(["#view=quality", "Data quality", state.view === "quality", ""]);
    links.push(["#view=definitions", "Definitions", state.view === "definitions", ""]);
    document.getElementById("tabs").innerHTML = links.map(([href, text, active, role]) =>
      `<a href="${href}"${role ? ` data-role="${esc(role)}"` : ""} class="${active ? "active" : ""}">${esc(text)}</a>`).join("");
  }
  function renderAlerts() {
    const items = DATA.alerts.map((a) =>
      `<li data-kpi="${esc(a.kpi_name)}"><a href="#role=${esc(a.owner_role)}&kpi=${esc(a.kpi_name)}">${esc(a.label)}</a> ` +
      `<span class="role-tag">${esc(a.owner_role)}</span>: ${valueHtml(a.value, a.unit)}${a.count ? " a day on average" : ""} over the ${a.window_days === 1 ? "day" : `${a.window_days} days`} to ${esc(a.date_day)} ` +
      `(threshold ${esc(fmt(a.alert_threshold, a.unit))}), in alert since ${esc(a.since)}: ` +
      `<b class="alert-days">${a.days} day${a.days === 1 ? "" : "s"}</b></li>`);
    document.getElementById("alerts").innerHTML = `<h2>Alerts (${DATA.alerts.length})</h2>` +
      (items.length ? `<ul>${items.join("")}</ul>` : `<p class="muted">No KPI is in alert on its latest day.</p>`);
  }
  function tile(k, selected) {
    const latest = k.latest || { value: null, status: "no_data", date_day: null };
    const status = latest.status;
    const w = k.windows;
    return `<article class="tile ${statusClass(status)}${selected ? " selected" : ""}" data-kpi="${esc(k.kpi_name)}" data-role="${esc(k.owner_role)}" tabindex="0">` +
      `<span class="badge ${statusClass(status)}" data-status="${esc(status)}">${esc(status.replace("_", " "))}</span>` +
      `<div class="label">${esc(k.label)}</div>` +
      `<div class="latest">${valueHtml(latest.value, k.unit)}</div>` +
      `<div class="asof">${latest.date_day ? "latest day " + esc(latest.date_day) : "no rows"}</div>` +
      `<dl><dt>7 days${k.count ? " (total)" : ""}</dt><dd class="w7">${valueHtml(w["7"].value, k.unit)}</dd>` +
      `<dt>28 days${k.count ? " (total)" : ""}</dt><dd class="w28">${valueHtml(w["28"].value, k.unit)}</dd>` +
      `<dt>Target</dt><dd class="target">${valueHtml(k.target, k.unit)}</dd>` +
      `<dt>Alert ${k.direction === "lower_is_better" ? "above" : "below"}</dt><dd class="threshold">${valueHtml(k.alert_threshold, k.unit)}</dd></dl>` +
      sparkline(k.trend, k) + `</article>`;
  }
  function detail(k) {
    const slug = k.kpi_name;
    let html = `<h2 id="detail-title">${esc(k.label)}</h2><p class="muted">${esc(k.formula)} · ` +
      `${esc(k.direction.replace(/_/g, " "))} · mart <code>${esc(k.mart)}</code></p>`;
    const trend = k.trend;
    html += `<div class="chart"><div class="head"><h3>Trend, last ${DATA.trend_days} days</h3>` +
      csvButton(`trend-${slug}`, `${slug}_trend.csv`, ["date_day", "numerator", "denominator", "value", "status"], trend) +
      `</div><div class="legend"><span><i style="background:${k.count ? "#0550ae" : "#9ec5f8"}"></i>daily</span>` +
      (k.count ? "" : `<span><i style="background:#0550ae"></i>trailing 7 days</span>`) +
      `<span><i style="background:#1a7f37"></i>target</span><span><i style="background:#cf222e"></i>alert threshold</span></div>` +
      (trend.length ? lineChart(k.count
        ? [{ colour: "#0550ae", points: trend.map((r) => [r[0], r[3]]) }]
        : [{ colour: "#9ec5f8", width: 1, points: trend.map((r) => [r[0], r[3]]) },
          { colour: "#0550ae", width: 2.5, points: rolling(k, trend, 7) }], k.unit,
        [{ value: k.target, colour: "#1a7f37" }, { value: k.alert_threshold, colour: "#cf222e" }], true)
        : `<p class="nodata">no data</p>`) + `</div>`;
    const split = k.customer_split;
    if (split) {
      // new and existing customers side by side, on one scale
      const colours = ["#bf3989", "#0550ae"];
      const weeks = [...new Set(split.sides.flatMap((s) => s.weekly.map((r) => r[0])))].sort();
      const series = split.sides.map((side, i) => {
        const byWeek = Object.fromEntries(side.weekly.map((r) => [r[0], r[3]]));
        return { colour: colours[i % 2], points: weeks.map((w) => [w, w in byWeek ? byWeek[w] : null]) };
      });
      html += `<div class="chart" data-split="${esc(split.dimension)}"><div class="head"><h3>New vs existing customers (${esc(split.dimension.replace(/_/g, " "))})</h3>` +
        csvButton(`split-${slug}`, `${slug}_${split.dimension}_weekly.csv`, ["week", split.dimension, "numerator", "denominator", "value"],
          split.sides.flatMap((side) => side.weekly.map((r) => [r[0], side.member, r[1], r[2], r[3]]))) +
        `</div><div class="side-by-side">` + split.sides.map((side, i) =>
          `<div class="split-side" data-member="${esc(side.member)}"><span class="legend"><i style="background:${colours[i % 2]}"></i></span>` +
          `<b>${esc(side.member)}</b>: 7 days <span class="w7">${valueHtml(side.windows["7"].value, k.unit)}</span> · ` +
          `28 days <span class="w28">${valueHtml(side.windows["28"].value, k.unit)}</span></div>`).join("") +
        `</div><p class="muted">weekly, re-aggregated</p>` +
        (weeks.length ? lineChart(series, k.unit, [{ value: k.target, colour: "#1a7f37" }], true) : `<p class="nodata">no data</p>`) +
        `</div>`;
    }
    if (k.breakdowns.length) {
      html += `<h3>Breakdowns, last ${DATA.breakdown_days} days${k.date_column ? "" : " (snapshot)"}</h3><div class="charts">`;
      for (const b of k.breakdowns) {
        html += `<div class="chart" data-dimension="${esc(b.dimension)}"><div class="head"><h3>by ${esc(b.dimension.replace(/_/g, " "))}</h3>` +
          csvButton(`by-${slug}-${b.dimension}`, `${slug}_by_${b.dimension}.csv`, [b.dimension, "numerator", "denominator", "value"],
            b.members.map((m) => [m.member, m.numerator, m.denominator, m.value])) + `</div>` +
          (b.members.length ? barChart(b.members, k.unit, k.count ? null : k.alert_threshold) : `<p class="nodata">no data</p>`) +
          (b.truncated ? `<p class="muted">the largest shown</p>` : "") + `</div>`;
      }
      html += `</div>`;
    }
    return html;
  }
  function renderRole(state) {
    const kpis = KPIS.filter((k) => k.owner_role === state.role);
    let html = `<h2>${esc(state.role[0].toUpperCase() + state.role.slice(1))}: ${kpis.length} KPIs</h2>` +
      `<p class="muted">Windows end on the data-through date; values re-aggregated from numerator and denominator. Click a tile for its detail.</p>` +
      `<div class="tiles" id="tiles">${kpis.map((k) => tile(k, k.kpi_name === state.kpi)).join("")}</div>`;
    html += `<section id="detail" class="panel"${state.kpi ? "" : " hidden"}>${state.kpi ? detail(byName[state.kpi]) : ""}</section>`;
    return html;
  }
  function renderQuality() {
    const rows = DATA.data_quality.map((r) =>
      `<tr data-table="${esc(r.source_table)}"><td>${esc(r.source_table)}</td><td class="num">${grouped(r.raw_rows, 0)}</td>` +
      `<td class="num">${grouped(r.clean_rows, 0)}</td><td class="num">${grouped(r.rejected_rows, 0)}</td>` +
      `<td class="num">${esc(fmt(r.rejected_share, "ratio"))}</td></tr>`).join("");
    const total = DATA.data_quality.reduce((s, r) => s + r.rejected_rows, 0);
    return `<h2>Data quality</h2><div class="panel"><p>${grouped(total, 0)} rows quarantined in this build. ` +
      `A quarantined row breaks a rule of its raw table's spec and is left out of every KPI; ` +
      `the rows themselves are in <code>dq_rejected_rows</code> of the working database.</p>` +
      csvButton("quality", "data_quality.csv", ["source_table", "raw_rows", "clean_rows", "rejected_rows", "rejected_share"],
        DATA.data_quality.map((r) => [r.source_table, r.raw_rows, r.clean_rows, r.rejected_rows, r.rejected_share])) +
      `<table id="quality"><thead><tr><th>raw table</th><th class="num">rows read</th><th class="num">passed</th>` +
      `<th class="num">quarantined</th><th class="num">share</th></tr></thead><tbody>${rows}</tbody></table>` +
      renderRules() + `</div>`;
  }
  function renderRules() {
    const rules = DATA.quarantine_rules;
    if (!rules.length) return `<p class="muted" id="rules">No row broke a rule.</p>`;
    const rows = rules.map((r) =>
      `<tr data-table="${esc(r.source_table)}"><td>${esc(r.source_table)}</td><td>${esc(r.rule_broken)}</td>` +
      `<td class="num">${grouped(r.rejected_rows, 0)}</td></tr>`).join("");
    return `<h3>Rules broken</h3>` +
      csvButton("rules", "quarantine_rules.csv", ["source_table", "rule_broken", "rejected_rows"],
        rules.map((r) => [r.source_table, r.rule_broken, r.rejected_rows])) +
      `<table id="rules"><thead><tr><th>raw table</th><th>rule (the first a row broke)</th>` +
      `<th class="num">rows</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  function renderDefinitions() {
    const rows = KPIS.map((k) =>
      `<tr data-kpi="${esc(k.kpi_name)}"><td>${esc(k.label)}</td><td>${esc(k.owner_role)}</td><td>${esc(k.formula)}</td>` +
      `<td>${esc(k.unit)}</td><td class="num">${esc(fmt(k.target, k.unit))}</td>` +
      `<td class="num">${esc(k.direction === "lower_is_better" ? "above " : "below ")}${esc(fmt(k.alert_threshold, k.unit))}</td></tr>`).join("");
    return `<h2>Definitions</h2><div class="panel"><table id="definitions"><thead><tr><th>KPI</th><th>role</th>` +
      `<th>formula</th><th>unit</th><th class="num">target</th><th class="num">alert</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  }
  function render() {
    const state = route();
    renderNav(state);
    const page = document.getElementById("page");
    page.innerHTML = state.view === "quality" ? renderQuality()
      : state.view === "definitions" ? renderDefinitions() : renderRole(state);
    document.title = `KPIs · ${state.view === "role" ? state.role : state.view} · ${DATA.data_through || "no data"}`;
    if (state.kpi) document.getElementById("detail").scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("click", (event) => {
    const card = event.target.closest(".tile");
    if (card) location.hash = `role=${card.dataset.role}&kpi=${card.dataset.kpi}`;
  });
  document.addEventListener("keydown", (event) => {
    const card = event.target.closest && event.target.closest(".tile");
    if (card && event.key === "Enter") location.hash = `role=${card.dataset.role}&kpi=${card.dataset.kpi}`;
  });
  window.addEventListener("hashchange", render);
  renderHeader();
  renderAlerts();
  render();
  document.body.dataset.ready = "true";
})();
