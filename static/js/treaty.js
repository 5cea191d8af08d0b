// The treaty page's map and time slider. Without this script the page is complete: the date
// form changes the date, every country links to its row in the table (on the table's page
// that holds it, for a table long enough to be paged).
(function () {
  "use strict";

  // --- Tooltip: mouse, keyboard focus and touch ----------------------------------------------
  var tip = document.getElementById("map-tip");
  function place(target, x, y) {
    var name = target.getAttribute("data-name"), label = target.getAttribute("data-label");
    tip.textContent = name + ": " + label;
    tip.hidden = false;
    var box = tip.parentNode.getBoundingClientRect();
    tip.style.left = Math.max(0, Math.min(x - box.left + 12, box.width - tip.offsetWidth)) + "px";
    tip.style.top = (y - box.top + 12) + "px";
  }
  function shapeOf(node) {
    return node && node.closest ? node.closest(".shape") : null;
  }
  function wireMap() {
    document.querySelectorAll("#map svg").forEach(function (svg) {
      svg.addEventListener("pointermove", function (e) {
        var s = shapeOf(e.target);
        if (s) place(s, e.clientX, e.clientY); else tip.hidden = true;
      });
      svg.addEventListener("pointerleave", function () { tip.hidden = true; });
      svg.addEventListener("focusin", function (e) {
        var s = shapeOf(e.target);
        if (!s) return;
        var r = s.getBoundingClientRect();
        place(s, r.left + r.width / 2, r.top + r.height / 2);
      });
      svg.addEventListener("focusout", function () { tip.hidden = true; });
      // On touch the first tap shows the tooltip; a second tap on the same country follows it.
      var tapped = null;
      svg.addEventListener("click", function (e) {
        var s = shapeOf(e.target);
        if (!s) return;
        if (e.pointerType === "touch" || (e.sourceCapabilities && e.sourceCapabilities.firesTouchEvents)) {
          if (tapped !== s) {
            e.preventDefault();
            tapped = s;
            var r = s.getBoundingClientRect();
            place(s, r.left + r.width / 2, r.top + r.height / 2);
            return;
          }
        }
        // A row on this page of the table is scrolled to; one on another page is a link to it.
        var href = s.getAttribute("href");
        if (href && href.charAt(0) === "#") {
          var row = document.querySelector(href);
          if (row) {
            e.preventDefault();
            row.scrollIntoView({ block: "center" });
            row.classList.add("flash");
            var link = row.querySelector("a");
            if (link) link.focus({ preventScroll: true });
            history.replaceState(null, "", location.search + href);
            setTimeout(function () { row.classList.remove("flash"); }, 2000);
          }
        }
      });
    });
  }
  if (tip) wireMap();

  // --- Time slider ---------------------------------------------------------------------------
  var slider = document.getElementById("slider");
  if (!slider || !window.fetch || !window.DOMParser) return;
  var range = document.getElementById("slider-range");
  var out = document.getElementById("slider-date");
  var prev = document.getElementById("slider-prev");
  var next = document.getElementById("slider-next");
  var play = document.getElementById("slider-play");
  var dates = [], current = slider.getAttribute("data-on"), playing = null, loading = null;
  var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function words(iso) {
    var p = iso.split("-");
    return parseInt(p[2], 10) + " " + months[parseInt(p[1], 10) - 1] + " " + p[0];
  }
  function indexOf(iso) {
    // The last change on or before the date (0 before the first).
    var found = 0;
    for (var i = 0; i < dates.length; i++) if (dates[i] <= iso) found = i;
    return found;
  }
  function sync() {
    var i = indexOf(current);
    range.value = String(i);
    out.textContent = words(current);
    range.setAttribute("aria-valuetext", words(current));
    prev.disabled = !dates.length || current <= dates[0];
    next.disabled = !dates.length || current >= dates[dates.length - 1];
  }
  function go(iso) {
    if (loading) loading.abort();
    var params = new URLSearchParams(location.search);
    params.set("on", iso);
    var url = location.pathname + "?" + params.toString();
    loading = new AbortController();
    current = iso;
    sync();
    return fetch(url, { signal: loading.signal })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live]").forEach(function (node) {
          var fresh = doc.querySelector('[data-live="' + node.getAttribute("data-live") + '"]');
          if (fresh) node.replaceWith(document.importNode(fresh, true));
        });
        document.title = doc.title;
        document.querySelectorAll('input[name="on"]').forEach(function (input) {
          if (input.type !== "hidden" || input.closest("form.filter")) input.value = iso;
        });
        history.replaceState(null, "", url);
        if (tip) wireMap();
        if (window.TreatyTrackerSortable) window.TreatyTrackerSortable();
        document.dispatchEvent(new CustomEvent("treaty:updated", { detail: { on: iso } }));
      })
      .catch(function (e) { if (e.name !== "AbortError") throw e; });
  }
  function step(delta) {
    var i = indexOf(current);
    if (delta > 0) {
      i = current < dates[0] ? 0 : i + 1;
    } else {
      i = dates[i] < current ? i : i - 1;
    }
    if (i < 0 || i >= dates.length) return Promise.resolve();
    return go(dates[i]);
  }
  function stop() {
    clearTimeout(playing);
    playing = null;
    play.textContent = "Play";
    play.setAttribute("aria-pressed", "false");
  }
  function tick() {
    if (current >= dates[dates.length - 1]) { stop(); return; }
    step(1).then(function () { if (playing) playing = setTimeout(tick, 900); });
  }
  fetch(slider.getAttribute("data-dates"))
    .then(function (r) { return r.json(); })
    .then(function (body) {
      dates = body.dates;
      if (!dates.length) return;
      range.max = String(dates.length - 1);
      slider.hidden = false;
      sync();
      range.addEventListener("input", function () {
        current = dates[parseInt(range.value, 10)];
        out.textContent = words(current);
      });
      range.addEventListener("change", function () { go(dates[parseInt(range.value, 10)]); });
      prev.addEventListener("click", function () { stop(); step(-1); });
      next.addEventListener("click", function () { stop(); step(1); });
      play.addEventListener("click", function () {
        if (playing) { stop(); return; }
        play.textContent = "Pause";
        play.setAttribute("aria-pressed", "true");
        if (current >= dates[dates.length - 1]) { go(dates[0]).then(function () { playing = setTimeout(tick, 900); }); }
        else { playing = setTimeout(tick, 10); }
      });
    });
})();
