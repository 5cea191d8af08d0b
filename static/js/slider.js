// The treaty page's time slider: one JSON of the treaty's status periods (timeline.json,
// stored per data version) drives the map, the counts, the chart's marker and a compact table
// in the page, with no request while sliding or playing. The address (?on=), the date form,
// the "Today" link and the data line follow. Without this script the page works by ?on=.
//
// The JSON says only what the record says: a state has the status of its stored period on
// the date, with what the period's start rests on (computed, inferred, recorded, unknown); a
// state without a period has no status ("not joined", or the treaty's own word for a country
// without a row). The full table (every date, its steps, the events and their sources) is the
// server's: slid away from the page's date, the compact table links to it.
(function () {
  "use strict";
  var slider = document.getElementById("slider");
  if (!slider || !window.fetch || !window.URLSearchParams || !history.replaceState) return;
  var range = document.getElementById("slider-range");
  var out = document.getElementById("slider-date");
  var prev = document.getElementById("slider-prev");
  var next = document.getElementById("slider-next");
  var play = document.getElementById("slider-play");
  var unitSelect = document.getElementById("slider-step");
  var live = document.getElementById("slider-live");
  var loaded = slider.getAttribute("data-on");
  var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var data = null, steps = [], current = loaded, timer = null, urlTimer = null;
  var shapes = {}, original = null, compactBody = null, restoreTimer = null;

  function words(iso) {
    var p = iso.split("-");
    return parseInt(p[2], 10) + " " + months[parseInt(p[1], 10) - 1] + " " + p[0];
  }
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function days(iso) { return Date.parse(iso + "T00:00:00Z") / 86400000; }

  // --- What the record says on a date ------------------------------------------------------
  function positionOf(state, day) {
    // The state's status on the day, or null before it acted (it is then not a participant).
    if (!state.acted || state.acted > day) return null;
    for (var i = 0; i < state.periods.length; i++) {
      var p = state.periods[i];
      if (p.since <= day && (p.until === null || day < p.until)) return p;
    }
    return { status: "not_joined", since: null, basis: null };
  }
  function snapshot(day) {
    var rows = [], tally = {};
    data.states.forEach(function (state) {
      var p = positionOf(state, day);
      if (p) { rows.push({ state: state, p: p }); tally[p.status] = (tally[p.status] || 0) + 1; }
    });
    return { rows: rows, tally: tally };
  }
  function lastOnOrBefore(list, day, pick) {
    var found = null;
    for (var i = 0; i < list.length; i++) { if (pick(list[i]) <= day) found = list[i]; else break; }
    return found;
  }

  // --- The steps: a year (1 January) or each change of status ------------------------------
  function buildSteps(unit) {
    var start = data.start || data.change_points[0] || data.end, end = data.end, list = [start];
    if (unit === "change") {
      data.change_points.forEach(function (d) { if (d > start && d < end) list.push(d); });
    } else {
      for (var y = parseInt(start.slice(0, 4), 10) + 1; y <= parseInt(end.slice(0, 4), 10); y++) {
        var d = y + "-01-01";
        if (d > start && d < end) list.push(d);
      }
    }
    if (end > start) list.push(end);
    return list;
  }
  function stepIndex(day) {
    var found = 0;
    for (var i = 0; i < steps.length; i++) if (steps[i] <= day) found = i;
    return found;
  }
  function setUnit(unit) {
    steps = buildSteps(unit);
    range.max = String(steps.length - 1);
    document.querySelectorAll("#slider .unit").forEach(function (u) { u.textContent = unit; });
    syncControls();
  }
  function syncControls() {
    range.value = String(stepIndex(current));
    range.setAttribute("aria-valuetext", words(current));
    out.textContent = words(current);
    prev.disabled = current <= steps[0];
    next.disabled = current >= steps[steps.length - 1];
  }

  // --- Drawing a date ----------------------------------------------------------------------
  var byNumeric = null, drawn = {};
  function drawMap(day) {
    if (!byNumeric) {
      byNumeric = {};
      data.states.forEach(function (s) { if (s.numeric) byNumeric[s.numeric] = s; });
    }
    Object.keys(shapes).forEach(function (numeric) {
      var state = byNumeric[numeric], p = state ? positionOf(state, day) : null;
      var status = p ? p.status : data.absent.status;
      var label = p ? data.statuses[status] || status : data.absent.label;
      var tip = label + (p && p.since ? " since " + words(p.since) : "");
      // Only the countries whose status changed are touched: a step costs what it changes.
      if (drawn[numeric] === tip) return;
      drawn[numeric] = tip;
      shapes[numeric].forEach(function (use) {
        use.setAttribute("class", "s-" + status);
        use.setAttribute("data-status", status);
        var hatch = use.nextElementSibling;
        var hatched = status === "withdrawn" || status === "withdrawal_pending" || status === "consented_unknown";
        if (hatch && hatch.classList.contains("hatch")) {
          if (hatched) hatch.setAttribute("class", "hatch h-" + status); else hatch.remove();
        } else if (hatched) {
          var h = use.cloneNode(false);
          h.setAttribute("class", "hatch h-" + status);
          h.removeAttribute("data-status");
          h.removeAttribute("data-numeric");
          h.setAttribute("aria-hidden", "true");
          use.after(h);
        }
        var shape = use.parentNode;
        shape.setAttribute("data-label", tip);
        if (shape.tagName.toLowerCase() === "a") shape.setAttribute("aria-label", shape.getAttribute("data-name") + ": " + label);
      });
    });
  }
  function summaryHtml(day, snap) {
    var t = data.treaty, notes = [];
    if (t.adopted_on && day < t.adopted_on) {
      notes.push("The " + t.short_name + " was adopted on " + words(t.adopted_on) + ": on this date it did not exist yet, so no state could be bound by it.");
    } else if (t.entry_into_force && day < t.entry_into_force) {
      notes.push("The " + t.short_name + " was not yet in force on this date (it entered into force on " + words(t.entry_into_force) + "): states could sign and consent, none was a party.");
    }
    var html = notes.map(function (n) { return '<p class="note-box">' + esc(n) + "</p>"; }).join("");
    var link = location.pathname + "?on=" + day;
    html += '<p class="permalink muted">Permalink: <a href="' + esc(link) + '" id="permalink">' + esc(link) + "</a></p>";
    var parties = snap.tally.party || 0, pending = snap.tally.withdrawal_pending || 0, bound = parties + pending;
    html += '<p class="bound"><strong>' + bound + "</strong> state" + (bound === 1 ? "" : "s") + " bound on " + esc(words(day));
    if (pending) html += ": " + parties + " part" + (parties === 1 ? "y" : "ies") + " and " + pending + " whose withdrawal is pending (a state stays bound until its withdrawal takes effect)";
    if (t.participants_incomplete) html += " by the acts of the participants table; states bound by an instrument the League of Nations received are not counted";
    html += '.</p><ul class="counts" aria-label="Number of states by status">';
    Object.keys(data.statuses).forEach(function (s) {
      var n = snap.tally[s] || 0;
      if (s === "not_joined" && !n) return;
      html += '<li data-status="' + s + '"><span class="swatch s-' + s + '" aria-hidden="true"></span>' + esc(data.statuses[s]) + ": <strong>" + n + "</strong></li>";
    });
    return html + "</ul>";
  }
  function drawChart(day) {
    var svg = document.querySelector(".chart svg[data-start]");
    if (!svg) return;
    var start = svg.getAttribute("data-start"), end = svg.getAttribute("data-end");
    var left = parseFloat(svg.getAttribute("data-left")), right = parseFloat(svg.getAttribute("data-right"));
    var line = svg.querySelector("line.on");
    if (!line) {
      line = document.createElementNS("http://www.w3.org/2000/svg", "line");
      line.setAttribute("class", "on");
      line.setAttribute("y1", svg.getAttribute("data-top"));
      line.setAttribute("y2", svg.getAttribute("data-bottom"));
      svg.appendChild(line);
    }
    var inside = day >= start && day <= end;
    var x = left + (right - left) * (days(day) - days(start)) / Math.max(days(end) - days(start), 1);
    line.setAttribute("x1", x.toFixed(1));
    line.setAttribute("x2", x.toFixed(1));
    line.style.display = inside ? "" : "none";
    var count = document.getElementById("chart-count");
    var point = lastOnOrBefore(data.bound_series, day, function (p) { return p[0]; });
    if (count) count.textContent = point ? point[1] : 0;
  }
  // The compact table's rows, kept from step to step: a step touches only the rows whose
  // status changed, and adds or removes those that joined or had not acted yet.
  var rowOf = {}, keyOf = {}, ordered = null, empty = null;
  function rowHtml(s, p) {
    var label = data.statuses[p.status] || p.status;
    var since = p.since ? ' <small>since <time datetime="' + p.since + '">' + words(p.since) + "</time></small>" : "";
    var badge = p.basis ? ' <span class="badge b-' + p.basis + '">' + p.basis + "</span>" : "";
    return '<th scope="row" data-value="' + esc(s.name) + '"><a href="/states/' + encodeURIComponent(s.code) + '/" class="dated">' + esc(s.name) + "</a></th>" +
      '<td data-label="Status" class="status-cell" data-value="' + esc(label) + '"><span class="status"><span class="swatch s-' + p.status + '" aria-hidden="true"></span>' + esc(label) + "</span>" + since + badge + "</td>" +
      '<td colspan="6" class="notes"><a href="#state-' + esc(s.code) + '" class="dated full">Dates, events and sources<span class="visually-hidden"> of ' + esc(s.name) + "</span> on this date</a></td>";
  }
  function updateRows(body, day, snap) {
    if (!ordered) {
      ordered = data.states.slice().sort(function (a, b) { return a.name.localeCompare(b.name, "en", { sensitivity: "base" }); });
    }
    var filter = new URLSearchParams(location.search).get("status") || "";
    var at = {}, shown = 0, cursor = body.firstElementChild;
    snap.rows.forEach(function (r) { if (!filter || r.p.status === filter) at[r.state.code] = r.p; });
    if (empty && empty.parentNode) { empty.remove(); cursor = body.firstElementChild; }
    ordered.forEach(function (s) {
      var p = at[s.code], tr = rowOf[s.code];
      if (!p) { if (tr && tr.parentNode) { if (cursor === tr) cursor = tr.nextElementSibling; tr.remove(); } return; }
      shown++;
      if (!tr) {
        tr = rowOf[s.code] = document.createElement("tr");
        tr.id = "state-" + s.code;
        tr.setAttribute("data-code", s.code);
      }
      var key = p.status + p.since + p.basis;
      if (keyOf[s.code] !== key) {
        keyOf[s.code] = key;
        tr.setAttribute("data-status", p.status);
        tr.innerHTML = rowHtml(s, p);
      }
      if (cursor === tr) cursor = tr.nextElementSibling; else body.insertBefore(tr, cursor);
    });
    if (!shown) {
      empty = empty || document.createElement("tr");
      empty.innerHTML = '<td colspan="8">No participant' + (filter ? " with this status" : "") + " on this date.</td>";
      body.appendChild(empty);
    }
    return shown;
  }
  // A row's links carry the date shown when they are followed (not rewritten at each step).
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a.dated") : null;
    if (!a) return;
    var href = a.getAttribute("data-href") || a.getAttribute("href");
    a.setAttribute("data-href", href);
    if (!a.classList.contains("full")) { a.setAttribute("href", href.split("?")[0] + "?on=" + current); return; }
    // The full rows of the date: the server's page for it (the address is already that date,
    // so following the link would only move to the row).
    e.preventDefault();
    clearTimeout(urlTimer);
    history.replaceState(null, "", location.pathname + "?on=" + current + href);
    location.reload();
  });
  function showExtras(shown) {
    // What belongs to the loaded date only: the pager, the required states, the changes.
    document.querySelectorAll(".participants .pager, #required-states, #changes-h").forEach(function (n) {
      (n.id === "changes-h" ? n.closest("section") : n).hidden = !shown;
    });
  }
  function restoreTable(table) {
    // The server's full rows of the loaded date, back once the slider rests on that date:
    // laying out that table takes longer than a step may, so it never happens mid-slide.
    showExtras(true);
    if (table.tBodies[0] !== original.body) table.replaceChild(original.body, table.tBodies[0]);
    table.caption.innerHTML = original.caption;
    table.classList.remove("compact-rows");
    if (window.TreatyTrackerFilterRows) window.TreatyTrackerFilterRows();
  }
  function drawTable(day, snap) {
    var table = document.getElementById("participants");
    if (!table) return;
    if (!original) original = { body: table.tBodies[0], caption: table.caption.innerHTML };
    clearTimeout(restoreTimer);
    if (day === loaded && table.tBodies[0] === original.body) return;
    showExtras(false);
    if (day === loaded) restoreTimer = setTimeout(function () { restoreTable(table); }, 300);
    if (!compactBody) compactBody = document.createElement("tbody");
    var shown = updateRows(compactBody, day, snap);
    if (table.tBodies[0] !== compactBody) table.replaceChild(compactBody, table.tBodies[0]);
    table.classList.add("compact-rows");
    if (window.TreatyTrackerFilterRows) window.TreatyTrackerFilterRows();
    table.caption.textContent = shown + " participant" + (shown === 1 ? "" : "s") +
      " on " + words(day) + ": status and since when, with what that date rests on. Every date, its steps and its sources: the link in each row.";
  }
  function draw(day) {
    var snap = snapshot(day);
    document.querySelectorAll(".on-day").forEach(function (n) {
      n.textContent = words(day);
      if (n.tagName.toLowerCase() === "time") n.setAttribute("datetime", day);
    });
    document.title = document.title.replace(/status on .*? —/, "status on " + words(day) + " —");
    document.getElementById("summary").innerHTML = summaryHtml(day, snap);
    document.querySelectorAll("#on-h .tag").forEach(function (t) { t.remove(); });
    var latest = document.getElementById("latest-event");
    if (latest) {
      var last = lastOnOrBefore(data.event_dates, day, function (d) { return d; });
      latest.textContent = last ? "Latest event recorded up to " + words(day) + ": " + words(last) + "." : "No event recorded up to " + words(day) + ".";
    }
    drawMap(day);
    drawChart(day);
    drawTable(day, snap);
    var bound = (snap.tally.party || 0) + (snap.tally.withdrawal_pending || 0);
    live.textContent = words(day) + ": " + bound + " state" + (bound === 1 ? "" : "s") + " bound.";
  }

  // --- Following the date: address, forms, links --------------------------------------------
  function follow(day, dropDate) {
    document.querySelectorAll('input[name="on"]').forEach(function (input) { input.value = day; });
    var today = document.getElementById("today-link");
    if (today) today.hidden = day === data.end;
    document.querySelectorAll('a[href*="participants.csv"], a[href*="participants.json"], a.embed-link').forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").replace(/on=[0-9-]+/, "on=" + day));
    });
    clearTimeout(urlTimer);
    urlTimer = setTimeout(function () {
      // Browsers limit how often the address may change: once the slider rests.
      var params = new URLSearchParams(location.search);
      params.delete("page");
      if (dropDate) params.delete("on"); else params.set("on", day);
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }, 150);
  }
  function go(day, dropDate) {
    current = day;
    syncControls();
    draw(day);
    follow(day, dropDate);
  }
  function step(delta) {
    var i = stepIndex(current);
    if (delta > 0) i = current < steps[0] ? 0 : i + 1;
    else i = steps[i] < current ? i : i - 1;
    if (i >= 0 && i < steps.length) go(steps[i]);
  }
  function stop() {
    clearTimeout(timer);
    timer = null;
    play.textContent = "Play";
    play.setAttribute("aria-pressed", "false");
  }
  function tick() {
    if (current >= steps[steps.length - 1]) { stop(); return; }
    step(1);
    timer = setTimeout(tick, unitSelect.value === "change" ? 250 : 700);
  }

  // --- Downloads of the map and the chart (SVG, PNG) ---------------------------------------
  var sprite = null;
  function standalone(figure) {
    var svg = document.querySelector(figure === "map" ? "#map svg.world" : ".chart svg");
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    var box = svg.viewBox.baseVal;
    copy.setAttribute("width", String(box.width));
    copy.setAttribute("height", String(box.height));
    // The page's stylesheet does not travel with the file: each shape takes its colours.
    var originals = svg.querySelectorAll("*"), copies = copy.querySelectorAll("*");
    for (var i = 0; i < originals.length; i++) {
      var style = getComputedStyle(originals[i]);
      ["fill", "stroke", "stroke-width", "stroke-dasharray", "font-size", "font-family"].forEach(function (prop) {
        var value = style.getPropertyValue(prop);
        if (value) copies[i].style.setProperty(prop, value);
      });
    }
    copy.style.background = getComputedStyle(svg).backgroundColor;
    var defs = copy.querySelector("defs") || copy.insertBefore(document.createElementNS("http://www.w3.org/2000/svg", "defs"), copy.firstChild);
    var wanted = {};
    copy.querySelectorAll("use").forEach(function (use) {
      var href = use.getAttribute("href") || "";
      var id = href.split("#")[1];
      if (!id) return;
      use.setAttribute("href", "#" + id);
      wanted[id] = true;
    });
    Object.keys(wanted).forEach(function (id) {
      var shape = sprite && sprite.getElementById(id);
      if (shape) defs.appendChild(document.importNode(shape, true));
    });
    var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = document.title.replace(/ — Treaty Tracker$/, "") + " (Treaty Tracker, " + location.origin + location.pathname + "?on=" + current + ")";
    copy.insertBefore(title, copy.firstChild);
    return new XMLSerializer().serializeToString(copy);
  }
  function save(name, href) {
    var a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function download(figure, format) {
    var ready = figure === "map" && !sprite
      ? fetch(document.querySelector("#map use").getAttribute("href").split("#")[0]).then(function (r) { return r.text(); }).then(function (text) {
        sprite = new DOMParser().parseFromString(text, "image/svg+xml");
      })
      : Promise.resolve();
    return ready.then(function () {
      var text = standalone(figure), name = data.treaty.slug + "-" + figure + "-" + current;
      var url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
      if (format === "svg") { save(name + ".svg", url); return; }
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas"), scale = 2;
        canvas.width = image.width * scale;
        canvas.height = image.height * scale;
        var context = canvas.getContext("2d");
        context.fillStyle = "#fff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        save(name + ".png", canvas.toDataURL("image/png"));
      };
      image.src = url;
    });
  }
  window.TreatyTrackerDownload = download;

  // --- Start ---------------------------------------------------------------------------------
  fetch(slider.getAttribute("data-timeline"))
    .then(function (r) { return r.json(); })
    .then(function (body) {
      data = body;
      if (!data.start || !data.states.length) return;
      document.querySelectorAll("#map use[data-numeric]").forEach(function (use) {
        if (use.getAttribute("data-status") === "disputed") return;
        var n = use.getAttribute("data-numeric");
        (shapes[n] = shapes[n] || []).push(use);
      });
      setUnit("year");
      slider.hidden = false;
      document.querySelectorAll(".download").forEach(function (b) {
        b.hidden = false;
        var tools = b.closest(".figure-tools");
        if (tools) tools.hidden = false;
        b.addEventListener("click", function () { download(b.getAttribute("data-figure"), b.getAttribute("data-format")); });
      });
      range.addEventListener("input", function () { stop(); go(steps[parseInt(range.value, 10)]); });
      prev.addEventListener("click", function () { stop(); step(-1); });
      next.addEventListener("click", function () { stop(); step(1); });
      unitSelect.addEventListener("change", function () { setUnit(unitSelect.value); });
      play.addEventListener("click", function () {
        if (timer) { stop(); return; }
        play.textContent = "Pause";
        play.setAttribute("aria-pressed", "true");
        if (current >= steps[steps.length - 1]) go(steps[0]);
        timer = setTimeout(tick, 300);
      });
      var today = document.getElementById("today-link");
      if (today) today.addEventListener("click", function (e) { e.preventDefault(); stop(); go(data.end, true); });
    });
})();
