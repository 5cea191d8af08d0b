// Sort the participants table by a column heading (keyboard-operable buttons), and say so to
// screen readers; the page works without it, in the server's order (by state name, accents
// ignored: Côte d'Ivoire before Czechia).
(function () {
  "use strict";
  var collator = window.Intl ? new Intl.Collator("en", { sensitivity: "base", numeric: true }) : null;
  function compare(x, y) { return collator ? collator.compare(x, y) : x.localeCompare(y); }
  function wire() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      if (table.getAttribute("data-wired")) return;
      table.setAttribute("data-wired", "1");
      var status = document.getElementById("sort-status");
      var heads = table.querySelectorAll("thead th");
      heads.forEach(function (th, index) {
        var button = th.querySelector("button");
        if (!button) return;
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
          rows.sort(function (a, b) {
            // The slider's compact rows have fewer cells: a column they lack sorts as empty.
            var x = (a.cells[index] && a.cells[index].getAttribute("data-value")) || "";
            var y = (b.cells[index] && b.cells[index].getAttribute("data-value")) || "";
            // Empty dates last whichever the direction: "no withdrawal" is not "earliest".
            if (!x && y) return 1;
            if (x && !y) return -1;
            var order = compare(x, y);
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
          if (status) status.textContent = "Sorted by " + button.textContent.toLowerCase() + ", " + (ascending ? "ascending" : "descending") + ".";
        });
      });
    });
  }
  window.TreatyTrackerSortable = wire;
  wire();
})();
