// Find a state in the participants table: only the rows whose state's name or code holds what
// is typed (case and accents ignored), said to screen readers. Without this script the box
// stays hidden and the whole table shows. The slider redraws its compact rows and calls
// TreatyTrackerFilterRows again, so the filter holds while sliding.
(function () {
  "use strict";
  var input = document.getElementById("state-filter");
  var table = document.getElementById("participants");
  if (!input || !table) return;
  var status = document.getElementById("state-filter-status");
  var paged = !!document.querySelector(".participants .pager");
  var active = false; // some row may be hidden by the filter
  function fold(text) {
    return text.normalize ? text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase() : text.toLowerCase();
  }
  function apply() {
    var wanted = fold(input.value.trim());
    // Called at every slider step: with no filter now nor before, there is nothing to undo.
    if (!wanted && !active) { status.textContent = ""; return; }
    active = !!wanted;
    var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return r.hasAttribute("data-code"); });
    var shown = 0;
    rows.forEach(function (row) {
      var head = row.querySelector("th");
      var text = fold((head ? head.textContent : "") + " " + row.getAttribute("data-code"));
      var match = !wanted || text.indexOf(wanted) !== -1;
      row.hidden = !match;
      if (match) shown++;
    });
    if (!wanted) { status.textContent = ""; return; }
    if (!rows.length) { status.textContent = "No participants on this date."; return; }
    status.textContent = (shown ? shown + " of " + rows.length : "None of the " + rows.length) +
      " participants" + (paged ? " on this page" : "") + " match “" + input.value.trim() + "”.";
  }
  input.addEventListener("input", apply);
  input.closest(".state-find").hidden = false;
  window.TreatyTrackerFilterRows = apply;
  apply();
})();
