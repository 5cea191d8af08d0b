// The treaty page's map (its time slider: slider.js). Without this script the page is complete: the date
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

  // A printed table shows every row's dates, events and sources (on screen behind one tap).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.more:not([open])").forEach(function (d) {
      d.open = true;
      d.setAttribute("data-printed", "1");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details.more[data-printed]").forEach(function (d) {
      d.open = false;
      d.removeAttribute("data-printed");
    });
  });
})();
